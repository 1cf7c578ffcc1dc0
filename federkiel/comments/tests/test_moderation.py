import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Visibility
from federkiel.comments.models import BlockedCommenter, Comment, CommentSettings, ModerationRule
from federkiel.comments.tests.helpers import guest_form, page_url, post_url, user_form
from federkiel.factories import BlogFactory, CommentFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/kiel/comments/moderation/"
SETTINGS = "/kiel/comments/settings/"


def states(*comments):
    return [Comment.objects.get(pk=c.pk).state for c in comments]


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_managers_and_owners_see_the_queue(client, story, who, request):
    held = CommentFactory(
        story=story, author=None, guest_name="Gustav", guest_email="g@example.org",
        state=Comment.State.PENDING, hold_reason="moderation: first comment", text="hold me",
    )  # fmt: skip
    CommentFactory(story=story, text="already out")
    client.force_login(request.getfixturevalue(who))
    html = client.get(QUEUE).content.decode()
    assert "hold me" in html
    assert "g@example.org" in html
    assert "Zurückgehalten wegen: der erste Kommentar dieser Person in diesem Weblog" in html
    assert "already out" not in html
    assert f'value="approve-{held.pk}"' in html
    assert "already out" in client.get(QUEUE + "?state=published").content.decode()


@pytest.mark.parametrize("who", ["contributor", "subscriber", "outsider"])
def test_others_may_not_moderate(client, story, who, request):
    held = CommentFactory(story=story, state=Comment.State.PENDING)
    client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 403
    assert client.post(QUEUE, {"do": f"approve-{held.pk}"}).status_code == 403
    assert (
        client.post(
            SETTINGS, {"form": "settings", "mode": "anyone", "moderation": "publish"}
        ).status_code
        == 403
    )
    assert states(held) == [Comment.State.PENDING]
    assert not CommentSettings.objects.exists()


def test_anonymous_is_sent_to_sign_in_and_private_blog_is_404(client, story, outsider):
    held = CommentFactory(story=story, state=Comment.State.PENDING)
    response = client.post(QUEUE, {"do": f"approve-{held.pk}"})
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    story.blog.visibility = Visibility.RESTRICTED
    story.blog.save()
    assert client.get(QUEUE).status_code == 404
    client.force_login(outsider)
    assert client.post(QUEUE, {"do": f"approve-{held.pk}"}).status_code == 404
    assert states(held) == [Comment.State.PENDING]


def test_single_actions(client, story, manager):
    a, b, c = CommentFactory.create_batch(3, story=story, state=Comment.State.PENDING)
    client.force_login(manager)
    for decision, comment in (("approve", a), ("spam", b), ("delete", c)):
        response = client.post(QUEUE, {"do": f"{decision}-{comment.pk}"})
        assert response.status_code == 302
    assert states(a, b, c) == [Comment.State.PUBLISHED, Comment.State.SPAM, Comment.State.DELETED]
    assert Comment.objects.get(pk=a.pk).hold_reason == ""


def test_bulk_actions_touch_only_this_blogs_comments(client, story, owner):
    mine = CommentFactory.create_batch(3, story=story, state=Comment.State.PENDING)
    elsewhere = CommentFactory(story=StoryFactory(blog=BlogFactory()), state=Comment.State.PENDING)
    client.force_login(owner)
    ids = [c.pk for c in mine] + [elsewhere.pk]
    response = client.post(QUEUE, {"do": "bulk", "action": "approve", "ids": ids}, follow=True)
    assert states(*mine) == [Comment.State.PUBLISHED] * 3
    assert states(elsewhere) == [Comment.State.PENDING]
    assert "3 Kommentare veröffentlicht." in response.content.decode()


def test_bulk_without_selection_says_so(client, story, owner):
    client.force_login(owner)
    response = client.post(QUEUE, {"do": "bulk", "action": "spam"}, follow=True)
    assert "Wähle eine Aktion und mindestens einen Kommentar." in response.content.decode()
    response = client.post(QUEUE, {"do": "nonsense-1"}, follow=True)
    assert "Wähle eine Aktion" in response.content.decode()


def test_approving_does_not_restore_what_the_author_took_back(client, story, owner):
    gone = CommentFactory(story=story, state=Comment.State.DELETED, deleted_by_author=True)
    client.force_login(owner)
    client.post(QUEUE + "?state=deleted", {"do": f"approve-{gone.pk}"})
    assert states(gone) == [Comment.State.DELETED]


def test_blocking_writers_by_account_email_and_name(client, story, owner, outsider):
    by_account = CommentFactory(story=story, author=outsider, state=Comment.State.PENDING)
    by_email = CommentFactory(
        story=story, author=None, guest_name="Spammy", guest_email="Spam@Example.org",
        state=Comment.State.PENDING,
    )  # fmt: skip
    by_name = CommentFactory(story=story, author=None, guest_name="Nameless", guest_email="")
    client.force_login(owner)
    ids = [by_account.pk, by_email.pk, by_name.pk]
    client.post(QUEUE, {"do": "bulk", "action": "block", "ids": ids})
    client.post(QUEUE, {"do": "bulk", "action": "block", "ids": ids})  # twice: no duplicates
    blocks = BlockedCommenter.objects.filter(blog=story.blog)
    assert blocks.count() == 3
    assert {(b.user_id, b.email, b.name) for b in blocks} == {
        (outsider.pk, "", ""),
        (None, "spam@example.org", ""),
        (None, "", "Nameless"),
    }
    client.logout()
    for data in (
        guest_form(name="Other", email="spam@example.ORG", text="a"),
        guest_form(name="nameless", text="b"),
    ):
        response = client.post(post_url(story), data)
        assert response.status_code == 400
        assert "Du darfst in diesem Weblog nicht kommentieren." in response.content.decode()
    client.force_login(outsider)
    assert client.post(post_url(story), user_form(text="c")).status_code == 400
    # A blocked name stays blocked with any e-mail address; other guests may write.
    client.logout()
    assert (
        client.post(post_url(story), guest_form(name="Nameless", email="n@example.org")).status_code
        == 400
    )
    assert (
        client.post(post_url(story), guest_form(name="Namely", email="n@example.org")).status_code
        == 302
    )


GUEST_WITH_EMAIL = {"author": None, "guest_name": "Gustav", "guest_email": "G@Example.org"}
GUEST_WITH_NAME = {"author": None, "guest_name": "Gustav", "guest_email": ""}


@pytest.mark.parametrize("blocked_as", ["account", "email", "name"])
def test_blocking_one_writer_from_the_queue(client, story, owner, outsider, blocked_as):
    writer = {"account": {"author": outsider}, "email": GUEST_WITH_EMAIL, "name": GUEST_WITH_NAME}
    held = CommentFactory(story=story, **writer[blocked_as], state=Comment.State.PENDING)
    other = CommentFactory(story=story, author=None, guest_name="Nachbar", guest_email="")
    client.force_login(owner)
    response = client.post(QUEUE, {"do": f"block-{held.pk}"}, follow=True)
    assert "1 Kommentierende gesperrt." in response.content.decode()
    block = BlockedCommenter.objects.get()
    assert (block.blog, block.blocked_by) == (story.blog, owner)
    assert (block.user, block.email, block.name) == {
        "account": (outsider, "", ""),
        "email": (None, "g@example.org", ""),
        "name": (None, "", "Gustav"),
    }[blocked_as]
    assert states(held, other) == [Comment.State.PENDING, Comment.State.PUBLISHED]
    # A later comment by the same writer is refused and not saved.
    if blocked_as == "account":
        client.force_login(outsider)
        response = client.post(post_url(story), user_form(text="wieder da"))
    else:
        client.logout()
        response = client.post(
            post_url(story),
            guest_form(name="gustav", email=held.guest_email.lower(), text="wieder da"),
        )
    assert response.status_code == 400
    assert "Du darfst in diesem Weblog nicht kommentieren." in response.content.decode()
    assert not Comment.objects.filter(text="wieder da").exists()


def test_bulk_spam_and_delete(client, story, owner):
    held = CommentFactory.create_batch(2, story=story, state=Comment.State.PENDING)
    published = CommentFactory(story=story, text="was out")
    taken_back = CommentFactory(story=story, state=Comment.State.DELETED, deleted_by_author=True)
    elsewhere = CommentFactory(story=StoryFactory(blog=BlogFactory()))
    still_held = CommentFactory(story=story, state=Comment.State.PENDING)
    client.force_login(owner)
    ids = [c.pk for c in (*held, published, taken_back, elsewhere)]
    response = client.post(QUEUE, {"do": "bulk", "action": "spam", "ids": ids}, follow=True)
    assert "3 Kommentare als Spam markiert." in response.content.decode()
    assert states(*held, published) == [Comment.State.SPAM] * 3
    assert states(taken_back, elsewhere, still_held) == [
        Comment.State.DELETED,
        Comment.State.PUBLISHED,
        Comment.State.PENDING,
    ]
    assert "was out" not in client.get(page_url(story)).content.decode()

    ids = [held[0].pk, still_held.pk, elsewhere.pk]
    response = client.post(
        QUEUE + "?state=spam", {"do": "bulk", "action": "delete", "ids": ids}, follow=True
    )
    assert response.redirect_chain[-1][0] == QUEUE + "?state=spam"
    assert "2 Kommentare gelöscht." in response.content.decode()
    assert states(held[0], still_held) == [Comment.State.DELETED] * 2
    assert states(held[1], published, elsewhere) == [
        Comment.State.SPAM,
        Comment.State.SPAM,
        Comment.State.PUBLISHED,
    ]


def test_block_is_per_blog(client, story, owner, outsider):
    BlockedCommenter.objects.create(blog=BlogFactory(), user=outsider)
    client.force_login(outsider)
    assert client.post(post_url(story), user_form()).status_code == 302


def test_settings_page_changes_modes(client, story, owner):
    client.force_login(owner)
    response = client.post(SETTINGS, {"form": "settings", "mode": "members", "moderation": "all"})
    assert response.status_code == 302
    saved = CommentSettings.objects.get(blog=story.blog)
    assert (saved.mode, saved.moderation) == ("members", "all")
    response = client.post(SETTINGS, {"form": "settings", "mode": "everyone", "moderation": "all"})
    assert response.status_code == 400
    assert CommentSettings.objects.get(blog=story.blog).mode == "members"


def test_rules_hold_and_reject(client, story, owner, publish_at_once):
    client.force_login(owner)
    assert (
        client.post(SETTINGS, {"form": "rule", "pattern": "pillen", "action": "hold"}).status_code
        == 302
    )
    assert (
        client.post(
            SETTINGS,
            {"form": "rule", "pattern": r"casino\d+", "is_regex": "on", "action": "reject"},
        ).status_code
        == 302
    )
    client.logout()
    client.post(post_url(story), guest_form(text="Billige PILLEN hier"))
    assert Comment.objects.get().state == Comment.State.PENDING
    assert Comment.objects.get().hold_reason.startswith("rule: pillen")
    client.post(post_url(story), guest_form(name="Other", text="Pillendreher sind Käfer"))
    assert Comment.objects.get(guest_name="Other").state == Comment.State.PUBLISHED
    response = client.post(post_url(story), guest_form(text="besuche casino77 jetzt"))
    assert response.status_code == 400
    assert "nimmt keine Kommentare mit diesen Wörtern an" in response.content.decode()
    assert "besuche casino77 jetzt</textarea>" in response.content.decode()


def test_rule_matches_guest_name_and_website(client, story, owner, publish_at_once):
    ModerationRule.objects.create(blog=story.blog, pattern="cheap-meds.example", action="reject")
    response = client.post(post_url(story), guest_form(website="https://cheap-meds.example/x"))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("pattern", "is_regex", "message"),
    [
        ("(a+)+$", True, "wiederholte Gruppe"),
        ("(a|aa)*", True, "wiederholte Gruppe"),
        (r"(\w+\s?)*x", True, "wiederholte Gruppe"),
        (r"(a)\1", True, "Rückverweise"),
        ("([a-z", True, "kein gültiger regulärer Ausdruck"),
        ("x" * 201, False, "höchstens 200 Zeichen"),
        ("   ", False, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_unsafe_or_invalid_patterns_are_refused(client, story, owner, pattern, is_regex, message):
    client.force_login(owner)
    data = {"form": "rule", "pattern": pattern, "action": "hold"}
    if is_regex:
        data["is_regex"] = "on"
    response = client.post(SETTINGS, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ModerationRule.objects.exists()


def test_duplicate_rule_is_refused(client, story, owner):
    ModerationRule.objects.create(blog=story.blog, pattern="spam", action="hold")
    client.force_login(owner)
    response = client.post(SETTINGS, {"form": "rule", "pattern": "spam", "action": "reject"})
    assert response.status_code == 400
    assert ModerationRule.objects.count() == 1


def test_remove_rule_and_lift_block_only_on_own_blog(client, story, owner, outsider):
    other_blog = BlogFactory()
    foreign_rule = ModerationRule.objects.create(blog=other_blog, pattern="x", action="hold")
    foreign_block = BlockedCommenter.objects.create(blog=other_blog, user=outsider)
    rule = ModerationRule.objects.create(blog=story.blog, pattern="y", action="hold")
    block = BlockedCommenter.objects.create(blog=story.blog, user=outsider)
    client.force_login(owner)
    for data in (
        {"form": "delete_rule", "rule": foreign_rule.pk},
        {"form": "unblock", "block": foreign_block.pk},
        {"form": "delete_rule", "rule": rule.pk},
        {"form": "unblock", "block": block.pk},
    ):
        assert client.post(SETTINGS, data).status_code == 302
    assert list(ModerationRule.objects.all()) == [foreign_rule]
    assert list(BlockedCommenter.objects.all()) == [foreign_block]


def test_block_form_by_account_email_and_name(client, story, owner, outsider):
    client.force_login(owner)
    assert (
        client.post(SETTINGS, {"form": "block", "kind": "account", "value": "OTTO"}).status_code
        == 302
    )
    assert (
        client.post(
            SETTINGS, {"form": "block", "kind": "email", "value": "a@example.org"}
        ).status_code
        == 302
    )
    assert (
        client.post(SETTINGS, {"form": "block", "kind": "name", "value": "Troll"}).status_code
        == 302
    )
    response = client.post(SETTINGS, {"form": "block", "kind": "account", "value": "nobody"})
    assert response.status_code == 400
    assert "Es gibt kein Konto mit diesem Benutzernamen." in response.content.decode()
    response = client.post(SETTINGS, {"form": "block", "kind": "email", "value": "nope"})
    assert response.status_code == 400
    assert BlockedCommenter.objects.count() == 3
    html = client.get(SETTINGS).content.decode()
    assert "Troll" in html and "a@example.org" in html and "@otto" in html


def test_queue_queries_do_not_grow(client, story, owner):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        return len(queries)

    client.force_login(owner)
    CommentFactory(story=story, state=Comment.State.PENDING)
    few = count()
    for _ in range(10):
        CommentFactory(story=story, author=UserFactory(), state=Comment.State.PENDING)
    assert count() == few


def test_story_page_links_the_queue_for_moderators_only(client, story, manager, contributor):
    client.force_login(contributor)
    assert QUEUE not in client.get(page_url(story)).content.decode()
    client.force_login(manager)
    assert QUEUE in client.get(page_url(story)).content.decode()


def test_queue_neutralises_markup_in_every_field(client, story, owner):
    evil = '"><script>alert(1)</script>'
    CommentFactory(
        story=story, author=None, guest_name=evil, guest_email="x@example.org",
        guest_website='https://e.example/"><script>alert(2)</script>', text=evil,
        state=Comment.State.PENDING, hold_reason=evil,
    )  # fmt: skip
    client.force_login(owner)
    html = client.get(QUEUE).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)" in html
