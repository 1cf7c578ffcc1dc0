"""The index changes in the writing transaction: rolled back with it, found once committed."""

import pytest
from django.db import connection, transaction

from federkiel.comments import moderation
from federkiel.comments.models import Comment
from federkiel.comments.writing import Commenter, post_comment
from federkiel.factories import BlogFactory, CommentFactory, MembershipFactory, StoryFactory
from federkiel.search.backends import FTS_TABLE
from federkiel.search.models import Entry
from federkiel.search.query import search
from federkiel.stories.models import Story
from federkiel.stories.writing import save_story

# Real commits and rollbacks, not the test's own enclosing transaction.
pytestmark = pytest.mark.django_db(transaction=True)


class Abort(Exception):
    pass


def index_state():
    """Every entry, and on SQLite every full-text row."""
    entries = list(Entry.objects.order_by("pk").values())
    rows = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, title, body FROM {FTS_TABLE} ORDER BY rowid")
            rows = cursor.fetchall()
    return entries, rows


def story(**fields):
    """StoryFactory, seen by mypy as untyped (factory_boy is), so a Story to it."""
    return StoryFactory(**fields)


def found(word, blog=None):
    return [str(hit.url) for hit in search(word, None, blog=blog).hits]


@pytest.fixture
def kiel():
    blog = BlogFactory(name="kiel", language="de")
    owner = MembershipFactory(blog=blog).user
    return blog, owner


def rolled_back(change, word):
    """Run `change` in a transaction that fails after it; `word` is found inside only."""
    before = index_state()
    with pytest.raises(Abort), transaction.atomic():
        change()
        assert found(word), "indexed inside the transaction"
        raise Abort
    assert index_state() == before
    assert found(word) == []


def test_a_failed_transaction_leaves_the_index_as_it_was(kiel):
    blog, owner = kiel
    old = story(blog=blog, author=owner, title="Möwe", text="Am Hafen.")
    draft = story(blog=blog, author=owner, title="Zaunkönig", status=Story.Status.DRAFT)
    held = CommentFactory(story=old, state=Comment.State.PENDING, text="Ein Rotkehlchen.")

    rolled_back(lambda: story(blog=blog, author=owner, title="Zugvogel"), "Zugvogel")

    def publish():
        draft.status = Story.Status.PUBLISHED
        save_story(draft)

    rolled_back(publish, "Zaunkönig")

    def rename():
        old.title = "Zitronenfalter"
        save_story(old)

    rolled_back(rename, "Zitronenfalter")
    assert found("Möwe") == ["/kiel/stories/moewe/"]

    rolled_back(lambda: post_comment(old, Commenter(user=owner), "Ein Zilpzalp."), "Zilpzalp")
    rolled_back(lambda: moderation.approve(blog, [held.pk]), "Rotkehlchen")


def test_a_committed_change_is_found_at_once(kiel):
    blog, owner = kiel
    draft = story(blog=blog, author=owner, title="Zaunkönig", status=Story.Status.DRAFT)
    assert found("Zaunkönig") == []
    with transaction.atomic():
        draft.status = Story.Status.PUBLISHED
        save_story(draft)
    assert found("Zaunkönig") == ["/kiel/stories/zaunkoenig/"]
    with transaction.atomic():
        comment = post_comment(draft, Commenter(user=owner), "Ein Zilpzalp.")
    assert found("Zilpzalp", blog) == [f"/kiel/stories/zaunkoenig/#comment-{comment.pk}"]
