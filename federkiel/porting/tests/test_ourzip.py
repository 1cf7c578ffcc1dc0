import hashlib
import io
import json
import zipfile
from datetime import datetime
from typing import IO, Any, cast

import pytest

from federkiel.blogs.models import Blog
from federkiel.comments.models import Comment
from federkiel.factories import BlogFactory, StoryFactory
from federkiel.media.models import MediaFile
from federkiel.porting import ourzip
from federkiel.porting.canonical import (
    FORMAT_VERSION,
    BlogRecord,
    CommentRecord,
    MediaRecord,
    MemberRecord,
    ModerationRuleRecord,
    ModuleRecord,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.ourzip import OurZipSource, sniff, write_export
from federkiel.porting.tests.portzip_helpers import (
    english_messages,  # noqa: F401
    sample_blog,
)
from federkiel.stories.models import Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture
def exported(tmp_path):
    blog = sample_blog()
    path = tmp_path / "kiel.zip"
    write_export(blog, path)
    return blog, path


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def lines(data):
    return [json.loads(line) for line in data.decode().splitlines()]


def test_the_zip_holds_every_file_listed_with_its_checksum(exported):
    _, path = exported
    files = members(path)
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "federkiel-export"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["platform"]["name"] == "Federkiel"
    assert manifest["time_zone"] == "Europe/Berlin"
    assert datetime.fromisoformat(manifest["exported_at"]).utcoffset() is not None
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256(files[name]).hexdigest(), name
        assert entry["size"] == len(files[name])
    assert manifest["counts"] == {
        "users": 3, "members": 2, "topics": 2, "sidebar_modules": 2, "media": 1,
        "stories": 3, "comments": 5,
    }  # fmt: skip


def test_blog_settings_and_members(exported):
    files = members(exported[1])
    blog = json.loads(files["blog.json"])
    assert blog["title"] == "Kieler Woche – Grüße"
    assert blog["comments"] == {"mode": "signed_in", "moderation": "all"}
    assert blog["moderation_rules"][0]["pattern"] == "Viagra"
    people = json.loads(files["members.json"])
    by_name = {user["username"]: user for user in people["users"]}
    assert by_name["joerg"]["display_name"] == "Jörg Müller"
    assert by_name["joerg"]["bio"] == "Schreibt über Möwen."
    assert by_name["joerg"]["email"] == "joerg@example.org"
    # Commenters with accounts too: the loader matches accounts by address.
    assert by_name["pezwo"]["email"] == "pezwo@example.org"
    roles = {m["user_ref"]: m["role"] for m in people["members"]}
    assert roles == {
        by_name["joerg"]["ref"]: "owner",
        by_name["schlafmuetze"]["ref"]: "contributor",
    }


def test_no_password_hash_leaves_the_platform(exported):
    from federkiel.accounts.models import User

    blob = b"".join(members(exported[1]).values())
    hashes = [h for h in User.objects.values_list("password", flat=True) if h]
    assert len(hashes) == 3
    for password_hash in hashes:
        assert password_hash.encode() not in blob
        assert password_hash.split("$")[-1].encode() not in blob
    assert b'"password"' not in blob


def test_stories_with_dates_in_the_blogs_time_zone(exported):
    stories = lines(members(exported[1])["stories.jsonl"])
    assert [s["title"] for s in stories] == ["Über Möwen 🐦", "Entwurf: Straße", "Später"]
    first = stories[0]
    assert first["published_at"] == "2009-01-08T21:59:03+01:00"
    assert first["time_zone"] == "Europe/Berlin"
    assert first["text"] == "Die *Möwe* fliegt über’s Meer."
    assert first["text_format"] == "markdown"
    assert "<em>Möwe</em>" in first["rendered_html"]
    assert first["path"] == f"/stories/{first['slug']}/"
    assert f"/stories/{first['ref']}/" in first["old_paths"]
    topics = {t["ref"]: t["name"] for t in json.loads(members(exported[1])["topics.json"])}
    assert sorted(topics[ref] for ref in first["topic_refs"]) == ["Kiel", "Vögel"]
    assert stories[1]["status"] == "draft"
    assert stories[2]["comments_open"] is False


def test_comments_come_after_their_parents(exported):
    comments = lines(members(exported[1])["comments.jsonl"])
    seen = set()
    for comment in comments:
        assert comment["parent_ref"] is None or comment["parent_ref"] in seen
        seen.add(comment["ref"])
    guest = next(c for c in comments if c["guest_name"] == "Gäst")
    assert guest["state"] == "pending" and guest["author_ref"] is None
    assert guest["guest_email"] == "gast@example.org"
    deleted = next(c for c in comments if c["state"] == "deleted")
    assert deleted["deleted_by_author"] is True and deleted["parent_ref"] == guest["ref"]
    assert next(c for c in comments if c["kind"] == "trackback")["state"] == "spam"
    top = next(c for c in comments if c["text"] == "Schön geschrieben!")
    assert top["created_at"] == "2009-01-08T23:47:00+01:00"


def test_sidebar_and_media(exported):
    files = members(exported[1])
    sidebar = json.loads(files["sidebar.json"])
    assert [(m["kind"], m["title"], m["hidden"]) for m in sidebar["modules"]] == [
        ("text", "Carpe Diem", False),
        ("recent", "zuletzt geschrieben", True),
    ]
    assert sidebar["modules"][0]["settings"]["text"] == "Nutze den Tag – heute"
    (media,) = json.loads(files["media.json"])
    stored = MediaFile.objects.get()
    assert media["path"] == f"media/{stored.key}/{stored.name}"
    assert files[media["path"]] == "Möwen\n".encode()
    assert media["sha256"] == hashlib.sha256(files[media["path"]]).hexdigest()
    assert media["alt_text"] == "Notizen"


def test_writes_to_an_unseekable_stream(exported):
    blog, path = exported

    class Pipe(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, chunk):
            self.data += chunk
            return len(chunk)

    pipe = Pipe()
    write_export(blog, cast(IO[bytes], pipe))
    streamed = zipfile.ZipFile(io.BytesIO(bytes(pipe.data)))
    assert sorted(streamed.namelist()) == sorted(members(path))


def test_progress_is_reported(tmp_path):
    blog = sample_blog()
    seen = []
    write_export(blog, tmp_path / "x.zip", progress=lambda fraction, text: seen.append(fraction))
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_a_failed_export_leaves_no_file(tmp_path, monkeypatch):
    blog = sample_blog()

    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ourzip._ExportWriter, "write_comments", broken)
    with pytest.raises(RuntimeError):
        write_export(blog, tmp_path / "x.zip")
    assert list(tmp_path.glob("*.zip*")) == [] and not list(tmp_path.glob(".x.zip*"))


def test_queries_do_not_grow_with_stories_and_comments(tmp_path):
    """The JSON files and the WordPress copy."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count):
        blog = BlogFactory()
        for n in range(count):
            story = StoryFactory(blog=blog, topic_names=[f"t{n % 3}"])
            Comment.objects.create(story=story, text="x", guest_name="g")
        with CaptureQueriesContext(connection) as captured:
            write_export(cast(Blog, blog), tmp_path / f"{count}.zip")
        return len(captured)

    assert queries_for(3) == queries_for(25)


def test_read_back_gives_the_records(exported):
    _, path = exported
    records = list(OurZipSource(path).records())
    kinds = [type(r).__name__ for r in records]
    # The canonical order: blog, people, topics, media, then stories and their comments.
    assert kinds == sorted(kinds, key=[
        "BlogRecord", "ModerationRuleRecord", "UserRecord", "MemberRecord", "TopicRecord",
        "MediaRecord", "ModuleRecord", "StoryRecord", "CommentRecord",
    ].index)  # fmt: skip
    (blog_record,) = [r for r in records if isinstance(r, BlogRecord)]
    assert blog_record.title == "Kieler Woche – Grüße"
    assert blog_record.comment_mode == "signed_in" and blog_record.moderation == "all"
    rules = [r for r in records if isinstance(r, ModerationRuleRecord)]
    assert [(r.pattern, r.is_regex, r.action) for r in rules] == [("Viagra", False, "reject")]
    assert rules[0].created_at is not None and rules[0].created_at.utcoffset() is not None
    assert len([r for r in records if isinstance(r, UserRecord)]) == 3
    assert len([r for r in records if isinstance(r, MemberRecord)]) == 2
    assert {r.name for r in records if isinstance(r, TopicRecord)} == {"Kiel", "Vögel"}
    stories = [r for r in records if isinstance(r, StoryRecord)]
    original = Story.objects.get(title="Über Möwen 🐦")
    first = next(s for s in stories if s.ref == str(original.pk))
    assert first.published_at == original.published_at
    assert str(first.published_at.utcoffset()) == "1:00:00"
    assert first.slug == original.slug and first.text == original.text
    comments = [r for r in records if isinstance(r, CommentRecord)]
    assert len(comments) == 5
    assert {c.state for c in comments} == {"published", "pending", "deleted", "spam"}
    modules = [r for r in records if isinstance(r, ModuleRecord)]
    assert [m.title for m in modules] == ["Carpe Diem", "zuletzt geschrieben"]
    (media,) = [r for r in records if isinstance(r, MediaRecord)]
    with media.open() as handle:
        assert handle.read() == "Möwen\n".encode()
    assert media.sha256 == hashlib.sha256("Möwen\n".encode()).hexdigest()


def test_sniff(exported, tmp_path):
    assert sniff(exported[1])
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("export.xml", "<feed/>")
    assert not sniff(other)
    text = tmp_path / "x.xml"
    text.write_text("<rss/>")
    assert not sniff(text)


def test_a_wordpress_copy_is_included(exported, tmp_path):
    from federkiel.porting.wxr import WxrSource

    wxr = tmp_path / "wxr.xml"
    wxr.write_bytes(members(exported[1])["wxr.xml"])
    titles = sorted(r.title for r in WxrSource(wxr).records() if isinstance(r, StoryRecord))
    assert titles == sorted(["Über Möwen 🐦", "Entwurf: Straße", "Später"])


def test_memory_stays_flat_however_many_stories(tmp_path, monkeypatch):
    """Stories and comments are streamed in chunks: four times the stories, about the
    same peak memory (the texts alone would add megabytes)."""
    import tracemalloc

    from django.utils import timezone

    monkeypatch.setattr(ourzip, "CHUNK", 100)
    monkeypatch.setattr(ourzip._ExportWriter, "write_wxr", lambda self: None)
    text = "Möwen über der Förde. " * 100  # about 2 kB

    def peak_for(count):
        blog = BlogFactory()
        now = timezone.now()
        stories = Story.objects.bulk_create(
            Story(blog=blog, title=f"S{n}", slug=f"s{n}", text=text, rendered_html=text,
                  status="published", published_at=now)
            for n in range(count)
        )  # fmt: skip
        Comment.objects.bulk_create(
            Comment(story=story, text=text, guest_name="g", created_at=now) for story in stories
        )
        tracemalloc.start()
        write_export(cast(Blog, blog), tmp_path / f"{count}.zip")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(300), peak_for(1200)
    assert large - small < 1_000_000, (small, large)


def test_an_emptied_sidebar_comes_back_empty_and_a_default_one_as_default(tmp_path):
    from federkiel.factories import UserFactory
    from federkiel.porting.loader import load
    from federkiel.sidebar.kinds import DEFAULT_SET
    from federkiel.sidebar.models import Module, Sidebar

    emptied = BlogFactory(name="leer")  # arranged by its owner, every module removed
    Sidebar.objects.get_or_create(blog=emptied)
    Module.objects.filter(blog=emptied).delete()
    untouched = BlogFactory(name="standard")  # never arranged: shows the default set
    Sidebar.objects.filter(blog=untouched).delete()
    Module.objects.filter(blog=untouched).delete()
    owner = UserFactory()
    for blog, arranged, modules in ((emptied, True, 0), (untouched, False, len(DEFAULT_SET))):
        path = tmp_path / f"{blog.name}.zip"
        write_export(cast(Blog, blog), path)
        first = next(iter(OurZipSource(path).records()))
        assert isinstance(first, BlogRecord) and first.sidebar is arranged
        load(OurZipSource(path), blog_name=f"kopie-{blog.name}", owner=cast(Any, owner))
        assert Module.objects.filter(blog__name=f"kopie-{blog.name}").count() == modules


def test_uploads_missing_at_export_are_named_in_the_import_warnings(tmp_path):
    from federkiel.factories import UserFactory
    from federkiel.media import storage
    from federkiel.porting.loader import load

    blog = sample_blog()
    media = MediaFile.objects.get(blog=blog)
    (storage.upload_folder(blog.pk, media.key) / media.stored_name).unlink()
    path = tmp_path / "kiel.zip"
    write_export(blog, path)
    result = load(OurZipSource(path), blog_name="kopie", owner=cast(Any, UserFactory()))
    assert result.media == 0
    assert result.warnings == [
        "1 file was missing on the old server when the export was made, so it is not in "
        f"the export: {media.name}"
    ]
