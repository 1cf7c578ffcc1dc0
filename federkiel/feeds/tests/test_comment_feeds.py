"""Comment feeds of a blog and of a story: RSS 2.0, Atom and JSON Feed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federkiel.blogs.models import Visibility
from federkiel.comments import moderation
from federkiel.comments.models import Comment
from federkiel.comments.writing import Commenter, edit_comment
from federkiel.factories import BlogFactory, CommentFactory, StoryFactory
from federkiel.feeds.tests.validation import check_json_feed, parse, validate_atom
from federkiel.stories.models import Story
from federkiel.stories.writing import save_story

BERLIN = ZoneInfo("Europe/Berlin")
FMTS = ("rss", "atom", "json")


@pytest.fixture
def oslo(blog, owner):
    """A story with a comment by the owner, a guest's, a trackback and hidden ones."""
    story = StoryFactory(blog=blog, author=owner, title="Nach Oslo",
                         published_at=datetime(2009, 1, 8, 21, 59, tzinfo=BERLIN))  # fmt: skip
    CommentFactory(story=story, author=owner, text="Schön **war** es. [Bild](/media/a.jpg)",
                   created_at=datetime(2009, 1, 8, 23, 47, tzinfo=BERLIN))  # fmt: skip
    CommentFactory(story=story, author=None, guest_name="Schlafmütze",
                   guest_website="https://schlaf.example/", text="Und die Fähre?",
                   created_at=datetime(2009, 6, 20, 12, tzinfo=BERLIN))  # fmt: skip
    CommentFactory(story=story, author=None, guest_name="Anderes Blog", kind=Comment.Kind.TRACKBACK,
                   guest_website="https://anderes.example/oslo", text="Auch in Oslo gewesen.",
                   created_at=datetime(2009, 6, 21, 12, tzinfo=BERLIN))  # fmt: skip
    for state, text in [(Comment.State.PENDING, "Wartet"), (Comment.State.SPAM, "Werbung"),
                        (Comment.State.DELETED, "Entfernt")]:  # fmt: skip
        CommentFactory(story=story, author=None, guest_name="X", text=text, state=state)
    draft = StoryFactory(blog=blog, author=owner, title="Entwurf", status=Story.Status.DRAFT)
    CommentFactory(story=draft, text="Am Entwurf")
    later = StoryFactory(blog=blog, author=owner, published_at=timezone.now() + timedelta(days=1))
    CommentFactory(story=later, text="Am Geplanten")
    hidden = BlogFactory(name="geheim", visibility=Visibility.RESTRICTED)
    CommentFactory(story=StoryFactory(blog=hidden), text="Vertraulich")
    return story


def feed_paths(story):
    return ["/kiel/feeds/comments/{}/", f"/kiel/feeds/stories/{story.pk}/comments/{{}}/"]


@pytest.mark.django_db
def test_rss_and_atom_carry_the_published_comments_in_full(client, oslo):
    for path in feed_paths(oslo):
        for fmt in ("rss", "atom"):
            response = client.get(path.format(fmt))
            assert response.status_code == 200
            assert response["Content-Type"].startswith(f"application/{fmt}+xml")
            feed = parse(response.content)
            assert [e.title for e in feed.entries] == [
                "Trackback von Anderes Blog zu „Nach Oslo“",
                "Kommentar von Schlafmütze zu „Nach Oslo“",
                "Kommentar von Olga zu „Nach Oslo“",
            ]
            trackback, guest, first = feed.entries
            full_text = first.content[0].value if fmt == "atom" else first.description
            assert "<strong>war</strong>" in full_text
            assert 'href="http://127.0.0.1:8000/media/a.jpg"' in full_text
            comment = Comment.objects.get(text__startswith="Schön")
            assert first.link == (
                f"http://127.0.0.1:8000/kiel/stories/nach-oslo/#comment-{comment.pk}"
            )
            assert first.id.startswith("tag:") and first.id.endswith(f":comment/{comment.pk}")
            assert first.author == "Olga"
            assert first.published_parsed[:5] == (2009, 1, 8, 22, 47)  # 23:47 in Berlin
            assert guest.author == "Schlafmütze"
            assert [t.term for t in trackback.tags] == ["Trackback"]
            self_links = [link.href for link in feed.feed.links if link.rel == "self"]
            assert self_links == [f"http://127.0.0.1:8000{path.format(fmt)}"]


@pytest.mark.django_db
def test_comment_dates_carry_the_blogs_utc_offset(client, oslo):
    rss = client.get("/kiel/feeds/comments/rss/").content.decode()
    assert "<pubDate>Thu, 08 Jan 2009 23:47:00 +0100</pubDate>" in rss
    atom = client.get("/kiel/feeds/comments/atom/").content.decode()
    assert "<published>2009-06-20T12:00:00+02:00</published>" in atom
    feed = check_json_feed(client.get("/kiel/feeds/comments/json/").content)
    assert feed["items"][2]["date_published"] == "2009-01-08T23:47:00+01:00"


@pytest.mark.django_db
def test_comment_feeds_in_json_follow_the_spec(client, oslo):
    for path in feed_paths(oslo):
        response = client.get(path.format("json"))
        assert response["Content-Type"] == "application/feed+json"
        feed = check_json_feed(response.content)
        assert feed["feed_url"] == f"http://127.0.0.1:8000{path.format('json')}"
        assert len(feed["items"]) == 3
        guest = feed["items"][1]
        assert guest["title"] == "Kommentar von Schlafmütze zu „Nach Oslo“"
        assert guest["authors"] == [{"name": "Schlafmütze", "url": "https://schlaf.example/"}]
        assert "Und die Fähre?" in guest["content_html"]
    story_feed = check_json_feed(client.get(feed_paths(oslo)[1].format("json")).content)
    assert story_feed["title"] == "Kommentare zu „Nach Oslo“ – Kieler Nachrichten"
    assert story_feed["home_page_url"] == "http://127.0.0.1:8000/kiel/stories/nach-oslo/"


@pytest.mark.django_db
def test_comment_feeds_validate_against_rfc_4287_schema(client, blog, owner, oslo):
    quiet = StoryFactory(blog=blog, author=owner, title="Ohne Kommentare")
    documents = [client.get(path.format("atom")).content for path in feed_paths(oslo)]
    documents.append(client.get(f"/kiel/feeds/stories/{quiet.pk}/comments/atom/").content)
    validate_atom(*documents)


@pytest.mark.django_db
def test_comment_feeds_leave_out_held_spam_removed_and_unpublished(client, oslo):
    for path in feed_paths(oslo):
        for fmt in FMTS:
            body = client.get(path.format(fmt)).content.decode()
            assert "Nach Oslo" in body
            for hidden in ("Wartet", "Werbung", "Entfernt", "Am Entwurf", "Am Geplanten",
                           "Vertraulich"):  # fmt: skip
                assert hidden not in body, (path, fmt, hidden)


@pytest.mark.django_db
def test_drafts_scheduled_and_unknown_stories_have_no_comment_feeds(client, blog, owner, oslo):
    draft = Story.objects.get(title="Entwurf")
    later = Story.objects.get(comments__text="Am Geplanten")
    other = StoryFactory(blog=BlogFactory(name="anderswo"))
    client.force_login(owner)
    for story in (draft, later, other):
        assert client.get(f"/kiel/feeds/stories/{story.pk}/comments/rss/").status_code == 404
    assert client.get("/kiel/feeds/stories/99999999/comments/rss/").status_code == 404
    assert client.get("/kiel/feeds/stories/" + "9" * 30 + "/comments/rss/").status_code == 404
    assert client.get("/kiel/feeds/stories/nach-oslo/comments/rss/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
def test_restricted_and_closed_blogs_have_no_comment_feeds(
    client, blog, owner, subscriber, admin_user, oslo, visibility
):
    blog.visibility = visibility
    blog.save()
    for user in (None, subscriber, owner, admin_user):
        if user:
            client.force_login(user)
        for path in feed_paths(oslo):
            for fmt in FMTS:
                assert client.get(path.format(fmt)).status_code == 404, (user, path)
        page = client.get("/kiel/stories/nach-oslo/").content.decode()
        assert "/feeds/" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FMTS)
def test_conditional_get_until_comments_change(client, blog, owner, oslo, fmt):
    for path in feed_paths(oslo):
        url = path.format(fmt)
        first = client.get(url)
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        since = first["Last-Modified"]
        assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    pending = Comment.objects.get(text="Wartet")
    changes = [
        lambda: CommentFactory(story=oslo, text="Ganz neu"),
        lambda: moderation.approve(blog, [pending.pk]),
        lambda: moderation.remove(blog, [pending.pk]),
        lambda: edit_comment(
            Comment.objects.get(text__startswith="Schön"), "Neu geschrieben", Commenter(user=owner)
        ),
        lambda: save_story(_renamed(oslo)),
    ]
    for change in changes:
        etags = {path: client.get(path.format(fmt))["ETag"] for path in feed_paths(oslo)}
        change()
        for path, etag in etags.items():
            response = client.get(path.format(fmt), headers={"If-None-Match": etag})
            assert response.status_code == 200, (change, path)
    assert "Neu geschrieben" in client.get(feed_paths(oslo)[0].format(fmt)).content.decode()


def _renamed(story):
    story = Story.objects.get(pk=story.pk)
    story.title = "Nach Oslo und zurück"
    return story


@pytest.mark.django_db
def test_a_304_costs_few_queries(client, oslo):
    for path, expected in zip(feed_paths(oslo), (2, 4), strict=True):
        url = path.format("atom")
        etag = client.get(url)["ETag"]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        # The blog, (the story and its topics,) the newest comments' ids and dates.
        assert len(queries) == expected, path


@pytest.mark.django_db
def test_a_commenters_web_site_that_is_not_http_is_left_out(client, oslo):
    CommentFactory(story=oslo, author=None, guest_name="Listig",
                   guest_website="javascript:alert(1)", text="Hallo")  # fmt: skip
    for path in feed_paths(oslo):
        for fmt in FMTS:
            body = client.get(path.format(fmt)).content.decode()
            assert "Listig" in body and "javascript:" not in body


@pytest.mark.django_db
def test_entry_ids_stay_when_the_story_is_renamed(client, oslo):
    feed = check_json_feed(client.get("/kiel/feeds/comments/json/").content)
    before = [item["id"] for item in feed["items"]]
    save_story(_renamed(oslo))
    feed = check_json_feed(client.get("/kiel/feeds/comments/json/").content)
    assert [i["id"] for i in feed["items"]] == before
    assert feed["items"][0]["title"] == "Trackback von Anderes Blog zu „Nach Oslo und zurück“"


@pytest.mark.django_db
def test_an_english_blog_titles_its_comment_feeds_in_english(client, owner):
    blog = BlogFactory(name="harbour", title="Harbour", language="en")
    story = StoryFactory(blog=blog, author=owner, title="Fog")
    CommentFactory(story=story, author=None, guest_name="Gull", text="Grey.")
    CommentFactory(story=story, author=None, guest_name="", text="Anonymous.")
    feed = check_json_feed(client.get("/harbour/feeds/comments/json/").content)
    assert feed["title"] == "Harbour – comments"
    assert [i["title"] for i in feed["items"]] == ["Comment on “Fog”", "Comment by Gull on “Fog”"]


@pytest.mark.django_db
def test_blog_and_story_pages_link_the_comment_feeds(client, blog, oslo):
    blog_feed = (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Kieler Nachrichten – Kommentare (Atom)" href="/kiel/feeds/comments/atom/">'
    )
    story_feed = (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Kommentare zu „Nach Oslo“ – Kieler Nachrichten (RSS)" '
        f'href="/kiel/feeds/stories/{oslo.pk}/comments/rss/">'
    )
    for path in ("/kiel/", "/kiel/20090108/", "/kiel/topics/", "/kiel/stories/nach-oslo/"):
        assert blog_feed in client.get(path).content.decode(), path
    assert story_feed in client.get("/kiel/stories/nach-oslo/").content.decode()
    assert "/comments/rss/" not in client.get("/kiel/").content.decode().replace(
        "/kiel/feeds/comments/rss/", ""
    )


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_comment_feed_queries_do_not_grow_with_comments(client, blog, owner):
    story = StoryFactory(blog=blog, author=owner)
    paths = ["/kiel/feeds/comments/atom/", f"/kiel/feeds/stories/{story.pk}/comments/atom/"]

    def add(n):
        for _ in range(n):
            CommentFactory(story=story)
            CommentFactory(story=story, author=None, guest_name="Gast")

    add(1)
    few = [_count(client, path) for path in paths]
    add(8)
    assert [_count(client, path) for path in paths] == few


@pytest.mark.django_db
def test_a_commenters_new_name_changes_the_etag(client, owner, oslo):
    for path in feed_paths(oslo):
        url = path.format("rss")
        etag = client.get(url)["ETag"]
        owner.display_name = f"Olga {path}"
        owner.save()
        renamed = client.get(url, headers={"If-None-Match": etag})
        assert renamed.status_code == 200
        assert f"Olga {path}" in renamed.content.decode()
