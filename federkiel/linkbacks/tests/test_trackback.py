import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Visibility
from federkiel.comments.models import BlockedCommenter, Comment, CommentSettings, ModerationRule
from federkiel.factories import StoryFactory
from federkiel.linkbacks.models import Linkback
from federkiel.linkbacks.tests.helpers import assert_inert_where_shown
from federkiel.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

PING = {
    "title": "Füße im Norden",
    "excerpt": "Ich schrieb über Füße.",
    "url": "https://anderes.example/2009/01/fuesse",
    "blog_name": "Anderes Blog",
}


def tb_url(story, key=None):
    return f"/{story.blog.name}/stories/{key or story.pk}/modTrackback"


def answer(response):
    root = ET.fromstring(response.content)
    return root.findtext("error"), root.findtext("message")


FORM = "application/x-www-form-urlencoded"


def ping(client, story, key=None, **fields):
    return client.post(tb_url(story, key), urlencode({**PING, **fields}), content_type=FORM)


def test_trackback_lands_in_the_thread_marked_by_kind(client, story, publish_at_once):
    response = ping(client, story)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert answer(response) == ("0", None)
    comment = Comment.objects.get(story=story)
    assert comment.kind == Comment.Kind.TRACKBACK
    assert comment.state == Comment.State.PUBLISHED
    assert comment.guest_name == "Anderes Blog"
    assert comment.guest_website == PING["url"]
    assert Linkback.objects.get(comment=comment).source_url == PING["url"]
    html = client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()
    assert "(Trackback)" in html
    assert f'href="{PING["url"]}" rel="nofollow ugc noopener">Füße im Norden</a>' in html
    assert "Ich schrieb über Füße." in html


def test_slug_address_works_too(client, story, publish_at_once):
    assert answer(ping(client, story, key=story.slug)) == ("0", None)
    assert Comment.objects.filter(story=story).count() == 1


def test_first_time_sites_are_held_and_moderators_get_mail(client, story, owner):
    assert answer(ping(client, story)) == ("0", None)
    comment = Comment.objects.get(story=story)
    assert comment.state == Comment.State.PENDING
    assert comment.hold_reason == "moderation: first comment"
    mail = OutgoingMail.objects.get(to=owner.email)
    assert "Anderes Blog (Gast) verlinkte „Über Füße“ in Kieler Nachrichten (Trackback):" in (
        " ".join(mail.body.split())
    )
    assert "Ich schrieb über Füße." in mail.body
    queue = client
    queue.force_login(owner)
    page = queue.get(f"/{story.blog.name}/comments/moderation/").content.decode()
    assert "Trackback" in page and "Füße im Norden" in page


def test_a_site_with_a_published_linkback_is_returning(client, story, blog, owner):
    ping(client, story)
    Comment.objects.update(state=Comment.State.PUBLISHED)
    other = StoryFactory(blog=blog, author=owner)
    ping(client, other, url="https://anderes.example/2009/02/mehr")
    assert Comment.objects.get(story=other).state == Comment.State.PUBLISHED


def test_spam_checkers_decide(client, story, publish_at_once):
    ping(client, story, excerpt="[url=http://pills.example]cheap[/url] viagra casino")
    assert Comment.objects.get(story=story).state in (Comment.State.SPAM, Comment.State.PENDING)
    assert Comment.objects.get(story=story).hold_reason


def test_rejecting_rule_answers_error(client, story, blog):
    ModerationRule.objects.create(blog=blog, pattern="Füße", action="reject")
    code, message = answer(ping(client, story))
    assert code == "1"
    assert message == "Dieses Weblog nimmt keine Kommentare mit diesen Wörtern an."
    assert not Comment.objects.exists()


def test_blocked_site_name_is_refused(client, story, blog):
    BlockedCommenter.objects.create(blog=blog, name="Anderes Blog")
    assert answer(ping(client, story))[0] == "1"
    assert not Comment.objects.exists()


def test_repeat_ping_updates_instead_of_duplicating(client, story, publish_at_once):
    ping(client, story)
    assert answer(ping(client, story, excerpt="Neue Fassung.")) == ("0", None)
    comment = Comment.objects.get(story=story)
    assert "Neue Fassung." in comment.rendered_html
    assert comment.edited_at is not None
    assert Linkback.objects.count() == 1


def test_repeat_ping_leaves_spam_and_removed_ones_alone(client, story, publish_at_once):
    ping(client, story)
    Comment.objects.update(state=Comment.State.SPAM)
    ping(client, story, excerpt="Neue Fassung.")
    comment = Comment.objects.get(story=story)
    assert comment.state == Comment.State.SPAM
    assert "Neue Fassung." not in comment.rendered_html


@pytest.mark.parametrize(
    "url",
    ["", "javascript:alert(1)", "ftp://anderes.example/x", "data:text/html,hi", "nix",
     "https://anderes.example/" + "x" * 500],
)  # fmt: skip
def test_url_must_be_http(client, story, url):
    code, message = answer(ping(client, story, url=url))
    assert code == "1"
    assert "Adresse" in message  # in German: the blog's language
    assert not Comment.objects.exists()


def test_error_message_in_the_blogs_language(client, publish_at_once, owner):
    from federkiel.factories import BlogFactory, MembershipFactory

    english = BlogFactory(name="harbour", language="en")
    MembershipFactory(blog=english, user=owner)
    story = StoryFactory(blog=english, author=owner)
    assert answer(ping(client, story, url="ftp://x.example/"))[1].startswith("The linking page")


def test_fields_are_shortened_and_markup_is_plain_text(client, story, publish_at_once):
    ping(client, story, title="T" * 500, excerpt="<b>fett</b> " + "x" * 5000, blog_name="N" * 200)
    comment = Comment.objects.get(story=story)
    assert len(comment.guest_name) <= 80
    assert comment.text.startswith("T" * 199)
    assert len(comment.text) < 1300
    assert "<b>" not in comment.rendered_html and "&lt;b&gt;" not in comment.rendered_html
    assert "fett" in comment.rendered_html


XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_script_payloads_stay_inert(client, story, owner, publish_at_once):
    ping(
        client, story, title=XSS, excerpt=f"&lt;script&gt;alert(3)&lt;/script&gt; {XSS}",
        blog_name=XSS, url='https://anderes.example/"><script>alert(4)</script>',
    )  # fmt: skip
    ping(client, story, title=XSS, excerpt=XSS, blog_name=XSS, url="https://anderes.example/2")
    assert Comment.objects.filter(kind="trackback").count() == 2
    assert_inert_where_shown(client, story, owner, "alert(1)")  # shown as text


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/x-www-form-urlencoded; charset=utf-8", "F%C3%BC%C3%9Fe", "Füße"),
        ("application/x-www-form-urlencoded; charset=iso-8859-1", "F%FC%DFe", "Füße"),
        ("application/x-www-form-urlencoded; charset=iso-8859-15", "5%A4", "5€"),
        ("application/x-www-form-urlencoded; charset=koi8-r", "%F0%D2%C9%D7%C5%D4", "Привет"),
        ("application/x-www-form-urlencoded", "F%FC%DFe", "Füße"),
        ("application/x-www-form-urlencoded", "F%C3%BC%C3%9Fe", "Füße"),
        ("application/x-www-form-urlencoded; charset=bogus", "F%C3%BC%C3%9Fe", "Füße"),
    ],
)
def test_charsets(client, story, publish_at_once, content_type, body, expected):
    data = f"title={body}&url=https%3A%2F%2Fanderes.example%2Fa&blog_name=B"
    response = client.generic("POST", tb_url(story), data.encode("ascii"), content_type)
    assert answer(response) == ("0", None)
    assert Comment.objects.get(story=story).text == expected


def test_get_explains_with_405(client, story):
    response = client.get(tb_url(story))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert answer(response)[0] == "1"


def test_unknown_story_and_blog(client, story):
    assert ping(client, story, key="999999").status_code == 404
    response = client.post("/nirgends/stories/1/modTrackback", PING)  # multipart works too
    assert response.status_code == 404
    assert answer(response)[0] == "1"


@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
def test_private_blogs_take_none_even_from_members(client, story, blog, owner, visibility):
    blog.visibility = visibility
    blog.save()
    client.force_login(owner)
    response = ping(client, story)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_drafts_take_none(client, blog, owner):
    draft = StoryFactory(blog=blog, author=owner, status="draft")
    assert ping(client, draft).status_code == 404


@pytest.mark.parametrize("mode", ["signed_in", "members", "nobody"])
def test_only_stories_open_to_guests(client, story, blog, mode):
    CommentSettings.objects.create(blog=blog, mode=mode)
    code, message = answer(ping(client, story))
    assert code == "1"
    assert message == "Dieser Beitrag nimmt keine Linkbacks an."
    assert not Comment.objects.exists()


def test_closed_comments_take_none(client, story):
    story.comments_open = False
    story.save()
    assert answer(ping(client, story))[0] == "1"


def test_rate_limited_per_address(client, story, blog, owner, publish_at_once, settings):
    settings.COMMENT_RATE_PER_IP = 2
    others = [StoryFactory(blog=blog, author=owner) for _ in range(3)]
    codes = [answer(ping(client, s))[0] for s in others]
    assert codes == ["0", "0", "1"]


def test_request_flood_limited(client, story):
    for _ in range(30):
        client.get(tb_url(story))  # GETs do not count
    responses = [ping(client, story, url="nix") for _ in range(31)]
    assert responses[29].status_code == 200
    assert responses[30].status_code == 429


def test_story_page_shows_the_trackback_url_and_rdf(client, story, settings):
    html = client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()
    url = f"{settings.BASE_URL}/{story.blog.name}/stories/{story.pk}/modTrackback"
    assert f"<code>{url}</code>" in html
    assert f'trackback:ping="{url}"' in html


def test_no_trackback_url_where_none_are_taken(client, story, blog):
    CommentSettings.objects.create(blog=blog, mode="signed_in")
    html = client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()
    assert "modTrackback" not in html


def test_story_page_queries_unchanged_by_linkbacks(client, story, publish_at_once):
    client.get(f"/{story.blog.name}/stories/{story.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/{story.blog.name}/stories/{story.pk}/")
    for n in range(3):
        ping(client, story, url=f"https://anderes.example/{n}")
    with CaptureQueriesContext(connection) as after:
        client.get(f"/{story.blog.name}/stories/{story.pk}/")
    assert len(after) == len(before)


def test_a_ping_with_too_many_fields_gets_an_error_not_a_crash(client, story, publish_at_once):
    body = urlencode({**PING, **{f"x{n}": "y" for n in range(30)}})
    response = client.post(tb_url(story), body, content_type=FORM)
    assert response.status_code in (200, 400)
    assert answer(response)[0] == "1"
    assert not Comment.objects.exists()
