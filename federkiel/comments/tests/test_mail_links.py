"""The publish and mark-as-spam links in moderators' mail: followed from the mail the
loopback server received; GET never acts, POST checks the token and the role again."""

import pytest
from django.core import signing
from django.test import Client

from federkiel.blogs.models import Membership, Role
from federkiel.comments import mail_links
from federkiel.comments.mail_links import moderation_token
from federkiel.comments.models import Comment
from federkiel.comments.tests.helpers import guest_form, make_comment, post_url
from federkiel.comments.tests.mail_helpers import link_after, path_of
from federkiel.factories import BlogFactory, CommentFactory, MembershipFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(client, story, owner, smtp_server, django_capture_on_commit_callbacks):
    """A held guest comment and the owner's mail about it."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(story), guest_form(email="g@example.org", text="Bitte freischalten"))
    client.cookies.clear()
    (message,) = smtp_server.messages()
    return Comment.objects.get(), message


def state(comment):
    return Comment.objects.get(pk=comment.pk).state


def decide_url(comment, user, decision, blog="kiel"):
    return f"/{blog}/comments/decide/{moderation_token(comment, user, decision)}/"


def test_publish_link_shows_a_button_and_only_the_post_publishes(held):
    comment, message = held
    url = path_of(link_after(message, "Veröffentlichen:"))
    browser = Client(enforce_csrf_checks=True)  # no session: the mail link is enough
    page = browser.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Bitte freischalten" in html
    assert "Zurückgehalten wegen: der erste Kommentar dieser Person" in " ".join(html.split())
    assert "Diesen Kommentar veröffentlichen" in html
    assert state(comment) == Comment.State.PENDING  # a mail scanner's GET changes nothing
    token = browser.cookies["csrftoken"].value
    done = browser.post(url, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200
    assert "Der Kommentar ist veröffentlicht." in done.content.decode()
    assert state(comment) == Comment.State.PUBLISHED
    again = browser.get(url).content.decode()
    assert "schon veröffentlicht" in again
    assert "<button" not in again.split("<main")[1].split("Moderation")[0]


def test_spam_link_marks_spam_on_post(held):
    comment, message = held
    url = path_of(link_after(message, "Als Spam markieren:"))
    assert "Diesen Kommentar als Spam markieren" in Client().get(url).content.decode()
    assert state(comment) == Comment.State.PENDING
    response = Client().post(url)
    assert "Der Kommentar ist als Spam markiert." in response.content.decode()
    assert state(comment) == Comment.State.SPAM


def tampered(url):
    value, _, signature = url.rstrip("/").rpartition(":")
    return f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}/"


def test_tampered_forged_and_misdirected_links_change_nothing(held, story, owner):
    comment, message = held
    url = path_of(link_after(message, "Veröffentlichen:"))
    forged = signing.dumps({"c": comment.pk, "u": owner.pk, "d": "approve"}, salt="other")
    wrong_shape = signing.dumps(["approve", comment.pk], salt=mail_links.SALT)
    unknown_decision = signing.dumps(
        {"c": comment.pk, "u": owner.pk, "d": "delete"}, salt=mail_links.SALT
    )
    BlogFactory(name="woanders")
    for bad in (
        tampered(url),
        f"/kiel/comments/decide/{forged}/",
        f"/kiel/comments/decide/{wrong_shape}/",
        f"/kiel/comments/decide/{unknown_decision}/",
        "/kiel/comments/decide/nonsense/",
        url.replace("/kiel/", "/woanders/"),
    ):
        for method in (Client().get, Client().post):
            response = method(bad)
            assert response.status_code == 404, bad
            html = response.content.decode()
            assert "Dieser Link ist ungültig." in html
            assert "Bitte freischalten" not in html
    assert state(comment) == Comment.State.PENDING


def test_expired_link_says_so(story, owner, monkeypatch):
    comment = CommentFactory(story=story, state=Comment.State.PENDING)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 8 * 24 * 3600)
    url = decide_url(comment, owner, "approve")
    monkeypatch.setattr(signing.time, "time", real_time)
    response = Client().post(url)
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen." in response.content.decode()
    assert state(comment) == Comment.State.PENDING


def test_demoted_or_removed_manager_cannot_use_the_link(story, manager):
    comment = CommentFactory(story=story, state=Comment.State.PENDING)
    url = decide_url(comment, manager, "approve")
    Membership.objects.filter(user=manager).update(role=Role.CONTRIBUTOR)
    for method in (Client().get, Client().post):
        response = method(url)
        assert response.status_code == 403
        assert "moderiert dieses Weblog nicht mehr" in response.content.decode()
    Membership.objects.filter(user=manager).delete()
    assert Client().post(url).status_code == 403
    manager.is_active = False
    manager.save()
    assert Client().post(url).status_code == 404
    assert state(comment) == Comment.State.PENDING


def test_link_of_another_blogs_moderator_does_nothing_here(story):
    elsewhere = BlogFactory(name="woanders")
    stranger = MembershipFactory(blog=elsewhere, role=Role.OWNER).user
    comment = CommentFactory(story=story, state=Comment.State.PENDING)
    assert Client().post(decide_url(comment, stranger, "approve")).status_code == 403
    other_story = StoryFactory(blog=elsewhere)
    other = CommentFactory(story=other_story, state=Comment.State.PENDING)
    assert Client().post(decide_url(other, stranger, "approve")).status_code == 404
    assert state(comment) == state(other) == Comment.State.PENDING


@pytest.mark.parametrize("deleted_by_author", [False, True])
def test_link_to_a_deleted_comment_changes_nothing(story, owner, deleted_by_author):
    comment = CommentFactory(
        story=story, state=Comment.State.DELETED, deleted_by_author=deleted_by_author
    )
    for decision in ("approve", "spam"):
        response = Client().post(decide_url(comment, owner, decision))
        assert response.status_code == 409
        assert "Dieser Kommentar wurde inzwischen gelöscht." in response.content.decode()
    assert state(comment) == Comment.State.DELETED


def test_a_comment_gone_entirely_is_an_invalid_link(story, owner):
    comment = CommentFactory(story=story, state=Comment.State.PENDING)
    url = decide_url(comment, owner, "spam")
    comment.delete()
    assert Client().post(url).status_code == 404


def test_marking_spam_twice_is_a_calm_no_op(story, owner):
    comment = CommentFactory(story=story, state=Comment.State.SPAM)
    response = Client().post(decide_url(comment, owner, "spam"))
    assert response.status_code == 200
    assert "schon als Spam markiert" in response.content.decode()
    assert state(comment) == Comment.State.SPAM


@pytest.mark.parametrize("kind", ["decide", "unsubscribe"])
def test_mail_links_work_on_the_blogs_subdomain(
    story, owner, smtp_server, django_capture_on_commit_callbacks, kind
):
    from django.test import override_settings

    from federkiel.comments.tests.mail_helpers import header
    from federkiel.comments.writing import Commenter, post_comment

    subdomains = override_settings(
        URL_MODE="subdomain",
        BASE_URL="http://example.org",
        BASE_DOMAIN="example.org",
        ALLOWED_HOSTS=["example.org", ".example.org"],
    )
    asked = make_comment(
        story=story, author=None, guest_name="Gast", guest_email="gast@example.org",
        notify_replies=True,
    )  # fmt: skip
    with subdomains, django_capture_on_commit_callbacks(execute=True):
        held = post_comment(story, Commenter(name="Gustav", email="g@example.org"), "Hallo")
        post_comment(story, Commenter(user=owner), "Antwort", parent=asked)
    (to_owner,) = smtp_server.messages_to("olga@example.org")
    (to_guest,) = smtp_server.messages_to("gast@example.org")
    if kind == "decide":
        url = link_after(to_owner, "Veröffentlichen:")
    else:
        url = header(to_guest, "List-Unsubscribe").strip("<>")
    assert url.startswith(f"http://kiel.example.org/comments/{kind}/")
    with subdomains:
        response = Client().post(path_of(url), HTTP_HOST="kiel.example.org")
    assert response.status_code == 200
    asked.refresh_from_db()
    if kind == "decide":
        assert state(held) == Comment.State.PUBLISHED
    else:
        assert asked.notify_replies is False
