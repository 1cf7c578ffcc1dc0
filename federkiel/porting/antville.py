"""Antville and twoday site exports (`antville-site-<UUID>.zip`) as canonical records.

What Antville's exporter writes (facts in /work/shared/FORMATS.md): `export.xml`, a
Blogger-style Atom feed of the stories whose authors carry their e-mail addresses, and
JSON files that each hold one array of database rows — `index.json` (the site),
`members.json`, `stories.json`, `comments.json`, `tags.json` (tag name plus tag_hub
rows), `images.json`, `files.json`, `polls.json`, `votes.json`, `skins.json` — plus the
site's `static/` files. Each row has `creator_name`, `href` and a typed `metadata`
object (title, text, …); content rows also carry `rendered` HTML.

Every JSON file is streamed entry by entry; the comment file is read three times
(authors and threads, top-level comments, replies), so memory holds ids, never texts.
Polls, votes, skins and layout images have no counterpart here: they are counted in
`skipped`. An image or file whose bytes are missing from `static/` is skipped with a
warning in `warnings` rather than failing the whole import.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import quote_plus, unquote, urlparse

from defusedxml import ElementTree as SafeElementTree
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from federkiel.blogs.models import Role, Visibility
from federkiel.comments.models import Comment, CommentMode
from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    MediaRecord,
    MemberRecord,
    PortingError,
    Record,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.jsonrows import Row, json_array_items, parse_json, require_list
from federkiel.porting.safezip import DEFAULT_LIMITS, Limits, SafeZip

ATOM = "{http://www.w3.org/2005/Atom}"
REQUIRED_FILES = ("index.json", "members.json", "stories.json", "comments.json")
SKIPPED_FILES = {"polls.json": "polls", "votes.json": "votes", "skins.json": "skins"}
DEFAULT_TIME_ZONE = "Europe/Berlin"

ROLES = {
    "owner": Role.OWNER,
    "manager": Role.MANAGER,
    "contributor": Role.CONTRIBUTOR,
    "subscriber": Role.SUBSCRIBER,
}
SITE_MODES = {
    "closed": Visibility.CLOSED,
    "restricted": Visibility.RESTRICTED,
    "public": Visibility.PUBLIC,
    "open": Visibility.PUBLIC,
}
STORY_STATUSES = {
    "closed": "draft",
    "public": "published",
    "shared": "published",
    "open": "published",
}
COMMENT_STATES = {
    "public": Comment.State.PUBLISHED,
    "readonly": Comment.State.PUBLISHED,
    "pending": Comment.State.PENDING,
    "deleted": Comment.State.DELETED,
}
OPEN_COMMENT_MODES = frozenset({"open", "moderated"})

_USERNAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def sniff(path: Path) -> bool:
    """Whether the file looks like an Antville/twoday site export."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = {PurePosixPath(name).name for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    return {"index.json", "stories.json"} <= names and bool(names & {"export.xml", "comments.json"})


def username_for(name: str, taken: set[str]) -> str:
    """A Federkiel username (ASCII letters, digits, - and _, 3 to 30) for an Antville name."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_GERMAN))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    base = _USERNAME_UNSAFE.sub("_", ascii_name).strip("_")[:30] or "user"
    base = base.ljust(3, "_")
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: 30 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _language(locale: str) -> str:
    return "de" if locale.lower().startswith("de") else "en"


@dataclass
class _Author:
    email: str = ""
    website: str = ""


class AntvilleSource:
    """An Antville/twoday site export, read as canonical records (a `Source`)."""

    def __init__(
        self,
        path: Path | str,
        *,
        time_zone: str | None = None,
        default_time_zone: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        """`time_zone` is that of local dates, given by the person importing; without it,
        the site's own, else `default_time_zone` (the blog imported into), else Berlin."""
        self.path = Path(path)
        for zone in (time_zone, default_time_zone):
            if zone is not None and zone not in zoneinfo.available_timezones():
                raise PortingError(_("Unknown time zone “%(tz)s”.") % {"tz": zone})
        self.archive = SafeZip(self.path, limits)
        self.skipped: dict[str, int] = {}
        self.warnings: list[str] = []
        try:
            self.prefix = self._find_prefix()
            self.site = self._read_site()
        except BaseException:
            self.archive.close()
            raise
        site_zone = Row(self.site.mapping("metadata"), self.site.item).text("timeZone", "")
        if time_zone is None:
            time_zone = site_zone if site_zone in zoneinfo.available_timezones() else None
        self.time_zone = time_zone or default_time_zone or DEFAULT_TIME_ZONE
        self.tz = zoneinfo.ZoneInfo(self.time_zone)
        self.site_path = urlparse(self.site.text("href", "")).path.rstrip("/")

    # Files of the archive

    def _find_prefix(self) -> str:
        """Where the JSON files are: at the top, or in the one folder holding index.json."""
        candidates = sorted(
            name[: -len("index.json")]
            for name in self.archive.names()
            if name == "index.json" or name.endswith("/index.json")
        )
        if not candidates:
            raise PortingError(
                _("This is not an Antville or twoday site export: index.json is missing."),
                self.path.name,
            )
        prefix = candidates[0]
        for name in REQUIRED_FILES:
            if not self.archive.has(prefix + name):
                raise PortingError(_("The export lacks this file."), name)
        return prefix

    def _has(self, name: str) -> bool:
        return self.archive.has(self.prefix + name)

    def _rows(self, name: str) -> Iterator[Row]:
        if not self._has(name):
            return
        with self.archive.open(self.prefix + name) as raw:
            for item, value in json_array_items(raw, name):
                row = Row(value, item)
                metadata = row.data.get("metadata")
                if isinstance(metadata, str):  # newer versions keep metadata as a JSON column
                    row.data["metadata"] = parse_json(metadata.encode(), item) if metadata else {}
                yield row

    def _read_site(self) -> Row:
        data = parse_json(self.archive.read(self.prefix + "index.json"), "index.json")
        rows = require_list(data, "index.json")
        if not rows:
            raise PortingError(_("The file names no site."), "index.json")
        row = Row(rows[0], "index.json")
        metadata = row.data.get("metadata")
        if isinstance(metadata, str):
            row.data["metadata"] = parse_json(metadata.encode(), "index.json") if metadata else {}
        return row

    def fraction_done(self) -> float:
        # stories.json is read twice and comments.json three times.
        extra = sum(
            self.archive.size(self.prefix + name) * times
            for name, times in (("stories.json", 1), ("comments.json", 2))
        )
        return min(self.archive.bytes_read / max(self.archive.total_size + extra, 1), 1.0)

    def close(self) -> None:
        self.archive.close()

    # Helpers

    def _path_of(self, href: str) -> str:
        """The path of an Antville address below the site ("/stories/1234/")."""
        path = unquote(urlparse(href).path)
        if self.site_path and path.startswith(self.site_path + "/"):
            path = path[len(self.site_path) :]
        return path if path.startswith("/") else f"/{path}"

    def skip(self, what: str, count: int = 1) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + count

    # The records

    def records(self) -> Iterator[Record]:
        try:
            yield from _AntvilleReader(self).records()
        finally:
            self.close()


class _AntvilleReader:
    def __init__(self, source: AntvilleSource) -> None:
        self.source = source
        self.tz = source.tz
        self.user_refs: dict[str, str] = {}  # Antville name → user ref
        self.topic_refs: set[str] = set()
        self.story_topics: dict[str, list[str]] = {}
        self.stories: set[str] = set()
        self.top_level: set[str] = set()
        self.reply_parent: dict[str, str] = {}
        self.comment_ids: set[str] = set()

    def records(self) -> Iterator[Record]:
        yield self.blog()
        authors = self.authors_from_feed()
        yield from self.users(authors)
        yield from self.members()
        yield from self.topics()
        yield from self.media()
        yield from self.story_records()
        yield from self.comment_records(replies=False)
        yield from self.comment_records(replies=True)
        for name, what in SKIPPED_FILES.items():
            count = sum(1 for _row in self.source._rows(name))
            if count:
                self.source.skip(what, count)

    def blog(self) -> BlogRecord:
        site = self.source.site
        metadata = Row(site.mapping("metadata"), site.item)
        name = site.text("name", "")
        mode = site.text("mode", "public").lower()
        page_size = metadata.raw("pageSize")
        try:
            page_size = max(1, min(int(page_size), 100)) if page_size is not None else 10
        except (TypeError, ValueError):
            raise metadata.error("pageSize", _("a whole number was expected.")) from None
        comment_mode = metadata.text("commentMode", "enabled").lower()
        return BlogRecord(
            name=re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:30],
            title=metadata.text("title", name or self.source.path.stem)[:120],
            tagline=strip_tags(metadata.text("tagline", ""))[:250],
            language=_language(metadata.text("locale", "de")),
            time_zone=self.source.time_zone,
            visibility=SITE_MODES.get(mode, Visibility.PUBLIC).value,
            page_size=page_size,
            created_at=site.optional_when("created", self.tz),
            comment_mode=(
                CommentMode.NOBODY if comment_mode == "disabled" else CommentMode.ANYONE
            ).value,
        )

    def authors_from_feed(self) -> dict[str, _Author]:
        """E-mail and web address of each story author, from export.xml."""
        found: dict[str, _Author] = {}
        if not self.source._has("export.xml"):
            return found
        with self.source.archive.open(self.source.prefix + "export.xml") as raw:
            try:
                for _event, element in SafeElementTree.iterparse(raw, events=("end",)):
                    if element.tag == f"{ATOM}author":
                        name = (element.findtext(f"{ATOM}name") or "").strip()
                        author = found.setdefault(name, _Author()) if name else _Author()
                        author.email = (
                            author.email or (element.findtext(f"{ATOM}email") or "").strip()
                        )
                        author.website = (
                            author.website or (element.findtext(f"{ATOM}uri") or "").strip()
                        )
                    elif element.tag == f"{ATOM}entry":
                        element.clear()
            except SafeElementTree.ParseError as error:
                line = getattr(error, "position", (0, 0))[0]
                raise PortingError(
                    _("The file is not valid XML."),
                    _("export.xml line %(line)d") % {"line": line},
                ) from None
            except Exception as error:  # defusedxml refuses entities and DTDs
                if type(error).__module__.startswith("defusedxml"):
                    raise PortingError(
                        _("The file uses XML features that are not allowed (entities or DTDs)."),
                        "export.xml",
                    ) from None
                raise
        return found

    def users(self, authors: dict[str, _Author]) -> Iterator[UserRecord]:
        names: dict[str, None] = {}
        for row in self.source._rows("members.json"):
            names.setdefault(row.text("name"), None)
        for file_name in ("stories.json", "comments.json", "images.json", "files.json"):
            for row in self.source._rows(file_name):
                creator = row.text("creator_name", "")
                if creator:
                    names.setdefault(creator, None)
                if file_name == "comments.json":
                    self._note_thread(row)
        taken: set[str] = set()
        for index, name in enumerate(names, 1):
            ref = f"user-{index}"
            self.user_refs[name] = ref
            author = authors.get(name, _Author())
            website = author.website if author.website.startswith(("http://", "https://")) else ""
            yield UserRecord(
                ref=ref,
                username=username_for(name, taken),
                email=author.email if "@" in author.email else "",
                display_name=name[:80],
                website=website[:300],
            )

    def _note_thread(self, row: Row) -> None:
        ref = row.ref("id")
        if ref in self.comment_ids:
            raise PortingError(_("The id “%(ref)s” appears twice.") % {"ref": ref}, row.item)
        self.comment_ids.add(ref)
        if row.text("parent_type", "Story") == "Comment":
            self.reply_parent[ref] = row.ref("parent_id")

    def members(self) -> Iterator[MemberRecord]:
        seen: set[str] = set()
        for row in self.source._rows("members.json"):
            name = row.text("name")
            role = ROLES.get(row.text("role").lower())
            if role is None:
                raise row.error(
                    "role",
                    _("“%(value)s” is not one of %(choices)s.")
                    % {
                        "value": row.text("role")[:40],
                        "choices": "Owner, Manager, Contributor, Subscriber",
                    },
                )
            if name in seen:
                raise PortingError(
                    _("The member “%(name)s” appears twice.") % {"name": name[:80]}, row.item
                )
            seen.add(name)
            yield MemberRecord(user_ref=self.user_refs[name], role=role.value)

    def topics(self) -> Iterator[TopicRecord]:
        names: dict[str, str] = {}
        for row in self.source._rows("tags.json"):
            if row.text("tagged_type", "Story") != "Story":
                self.source.skip("image tags")
                continue
            tag_ref = row.ref("tag_id")
            name = row.text("name", max_length=255).strip()
            if not name:
                raise row.error("name", _("it is empty."))
            names.setdefault(tag_ref, name)
            self.story_topics.setdefault(row.ref("tagged_id"), []).append(tag_ref)
        for ref, name in names.items():
            self.topic_refs.add(ref)
            yield TopicRecord(
                ref=ref,
                name=name[:80],
                old_paths=[f"/topics/{quote_plus(name)}/", f"/tags/{quote_plus(name)}/"],
            )

    def media(self) -> Iterator[MediaRecord]:
        static = self._static_index()
        for file_name, folder in (("images.json", "images"), ("files.json", "files")):
            for row in self.source._rows(file_name):
                if row.text("parent_type", "Site") == "Layout":
                    self.source.skip("layout images")
                    continue
                record = self._media_record(row, folder, static)
                if record is not None:
                    yield record

    def _static_index(self) -> dict[str, str]:
        """Archive paths of the static files by their last two parts ("images/bild.jpg")."""
        index: dict[str, str] = {}
        for name in self.source.archive.names():
            parts = name.split("/")
            if "static" in parts[:-1] and len(parts) >= 2:
                index.setdefault("/".join(parts[-2:]), name)
                index.setdefault(parts[-1], name)
        return index

    def _media_record(self, row: Row, folder: str, static: dict[str, str]) -> MediaRecord | None:
        metadata = Row(row.mapping("metadata"), row.item)
        file_name = metadata.text("fileName", "") or row.text("name", "")
        member = static.get(f"{folder}/{file_name}") or static.get(file_name)
        ref = f"{folder}-{row.ref('id')}"
        if member is None:
            self.source.skip("missing files")
            self.source.warnings.append(
                _("“%(name)s” (%(item)s) is missing from static/ and was left out.")
                % {"name": file_name[:120], "item": row.item}
            )
            return None
        old_paths = []
        if row.has("href"):
            old_paths.append(self.source._path_of(row.text("href")))
        creator = row.text("creator_name", "")
        archive = self.source.archive
        opener: Callable[[], IO[bytes]] = lambda: archive.open(member)  # noqa: E731
        return MediaRecord(
            ref=ref,
            name=file_name[:120] or row.text("name", "file"),
            open=opener,
            alt_text=metadata.text("description", "")[:500],
            created_at=row.optional_when("created", self.tz),
            uploader_ref=self.user_refs.get(creator),
            old_paths=old_paths,
        )

    def story_records(self) -> Iterator[StoryRecord]:
        for row in self.source._rows("stories.json"):
            ref = row.ref("id")
            if ref in self.stories:
                raise PortingError(_("The id “%(ref)s” appears twice.") % {"ref": ref}, row.item)
            self.stories.add(ref)
            metadata = Row(row.mapping("metadata"), row.item)
            text = row.text("rendered", "") or metadata.text("text", "")
            status = row.text("status", "public").lower()
            if status not in STORY_STATUSES:
                raise row.error(
                    "status",
                    _("“%(value)s” is not one of %(choices)s.")
                    % {"value": status[:40], "choices": ", ".join(STORY_STATUSES)},
                )
            created = row.when("created", self.tz)
            old_paths = [f"/stories/{ref}/"]
            if row.text("name", ""):
                old_paths.append(f"/stories/{quote_plus(row.text('name'))}/")
            if row.has("href"):
                href_path = self.source._path_of(row.text("href"))
                if href_path not in old_paths:
                    old_paths.append(href_path)
            creator = row.text("creator_name", "")
            yield StoryRecord(
                ref=ref,
                title=self._title(metadata.text("title", ""), text, ref),
                text=text,
                published_at=created,
                text_format="html",
                status=STORY_STATUSES[status],
                created_at=created,
                modified_at=row.optional_when("modified", self.tz),
                author_ref=self.user_refs.get(creator) if creator else None,
                comments_open=row.text("comment_mode", "open").lower() in OPEN_COMMENT_MODES,
                topic_refs=[t for t in self.story_topics.get(ref, []) if t in self.topic_refs],
                old_paths=old_paths,
            )

    @staticmethod
    def _title(title: str, text: str, ref: str) -> str:
        title = strip_tags(title).strip()
        if not title:
            words = " ".join(strip_tags(text).split())
            title = words[:60].rstrip() + ("…" if len(words) > 60 else "")
        return (title or _("Story %(id)s") % {"id": ref})[:250]

    def _top_level_of(self, ref: str, row: Row) -> str:
        """The top-level comment a reply belongs to (Federkiel threads one level deep)."""
        seen = {ref}
        parent = self.reply_parent[ref]
        while parent in self.reply_parent:
            if parent in seen:
                raise row.error("parent_id", _("the replies form a loop."))
            seen.add(parent)
            parent = self.reply_parent[parent]
        if parent not in self.top_level:
            raise row.error(
                "parent_id",
                _("it refers to comment “%(ref)s”, which the export lacks.") % {"ref": parent[:80]},
            )
        return parent

    def comment_records(self, *, replies: bool) -> Iterator[CommentRecord]:
        for row in self.source._rows("comments.json"):
            ref = row.ref("id")
            is_reply = ref in self.reply_parent
            if is_reply != replies:
                continue
            story_ref = row.ref("story_id")
            if story_ref not in self.stories:
                raise row.error(
                    "story_id",
                    _("it refers to story “%(ref)s”, which the export lacks.")
                    % {"ref": story_ref[:80]},
                )
            parent_ref = self._top_level_of(ref, row) if is_reply else None
            if not is_reply:
                self.top_level.add(ref)
            metadata = Row(row.mapping("metadata"), row.item)
            text = row.text("rendered", "") or metadata.text("text", "")
            title = strip_tags(metadata.text("title", "")).strip()
            if title:
                text = f"<p><strong>{escape(title)}</strong></p>\n{text}"
            status = row.text("status", "public").lower()
            if status not in COMMENT_STATES:
                raise row.error(
                    "status",
                    _("“%(value)s” is not one of %(choices)s.")
                    % {"value": status[:40], "choices": ", ".join(COMMENT_STATES)},
                )
            creator = row.text("creator_name", "")
            author_ref = self.user_refs.get(creator) if creator else None
            created = row.when("created", self.tz)
            modified = row.optional_when("modified", self.tz)
            yield CommentRecord(
                ref=ref,
                story_ref=story_ref,
                text=text,
                created_at=created,
                parent_ref=parent_ref,
                state=COMMENT_STATES[status].value,
                author_ref=author_ref,
                guest_name="" if author_ref else (creator or _("Guest"))[:80],
                text_format="html",
                edited_at=modified if modified and modified > created else None,
            )
