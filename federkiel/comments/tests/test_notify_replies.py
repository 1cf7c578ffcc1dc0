"""Commenters who ask to be told of replies: one mail per published reply, with a
one-click unsubscribe link (RFC 8058) that works without a session."""

import pytest
from django.test import Client

from federkiel.comments.models import Comment, CommentMailPreference
from federkiel.comments.tests.helpers import guest_form, page_url, post_url, user_form
from federkiel.comments.tests.mail_helpers import body, header, link_after, path_of, subject
from federkiel.comments.writing import Commenter, post_comment
from federkiel.factories import BlogFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = "/kiel/comments/moderation/"


@pytest.fixture(autouse=True)
def quiet_owner(blog, owner):
    """The owner's own mail about new comments is tested elsewhere; here it is off."""
    CommentMailPreference.objects.create(blog=blog, user=owner, new_comments=False)


def subscribed_guest(story, **fields):
    return CommentFactory(
        story=story,
        author=None,
        guest_name="Schlafmuetze",
        guest_email="schlaf@example.org",
        notify_replies=True,
        **fields,
    )


def reply(story, commenter, text="Danke!", parent=None):
    return post_comment(story, commenter, text, parent=parent)


def test_guest_ticks_the_box_and_gets_the_owners_reply(
    client, story, owner, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    html = client.get(page_url(story)).content.decode()
    assert 'name="notify_replies"' in html
    assert "Bei Antworten per E-Mail benachrichtigen" in html
    client.post(
        post_url(story),
        guest_form(email="schlaf@example.org", text="Frage?", notify_replies="on"),
    )
    asked = Comment.objects.get()
    assert asked.notify_replies is True
    assert smtp_server.received == []
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(story), user_form(text="Antwort!", parent=str(asked.pk)))
    answer = Comment.objects.get(text="Antwort!")
    (envelope,) = smtp_server.received
    assert envelope.rcpt_tos == ["schlaf@example.org"]
    (message,) = smtp_server.messages()
    assert subject(message) == "[Kieler Nachrichten] Olga hat geantwortet: „Über Füße“"
    text = body(message)
    assert "Hallo Schlafmuetze," in text
    assert "Olga hat auf deinen Kommentar zu „Über Füße“ in Kieler Nachrichten geantwortet:" in text
    assert "> Antwort!" in text
    assert "> Frage?" in text
    assert link_after(message, "Lesen und antworten:").endswith(
        f"/kiel/stories/{story.slug}/#comment-{answer.pk}"
    )
    unsubscribe = link_after(message, "öffne diesen Link:")
    assert unsubscribe.endswith(f"/kiel/comments/unsubscribe/{asked.unsubscribe_token}/")
    assert header(message, "List-Unsubscribe") == f"<{unsubscribe}>"
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_signed_in_user_subscribes_with_the_account_address(
    client, story, owner, outsider, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    client.post(post_url(story), user_form(text="Meine Frage", notify_replies="on"))
    asked = Comment.objects.get()
    assert asked.notify_replies is True
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=owner), parent=asked)
    assert [e.rcpt_tos for e in smtp_server.received] == [["otto@example.org"]]
    assert "Hallo Otto," in body(smtp_server.messages()[0])


def test_guest_without_address_is_asked_for_one(client, story):
    response = client.post(post_url(story), guest_form(email="", notify_replies="on"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Gib deine E-Mail-Adresse an, um über Antworten benachrichtigt zu werden." in html
    assert 'name="notify_replies" type="checkbox" value="on" checked' in html
    assert not Comment.objects.exists()


def test_unticked_box_subscribes_nobody(
    client, story, owner, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    client.post(post_url(story), guest_form(email="schlaf@example.org", text="Frage"))
    asked = Comment.objects.get()
    assert asked.notify_replies is False
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=owner), parent=asked)
    assert smtp_server.received == []


def test_held_reply_is_announced_when_approved_and_only_once(
    client, story, owner, smtp_server, django_capture_on_commit_callbacks
):
    asked = subscribed_guest(story)
    with django_capture_on_commit_callbacks(execute=True):
        held = reply(story, Commenter(name="Gustav", email="g@example.org"), parent=asked)
    assert held.state == Comment.State.PENDING
    assert smtp_server.received == []  # not published yet
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, {"do": f"approve-{held.pk}"})
    assert [e.rcpt_tos for e in smtp_server.received] == [["schlaf@example.org"]]
    assert "Gustav hat auf deinen Kommentar" in body(smtp_server.messages()[0])
    # Marked as spam and approved again: no second mail about the same reply.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, {"do": f"spam-{held.pk}"})
        client.post(QUEUE + "?state=spam", {"do": f"approve-{held.pk}"})
    assert len(smtp_server.received) == 1


def test_reply_approved_from_the_mail_link_is_announced(
    story, owner, smtp_server, django_capture_on_commit_callbacks
):
    from federkiel.comments.mail_links import moderation_token

    asked = subscribed_guest(story)
    held = reply(story, Commenter(name="Gustav", email="g@example.org"), parent=asked)
    url = f"/kiel/comments/decide/{moderation_token(held, owner, 'approve')}/"
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(url)
    assert [e.rcpt_tos for e in smtp_server.received] == [["schlaf@example.org"]]


def test_no_mail_for_own_replies_spam_or_deleted_subscriptions(
    story, owner, outsider, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    own = CommentFactory(story=story, author=outsider, notify_replies=True)
    spam = subscribed_guest(story, state=Comment.State.SPAM)
    gone = CommentFactory(
        story=story, author=owner, notify_replies=True, state=Comment.State.DELETED
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=outsider), "Nachtrag", parent=own)
        # The same guest again, with the address in other letters.
        reply(story, Commenter(name="Schlafmuetze", email="SCHLAF@example.org"), parent=own)
        reply(story, Commenter(user=outsider), parent=gone)
    # Only the guest's reply to Otto's comment tells Otto.
    assert [e.rcpt_tos for e in smtp_server.received] == [["otto@example.org"]]
    assert spam.state == Comment.State.SPAM


def test_everyone_subscribed_in_the_thread_hears_once_each(
    story, owner, outsider, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    asked = subscribed_guest(story)
    # Otto replied earlier and asked too; the guest replied as well (one mail, not two).
    CommentFactory(story=story, parent=asked, author=outsider, notify_replies=True)
    CommentFactory(
        story=story, parent=asked, author=None, guest_name="Schlafmuetze",
        guest_email="Schlaf@Example.org", notify_replies=True,
    )  # fmt: skip
    CommentFactory(story=story, parent=asked, author=None, guest_name="Stumm", guest_email="")
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=owner), "Allen: danke", parent=asked)
    assert sorted(e.rcpt_tos[0] for e in smtp_server.received) == [
        "otto@example.org",
        "schlaf@example.org",
    ]
    (to_guest,) = smtp_server.messages_to("schlaf@example.org")
    (to_otto,) = smtp_server.messages_to("otto@example.org")
    assert "auf deinen Kommentar" in body(to_guest)
    assert "im Gespräch unter „Über Füße“" in body(to_otto)
    # The guest's mail carries the token of their first comment in the thread.
    assert asked.unsubscribe_token in header(to_guest, "List-Unsubscribe")


def test_one_click_unsubscribe_needs_no_session_or_csrf_token(
    story, owner, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    asked = subscribed_guest(story)
    later = CommentFactory(
        story=story, parent=asked, author=None, guest_name="Schlafmuetze",
        guest_email="schlaf@example.org", notify_replies=True,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=owner), parent=asked)
    (message,) = smtp_server.messages()
    url = path_of(header(message, "List-Unsubscribe").strip("<>"))
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Erledigt: Du bekommst keine E-Mails mehr" in response.content.decode()
    asked.refresh_from_db()
    later.refresh_from_db()
    assert asked.notify_replies is later.notify_replies is False
    assert mail_program.post(url).status_code == 200  # twice is fine
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=owner), "Noch eine Antwort", parent=asked)
    assert len(smtp_server.received) == 1


def test_unsubscribe_page_on_get_shows_a_button_and_changes_nothing(story):
    asked = subscribed_guest(story)
    url = f"/kiel/comments/unsubscribe/{asked.unsubscribe_token}/"
    response = Client().get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diese E-Mails abbestellen" in html
    assert '<form method="post">' in html
    asked.refresh_from_db()
    assert asked.notify_replies is True


def test_unknown_or_misplaced_unsubscribe_token_is_a_clear_404(story):
    asked = subscribed_guest(story)
    BlogFactory(name="woanders")
    for url in (
        "/kiel/comments/unsubscribe/no-such-token/",
        f"/woanders/comments/unsubscribe/{asked.unsubscribe_token}/",
    ):
        for method in (Client().get, Client().post):
            response = method(url)
            assert response.status_code == 404
            html = response.content.decode()
            assert "Dieser Abbestell-Link ist ungültig." in html
            assert "Über Füße" not in html
    asked.refresh_from_db()
    assert asked.notify_replies is True


def test_reply_mail_in_the_language_of_an_english_blog(
    english_story, owner, smtp_server, django_capture_on_commit_callbacks
):
    CommentMailPreference.objects.create(blog=english_story.blog, user=owner, new_comments=False)
    asked = CommentFactory(
        story=english_story, author=None, guest_name="Sleepy", guest_email="s@example.org",
        notify_replies=True,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        reply(english_story, Commenter(user=owner), "Thanks", parent=asked)
    (message,) = smtp_server.messages()
    assert subject(message) == "[Harbour Notes] Olga replied: “On Feet”"
    assert "To get no more of them, open this link:" in body(message)


def test_account_with_unconfirmed_address_is_not_offered_reply_mail(
    client, story, owner, outsider, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    outsider.email_confirmed = False
    outsider.save()
    client.force_login(outsider)
    assert 'name="notify_replies"' not in client.get(page_url(story)).content.decode()
    client.post(post_url(story), user_form(text="Frage", notify_replies="on"))
    asked = Comment.objects.get()
    assert asked.notify_replies is False
    with django_capture_on_commit_callbacks(execute=True):
        reply(story, Commenter(user=owner), parent=asked)
    assert smtp_server.received == []
