"""In Chromium, end to end: a guest asks to be told of replies, the comment is held, the
owner (told by mail) approves it in the queue and replies on the story page, and the
guest's reply mail arrives at a real SMTP server on loopback and unsubscribes."""

import pytest

from federkiel.comments.models import Comment, CommentSettings, ModerationMode
from federkiel.comments.tests.mail_helpers import body, header, link_after, path_of, subject
from federkiel.factories import PASSWORD, StoryFactory
from federkiel.mail.models import OutgoingMail
from federkiel.mail.tests.smtp import loopback_smtp


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_held_comment_approved_answered_and_the_guest_told(
    page, browser, live_server, blog, owner, settings
):
    settings.COMMENT_MIN_SECONDS = 0  # the browser fills the form faster than a person
    CommentSettings.objects.create(blog=blog, moderation=ModerationMode.FIRST_TIME)
    story = StoryFactory(blog=blog, author=owner, title="Über Füße")
    story_path = f"/kiel/stories/{story.slug}/"

    with loopback_smtp() as smtp:
        # The guest writes and asks to hear of replies.
        page.goto(story_path)
        page.fill("#comment-name", "Schlafmuetze")
        page.fill("#comment-email", "schlaf@example.org")
        page.fill("#comment-text", "Wie war das mit den *Füßen*?")
        page.check("#comment-notify")
        page.get_by_role("button", name="Kommentar senden").click()
        page.locator(".comment-pending .comment-flag").wait_for()
        comment = Comment.objects.get()
        assert comment.state == Comment.State.PENDING
        assert comment.notify_replies is True

        # The owner was told, and the mail leads to the queue.
        (held_mail,) = smtp.messages_to("olga@example.org")
        assert "Kommentar wartet auf Freischaltung" in subject(held_mail)
        assert "> Wie war das mit den *Füßen*?" in body(held_mail)
        queue_path = path_of(link_after(held_mail, "Alle Kommentare, die auf Freischaltung"))

        # The owner signs in in a browser of their own and approves it in the queue.
        owner_context = browser.new_context(base_url=live_server.url, locale="de-DE")
        owner_page = owner_context.new_page()
        owner_page.set_default_timeout(15_000)
        owner_page.goto(f"/accounts/login/?next={queue_path}")
        owner_page.fill("input[name=username]", "olga")
        owner_page.fill("input[name=password]", PASSWORD)
        owner_page.locator("main form button[type=submit]").click()
        row = owner_page.locator(f"#row-{comment.pk}")
        assert "Wie war das mit den" in row.inner_text()
        row.get_by_role("button", name="veröffentlichen").click()
        owner_page.locator(".messages", has_text="1 Kommentar veröffentlicht.").wait_for()
        comment.refresh_from_db()
        assert comment.state == Comment.State.PUBLISHED

        # The owner replies under it on the story page.
        owner_page.goto(story_path)
        owner_page.locator(
            f"#comment-{comment.pk} .comment-actions a", has_text="antworten"
        ).click()
        owner_page.locator("#comment-form h3", has_text="Schlafmuetze").wait_for()
        owner_page.fill("#comment-text", "Die Füße waren **kalt**.")
        owner_page.get_by_role("button", name="Kommentar senden").click()
        owner_page.locator(f"#comment-{comment.pk} .replies strong", has_text="kalt").wait_for()
        answer = Comment.objects.get(parent=comment)
        assert answer.state == Comment.State.PUBLISHED
        owner_context.close()

        # The guest's reply mail reached the loopback server; the owner got none of it.
        (reply_mail,) = smtp.messages_to("schlaf@example.org")
        assert subject(reply_mail) == "[Kieler Nachrichten] Olga hat geantwortet: „Über Füße“"
        assert "> Die Füße waren **kalt**." in body(reply_mail)
        assert link_after(reply_mail, "Lesen und antworten:").endswith(
            f"{story_path}#comment-{answer.pk}"
        )
        unsubscribe = link_after(reply_mail, "öffne diesen Link:")
        assert header(reply_mail, "List-Unsubscribe") == f"<{unsubscribe}>"
        assert header(reply_mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        assert len(smtp.messages_to("olga@example.org")) == 1
        assert not OutgoingMail.objects.filter(sent_at=None).exists()

        # The guest follows the unsubscribe link: a page with a button, then done.
        page.goto(path_of(unsubscribe))
        comment.refresh_from_db()
        assert comment.notify_replies is True
        page.get_by_role("button", name="Diese E-Mails abbestellen").click()
        page.get_by_text("Erledigt: Du bekommst keine E-Mails mehr").wait_for()
        comment.refresh_from_db()
        assert comment.notify_replies is False
