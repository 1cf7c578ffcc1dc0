"""Federkiel's own export zip: writing a blog out (reading it back: `ourzip_read`).

The format is documented in docs/export-format.md; FORMAT_VERSION (canonical.py) is its
version. Writing streams: stories and comments are read in chunks with a constant number
of queries per chunk, and each file's SHA-256 is computed as it is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import logging
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership
from federkiel.comments.models import Comment, CommentSettings, ModerationRule
from federkiel.media import storage
from federkiel.media.models import MediaFile
from federkiel.porting.canonical import FORMAT_VERSION
from federkiel.porting.models import OldPath
from federkiel.porting.ourzip_read import (  # the reading side, and the zip's layout
    BLOG_FILE,
    COMMENTS_FILE,
    COPY_CHUNK,
    EXPORT_FORMAT,
    MANIFEST,
    MEDIA_FILE,
    MEMBERS_FILE,
    SIDEBAR_FILE,
    STORIES_FILE,
    TOPICS_FILE,
    WXR_FILE,
    OurZipSource,
    sniff,
)
from federkiel.porting.wxr_export import write_wxr
from federkiel.sidebar.models import Module, Sidebar
from federkiel.stories.models import Story

log = logging.getLogger(__name__)

__all__ = ["OurZipSource", "sniff", "write_export"]

CHUNK = 500

Progress = Callable[[float, str], None]


def platform_version() -> str:
    try:
        return metadata.version("federkiel")
    except metadata.PackageNotFoundError:
        return "unknown"


# Writing


class _HashingWriter(io.RawIOBase):
    """Passes bytes on to a zip member and keeps their SHA-256 and count."""

    def __init__(self, target: IO[bytes]) -> None:
        super().__init__()
        self._target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._target.write(chunk)
        self.digest.update(chunk)
        self.size += len(chunk)
        return len(chunk)


def _iso(moment: datetime | None, tz: Any) -> str | None:
    return None if moment is None else moment.astimezone(tz).isoformat()


STORY_FIELDS = (
    "id", "title", "slug", "status", "text", "text_format", "rendered_html", "published_at",
    "created_at", "modified_at", "author_id", "comments_open",
)  # fmt: skip


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _old_paths_of(target: MediaFile) -> list[str]:
    """The prefetched addresses an earlier import gave the file."""
    # The reverse relation is declared by porting.models, which the stubs do not see here.
    return [old.path for old in target.old_paths.all()]  # type: ignore[attr-defined]


def _member_file_name(name: str) -> str:
    """The original name as a single, harmless path part of the archive."""
    cleaned = name.replace("/", "_").replace("\\", "_").replace("\x00", "").strip(". ")
    return cleaned or "file"


class _ExportWriter:
    def __init__(self, archive: zipfile.ZipFile, blog: Blog, progress: Progress | None) -> None:
        self.archive = archive
        self.blog = blog
        self.tz = blog.tz
        self.progress = progress
        self.files: dict[str, dict[str, Any]] = {}
        self.counts: dict[str, int] = {}
        self.skipped: list[dict[str, str]] = []
        self._done = 0
        self._total = 1

    @contextlib.contextmanager
    def member(self, name: str) -> Iterator[_HashingWriter]:
        info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with self.archive.open(info, "w", force_zip64=True) as target:
            writer = _HashingWriter(target)
            yield writer
        self.files[name] = {"sha256": writer.digest.hexdigest(), "size": writer.size}

    def write_json(self, name: str, value: Any) -> None:
        with self.member(name) as writer:
            writer.write(json.dumps(value, ensure_ascii=False, indent=1).encode())

    def step(self, amount: int = 1) -> None:
        self._done += amount
        if self.progress is not None and (self._done % 100 == 0 or self._done == self._total):
            self.progress(min(self._done / self._total, 1.0), _("Exporting"))

    def run(self) -> None:
        blog = self.blog
        media_count = blog.media_files.count()
        story_count = blog.stories.count()
        comment_count = Comment.objects.of_blog(blog).count()
        self._total = max(1, media_count + story_count + comment_count)
        self.write_json(BLOG_FILE, self.blog_data())
        self.write_members()
        self.write_topics()
        self.write_sidebar()
        self.write_media()
        self.write_stories()
        self.write_comments()
        self.write_wxr()
        self.write_json(MANIFEST, self.manifest())
        if self.progress is not None:
            self.progress(1.0, _("Export finished"))

    def manifest(self) -> dict[str, Any]:
        return {
            "format": EXPORT_FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": _iso(timezone.now(), self.tz),
            "platform": {"name": "Federkiel", "version": platform_version()},
            "blog": self.blog.name,
            "time_zone": self.blog.time_zone,
            "counts": self.counts,
            "skipped": self.skipped,
            "files": self.files,
        }

    def blog_data(self) -> dict[str, Any]:
        blog = self.blog
        comment_settings = CommentSettings.for_blog(blog)
        rules = ModerationRule.objects.filter(blog=blog).order_by("id")
        return {
            "name": blog.name,
            "title": blog.title,
            "tagline": blog.tagline,
            "language": blog.language,
            "time_zone": blog.time_zone,
            "visibility": blog.visibility,
            "page_size": blog.page_size,
            "send_linkbacks": blog.send_linkbacks,
            "created_at": _iso(blog.created_at, self.tz),
            "updated_at": _iso(blog.updated_at, self.tz),
            "comments": {
                "mode": comment_settings.mode,
                "moderation": comment_settings.moderation,
            },
            "moderation_rules": [
                {
                    "pattern": rule.pattern,
                    "is_regex": rule.is_regex,
                    "action": rule.action,
                    "created_at": _iso(rule.created_at, self.tz),
                }
                for rule in rules
            ],
        }

    def write_members(self) -> None:
        blog = self.blog
        memberships = list(blog.memberships.order_by("id"))
        involved = User.objects.filter(
            Q(Exists(Membership.objects.filter(blog=blog, user=OuterRef("pk"))))
            | Q(Exists(Story.objects.filter(blog=blog, author=OuterRef("pk"))))
            | Q(Exists(Comment.objects.filter(story__blog=blog, author=OuterRef("pk"))))
            | Q(Exists(MediaFile.objects.filter(blog=blog, uploaded_by=OuterRef("pk"))))
        ).order_by("id")
        users = []
        for user in involved.iterator(chunk_size=CHUNK):
            users.append(
                {
                    "ref": str(user.pk),
                    "username": user.username,
                    "display_name": user.display_name,
                    # The loader matches accounts by address, so every account keeps it.
                    "email": user.email,
                    "website": user.website,
                    "bio": user.bio,
                }
            )
        members = [
            {
                "user_ref": str(membership.user_id),
                "role": membership.role,
                "since": _iso(membership.created_at, self.tz),
            }
            for membership in memberships
        ]
        self.counts["users"] = len(users)
        self.counts["members"] = len(members)
        self.write_json(MEMBERS_FILE, {"users": users, "members": members})

    def write_topics(self) -> None:
        topics = [
            {"ref": str(topic.pk), "name": topic.name, "slug": topic.slug}
            for topic in self.blog.topics.order_by("id")
        ]
        self.counts["topics"] = len(topics)
        self.write_json(TOPICS_FILE, topics)

    def write_sidebar(self) -> None:
        modules = [
            {
                "kind": module.kind,
                "title": module.title,
                "position": module.position,
                "hidden": module.hidden,
                "settings": module.settings if isinstance(module.settings, dict) else {},
            }
            for module in Module.objects.filter(blog=self.blog).order_by("position", "id")
        ]
        self.counts["sidebar_modules"] = len(modules)
        arranged = Sidebar.objects.filter(blog=self.blog).exists()
        self.write_json(SIDEBAR_FILE, {"arranged": arranged, "modules": modules})

    def write_media(self) -> None:
        entries = []
        queryset = (
            MediaFile.objects.filter(blog=self.blog)
            .order_by("id")
            .prefetch_related(
                Prefetch("old_paths", queryset=OldPath.objects.only("path", "media_id"))
            )
        )
        for media in queryset.iterator(chunk_size=CHUNK):
            self.step()
            source = storage.upload_folder(self.blog.pk, media.key) / media.stored_name
            path = f"media/{media.key}/{_member_file_name(media.name)}"
            try:
                handle = source.open("rb")
            except OSError:
                log.warning("export of %s: media file %s is missing", self.blog.name, source)
                self.skipped.append({"media": media.key, "name": media.name})
                continue
            with handle, self.member(path) as writer:
                while chunk := handle.read(COPY_CHUNK):
                    writer.write(chunk)
            entries.append(
                {
                    "ref": media.key,
                    "name": media.name,
                    "path": path,
                    "kind": media.kind,
                    "content_type": media.content_type,
                    "size": self.files[path]["size"],
                    "sha256": self.files[path]["sha256"],
                    "alt_text": media.alt_text,
                    "created_at": _iso(media.created_at, self.tz),
                    "uploader_ref": None
                    if media.uploaded_by_id is None
                    else str(media.uploaded_by_id),
                    "width": media.width,
                    "height": media.height,
                    "old_paths": [f"/media/{media.key}/", *_old_paths_of(media)],
                }
            )
        self.counts["media"] = len(entries)
        self.write_json(MEDIA_FILE, entries)

    def write_stories(self) -> None:
        # Plain rows and two look-ups per chunk: related managers and prefetch caches
        # form reference cycles that would pile up as garbage on large blogs.
        rows = (
            Story.objects.filter(blog=self.blog)
            .order_by("id")
            .values(*STORY_FIELDS)
            .iterator(chunk_size=CHUNK)
        )
        count = 0
        with self.member(STORIES_FILE) as writer:
            for chunk in _chunks(rows, CHUNK):
                ids = [row["id"] for row in chunk]
                topics: dict[int, list[str]] = {}
                links = Story.topics.through.objects.filter(story_id__in=ids).order_by("id")
                for story_id, topic_id in links.values_list("story_id", "topic_id"):
                    topics.setdefault(story_id, []).append(str(topic_id))
                earlier: dict[int, list[str]] = {}
                olds = OldPath.objects.filter(story_id__in=ids).order_by("id")
                for story_id, path in olds.values_list("story_id", "path"):
                    earlier.setdefault(story_id, []).append(path)
                for row in chunk:
                    data = self.story_data(
                        row, topics.get(row["id"], []), earlier.get(row["id"], [])
                    )
                    writer.write(self._line(data))
                    count += 1
                    self.step()
        self.counts["stories"] = count

    def story_data(
        self, row: dict[str, Any], topic_refs: list[str], earlier: list[str]
    ) -> dict[str, Any]:
        own_paths = [f"/stories/{row['slug']}/", f"/stories/{row['id']}/"]
        author_id = row["author_id"]
        return {
            "ref": str(row["id"]),
            "title": row["title"],
            "slug": row["slug"],
            "status": row["status"],
            "text": row["text"],
            "text_format": row["text_format"],
            "rendered_html": row["rendered_html"],
            "published_at": _iso(row["published_at"], self.tz),
            "created_at": _iso(row["created_at"], self.tz),
            "modified_at": _iso(row["modified_at"], self.tz),
            "time_zone": self.blog.time_zone,
            "author_ref": None if author_id is None else str(author_id),
            "comments_open": row["comments_open"],
            "topic_refs": topic_refs,
            "path": own_paths[0],
            "old_paths": own_paths + [path for path in earlier if path not in own_paths],
        }

    def write_comments(self) -> None:
        # Top-level comments first, so every reply comes after its parent.
        queryset = Comment.objects.of_blog(self.blog).order_by(
            F("parent_id").asc(nulls_first=True), "id"
        )
        count = 0
        with self.member(COMMENTS_FILE) as writer:
            for comment in queryset.iterator(chunk_size=CHUNK):
                writer.write(self._line(self.comment_data(comment)))
                count += 1
                self.step()
        self.counts["comments"] = count

    def comment_data(self, comment: Comment) -> dict[str, Any]:
        return {
            "ref": str(comment.pk),
            "story_ref": str(comment.story_id),
            "parent_ref": None if comment.parent_id is None else str(comment.parent_id),
            "kind": comment.kind,
            "state": comment.state,
            "author_ref": None if comment.author_id is None else str(comment.author_id),
            "guest_name": comment.guest_name,
            "guest_email": comment.guest_email,
            "guest_website": comment.guest_website,
            "text": comment.text,
            "text_format": "markdown",
            "rendered_html": comment.rendered_html,
            "created_at": _iso(comment.created_at, self.tz),
            "edited_at": _iso(comment.edited_at, self.tz),
            "deleted_by_author": comment.deleted_by_author,
        }

    def write_wxr(self) -> None:
        """The same blog as WordPress reads it (a courtesy copy; not read back)."""
        with self.member(WXR_FILE) as writer:
            write_wxr(self.blog, writer)

    @staticmethod
    def _line(value: dict[str, Any]) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def write_export(blog: Blog, out: Path | IO[bytes], *, progress: Progress | None = None) -> None:
    """Write `blog` as a Federkiel export zip to a path (replaced only when complete) or
    to a binary stream (which may be unseekable, like a download response)."""
    if isinstance(out, str | Path):
        target = Path(out)
        partial = target.with_name(f".{target.name}.part")
        try:
            with partial.open("wb") as handle:
                _write(blog, handle, progress)
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return
    _write(blog, out, progress)


def _write(blog: Blog, handle: IO[bytes], progress: Progress | None) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _ExportWriter(archive, blog, progress).run()
