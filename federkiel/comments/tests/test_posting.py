import time

import pytest

from federkiel.blogs.models import Visibility
from federkiel.comments.forms import make_stamp
from federkiel.comments.models import Comment, CommentSettings
from federkiel.comments.tests.helpers import guest_form, page_url, post_url, stamp, user_form, words
from federkiel.factories import CommentFactory, StoryFactory
from federkiel.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_guest_comment_is_saved_with_details_and_held_first_time(client, story):
    response = client.post(
        post_url(story),
        guest_form(
            name="  Gast   Gustav ",
            email="g@example.org",
            website="gustav.example",
            text="Hallo *Welt*",
        ),
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kiel/stories/{story.slug}/#comment-{comment.pk}"
    assert comment.author is None
    assert comment.guest_name == "Gast Gustav"
    assert comment.guest_email == "g@example.org"
    assert comment.guest_website == "https://gustav.example"
    assert comment.rendered_html == "<p>Hallo <em>Welt</em></p>\n"
    assert comment.state == Comment.State.PENDING
    assert comment.hold_reason == "moderation: first comment"
    assert comment.ip_address == "127.0.0.1"
    assert comment.user_agent == "TestBrowser/1.0"
    assert comment.kind == Comment.Kind.COMMENT
    # The guest sees their held comment; others do not.
    assert "Hallo" in client.get(page_url(story)).content.decode()
    assert "Dein Kommentar wartet" in client.get(page_url(story)).content.decode()
    client.cookies.clear()
    assert "Hallo" not in words(client.get(page_url(story)).content.decode())


def test_returning_guest_is_published_at_once(client, story):
    CommentFactory(story=story, author=None, guest_name="Gustav", guest_email="g@example.org")
    client.post(post_url(story), guest_form(name="gustav", email="G@example.org", text="again"))
    assert Comment.objects.get(text="again").state == Comment.State.PUBLISHED


def test_returning_name_without_email_is_still_held(client, story):
    CommentFactory(story=story, author=None, guest_name="Gustav", guest_email="")
    client.post(post_url(story), guest_form(name="Gustav", text="again"))
    assert Comment.objects.get(text="again").state == Comment.State.PENDING


def test_signed_in_user_writes_only_text(client, story, outsider, publish_at_once):
    client.force_login(outsider)
    response = client.post(post_url(story), user_form(text="Moin", name="ignored"))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.author == outsider
    assert comment.guest_name == ""
    assert comment.state == Comment.State.PUBLISHED
    page = client.get(page_url(story)).content.decode()
    assert 'name="name"' not in page
    assert "Moin" in page


def test_members_and_owner_are_never_held(client, story, owner, subscriber):
    CommentSettings.objects.create(blog=story.blog, moderation="first_time")
    client.force_login(subscriber)
    client.post(post_url(story), user_form(text="member"))
    client.force_login(owner)
    CommentSettings.objects.filter(blog=story.blog).update(moderation="all")
    client.post(post_url(story), user_form(text="owner"))
    assert Comment.objects.get(text="member").state == Comment.State.PUBLISHED
    assert Comment.objects.get(text="owner").state == Comment.State.PUBLISHED


def test_hold_all_holds_returning_commenters(client, story, outsider):
    CommentSettings.objects.create(blog=story.blog, moderation="all")
    CommentFactory(story=story, author=outsider)
    client.force_login(outsider)
    client.post(post_url(story), user_form(text="held"))
    assert Comment.objects.get(text="held").state == Comment.State.PENDING


def test_reply_to_a_reply_joins_the_top_level_comment(client, story, outsider, publish_at_once):
    top = CommentFactory(story=story)
    reply = CommentFactory(story=story, parent=top)
    client.force_login(outsider)
    response = client.post(post_url(story), user_form(text="answer", parent=reply.pk))
    assert response.status_code == 302
    assert Comment.objects.get(text="answer").parent_id == top.pk


def test_reply_form_names_the_comment_replied_to(client, story):
    top = CommentFactory(story=story, author=None, guest_name="Gustav")
    page = client.get(page_url(story) + f"?reply={top.pk}").content.decode()
    assert "Antwort an Gustav" in page
    assert f'name="parent" value="{top.pk}"' in page
    assert f'href="/kiel/stories/{story.slug}/?reply={top.pk}#comment-form"' in page


def test_reply_to_comment_of_another_story_is_404(client, story, owner):
    other = CommentFactory(story=StoryFactory(blog=story.blog, author=owner))
    response = client.post(post_url(story), guest_form(parent=other.pk))
    assert response.status_code == 404
    assert client.post(post_url(story), guest_form(parent="x")).status_code == 404
    assert Comment.objects.count() == 1


def test_reply_to_held_comment_is_404(client, story):
    held = CommentFactory(story=story, state=Comment.State.PENDING)
    assert client.post(post_url(story), guest_form(parent=held.pk)).status_code == 404


def test_closed_story_takes_no_comments(client, story):
    CommentFactory(story=story, text="earlier words")
    story.comments_open = False
    story.save()
    assert client.post(post_url(story), guest_form()).status_code == 404
    page = client.get(page_url(story)).content.decode()
    assert "earlier words" in page
    assert 'id="comment-form"' not in page
    assert "Kommentare sind geschlossen." in page


def test_blog_that_takes_no_comments(client, story):
    CommentSettings.objects.create(blog=story.blog, mode="nobody")
    assert client.post(post_url(story), guest_form()).status_code == 404
    assert 'id="comment-form"' not in client.get(page_url(story)).content.decode()


def test_invisible_blog_and_draft_story_are_404(client, story, owner, outsider):
    draft = StoryFactory(blog=story.blog, author=owner, status="draft")
    client.force_login(owner)
    assert client.post(post_url(draft), user_form()).status_code == 404
    story.blog.visibility = Visibility.RESTRICTED
    story.blog.save()
    client.force_login(outsider)
    assert client.post(post_url(story), user_form()).status_code == 404
    client.logout()
    assert client.post(post_url(story), guest_form()).status_code == 404
    assert client.post("/nosuchblog/stories/1/comments/", guest_form()).status_code == 404
    assert not Comment.objects.exists()


def test_closed_blog_takes_no_comments_but_from_its_owner(
    client, story, owner, manager, subscriber, outsider
):
    story.blog.visibility = Visibility.CLOSED
    story.blog.save()
    assert client.post(post_url(story), guest_form()).status_code == 404
    for reader in (manager, subscriber, outsider):
        client.force_login(reader)
        assert client.post(post_url(story), user_form(text="nope")).status_code == 404
    assert not Comment.objects.exists()
    assert not OutgoingMail.objects.exists()
    client.force_login(owner)
    assert client.post(post_url(story), user_form(text="Notiz")).status_code == 302
    assert list(Comment.objects.values_list("text", flat=True)) == ["Notiz"]


def test_signed_in_only_blog(client, story, outsider):
    CommentSettings.objects.create(blog=story.blog, mode="signed_in")
    assert client.post(post_url(story), guest_form()).status_code == 403
    page = client.get(page_url(story)).content.decode()
    assert "Melde dich an, um zu kommentieren." in page
    client.force_login(outsider)
    assert client.post(post_url(story), user_form()).status_code == 302


def test_members_only_blog(client, story, outsider, subscriber):
    CommentSettings.objects.create(blog=story.blog, mode="members")
    client.force_login(outsider)
    assert client.post(post_url(story), user_form()).status_code == 403
    assert "Nur Mitglieder" in client.get(page_url(story)).content.decode()
    client.force_login(subscriber)
    assert client.post(post_url(story), user_form()).status_code == 302


def test_get_on_post_url_is_not_allowed(client, story):
    assert client.get(post_url(story)).status_code == 405


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "   "}, "text", "Schreib zuerst etwas."),
        ({"text": "x" * 10_001}, "text", "höchstens 10000 Zeichen"),
        ({"text": "<scr\x00ipt>alert(1)</script>"}, "text", "Nullzeichen sind nicht erlaubt."),
        ({"name": ""}, "name", "Bitte gib deinen Namen an."),
        ({"name": "Gus\x00tav"}, "name", "Nullzeichen sind nicht erlaubt."),
        ({"name": "x" * 81}, "name", "höchstens 80 Zeichen"),
        ({"email": "not-an-address"}, "email", "gültige E-Mail-Adresse"),
        ({"website": "javascript:alert(1)"}, "website", "mit http:// oder https:// beginnt"),
        ({"website": "JaVaScRiPt:alert(1)"}, "website", "mit http:// oder https:// beginnt"),
        ({"website": "data:text/html,<b>x</b>"}, "website", "mit http:// oder https:// beginnt"),
        ({"website": "ftp://files.example"}, "website", "mit http:// oder https:// beginnt"),
        ({"website": "http://"}, "website", "mit http:// oder https:// beginnt"),
    ],
)
def test_bad_input_is_rejected_and_typed_values_kept(client, story, fields, field, message):
    data = guest_form(**{"name": "Gustav", "text": "Mein Text", **fields})
    response = client.post(post_url(story), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(message) == 1
    assert not Comment.objects.exists()
    if field != "name":
        assert 'value="Gustav"' in html
    if field != "text":
        assert "Mein Text</textarea>" in html


def test_honeypot_filled_is_rejected(client, story):
    response = client.post(post_url(story), guest_form(homepage="http://spam.example"))
    assert response.status_code == 400
    assert "konnte nicht angenommen werden" in response.content.decode()
    assert not Comment.objects.exists()


def test_form_sent_too_quickly_is_rejected(client, story):
    response = client.post(post_url(story), guest_form(stamp=make_stamp(time.time())))
    assert response.status_code == 400
    assert "Das ging sehr schnell" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("bad_stamp", ["", "forged", "stale"])
def test_missing_forged_or_stale_stamp_is_rejected(client, story, bad_stamp):
    if bad_stamp == "stale":
        bad_stamp = make_stamp(time.time() - 3 * 86400)
    response = client.post(post_url(story), guest_form(stamp=bad_stamp))
    assert response.status_code == 400
    assert "Das Formular ist abgelaufen" in response.content.decode()
    assert not Comment.objects.exists()


def test_double_submission_makes_one_comment(client, story):
    data = guest_form(text="once")
    first = client.post(post_url(story), data)
    second = client.post(post_url(story), data)
    assert Comment.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_same_text_again_with_a_new_form_is_one_comment(client, story, outsider):
    client.force_login(outsider)
    client.post(post_url(story), user_form(text="once"))
    client.post(post_url(story), user_form(text="once", stamp=stamp()))
    assert Comment.objects.count() == 1


def test_xss_in_every_field_is_neutralised(client, story, publish_at_once):
    evil = '"><script>alert(1)</script>'
    client.post(
        post_url(story),
        guest_form(
            name=evil,
            email="x@example.org",
            website='https://evil.example/"onmouseover="alert(1)',
            text=f'{evil} <img src=x onerror=alert(1)> [click](javascript:alert(1)) <a href="x">',
        ),
    )
    comment = Comment.objects.get()
    html = client.get(page_url(story)).content.decode()
    assert "<script>alert(1)" not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in html
    assert "<img" not in comment.rendered_html
    assert '"onmouseover="' not in html
    assert "&lt;script&gt;" in html


def test_links_are_nofollow_and_images_off(client, story, publish_at_once):
    client.post(
        post_url(story),
        guest_form(text="[site](https://example.org) ![pic](https://example.org/a.png)\n# big"),
    )
    html = Comment.objects.get().rendered_html
    assert 'rel="nofollow ugc noopener"' in html
    assert "<img" not in html
    assert "<h1" not in html


def test_images_kept_when_the_operator_allows_them(client, story, publish_at_once, settings):
    settings.COMMENT_IMAGES = True
    client.post(post_url(story), guest_form(text="Seht: ![Füße](https://example.org/fuss.png)"))
    expected = '<img src="https://example.org/fuss.png" alt="Füße">'
    assert expected in Comment.objects.get().rendered_html
    assert expected in client.get(page_url(story)).content.decode()


def test_images_dropped_by_default(client, story, publish_at_once, settings):
    assert settings.COMMENT_IMAGES is False
    client.post(post_url(story), guest_form(text="Seht: ![Füße](https://example.org/fuss.png)"))
    html = Comment.objects.get().rendered_html
    assert "<img" not in html
    # Without the image rule the Markdown is read as "!" and a plain link.
    assert '!<a href="https://example.org/fuss.png" rel="nofollow ugc noopener">Füße</a>' in html
    assert "<img" not in client.get(page_url(story)).content.decode()


def test_server_error_pages_show_form_again_in_english_blog(client, owner):
    from federkiel.factories import BlogFactory

    blog = BlogFactory(name="tide", language="en")
    story = StoryFactory(blog=blog, author=owner)
    response = client.post(post_url(story), guest_form(text=""))
    assert response.status_code == 400
    assert "Write something first." in response.content.decode()


def test_sign_in_link_comes_back_to_the_story(client, story):
    CommentSettings.objects.create(blog=story.blog, mode="signed_in")
    html = client.get(page_url(story)).content.decode()
    link = html[: html.index('">Melde dich an, um zu kommentieren.')]
    assert link[link.rindex('href="') :].startswith('href="/accounts/login/?next=')
    assert link.endswith("/kiel/stories/ueber-fuesse/")
