"""Format detection, size limits, and our own zip end to end (export → detect → load)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from federkiel.comments.models import Comment
from federkiel.factories import (
    BlogFactory,
    CommentFactory,
    MembershipFactory,
    StoryFactory,
    UserFactory,
)
from federkiel.porting import detect, ourzip
from federkiel.porting.canonical import PortingError
from federkiel.porting.loader import load
from federkiel.porting.models import OldPath
from federkiel.porting.tests.core_helpers import media_root  # noqa: F401 (autouse fixture)
from federkiel.porting.tests.portzip_helpers import write_antville_zip
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db


def someone(**fields: Any) -> Any:
    return UserFactory(**fields)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def exported(tmp_path):
    owner: Any = UserFactory(username="olga")
    blog: Any = BlogFactory(name="quelle", title="Die Quelle")
    MembershipFactory(blog=blog, user=owner)
    story = StoryFactory(blog=blog, author=owner, title="Hallo Welt", topic_names=["Kiel"])
    CommentFactory(story=story, author=None, guest_name="schlafmuetze", text="Schön!")
    path = tmp_path / "quelle.zip"
    ourzip.write_export(blog, path)
    return path


def test_our_zip_is_detected_and_loads(exported):
    assert detect.detect(exported).key == "ourzip"
    importer = someone(username="ida")
    with detect.opened(exported) as (fmt, source):
        result = load(source, blog_name="ziel", owner=importer)
    assert fmt.key == "ourzip"
    assert result.created_blog and result.stories == 1 and result.comments == 1
    story = Story.objects.get(blog__name="ziel")
    assert story.title == "Hallo Welt" and story.slug == "hallo-welt"
    assert [t.name for t in story.topics.all()] == ["Kiel"]
    assert Comment.objects.get(story=story).guest_name == "schlafmuetze"


def test_open_source_returns_a_source(exported):
    source = detect.open_source(exported)
    try:
        assert 0.0 <= source.fraction_done() <= 1.0
    finally:
        source.close()


@pytest.mark.parametrize(
    "content",
    [b"Hello, this is just text.\n", b"<html><body>no export</body></html>", b"\x00\x01\x02"],
)
def test_unknown_formats_are_refused(tmp_path, content):
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with pytest.raises(PortingError) as error:
        detect.open_source(path)
    assert "no format we can import" in error.value.message


def test_a_zip_of_something_else_is_refused(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.txt", "sun")
    with pytest.raises(PortingError) as error:
        detect.open_source(path)
    assert "no format we can import" in error.value.message


def test_empty_and_missing_files_are_refused(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(PortingError, match="empty"):
        detect.open_source(empty)
    with pytest.raises(PortingError, match="cannot be opened"):
        detect.open_source(tmp_path / "missing.zip")
    with pytest.raises(PortingError, match="not a file"):
        detect.open_source(tmp_path)


def test_files_over_the_limit_are_refused_without_reading_them(tmp_path, monkeypatch):
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as handle:
        handle.truncate(detect.LARGEST_FILE + 1)  # sparse: no disk space, nothing to read
    monkeypatch.setattr(
        "federkiel.porting.detect.detect", lambda path: pytest.fail("the file was read")
    )
    with pytest.raises(PortingError) as error:
        detect.open_source(huge)
    assert "at most 2.0\xa0GB can be imported" in error.value.message
    with pytest.raises(PortingError, match="at most 10"):
        detect.open_source(huge, limit=10)


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "name", ["wordpress-2.8-wxr-1.0.xml", "wordpress-3.0-wxr-1.1.xml", "wordpress-6.x.xml"]
)
def test_wxr_files_are_detected_and_load(name):
    path = FIXTURES / "wxr" / name
    assert detect.detect(path).key == "wxr"
    with detect.opened(path, time_zone="Europe/Berlin") as (fmt, source):
        result = load(
            source,
            blog_name="wpblog",
            owner=someone(),
            match_users=True,
        )
    assert fmt.key == "wxr" and result.stories >= 1
    assert result.old_paths >= 1  # the posts' <link> paths redirect


def test_antville_exports_are_detected_and_load(tmp_path):
    path = write_antville_zip(tmp_path)
    assert detect.detect(path).key == "antville"
    with detect.opened(path, time_zone="Europe/Berlin") as (_fmt, source):
        result = load(
            source,
            blog_name="twoday",
            owner=someone(),
            match_users=True,
        )
    assert result.stories >= 1 and result.comments >= 1
    assert OldPath.objects.filter(blog__name="twoday", path__startswith="/stories/").exists()
