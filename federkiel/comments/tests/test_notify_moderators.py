"""Mail to a blog's owner and managers about new and held comments, through a real SMTP
server on loopback; who gets it, in which language, and that none is lost or sent early."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation
from huey.api import TaskWrapper
from huey.contrib.djhuey import HUEY

from federkiel.blogs.models import Visibility
from federkiel.comments.models import Comment, CommentMailPreference, CommentSettings
from federkiel.comments.notifications import hold_explanation
from federkiel.comments.tests.helpers import guest_form, post_url, user_form
from federkiel.comments.tests.mail_helpers import body, link_after, links, subject
from federkiel.comments.writing import Commenter, edit_comment, post_comment
from federkiel.factories import CommentFactory
from federkiel.mail.models import OutgoingMail
from federkiel.mail.outbox import send_queued_mail

pytestmark = pytest.mark.django_db

SETTINGS = "/kiel/comments/settings/"


def recipients(smtp_server):
    return sorted(address for envelope in smtp_server.received for address in envelope.rcpt_tos)


def guest_posts(client, story, **fields):
    return client.post(
        post_url(story),
        guest_form(name="Schlafmuetze", email="schlaf@example.org", **fields),
    )


def test_held_guest_comment_mails_the_owner_with_everything_needed(
    client, story, owner, manager, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest_posts(client, story, text="Schöne *Füße*!\n\nUnd noch etwas.")
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    # The owner by default; the manager has not asked for it; the guest wrote it.
    assert recipients(smtp_server) == ["olga@example.org"]
    (message,) = smtp_server.messages()
    assert subject(message) == (
        "[Kieler Nachrichten] Kommentar wartet auf Freischaltung: „Über Füße“"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None
    text = body(message)
    assert "Hallo Olga," in text
    assert "Schlafmuetze (Gast, schlaf@example.org) hat „Über Füße“ in Kieler Nachrichten" in text
    assert "> Schöne *Füße*!\n>\n> Und noch etwas." in text
    assert "Zurückgehalten wegen: der erste Kommentar dieser Person in diesem Weblog" in text
    approve = link_after(message, "Veröffentlichen:")
    spam = link_after(message, "Als Spam markieren:")
    assert "/kiel/comments/decide/" in approve
    assert "/kiel/comments/decide/" in spam
    assert approve != spam
    assert link_after(message, "Zum Kommentar:").endswith(
        f"/kiel/comments/moderation/?state=pending#row-{comment.pk}"
    )
    assert link_after(message, "Kommentar-Einstellungen ein:").endswith(SETTINGS)


def test_published_comment_mail_offers_spam_but_not_publish(
    client, story, owner, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest_posts(client, story, text="Gleich sichtbar")
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PUBLISHED
    (message,) = smtp_server.messages()
    assert subject(message) == "[Kieler Nachrichten] Neuer Kommentar: „Über Füße“"
    text = body(message)
    assert "Der Kommentar ist veröffentlicht." in text
    assert "Veröffentlichen:" not in text
    assert "Zurückgehalten" not in text
    assert link_after(message, "Zum Kommentar:").endswith(
        f"/kiel/stories/{story.slug}/#comment-{comment.pk}"
    )
    assert "/kiel/comments/decide/" in link_after(message, "Als Spam markieren:")


def test_spam_mails_nobody(client, story, owner, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        guest_posts(client, story, text="[url=http://x.example]cheap viagra[/url]")
    assert Comment.objects.get().state == Comment.State.SPAM
    assert smtp_server.received == []
    assert not OutgoingMail.objects.exists()


def test_english_blog_mails_in_english(
    client, english_story, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest_posts(client, english_story, text="Lovely feet")
    (message,) = smtp_server.messages()
    assert subject(message) == "[Harbour Notes] Comment awaiting moderation: “On Feet”"
    text = body(message)
    assert "Hello Olga," in text
    assert "Schlafmuetze (guest, schlaf@example.org) wrote a comment on “On Feet”" in text
    assert "Held because: the first comment of this writer on the blog" in text
    assert "These links work for 7 days" in text


def test_managers_opt_in_and_owners_opt_out_on_the_settings_page(
    client, story, owner, manager, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    page = client.get(SETTINGS).content.decode()
    assert 'name="new_comments"' in page
    assert "checked" not in page.split('name="new_comments"')[1].split(">")[0]
    response = client.post(SETTINGS, {"form": "mail", "new_comments": "on"}, follow=True)
    assert "Du bekommst E-Mails zu neuen Kommentaren." in response.content.decode()
    client.force_login(owner)
    page = client.get(SETTINGS).content.decode()
    assert "checked" in page.split('name="new_comments"')[1].split(">")[0]
    client.post(SETTINGS, {"form": "mail"})
    assert dict(CommentMailPreference.objects.values_list("user__username", "new_comments")) == {
        "mark": True,
        "olga": False,
    }
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        guest_posts(client, story)
    assert recipients(smtp_server) == ["mark@example.org"]


def test_settings_page_of_a_superuser_from_outside_has_no_mail_setting(client, story, admin_user):
    client.force_login(admin_user)
    page = client.get(SETTINGS).content.decode()
    assert 'name="new_comments"' not in page
    client.post(SETTINGS, {"form": "mail", "new_comments": "on"})
    assert not CommentMailPreference.objects.exists()


def test_nobody_is_mailed_about_their_own_comment(
    client, story, owner, manager, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    CommentMailPreference.objects.create(blog=story.blog, user=manager, new_comments=True)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(story), user_form(text="Von der Eigentümerin"))
    assert recipients(smtp_server) == ["mark@example.org"]
    assert "Olga (@olga) hat „Über Füße“" in body(smtp_server.messages()[0])
    # Signed out, with the account's address: still the owner's own comment.
    client.logout()
    smtp_server.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(story), guest_form(name="Olga", email="OLGA@example.org"))
    assert recipients(smtp_server) == ["mark@example.org"]


def test_reply_mail_names_whom_it_answers(
    client, story, owner, outsider, publish_at_once, smtp_server, django_capture_on_commit_callbacks
):
    top = CommentFactory(story=story, author=None, guest_name="Gustav", guest_email="")
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(story), user_form(text="Antwort", parent=str(top.pk)))
    (message,) = smtp_server.messages()
    assert "Otto (@otto) hat Gustav unter „Über Füße“ in Kieler Nachrichten geantwortet:" in (
        body(message)
    )


def test_managers_of_a_closed_blog_cannot_moderate_so_get_no_mail(
    story, owner, manager, smtp_server, django_capture_on_commit_callbacks
):
    blog = story.blog
    CommentMailPreference.objects.create(blog=blog, user=manager, new_comments=True)
    blog.visibility = Visibility.CLOSED
    blog.save()
    CommentSettings.objects.create(blog=blog, moderation="all")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(story, Commenter(user=owner), "Notiz an mich")
        post_comment(story, Commenter(name="Gast", email="gast@example.org"), "Hallo")
    # The owner's own note mails nobody; the guest's (held) mails the owner only.
    assert recipients(smtp_server) == ["olga@example.org"]


def test_comment_held_after_an_edit_is_announced_as_held(
    story, owner, smtp_server, django_capture_on_commit_callbacks
):
    commenter = Commenter(name="Gustav", email="g@example.org")
    CommentFactory(story=story, author=None, guest_name="Gustav", guest_email="g@example.org")
    comment = post_comment(story, commenter, "Harmlos")
    assert comment.state == Comment.State.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        edit_comment(comment, "Jetzt mit <a href=x>Link</a>", commenter)
    assert comment.state == Comment.State.PENDING
    (message,) = smtp_server.messages()
    assert "Kommentar wartet auf Freischaltung" in subject(message)
    assert "ein als HTML geschriebener Link" in body(message)
    with django_capture_on_commit_callbacks(execute=True):
        edit_comment(comment, "Immer noch mit <a href=y>Link</a>", commenter)
    assert len(smtp_server.received) == 1  # held already: no second mail


def test_rolled_back_comment_sends_nothing(
    story, owner, smtp_server, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        post_comment(story, Commenter(name="Gustav", email="g@example.org"), "Hallo")
        assert OutgoingMail.objects.count() == 1
        raise RuntimeError("the request failed after the comment was written")
    assert callbacks == []
    assert not Comment.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert smtp_server.received == []


def test_mail_is_queued_in_the_transaction_and_sent_only_after_commit(
    story, owner, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_comment(story, Commenter(name="Gustav", email="g@example.org"), "Hallo")
    mail = OutgoingMail.objects.get()
    assert mail.to == "olga@example.org"
    assert mail.sent_at is None
    assert smtp_server.received == []
    for callback in callbacks:
        callback()
    mail.refresh_from_db()
    assert mail.sent_at is not None
    assert recipients(smtp_server) == ["olga@example.org"]


def test_refusing_mail_server_keeps_the_notice_and_a_retry_delivers_it(
    client, story, owner, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_posts(client, story, text="Trotz Störung")
    assert response.status_code == 302  # the commenter never waits for the mail server
    mail = OutgoingMail.objects.get()
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert "451" in mail.last_error
    assert smtp_server.received == []

    smtp_server.refuse = False
    assert send_queued_mail.call_local(mail.pk) is True
    mail.refresh_from_db()
    assert mail.sent_at is not None
    assert mail.last_error == ""
    (message,) = smtp_server.messages()
    assert "> Trotz Störung" in body(message)
    assert len(links(message)) >= 4


@pytest.fixture
def task_queue():
    """The test queue (immediate mode: tasks run when queued, retries wait in its schedule)."""
    HUEY.flush()
    yield HUEY
    HUEY.flush()


def test_refused_notice_is_retried_by_the_queue_and_delivered_once(
    client, story, owner, smtp_server, task_queue, django_capture_on_commit_callbacks
):
    assert isinstance(send_queued_mail, TaskWrapper)
    assert send_queued_mail.retries > 0
    assert send_queued_mail.retry_delay > 0
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_posts(client, story, text="Trotz Störung")
    assert response.status_code == 302
    mail = OutgoingMail.objects.get()
    assert (mail.sent_at, mail.attempts) == (None, 1)
    # The task raised, so the queue scheduled it again after the retry delay.
    (retry,) = task_queue.scheduled()
    assert isinstance(retry, send_queued_mail.task_class)
    assert retry.args == (mail.pk,)
    assert retry.retries == send_queued_mail.retries - 1
    delay = retry.eta - timezone.now().replace(tzinfo=None)
    assert timedelta(0) < delay <= timedelta(seconds=send_queued_mail.retry_delay)
    assert task_queue.read_schedule(retry.eta - timedelta(seconds=1)) == []

    smtp_server.refuse = False
    for due in task_queue.read_schedule(retry.eta):
        task_queue.execute(due, timestamp=retry.eta)
    assert task_queue.scheduled() == []
    mail.refresh_from_db()
    assert mail.sent_at is not None
    assert mail.attempts == 2
    (message,) = smtp_server.messages()
    assert "> Trotz Störung" in body(message)
    assert Comment.objects.filter(text="Trotz Störung", story=story).exists()


def test_closed_mail_port_loses_nothing_either(
    story, owner, settings, django_capture_on_commit_callbacks
):
    from federkiel.mail.tests.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 5
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(story, Commenter(name="Gustav", email="g@example.org"), "Hallo")
    mail = OutgoingMail.objects.get()
    assert mail.sent_at is None
    assert "ConnectionRefusedError" in mail.last_error


def test_hold_reasons_in_words():
    with translation.override("en"):
        assert hold_explanation("rule: Bratwurst; 5 links; only links; something new") == (
            "it matches the blog's rule “Bratwurst”; 5 links; nothing but links; something new"
        )
    assert hold_explanation("") == ""


def test_moderator_with_unconfirmed_address_gets_no_mail(
    story, owner, manager, smtp_server, django_capture_on_commit_callbacks
):
    CommentMailPreference.objects.create(blog=story.blog, user=manager, new_comments=True)
    owner.email_confirmed = False
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(story, Commenter(name="Gustav", email="g@example.org"), "Hallo")
    assert recipients(smtp_server) == ["mark@example.org"]


def test_settings_page_warns_about_an_unconfirmed_address(client, story, manager):
    manager.email_confirmed = False
    manager.save()
    client.force_login(manager)
    html = " ".join(client.get(SETTINGS).content.decode().split())
    assert "Deine E-Mail-Adresse mark@example.org ist noch nicht bestätigt" in html
