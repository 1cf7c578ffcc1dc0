"""Helpers of port-core's tests: a Source made from a list of records."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    MediaRecord,
    Record,
    StoryRecord,
    UserRecord,
)

T0 = datetime(2009, 1, 8, 20, 59, tzinfo=UTC)


class ListSource:
    """Yields the records given; counts how far it got, like a file being read."""

    def __init__(self, records: list[Any]) -> None:
        self.items = records
        self.done = 0

    def records(self) -> Iterator[Record]:
        for number, record in enumerate(self.items, start=1):
            self.done = number
            yield record

    def fraction_done(self) -> float:
        return self.done / len(self.items) if self.items else 1.0


def blog_record(**fields) -> BlogRecord:
    return BlogRecord(**{"name": "altblog", "title": "Altes Blog", **fields})


def story(ref: str, title: str | None = None, **fields) -> StoryRecord:
    values = {
        "ref": ref,
        "title": f"Geschichte {ref}" if title is None else title,
        "text": f"<p>Text {ref}</p>",
        "published_at": T0 + timedelta(days=int(ref) if ref.isdigit() else 0),
    }
    return StoryRecord(**{**values, **fields})


def comment(ref: str, story_ref: str, **fields) -> CommentRecord:
    values = {
        "ref": ref,
        "story_ref": story_ref,
        "text": f"Kommentar {ref}",
        "created_at": T0 + timedelta(hours=1),
        "guest_name": "schlafmuetze",
    }
    return CommentRecord(**{**values, **fields})


def user(ref: str, username: str, email: str = "", **fields) -> UserRecord:
    return UserRecord(ref=ref, username=username, email=email, **fields)


def media(ref: str, name: str, data: bytes, **fields) -> MediaRecord:
    return MediaRecord(ref=ref, name=name, open=lambda: io.BytesIO(data), **fields)


def stories_and_comments(stories: int, comments_each: int) -> list[Record]:
    records: list[Record] = [blog_record()]
    for s in range(1, stories + 1):
        records.append(story(str(s)))
        for c in range(comments_each):
            records.append(comment(f"{s}-{c}", str(s)))
    return records


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploads (and import files) in its own folder. Import it into a
    test module (`from …core_helpers import media_root`) to use it there."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.DATA_DIR = tmp_path
    return root
