"""Reading Federkiel's own export zip back as canonical records (`OurZipSource`), and
the names of the files in it. Untrusted input: every file is checked against the
manifest's checksums and every field as it is read (docs/export-format.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from federkiel.blogs.models import Language, Role, Visibility
from federkiel.comments.models import Comment, CommentMode, ModerationMode, ModerationRule
from federkiel.porting import report
from federkiel.porting.canonical import (
    FORMAT_VERSION,
    BlogRecord,
    CommentRecord,
    MediaRecord,
    MemberRecord,
    ModerationRuleRecord,
    ModuleRecord,
    PortingError,
    Record,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.jsonrows import Row, json_lines, parse_json, require_list
from federkiel.porting.safezip import DEFAULT_LIMITS, Limits, SafeZip
from federkiel.stories.models import Story

EXPORT_FORMAT = "federkiel-export"
MANIFEST = "manifest.json"
BLOG_FILE = "blog.json"
MEMBERS_FILE = "members.json"
TOPICS_FILE = "topics.json"
SIDEBAR_FILE = "sidebar.json"
MEDIA_FILE = "media.json"
STORIES_FILE = "stories.jsonl"
COMMENTS_FILE = "comments.jsonl"
WXR_FILE = "wxr.xml"
REQUIRED_FILES = (
    BLOG_FILE,
    MEMBERS_FILE,
    TOPICS_FILE,
    SIDEBAR_FILE,
    MEDIA_FILE,
    STORIES_FILE,
    COMMENTS_FILE,
)
STREAMED_FILES = (STORIES_FILE, COMMENTS_FILE)
COPY_CHUNK = 1024 * 1024


def sniff(path: Path) -> bool:
    """Whether the file looks like a Federkiel export (a zip with our manifest)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if MANIFEST not in archive.namelist():
                return False
            info = archive.getinfo(MANIFEST)
            if info.file_size > 1024 * 1024:
                return False
            data = json.loads(archive.read(info))
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    return isinstance(data, dict) and data.get("format") == EXPORT_FORMAT


class _VerifyingReader(io.RawIOBase):
    """Reads a member and, at its end, checks the SHA-256 the manifest gives for it."""

    def __init__(self, raw: io.RawIOBase, name: str, expected: str) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._expected = expected
        self._digest = hashlib.sha256()
        self._checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._raw.readinto(buffer) or 0
        if count:
            self._digest.update(bytes(buffer[:count]))
        elif not self._checked:
            self._checked = True
            if self._digest.hexdigest() != self._expected:
                raise PortingError(_checksum_message(), self._name)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def _checksum_message() -> str:
    return _(
        "The file’s content does not match the checksum in manifest.json; "
        "the export was changed or damaged."
    )


class OurZipSource:
    """A Federkiel export zip, read back as canonical records (a `Source`)."""

    def __init__(self, path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.archive = SafeZip(self.path, limits)
        try:
            self.manifest = self._read_manifest()
        except BaseException:
            self.archive.close()
            raise
        self._checksums: dict[str, str] = {
            name: entry["sha256"] for name, entry in self.manifest["files"].items()
        }
        self.tz = self.manifest["time_zone"]

    @property
    def warnings(self) -> list[str]:
        """Uploads the export could not include (their files were gone on the old server)."""
        return report.missing_at_export(self.manifest["missing"])

    def close(self) -> None:
        self.archive.close()

    def fraction_done(self) -> float:
        # The streamed files are read twice: once for their checksums, once for records.
        total = self.archive.total_size + sum(self.archive.size(n) for n in STREAMED_FILES)
        return min(self.archive.bytes_read / max(total, 1), 1.0)

    def verify_streamed_files(self) -> None:
        """Check the checksums of the JSON Lines files before any record is given out,
        so a changed or damaged export is refused as a whole."""
        for name in STREAMED_FILES:
            with self._open(name) as handle:
                while handle.read(COPY_CHUNK):
                    pass

    # The manifest

    def _read_manifest(self) -> dict[str, Any]:
        if not self.archive.has(MANIFEST):
            raise PortingError(
                _("This is not a Federkiel export: manifest.json is missing."), self.path.name
            )
        row = Row(parse_json(self.archive.read(MANIFEST), MANIFEST), MANIFEST)
        if row.raw("format") != EXPORT_FORMAT:
            raise PortingError(
                _("This is not a Federkiel export (the format is not “%(format)s”).")
                % {"format": EXPORT_FORMAT},
                MANIFEST,
            )
        version = row.integer("format_version", maximum=10_000)
        if version > FORMAT_VERSION:
            raise PortingError(
                _(
                    "The export has format version %(version)d, made by a newer Federkiel; "
                    "this installation reads versions up to %(supported)d. Update it first."
                )
                % {"version": version, "supported": FORMAT_VERSION},
                MANIFEST,
            )
        if version < 1:
            raise row.error("format_version", _("unknown format version."))
        time_zone = row.time_zone("time_zone")
        files = row.mapping("files")
        checked: dict[str, dict[str, Any]] = {}
        for name, entry in files.items():
            entry_row = Row(entry, f"{MANIFEST}: {name}")
            digest = entry_row.text("sha256")
            if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
                raise entry_row.error("sha256", _("a SHA-256 checksum was expected."))
            if not self.archive.has(name):
                raise PortingError(
                    _("The file is listed in manifest.json but missing from the archive."), name
                )
            checked[name] = {"sha256": digest, "size": entry_row.integer("size", maximum=2**62)}
        for name in REQUIRED_FILES:
            if name not in checked:
                raise PortingError(_("The export lacks this file."), name)
        skipped = row.raw("skipped")
        missing = (
            [e.get("name") for e in skipped if isinstance(e, dict)]
            if isinstance(skipped, list)
            else []
        )
        return {
            "format_version": version,
            "time_zone": time_zone,
            "files": checked,
            "missing": [str(name)[:120] for name in missing if name],
        }

    def _open(self, name: str) -> io.BufferedReader:
        raw = self.archive.open_raw(name)
        return io.BufferedReader(_VerifyingReader(raw, name, self._checksums[name]))

    def _read_json(self, name: str) -> Any:
        with self._open(name) as handle:
            return parse_json(handle.read(), name)

    # The records

    def records(self) -> Iterator[Record]:
        try:
            reader = _Reader(self)
            yield from reader.records()
        finally:
            self.close()


class _Reader:
    """The checks of one pass over an export; refs seen so far, per record type."""

    def __init__(self, source: OurZipSource) -> None:
        self.source = source
        self.users: set[str] = set()
        self.topics: set[str] = set()
        self.stories: set[str] = set()
        self.comments: set[str] = set()
        self.top_level: set[str] = set()
        self.media: set[str] = set()

    def records(self) -> Iterator[Record]:
        self.source.verify_streamed_files()
        yield self.blog()
        yield from self.moderation_rules()
        yield from self.members()
        yield from self.topic_records()
        yield from self.media_records()
        yield from self.modules()
        yield from self.story_records()
        yield from self.comment_records()

    def _unique(self, seen: set[str], ref: str, item: str) -> str:
        if ref in seen:
            raise PortingError(_("The id “%(ref)s” appears twice.") % {"ref": ref[:80]}, item)
        seen.add(ref)
        return ref

    def _known(self, seen: set[str], row: Row, field: str, ref: str | None) -> str | None:
        if ref is not None and ref not in seen:
            raise row.error(
                field, _("it refers to “%(ref)s”, which the export lacks.") % {"ref": ref[:80]}
            )
        return ref

    def blog(self) -> BlogRecord:
        row = Row(self.source._read_json(BLOG_FILE), BLOG_FILE)
        comments = Row(row.mapping("comments"), f"{BLOG_FILE}: comments")
        tz = row.time_zone("time_zone")
        return BlogRecord(
            name=row.text("name", max_length=30),
            title=row.text("title", max_length=120),
            tagline=row.text("tagline", "", max_length=250),
            language=row.choice("language", Language.values, "de"),
            time_zone=tz,
            visibility=row.choice("visibility", Visibility.values, Visibility.PUBLIC),
            page_size=row.integer("page_size", 10, minimum=1, maximum=100),
            send_linkbacks=row.boolean("send_linkbacks", True),
            created_at=row.optional_when("created_at"),
            comment_mode=comments.choice("mode", CommentMode.values, CommentMode.ANYONE),
            moderation=comments.choice(
                "moderation", ModerationMode.values, ModerationMode.FIRST_TIME
            ),
            # An arranged sidebar is restored exactly, also when it has no module.
            sidebar=Row(self.source._read_json(SIDEBAR_FILE), SIDEBAR_FILE).boolean(
                "arranged", True
            ),
        )

    def moderation_rules(self) -> Iterator[ModerationRuleRecord]:
        row = Row(self.source._read_json(BLOG_FILE), BLOG_FILE)
        rules = require_list(row.raw("moderation_rules") or [], f"{BLOG_FILE}: moderation_rules")
        for index, entry in enumerate(rules, 1):
            rule = Row(entry, f"{BLOG_FILE}: moderation_rules #{index}")
            yield ModerationRuleRecord(
                pattern=rule.text("pattern", max_length=200),
                is_regex=rule.boolean("is_regex", False),
                action=rule.choice("action", ModerationRule.Action.values),
                created_at=rule.optional_when("created_at"),
            )

    def members(self) -> Iterator[Record]:
        data = Row(self.source._read_json(MEMBERS_FILE), MEMBERS_FILE)
        users = require_list(data.raw("users"), f"{MEMBERS_FILE}: users")
        for index, entry in enumerate(users, 1):
            row = Row(entry, f"{MEMBERS_FILE}: users #{index}")
            yield UserRecord(
                ref=self._unique(self.users, row.ref("ref"), row.item),
                username=row.text("username", max_length=30),
                email=row.text("email", "", max_length=254),
                display_name=row.text("display_name", "", max_length=80),
                website=row.text("website", "", max_length=300),
                bio=row.text("bio", "", max_length=1000),
            )
        members = require_list(data.raw("members") or [], f"{MEMBERS_FILE}: members")
        member_refs: set[str] = set()
        for index, entry in enumerate(members, 1):
            row = Row(entry, f"{MEMBERS_FILE}: members #{index}")
            user_ref = row.ref("user_ref")
            self._known(self.users, row, "user_ref", user_ref)
            self._unique(member_refs, user_ref, row.item)
            yield MemberRecord(user_ref=user_ref, role=row.choice("role", Role.values))

    def topic_records(self) -> Iterator[TopicRecord]:
        topics = require_list(self.source._read_json(TOPICS_FILE), TOPICS_FILE)
        for index, entry in enumerate(topics, 1):
            row = Row(entry, f"{TOPICS_FILE} #{index}")
            yield TopicRecord(
                ref=self._unique(self.topics, row.ref("ref"), row.item),
                name=row.text("name", max_length=80),
                slug=row.text("slug", "", max_length=90),
            )

    def media_records(self) -> Iterator[MediaRecord]:
        entries = require_list(self.source._read_json(MEDIA_FILE), MEDIA_FILE)
        for index, entry in enumerate(entries, 1):
            row = Row(entry, f"{MEDIA_FILE} #{index}")
            path = row.text("path")
            if not path.startswith("media/") or path not in self.source._checksums:
                raise row.error("path", _("the file is not in the export."))
            sha256 = row.text("sha256")
            if sha256 != self.source._checksums[path]:
                raise PortingError(_checksum_message(), path)
            yield MediaRecord(
                ref=self._unique(self.media, row.ref("ref"), row.item),
                name=row.text("name", max_length=120),
                open=self._opener(path),
                alt_text=row.text("alt_text", "", max_length=500),
                created_at=row.optional_when("created_at"),
                uploader_ref=self._known(
                    self.users, row, "uploader_ref", row.optional_ref("uploader_ref")
                ),
                sha256=sha256,
                old_paths=row.text_list("old_paths"),
            )

    def _opener(self, path: str) -> Callable[[], IO[bytes]]:
        return lambda: self.source._open(path)

    def modules(self) -> Iterator[ModuleRecord]:
        data = Row(self.source._read_json(SIDEBAR_FILE), SIDEBAR_FILE)
        modules = require_list(data.raw("modules") or [], f"{SIDEBAR_FILE}: modules")
        for index, entry in enumerate(modules, 1):
            row = Row(entry, f"{SIDEBAR_FILE}: modules #{index}")
            yield ModuleRecord(
                kind=row.text("kind", max_length=20),
                title=row.text("title", "", max_length=80),
                position=row.integer("position", 0, maximum=32767),
                hidden=row.boolean("hidden", False),
                settings=row.mapping("settings"),
            )

    def story_records(self) -> Iterator[StoryRecord]:
        with self.source._open(STORIES_FILE) as handle:
            for item, value in json_lines(handle, STORIES_FILE):
                row = Row(value, item)
                ref = self._unique(self.stories, row.ref("ref"), item)
                row.item = _("story %(ref)s (%(where)s)") % {"ref": ref, "where": item}
                topic_refs = row.text_list("topic_refs")
                for topic_ref in topic_refs:
                    self._known(self.topics, row, "topic_refs", topic_ref)
                yield StoryRecord(
                    ref=ref,
                    title=row.text("title", max_length=250),
                    text=row.text("text", max_length=200_000),
                    published_at=row.when("published_at"),
                    text_format=row.choice("text_format", Story.Format.values),
                    slug=row.text("slug", "", max_length=120),
                    status=row.choice("status", Story.Status.values),
                    created_at=row.optional_when("created_at"),
                    modified_at=row.optional_when("modified_at"),
                    author_ref=self._known(
                        self.users, row, "author_ref", row.optional_ref("author_ref")
                    ),
                    comments_open=row.boolean("comments_open", True),
                    topic_refs=topic_refs,
                    old_paths=row.text_list("old_paths"),
                )

    def comment_records(self) -> Iterator[CommentRecord]:
        with self.source._open(COMMENTS_FILE) as handle:
            for item, value in json_lines(handle, COMMENTS_FILE):
                row = Row(value, item)
                ref = self._unique(self.comments, row.ref("ref"), item)
                row.item = _("comment %(ref)s (%(where)s)") % {"ref": ref, "where": item}
                story_ref = row.ref("story_ref")
                self._known(self.stories, row, "story_ref", story_ref)
                parent_ref = row.optional_ref("parent_ref")
                if parent_ref is None:
                    self.top_level.add(ref)
                elif parent_ref not in self.top_level:
                    raise row.error(
                        "parent_ref",
                        _(
                            "the comment it replies to (“%(ref)s”) is not an earlier "
                            "top-level comment."
                        )
                        % {"ref": parent_ref[:80]},
                    )
                yield CommentRecord(
                    ref=ref,
                    story_ref=story_ref,
                    text=row.text("text", max_length=200_000),
                    created_at=row.when("created_at"),
                    parent_ref=parent_ref,
                    kind=row.choice("kind", Comment.Kind.values, Comment.Kind.COMMENT),
                    state=row.choice("state", Comment.State.values, Comment.State.PUBLISHED),
                    author_ref=self._known(
                        self.users, row, "author_ref", row.optional_ref("author_ref")
                    ),
                    guest_name=row.text("guest_name", "", max_length=80),
                    guest_email=row.text("guest_email", "", max_length=254),
                    guest_website=row.text("guest_website", "", max_length=300),
                    text_format=row.choice("text_format", ("markdown", "html"), "markdown"),
                    edited_at=row.optional_when("edited_at"),
                    deleted_by_author=row.boolean("deleted_by_author", False),
                )
