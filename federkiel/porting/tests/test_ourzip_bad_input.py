"""Broken and hostile export zips: each is refused with a PortingError naming the item."""

import json
import zipfile
from typing import cast

import pytest

from federkiel.accounts.models import User
from federkiel.porting.canonical import FORMAT_VERSION, PortingError
from federkiel.porting.ourzip import OurZipSource
from federkiel.porting.tests.portzip_helpers import (
    english_messages,  # noqa: F401
    jsonl,
    rewrite_zip,
    sample_blog,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture(scope="module")
def good(tmp_path_factory, django_db_setup, django_db_blocker):
    """One export of the sample blog, made once for all these tests."""
    from django.conf import settings
    from django.db import transaction

    from federkiel.porting.ourzip import write_export

    folder = tmp_path_factory.mktemp("good")
    path = folder / "kiel.zip"
    old_root = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = folder / "media"
    settings.MEDIA_ROOT.mkdir()
    with django_db_blocker.unblock(), transaction.atomic():
        write_export(sample_blog(), path)
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = old_root
    return path


def read(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def failure(path):
    with pytest.raises(PortingError) as caught:
        source = OurZipSource(path)
        for record in source.records():
            if hasattr(record, "open"):
                with record.open() as handle:
                    handle.read()
    return caught.value


def changed(good, tmp_path, **kwargs):
    return rewrite_zip(good, tmp_path / "changed.zip", kwargs.pop("changes"), **kwargs)


def lines_of(good, name):
    return [json.loads(line) for line in read(good)[name].decode().splitlines()]


def test_the_good_export_reads(good):
    assert len(list(OurZipSource(good).records())) > 10


def test_missing_manifest(good, tmp_path):
    error = failure(changed(good, tmp_path, changes={"manifest.json": None}))
    assert "manifest.json is missing" in error.message


def test_newer_format_version(good, tmp_path):
    manifest = json.loads(read(good)["manifest.json"])
    manifest["format_version"] = FORMAT_VERSION + 1
    error = failure(
        changed(good, tmp_path, changes={"manifest.json": json.dumps(manifest).encode()})
    )
    assert error.item == "manifest.json"
    assert "newer Federkiel" in error.message


def test_unknown_format(good, tmp_path):
    manifest = json.loads(read(good)["manifest.json"])
    manifest["format"] = "somebody-else"
    error = failure(
        changed(good, tmp_path, changes={"manifest.json": json.dumps(manifest).encode()})
    )
    assert "not a Federkiel export" in error.message


def test_file_listed_but_missing(good, tmp_path):
    error = failure(changed(good, tmp_path, changes={"topics.json": None}, fix_checksums=False))
    assert error.item == "topics.json"
    assert "missing from the archive" in error.message


@pytest.mark.parametrize("name", ["blog.json", "stories.jsonl", "comments.jsonl"])
def test_checksum_mismatch_names_the_file(good, tmp_path, name):
    data = read(good)[name].replace(b"e", b"E", 1)
    error = failure(changed(good, tmp_path, changes={name: data}, fix_checksums=False))
    assert error.item == name
    assert "checksum" in error.message


def test_checksum_mismatch_of_a_media_file(good, tmp_path):
    (media,) = json.loads(read(good)["media.json"])
    error = failure(
        changed(good, tmp_path, changes={media["path"]: b"other bytes"}, fix_checksums=False)
    )
    assert error.item == media["path"]


def test_invalid_json(good, tmp_path):
    error = failure(changed(good, tmp_path, changes={"blog.json": b'{"name": "kiel",'}))
    assert error.item == "blog.json"
    assert "not valid JSON" in error.message


def test_invalid_utf8_in_json(good, tmp_path):
    error = failure(
        changed(good, tmp_path, changes={"topics.json": b'[{"ref": "1", "name": "V\xf6gel"}]'})
    )
    assert error.item == "topics.json"
    assert "UTF-8" in error.message


def test_invalid_utf8_in_a_jsonl_line(good, tmp_path):
    stories = read(good)["stories.jsonl"].splitlines(keepends=True)
    stories[1] = stories[1].replace("Straße".encode(), b"Stra\xdfe")
    error = failure(changed(good, tmp_path, changes={"stories.jsonl": b"".join(stories)}))
    assert error.item == "stories.jsonl line 2"
    assert "UTF-8" in error.message


def test_wrong_type(good, tmp_path):
    stories = lines_of(good, "stories.jsonl")
    stories[0]["title"] = ["not", "text"]
    error = failure(changed(good, tmp_path, changes={"stories.jsonl": jsonl(*stories)}))
    assert error.item == f"story {stories[0]['ref']} (stories.jsonl line 1)"
    assert "title" in error.message


def test_missing_field(good, tmp_path):
    comments = lines_of(good, "comments.jsonl")
    del comments[2]["created_at"]
    error = failure(changed(good, tmp_path, changes={"comments.jsonl": jsonl(*comments)}))
    assert error.item == f"comment {comments[2]['ref']} (comments.jsonl line 3)"
    assert "created_at" in error.message and "missing" in error.message


def test_naive_date_is_refused(good, tmp_path):
    stories = lines_of(good, "stories.jsonl")
    stories[0]["published_at"] = "2009-01-08T21:59:00"
    error = failure(changed(good, tmp_path, changes={"stories.jsonl": jsonl(*stories)}))
    assert "published_at" in error.message and "offset" in error.message


def test_unknown_status(good, tmp_path):
    stories = lines_of(good, "stories.jsonl")
    stories[1]["status"] = "private"
    error = failure(changed(good, tmp_path, changes={"stories.jsonl": jsonl(*stories)}))
    assert "status" in error.message and "private" in error.message


def test_duplicate_ids(good, tmp_path):
    stories = lines_of(good, "stories.jsonl")
    stories[1]["ref"] = stories[0]["ref"]
    error = failure(changed(good, tmp_path, changes={"stories.jsonl": jsonl(*stories)}))
    assert error.item == "stories.jsonl line 2"
    assert "twice" in error.message


def test_duplicate_topic_ids(good, tmp_path):
    topics = json.loads(read(good)["topics.json"])
    topics[1]["ref"] = topics[0]["ref"]
    error = failure(changed(good, tmp_path, changes={"topics.json": json.dumps(topics).encode()}))
    assert error.item == "topics.json #2"


def test_comment_whose_parent_is_missing(good, tmp_path):
    comments = lines_of(good, "comments.jsonl")
    reply = next(c for c in comments if c["parent_ref"])
    reply["parent_ref"] = "999999"
    error = failure(changed(good, tmp_path, changes={"comments.jsonl": jsonl(*comments)}))
    assert error.item.startswith(f"comment {reply['ref']} ")
    assert "999999" in error.message


def test_comment_on_a_missing_story(good, tmp_path):
    comments = lines_of(good, "comments.jsonl")
    comments[0]["story_ref"] = "424242"
    error = failure(changed(good, tmp_path, changes={"comments.jsonl": jsonl(*comments)}))
    assert "424242" in error.message and "story_ref" in error.message


def test_story_with_an_unknown_topic(good, tmp_path):
    stories = lines_of(good, "stories.jsonl")
    stories[0]["topic_refs"] = ["nope"]
    error = failure(changed(good, tmp_path, changes={"stories.jsonl": jsonl(*stories)}))
    assert "topic_refs" in error.message


def test_member_with_an_unknown_role(good, tmp_path):
    people = json.loads(read(good)["members.json"])
    people["members"][0]["role"] = "emperor"
    error = failure(changed(good, tmp_path, changes={"members.json": json.dumps(people).encode()}))
    assert error.item == "members.json: members #1"


def test_not_a_list(good, tmp_path):
    error = failure(changed(good, tmp_path, changes={"media.json": b'{"a": 1}'}))
    assert error.item == "media.json"


def test_media_entry_pointing_outside_the_export(good, tmp_path):
    media = json.loads(read(good)["media.json"])
    media[0]["path"] = "blog.json"
    error = failure(changed(good, tmp_path, changes={"media.json": json.dumps(media).encode()}))
    assert error.item == "media.json #1" and "path" in error.message


def test_nothing_is_half_imported(good, tmp_path, settings):
    """A story late in the file is broken: the media, users, stories and comments before
    it are all rolled back, and the stored files removed again."""
    from federkiel.blogs.models import Blog
    from federkiel.comments.models import Comment
    from federkiel.factories import UserFactory
    from federkiel.media.models import MediaFile
    from federkiel.porting import loader
    from federkiel.stories.models import Story

    owner = cast(User, UserFactory(username="joerg", email="joerg@example.org"))
    stories = lines_of(good, "stories.jsonl")
    stories[-1]["status"] = "unknown"
    path = changed(good, tmp_path, changes={"stories.jsonl": jsonl(*stories)})
    with pytest.raises(PortingError) as caught:
        loader.load(OurZipSource(path), blog_name="kopie", owner=owner, match_users=True)
    assert caught.value.item.startswith(f"story {stories[-1]['ref']} ")
    assert not Blog.objects.filter(name="kopie").exists()
    assert Story.objects.count() == Comment.objects.count() == MediaFile.objects.count() == 0
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    ("value", "expected"), [("absent", True), (True, True), (False, False), ("ja", None)]
)
def test_send_linkbacks_is_read_and_defaults_to_on_for_older_exports(good, tmp_path, value,
                                                                        expected):  # fmt: skip
    blog = json.loads(read(good)["blog.json"])
    blog.pop("send_linkbacks", None)
    if value != "absent":
        blog["send_linkbacks"] = value
    path = changed(good, tmp_path, changes={"blog.json": json.dumps(blog).encode()})
    if expected is None:
        error = failure(path)
        assert error.item == "blog.json"
        assert "send_linkbacks" in error.message and "true or false" in error.message
        return
    (record,) = [r for r in OurZipSource(path).records() if type(r).__name__ == "BlogRecord"]
    assert record.send_linkbacks is expected
