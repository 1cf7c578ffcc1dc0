"""The canonical import format: what every converter yields and the one loader reads.

A converter (our own export zip, WordPress WXR, an Antville/twoday site export) turns
its input into a stream of records; `porting.loader` writes them to the database in
one transaction. Records refer to each other by `ref`, a string unique per record type
within one import (the source's own id where it has one).

Order in the stream: one BlogRecord first; then moderation rules, users, members,
topics, media; then
stories, each followed (anywhere later) by its comments. A comment's parent comes
before the comment. Converters stream: they hold no more than one story in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, Protocol

# Bump when a change to the JSON export format is not backwards compatible.
FORMAT_VERSION = 1


class PortingError(Exception):
    """Input that cannot be imported. `message` is translated, for the user; `item`
    names what it concerns ("story 12 “Titel”", "comment 7", "export.xml line 40")."""

    def __init__(self, message: str, item: str = "") -> None:
        super().__init__(f"{item}: {message}" if item else message)
        self.message = message
        self.item = item


@dataclass
class BlogRecord:
    name: str
    title: str
    tagline: str = ""
    language: str = "de"  # "de" | "en"
    time_zone: str = "Europe/Berlin"
    visibility: str = "public"  # blogs.models.Visibility
    page_size: int = 10
    send_linkbacks: bool = True
    created_at: datetime | None = None
    comment_mode: str = "anyone"  # comments.models.CommentMode
    moderation: str = "first_time"  # comments.models.ModerationMode
    # Whether the source carries the blog's sidebar (our export does): the ModuleRecords
    # that follow are then all of it, and none means an empty sidebar. Otherwise (WXR,
    # Antville) a new blog keeps the default sidebar unless modules follow.
    sidebar: bool = False


@dataclass
class UserRecord:
    ref: str
    username: str
    email: str = ""
    display_name: str = ""
    website: str = ""
    bio: str = ""


@dataclass
class MemberRecord:
    user_ref: str
    role: str  # blogs.models.Role


@dataclass
class TopicRecord:
    ref: str
    name: str
    slug: str = ""  # made from the name when empty
    # Paths of the topic's page on the source platform ("/topics/Kieler+Woche/").
    old_paths: list[str] = field(default_factory=list)


@dataclass
class MediaRecord:
    ref: str
    name: str
    # Opens the file's bytes; called once, by the loader, which checks them by content.
    open: Callable[[], IO[bytes]]
    alt_text: str = ""
    created_at: datetime | None = None
    uploader_ref: str | None = None
    sha256: str = ""  # when given, the loader refuses bytes that do not match
    old_paths: list[str] = field(default_factory=list)


@dataclass
class StoryRecord:
    ref: str
    title: str
    text: str
    published_at: datetime  # aware
    text_format: str = "html"  # stories.models.Story.Format
    slug: str = ""  # made from the title when empty; made unique by the loader
    status: str = "published"  # "draft" | "published"
    created_at: datetime | None = None
    modified_at: datetime | None = None
    author_ref: str | None = None
    comments_open: bool = True
    topic_refs: list[str] = field(default_factory=list)
    # Paths on the source platform ("/stories/1234/", "/2009/01/08/titel/") that
    # should redirect to the imported story.
    old_paths: list[str] = field(default_factory=list)


@dataclass
class CommentRecord:
    ref: str
    story_ref: str
    text: str
    created_at: datetime  # aware
    parent_ref: str | None = None
    kind: str = "comment"  # comments.models.Comment.Kind
    state: str = "published"  # comments.models.Comment.State
    author_ref: str | None = None
    guest_name: str = ""
    guest_email: str = ""
    guest_website: str = ""
    text_format: str = "markdown"  # "markdown" | "html" (WXR and Antville give HTML)
    edited_at: datetime | None = None
    deleted_by_author: bool = False


@dataclass
class ModuleRecord:
    kind: str  # sidebar.kinds
    title: str = ""
    position: int = 0
    hidden: bool = False
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class ModerationRuleRecord:
    """A word or pattern that holds or rejects comments (comments.models.ModerationRule)."""

    pattern: str
    is_regex: bool = False
    action: str = "hold"  # comments.models.ModerationRule.Action
    created_at: datetime | None = None


Record = (
    BlogRecord
    | ModerationRuleRecord
    | UserRecord
    | MemberRecord
    | TopicRecord
    | MediaRecord
    | StoryRecord
    | CommentRecord
    | ModuleRecord
)


class Source(Protocol):
    """One input being converted: the records, and how far through the input it is."""

    def records(self) -> Iterator[Record]: ...

    def fraction_done(self) -> float:
        """0.0 to 1.0, e.g. bytes read of the file; for progress bars."""
        ...
