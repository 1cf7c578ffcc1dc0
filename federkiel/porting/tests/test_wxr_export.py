"""write_wxr: a blog as WXR 1.2, read back by WxrSource into the same records."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import cast
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from federkiel.blogs.models import Blog
from federkiel.comments.models import Comment
from federkiel.factories import BlogFactory, CommentFactory, StoryFactory, UserFactory
from federkiel.porting.canonical import BlogRecord, CommentRecord, StoryRecord, TopicRecord
from federkiel.porting.wxr import WxrSource
from federkiel.porting.wxr_export import write_wxr
from federkiel.stories.models import Story

WP = "{http://wordpress.org/export/1.2/}"
T0 = datetime(2009, 1, 8, 20, 59, tzinfo=UTC)


class OneWayStream(io.RawIOBase):
    """Takes bytes and nothing else: no seek, no tell (like a download response)."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)


@pytest.fixture
def made(db):
    blog = BlogFactory(
        name="kiel",
        title="Kieler <Notizen> & mehr",
        language="de",
        time_zone="America/New_York",
        tagline="Förde",
    )
    anna = UserFactory(username="anna", display_name="Anna A.")
    bernd = UserFactory(username="bernd", display_name="")
    first = StoryFactory(
        blog=blog,
        author=anna,
        title="Erster Beitrag",
        text="Hallo *Welt*",
        published_at=T0,
        topic_names=["Reisen", "Über Kiel"],
    )
    draft = StoryFactory(
        blog=blog,
        author=bernd,
        title="Entwurf",
        status=Story.Status.DRAFT,
        published_at=T0 + timedelta(days=3),
        comments_open=False,
    )
    future = StoryFactory(
        blog=blog,
        author=anna,
        title="Später",
        published_at=timezone.now() + timedelta(days=30),
        topic_names=["Reisen"],
    )

    def comment(hours, **fields):
        fields.setdefault("author", None)
        return CommentFactory(story=first, created_at=T0 + timedelta(hours=hours), **fields)

    guest = comment(
        1, guest_name="Schlafmütze", guest_email="s@example.com",
        guest_website="https://s.example.com/",
    )  # fmt: skip
    reply = comment(2, author=anna, parent=guest, text="Danke!")
    ping = comment(3, guest_name="Anderes Blog", kind=Comment.Kind.PINGBACK,
                   guest_website="https://other.example/")  # fmt: skip
    track = comment(4, guest_name="Drittes Blog", kind=Comment.Kind.TRACKBACK)
    held = comment(5, author=bernd, state=Comment.State.PENDING)
    spam = comment(6, guest_name="Spam", state=Comment.State.SPAM)
    gone = comment(7, guest_name="Weg", text="Geheim", state=Comment.State.DELETED)
    return {"blog": blog, "stories": [first, draft, future],
            "comments": [guest, reply, ping, track, held, spam, gone]}  # fmt: skip


def exported(blog, tmp_path):
    path = tmp_path / "wxr.xml"
    with path.open("wb") as handle:
        write_wxr(blog, handle)
    return path


def test_round_trip_gives_the_same_records(made, tmp_path):
    blog = made["blog"]
    records = list(WxrSource(exported(blog, tmp_path)).records())
    blog_record = records[0]
    assert isinstance(blog_record, BlogRecord)
    assert (blog_record.title, blog_record.tagline) == ("Kieler <Notizen> & mehr", "Förde")
    assert (blog_record.language, blog_record.time_zone) == ("de", "America/New_York")

    topics = {r.ref: r.name for r in records if isinstance(r, TopicRecord)}
    assert sorted(topics.values()) == ["Reisen", "Über Kiel"]
    stories = {r.title: r for r in records if isinstance(r, StoryRecord)}
    assert set(stories) == {"Erster Beitrag", "Entwurf", "Später"}
    first, draft, future = (made["stories"][0], made["stories"][1], made["stories"][2])
    assert stories["Erster Beitrag"].published_at == first.published_at
    assert stories["Erster Beitrag"].status == "published"
    assert sorted(topics[t] for t in stories["Erster Beitrag"].topic_refs) == [
        "Reisen",
        "Über Kiel",
    ]
    assert stories["Erster Beitrag"].text == first.rendered_html.strip()
    assert stories["Erster Beitrag"].author_ref == "anna"
    assert stories["Erster Beitrag"].slug == first.slug
    assert stories["Erster Beitrag"].old_paths == [
        f"/stories/{first.slug}/",
        f"/stories/{first.pk}/",
    ]
    assert stories["Entwurf"].status == "draft"
    assert stories["Entwurf"].published_at == draft.published_at
    assert stories["Entwurf"].comments_open is False
    assert stories["Später"].status == "published"
    assert stories["Später"].published_at == future.published_at.replace(microsecond=0)

    by_ref = {r.ref: r for r in records if isinstance(r, CommentRecord)}
    guest, reply, ping, track, held, spam, gone = made["comments"]
    found = {c.pk: by_ref[str(c.pk)] for c in made["comments"]}
    assert found[guest.pk].parent_ref is None
    assert found[reply.pk].parent_ref == str(guest.pk)
    assert found[reply.pk].author_ref == "anna"
    assert found[guest.pk].author_ref is None
    assert (found[guest.pk].guest_name, found[guest.pk].guest_email) == (
        "Schlafmütze",
        "s@example.com",
    )
    assert found[guest.pk].guest_website == "https://s.example.com/"
    assert {pk: (r.kind, r.state) for pk, r in found.items()} == {
        guest.pk: ("comment", "published"),
        reply.pk: ("comment", "published"),
        ping.pk: ("pingback", "published"),
        track.pk: ("trackback", "published"),
        held.pk: ("comment", "pending"),
        spam.pk: ("comment", "spam"),
        gone.pk: ("comment", "deleted"),
    }
    for comment in made["comments"]:
        assert found[comment.pk].created_at == comment.created_at
        assert found[comment.pk].story_ref == str(first.pk)
    # A deleted comment's words do not leave the platform.
    assert found[gone.pk].text == ""


def test_the_file_is_wxr_1_2_as_wordpress_writes_it(made, tmp_path):
    blog = made["blog"]
    data = exported(blog, tmp_path).read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" ?>\n<!-- generator="Federkiel"')
    root = ElementTree.fromstring(data)
    channel = root.find("channel")
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext("language") == "de-DE"
    assert [a.findtext(f"{WP}author_login") for a in channel.iter(f"{WP}author")] == [
        "anna",
        "bernd",
    ]
    # Account addresses stay private.
    assert {a.findtext(f"{WP}author_email") for a in channel.iter(f"{WP}author")} == {""}
    first = made["stories"][0]
    item = next(i for i in channel.iter("item") if i.findtext(f"{WP}post_id") == str(first.pk))
    # Local time in the blog's zone (New York, winter: UTC-5) and UTC.
    assert item.findtext(f"{WP}post_date") == "2009-01-08 15:59:00"
    assert item.findtext(f"{WP}post_date_gmt") == "2009-01-08 20:59:00"
    assert item.findtext(f"{WP}status") == "publish"
    assert item.findtext(f"{WP}post_name") == first.slug
    assert item.findtext("pubDate") == "Thu, 08 Jan 2009 20:59:00 +0000"
    assert [c.get("domain") for c in item.findall("category")] == ["category", "category"]
    statuses = sorted(str(i.findtext(f"{WP}status")) for i in channel.iter("item"))
    assert statuses == ["draft", "future", "publish"]
    approved = sorted(str(c.findtext(f"{WP}comment_approved")) for c in item.iter(f"{WP}comment"))
    assert approved == ["0", "1", "1", "1", "1", "spam", "trash"]


def test_writes_to_a_stream_that_cannot_seek(made):
    stream = OneWayStream()
    write_wxr(made["blog"], stream)
    data = b"".join(stream.chunks)
    assert len(stream.chunks) > 10  # written as it goes, not in one piece
    assert ElementTree.fromstring(data).tag == "rss"


def test_control_characters_in_texts_do_not_break_the_file(db, tmp_path):
    blog = BlogFactory()
    StoryFactory(blog=blog, title="Glocke\x07 läutet", text="Text")
    records = list(WxrSource(exported(blog, tmp_path)).records())
    assert [r.title for r in records if isinstance(r, StoryRecord)] == ["Glocke läutet"]


def test_an_empty_blog(db, tmp_path):
    blog = BlogFactory(language="en")
    records = list(WxrSource(exported(blog, tmp_path)).records())
    assert len(records) == 1 and records[0].language == "en"


def test_query_count_does_not_grow_per_comment(made, django_assert_max_num_queries):
    first = made["stories"][0]
    for n in range(30):
        CommentFactory(story=first, author=None, guest_name=f"G{n}")
    with django_assert_max_num_queries(12):
        write_wxr(made["blog"], io.BytesIO())


def test_queries_do_not_grow_with_stories(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count):
        blog = BlogFactory()
        for n in range(count):
            story = StoryFactory(blog=blog, topic_names=[f"t{n % 3}"])
            CommentFactory(story=story, author=None, guest_name=f"G{n}")
            CommentFactory(story=story)
        with CaptureQueriesContext(connection) as captured:
            write_wxr(cast(Blog, blog), io.BytesIO())
        return len(captured)

    assert queries_for(3) == queries_for(30)
