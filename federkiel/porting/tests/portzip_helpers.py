"""Test helpers of the export zip, safe-zip and Antville tests: hand-made archives."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from django.utils import translation

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog


def write_zip(
    path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def write_symlink_zip(path: Path, name: str, target: str) -> Path:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ok.txt", b"fine")
        archive.writestr(info, target.encode())
    return path


def write_raw_name_zip(path: Path, name: str, data: bytes = b"x") -> Path:
    """A zip whose member has exactly `name` (zipfile itself would clean some names)."""
    info = zipfile.ZipInfo("placeholder")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, data)
    raw = path.read_bytes()
    placeholder = b"placeholder"
    encoded = name.encode()
    if len(encoded) != len(placeholder):
        raise ValueError("the name must have as many bytes as 'placeholder' (11)")
    path.write_bytes(raw.replace(placeholder, encoded))
    return path


def write_duplicate_zip(path: Path, name: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, b"first")
        archive.writestr(zipfile.ZipInfo(name), b"second")
    return path


def write_lying_size_zip(path: Path, name: str, real: bytes, claimed_size: int) -> Path:
    """A deflated member whose local header and central directory claim `claimed_size`
    uncompressed bytes (and the checksum of the real data) while the data is `real`."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressed = compressor.compress(real) + compressor.flush()
    crc = zlib.crc32(real)
    encoded = name.encode()
    local = (
        struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            0,
            8,
            0,
            0,
            crc,
            len(compressed),
            claimed_size,
            len(encoded),
            0,
        )
        + encoded
    )
    central = (
        struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(compressed),
            claimed_size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + encoded
    )
    body = local + compressed
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(body), 0)
    path.write_bytes(body + central + end)
    return path


def rewrite_zip(
    source: Path,
    target: Path,
    changes: dict[str, bytes | None],
    *,
    fix_checksums: bool = True,
) -> Path:
    """A copy of an export with members replaced (None: removed); by default the
    manifest's checksums are made to fit, so only the content check is tested."""
    with zipfile.ZipFile(source) as original:
        members = {name: original.read(name) for name in original.namelist()}
    for name, data in changes.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    if fix_checksums and "manifest.json" not in changes:
        manifest = json.loads(members["manifest.json"])
        for name, entry in manifest["files"].items():
            if name in members:
                entry["sha256"] = hashlib.sha256(members[name]).hexdigest()
                entry["size"] = len(members[name])
        members["manifest.json"] = json.dumps(manifest).encode()
    return write_zip(target, members)


def jsonl(*rows: object) -> bytes:
    return b"".join(json.dumps(row, ensure_ascii=False).encode() + b"\n" for row in rows)


def sample_blog():
    """A blog with what an export must carry: members, a draft and a future story with
    umlauts, topics, threaded comments of guests and accounts in several states, a
    trackback, sidebar modules, a moderation rule and an uploaded file."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from federkiel.blogs.models import Role
    from federkiel.comments.models import Comment, CommentSettings, ModerationRule
    from federkiel.factories import (
        BlogFactory,
        CommentFactory,
        MembershipFactory,
        ModuleFactory,
        StoryFactory,
        UserFactory,
    )
    from federkiel.media.uploading import upload
    from federkiel.stories.models import Story

    berlin = ZoneInfo("Europe/Berlin")
    blog = BlogFactory(name="kiel", title="Kieler Woche – Grüße", language="de")
    owner = UserFactory(
        username="joerg",
        display_name="Jörg Müller",
        website="https://example.org/joerg",
        bio="Schreibt über Möwen.",
    )
    writer = UserFactory(username="schlafmuetze", display_name="Schlafmütze")
    reader = UserFactory(username="pezwo", display_name="PeZwo")
    MembershipFactory(blog=blog, user=owner, role=Role.OWNER)
    MembershipFactory(blog=blog, user=writer, role=Role.CONTRIBUTOR)
    CommentSettings.objects.create(blog=blog, mode="signed_in", moderation="all")
    ModerationRule.objects.create(blog=blog, pattern="Viagra", action="reject")
    first = StoryFactory(
        blog=blog,
        author=owner,
        title="Über Möwen 🐦",
        text="Die *Möwe* fliegt über’s Meer.",
        published_at=datetime(2009, 1, 8, 21, 59, 3, tzinfo=berlin),
        topic_names=["Vögel", "Kiel"],
    )
    StoryFactory(
        blog=blog,
        author=writer,
        title="Entwurf: Straße",
        text="<p>Noch nicht fertig</p>",
        text_format=Story.Format.HTML,
        status=Story.Status.DRAFT,
        topic_names=["Kiel"],
    )
    StoryFactory(
        blog=blog,
        author=owner,
        title="Später",
        text="Kommt noch.",
        comments_open=False,
        published_at=timezone.now() + timedelta(days=30),
    )
    top = CommentFactory(
        story=first,
        author=reader,
        text="Schön geschrieben!",
        created_at=datetime(2009, 1, 8, 23, 47, tzinfo=berlin),
    )
    CommentFactory(story=first, parent=top, author=owner, text="Danke dir.")
    guest = CommentFactory(
        story=first,
        author=None,
        guest_name="Gäst",
        guest_email="gast@example.org",
        guest_website="https://gast.example.org/",
        text="Als Gast: ä ö ü ß",
        state=Comment.State.PENDING,
    )
    CommentFactory(
        story=first,
        parent=guest,
        author=None,
        guest_name="Anonym",
        text="weg",
        state=Comment.State.DELETED,
        deleted_by_author=True,
    )
    CommentFactory(
        story=first,
        author=None,
        guest_name="Anderes Blog",
        guest_website="https://other.example.org/post",
        kind=Comment.Kind.TRACKBACK,
        text="Ein Trackback",
        state=Comment.State.SPAM,
    )
    ModuleFactory(
        blog=blog,
        kind="text",
        title="Carpe Diem",
        position=0,
        settings={"text": "Nutze den Tag – heute"},
    )
    ModuleFactory(
        blog=blog,
        kind="recent",
        title="zuletzt geschrieben",
        position=1,
        hidden=True,
        settings={"count": 5},
    )
    upload(
        cast(Blog, blog),
        cast(User, owner),
        SimpleUploadedFile("Notizen über Kiel.txt", "Möwen\n".encode()),
        alt_text="Notizen",
    )
    return blog


ANTVILLE_FIXTURE = Path(__file__).parent / "fixtures" / "antville"
ANTVILLE_UUID = "3f2c1a9e-5b7d-4e2f-9c1a-0d8e7f6a5b4c"


def antville_files() -> dict[str, bytes]:
    """The checked-in source files of the Antville fixture, by their archive names."""
    return {
        path.relative_to(ANTVILLE_FIXTURE).as_posix(): path.read_bytes()
        for path in sorted(ANTVILLE_FIXTURE.rglob("*"))
        if path.is_file() and path.name != "README.md"
    }


def write_antville_zip(
    folder: Path, changes: dict[str, bytes | None] | None = None, *, prefix: str = ""
) -> Path:
    """`antville-site-<UUID>.zip` from the fixture files, with members replaced (bytes)
    or left out (None); `prefix` puts the JSON files into a folder."""
    members = antville_files()
    for name, data in (changes or {}).items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    if prefix:
        members = {
            (name if name.startswith("static/") else prefix + name): data
            for name, data in members.items()
        }
    return write_zip(folder / f"antville-site-{ANTVILLE_UUID}.zip", members)


def antville_rows(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((ANTVILLE_FIXTURE / name).read_text())
    return rows


def json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


@pytest.fixture
def english_messages() -> Iterator[None]:
    """Messages in English, whatever the default language (tests match their words)."""
    with translation.override("en"):
        yield
