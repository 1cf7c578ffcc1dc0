import re
from datetime import datetime

import mf2py
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.comments.models import Comment
from federkiel.comments.tests.helpers import BERLIN, page_url, words
from federkiel.factories import BlogFactory, CommentFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(day, hour, minute):
    return datetime(2009, 1, day, hour, minute, tzinfo=BERLIN)


def test_german_heading_and_short_reply_line(client, story, owner):
    sleepy = UserFactory(username="schlafmuetze", display_name="")
    top = CommentFactory(story=story, author=sleepy, created_at=at(8, 21, 59))
    owner.display_name = "PeZwo"
    owner.save()
    CommentFactory(story=story, author=owner, parent=top, created_at=at(8, 23, 47))
    text = words(client.get(page_url(story)).content.decode())
    assert "Also sprach schlafmuetze am Donnerstag, 8. Januar 2009, 21:59 wie folgt:" in text
    assert "PeZwo - 8. Jan, 23:47" in text
    assert "Kommentare (2)" in text


def test_english_heading(client, owner):
    blog = BlogFactory(name="tide", language="en")
    story = StoryFactory(blog=blog, author=owner)
    CommentFactory(story=story, author=UserFactory(display_name="Sleepy"), created_at=at(8, 21, 59))
    text = words(client.get(page_url(story)).content.decode())
    assert "Sleepy wrote on Thursday, January 8, 2009, 9:59 PM:" in text
    assert "Comments (1)" in text


def test_oldest_first_and_replies_nested_under_their_comment(client, story):
    later = CommentFactory(story=story, text="second top", created_at=at(9, 10, 0))
    first = CommentFactory(story=story, text="first top", created_at=at(8, 10, 0))
    CommentFactory(story=story, parent=first, text="reply to first", created_at=at(10, 10, 0))
    html = client.get(page_url(story)).content.decode()
    assert html.index("first top") < html.index("reply to first") < html.index("second top")
    assert f'id="comment-{first.pk}"' in html
    assert f'id="comment-{later.pk}"' in html


def test_guest_is_marked_and_web_site_linked_nofollow(client, story):
    CommentFactory(
        story=story, author=None, guest_name="Gast Gustav", guest_website="https://gustav.example"
    )
    html = client.get(page_url(story)).content.decode()
    assert "(Gast)" in html
    assert 'rel="nofollow ugc" href="https://gustav.example"' in html


def test_account_web_site_is_linked_nofollow_and_not_marked_guest(client, story):
    member = UserFactory(display_name="Mitglied", website="https://mitglied.example/blog")
    CommentFactory(story=story, author=member)
    html = client.get(page_url(story)).content.decode()
    assert (
        '<a class="p-name u-url" rel="nofollow ugc" href="https://mitglied.example/blog">'
        "Mitglied</a>"
    ) in html
    assert "(Gast)" not in html


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "data:text/html,x", "/relative"]
)
def test_web_site_stored_without_http_is_not_linked(client, story, website):
    # The forms refuse these; rows written by other means must not become links either.
    member = UserFactory(display_name="Mitglied", website=website)
    CommentFactory(story=story, author=None, guest_name="Gast Gustav", guest_website=website)
    CommentFactory(story=story, author=member)
    html = client.get(page_url(story)).content.decode()
    assert '<span class="p-name">Gast Gustav</span>' in html
    assert '<span class="p-name">Mitglied</span>' in html
    assert "p-name u-url" not in html


def test_guest_email_is_never_shown(client, story):
    CommentFactory(story=story, author=None, guest_name="G", guest_email="secret@example.org")
    assert "secret@example.org" not in client.get(page_url(story)).content.decode()


def test_pending_and_spam_hidden_from_others_shown_to_their_author(client, story, outsider):
    CommentFactory(story=story, author=outsider, text="wait for me", state=Comment.State.PENDING)
    CommentFactory(story=story, text="buy pills", state=Comment.State.SPAM)
    html = client.get(page_url(story)).content.decode()
    assert "wait for me" not in html and "buy pills" not in html
    client.force_login(outsider)
    html = client.get(page_url(story)).content.decode()
    assert "wait for me" in html
    assert "Dein Kommentar wartet auf Freischaltung." in html
    assert "buy pills" not in html


def test_deleted_comment_keeps_its_replies_in_place(client, story):
    gone = CommentFactory(story=story, text="", state=Comment.State.DELETED, deleted_by_author=True)
    CommentFactory(story=story, parent=gone, text="an answer")
    CommentFactory(story=story, text="lonely", state=Comment.State.DELETED)
    html = client.get(page_url(story)).content.decode()
    assert "Dieser Kommentar wurde von seinem Autor gelöscht." in html
    assert "an answer" in html
    assert "lonely" not in html
    assert "Dieser Kommentar wurde entfernt." not in html


def test_former_member_shown_when_account_is_gone(client, story):
    CommentFactory(story=story, author=None, guest_name="")
    assert "ein ehemaliges Mitglied" in client.get(page_url(story)).content.decode()


def test_microformats_nest_comments_and_replies_in_the_entry(client, story):
    top = CommentFactory(
        story=story,
        author=None,
        guest_name="Gustav",
        guest_website="https://gustav.example",
        text="top *text*",
        created_at=at(8, 21, 59),
    )
    CommentFactory(
        story=story, parent=top, author=UserFactory(display_name="Olga"), text="an answer"
    )
    html = client.get(page_url(story)).content.decode()
    parsed = mf2py.parse(doc=html, url="http://testserver" + page_url(story))
    entries = [i for i in parsed["items"] if "h-entry" in i["type"]]
    assert len(entries) == 1
    comments = entries[0]["properties"]["comment"]
    assert len(comments) == 1
    comment = comments[0]
    assert comment["type"] == ["h-cite"]
    props = comment["properties"]
    assert props["author"][0]["type"] == ["h-card"]
    assert props["author"][0]["properties"]["name"] == ["Gustav"]
    assert props["author"][0]["properties"]["url"] == ["https://gustav.example"]
    assert props["published"][0].startswith("2009-01-08T21:59:00+01")
    assert props["url"] == [f"http://testserver{page_url(story)}#comment-{top.pk}"]
    assert props["content"][0]["html"] == "<p>top <em>text</em></p>"
    replies = props["comment"]
    assert [r["properties"]["content"][0]["value"] for r in replies] == ["an answer"]
    assert replies[0]["properties"]["author"][0]["properties"]["name"] == ["Olga"]


def test_story_page_queries_constant_and_no_markdown_work(client, story, monkeypatch):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(story)).status_code == 200
        return len(queries)

    CommentFactory(story=story)
    few = count_queries()
    tops = CommentFactory.create_batch(40, story=story)
    for top in tops:
        CommentFactory.create_batch(4, story=story, parent=top)
    assert Comment.objects.filter(story=story).count() == 201

    def no_rendering(*args, **kwargs):
        raise AssertionError("Markdown rendered while showing a page")

    monkeypatch.setattr("markdown_it.MarkdownIt.render", no_rendering)
    monkeypatch.setattr("nh3.clean", no_rendering)
    assert count_queries() == few


def add_comments(story, reader, count):
    """`count` comments in threads of five: a top-level comment by someone else, then
    replies by `reader` (published and recent, so editable; held; spam) and a stranger."""
    states = [Comment.State.PUBLISHED, Comment.State.PENDING, Comment.State.SPAM]
    for n in range(count // 5):
        top = CommentFactory(story=story)
        for state in states:
            CommentFactory(story=story, parent=top, author=reader, state=state)
        CommentFactory(story=story, parent=top, author=None, guest_name=f"Gast {n}")


@pytest.mark.parametrize("who", ["outsider", "manager", "owner"])
def test_story_page_queries_constant_for_a_signed_in_commenter_and_moderators(
    client, story, who, request
):
    reader = request.getfixturevalue(who)
    client.force_login(reader)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(story))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add_comments(story, reader, 5)
    few, html = count_queries()
    add_comments(story, reader, 195)
    assert Comment.objects.filter(story=story).count() == 200
    many, html = count_queries()
    assert many == few
    # The page did show what is particular to this reader: edit links on the own
    # published and held replies, the own held and spam ones marked as waiting.
    assert len(re.findall(r"/comments/\d+/edit/", html)) == 80
    assert html.count("Dein Kommentar wartet auf Freischaltung.") == 80
    assert html.count("?reply=") == 40
    assert ("/kiel/comments/moderation/" in html) == (who != "outsider")


def test_front_page_shows_comment_counts_with_constant_queries(client, blog, owner):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/kiel/")
        assert response.status_code == 200
        return len(queries), words(response.content.decode())

    first = StoryFactory(blog=blog, author=owner)
    CommentFactory.create_batch(3, story=first)
    CommentFactory(story=first, state=Comment.State.PENDING)
    few, text = count_queries()
    assert "3 Kommentare" in text
    for story in StoryFactory.create_batch(5, blog=blog, author=owner):
        CommentFactory(story=story)
    many, text = count_queries()
    assert many == few
    assert "1 Kommentar" in text


def test_linkbacks_are_marked_by_kind(client, story):
    CommentFactory(
        story=story, author=None, guest_name="Other Blog", kind=Comment.Kind.TRACKBACK,
        guest_website="https://other.example/post",
    )  # fmt: skip
    assert "(Trackback)" in words(client.get(page_url(story)).content.decode())
