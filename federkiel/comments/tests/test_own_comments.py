from datetime import timedelta

import pytest
from django.utils import timezone

from federkiel.comments.models import MAX_TEXT_LENGTH, Comment, ModerationRule
from federkiel.comments.tests.helpers import guest_form, make_comment, page_url, post_url, words
from federkiel.factories import CommentFactory

pytestmark = pytest.mark.django_db


def edit_url(comment):
    return f"/kiel/stories/{comment.story_id}/comments/{comment.pk}/edit/"


def delete_url(comment):
    return f"/kiel/stories/{comment.story_id}/comments/{comment.pk}/delete/"


def test_author_edits_within_the_window(client, story, outsider):
    comment = make_comment(story=story, author=outsider, text="befor")
    client.force_login(outsider)
    page = client.get(page_url(story)).content.decode()
    assert f'href="{edit_url(comment)}"' in page
    form = client.get(edit_url(comment))
    assert form.status_code == 200
    assert "befor</textarea>" in form.content.decode()
    response = client.post(edit_url(comment), {"text": "before *now*"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.text == "before *now*"
    assert comment.rendered_html == "<p>before <em>now</em></p>\n"
    assert comment.edited_at is not None
    assert "(bearbeitet)" in words(client.get(page_url(story)).content.decode())


@pytest.mark.parametrize(
    ("text", "message"),
    [("  ", "Schreib zuerst etwas."), ("x" * (MAX_TEXT_LENGTH + 1), "höchstens 10000 Zeichen")],
)
def test_edit_with_empty_or_too_long_text_keeps_the_comment(client, story, outsider, text, message):
    comment = make_comment(story=story, author=outsider, text="stays")
    client.force_login(outsider)
    response = client.post(edit_url(comment), {"text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "stays"


def test_edit_runs_the_rules_again(client, story, outsider):
    ModerationRule.objects.create(blog=story.blog, pattern="forbidden", action="reject")
    ModerationRule.objects.create(blog=story.blog, pattern="suspicious", action="hold")
    comment = make_comment(story=story, author=outsider, text="fine")
    client.force_login(outsider)
    assert client.post(edit_url(comment), {"text": "forbidden words"}).status_code == 400
    comment.refresh_from_db()
    assert comment.text == "fine"
    client.post(edit_url(comment), {"text": "suspicious words"})
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


def test_held_comment_stays_held_after_edit(client, story, outsider, publish_at_once):
    comment = make_comment(story=story, author=outsider, state=Comment.State.PENDING)
    client.force_login(outsider)
    client.post(edit_url(comment), {"text": "harmless now"})
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


def test_window_closes(client, story, outsider, settings):
    settings.COMMENT_EDIT_MINUTES = 15
    comment = make_comment(
        story=story, author=outsider, created_at=timezone.now() - timedelta(minutes=16)
    )
    client.force_login(outsider)
    assert f'href="{edit_url(comment)}"' not in client.get(page_url(story)).content.decode()
    assert client.get(edit_url(comment)).status_code == 403
    assert client.post(edit_url(comment), {"text": "late"}).status_code == 403
    assert client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED and comment.text != "late"


@pytest.mark.parametrize("who", ["other", "anonymous", "owner"])
def test_others_may_not_edit_or_delete(client, story, outsider, owner, who):
    comment = make_comment(story=story, author=outsider, text="mine")
    if who == "other":
        client.force_login(CommentFactory(story=story).author)
    elif who == "owner":
        client.force_login(owner)
    assert client.get(edit_url(comment)).status_code == 404
    assert client.post(edit_url(comment), {"text": "hijacked"}).status_code == 404
    assert client.post(delete_url(comment)).status_code == 404
    comment.refresh_from_db()
    assert comment.text == "mine" and comment.state == Comment.State.PUBLISHED


def test_comment_of_another_story_is_404(client, story, outsider, owner):
    from federkiel.factories import StoryFactory

    other = StoryFactory(blog=story.blog, author=owner)
    comment = make_comment(story=other, author=outsider)
    client.force_login(outsider)
    url = f"/kiel/stories/{story.pk}/comments/{comment.pk}/edit/"
    assert client.get(url).status_code == 404


def test_guest_edits_and_deletes_in_the_same_session_only(client, story, publish_at_once):
    client.post(post_url(story), guest_form(text="guest words"))
    comment = Comment.objects.get()
    assert client.post(edit_url(comment), {"text": "guest words, fixed"}).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "guest words, fixed"
    assert comment.guest_name == "Schlafmuetze"
    client.cookies.clear()
    assert client.post(delete_url(comment)).status_code == 404


def test_delete_without_replies_removes_it_from_the_thread(client, story, outsider):
    comment = make_comment(story=story, author=outsider, text="oops")
    client.force_login(outsider)
    assert "Diesen Kommentar löschen?" in client.get(delete_url(comment)).content.decode()
    response = client.post(delete_url(comment))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.DELETED
    assert comment.deleted_by_author and comment.text == "" and comment.rendered_html == ""
    page = words(client.get(page_url(story)).content.decode())
    assert "oops" not in page
    assert "gelöscht" not in page
    assert client.post(delete_url(comment)).status_code == 404


def test_deleted_with_replies_keeps_the_thread_shape(client, story, outsider, owner):
    comment = make_comment(story=story, author=outsider, text="question")
    reply = CommentFactory(story=story, author=owner, parent=comment, text="answer")
    client.force_login(outsider)
    client.post(delete_url(comment))
    html = client.get(page_url(story)).content.decode()
    assert "question" not in html
    assert "Dieser Kommentar wurde von seinem Autor gelöscht." in html
    assert html.index(f'id="comment-{comment.pk}"') < html.index(f'id="comment-{reply.pk}"')
