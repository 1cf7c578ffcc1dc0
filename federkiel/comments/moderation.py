"""Moderation of a blog's comments: approve, mark as spam, remove, block; singly or in bulk.

Every function takes the blog and acts only on that blog's comments, so ids from a
forged form that belong elsewhere change nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog
from federkiel.comments.models import BlockedCommenter, Comment, CommentQuerySet
from federkiel.comments.notifications import notify_published
from federkiel.search.indexing import index_comments


class Decision(enum.StrEnum):
    APPROVE = "approve"
    SPAM = "spam"
    DELETE = "delete"
    BLOCK = "block"


def selected(blog: Blog, ids: Iterable[int]) -> CommentQuerySet:
    return Comment.objects.of_blog(blog).filter(pk__in=list(ids))


def _change_state(comments: CommentQuerySet, **changes: str) -> int:
    """Update the comments and their search entries together; how many changed."""
    with transaction.atomic():
        ids = list(comments.values_list("pk", flat=True))
        changed = Comment.objects.filter(pk__in=ids).update(**changes)
        index_comments(ids)
    return changed


def approve(blog: Blog, ids: Iterable[int]) -> int:
    """Publish held, spam or removed comments (not those their authors took back), with
    their search entries, and queue the mail to those who asked to hear of replies in
    their threads."""
    with transaction.atomic():
        chosen = selected(blog, ids).exclude(deleted_by_author=True)
        changed = _change_state(chosen, state=Comment.State.PUBLISHED, hold_reason="")
        notify_published(
            list(
                chosen.filter(parent__isnull=False, reply_notice_at=None).select_related(
                    "story__blog", "author"
                )
            )
        )
    return changed


def mark_spam(blog: Blog, ids: Iterable[int]) -> int:
    return _change_state(
        selected(blog, ids).exclude(deleted_by_author=True), state=Comment.State.SPAM
    )


def remove(blog: Blog, ids: Iterable[int]) -> int:
    return _change_state(selected(blog, ids), state=Comment.State.DELETED)


def block_authors(blog: Blog, ids: Iterable[int], by: Any) -> int:
    """Block the writers of these comments: accounts by account, guests by e-mail or name."""
    created = 0
    with transaction.atomic():
        for comment in selected(blog, ids).select_related("author"):
            if comment.author is not None:
                created += block(blog, by, user=comment.author)
            elif comment.guest_email:
                created += block(blog, by, email=comment.guest_email)
            elif comment.guest_name:
                created += block(blog, by, name=comment.guest_name)
    return created


def decide(blog: Blog, decision: Decision, ids: Iterable[int], by: Any) -> int:
    """Apply one moderation decision to the given comments of `blog`; how many changed."""
    ids = list(ids)
    if decision == Decision.APPROVE:
        return approve(blog, ids)
    if decision == Decision.SPAM:
        return mark_spam(blog, ids)
    if decision == Decision.DELETE:
        return remove(blog, ids)
    return block_authors(blog, ids, by)


def block(
    blog: Blog, by: Any, *, user: User | None = None, email: str = "", name: str = ""
) -> bool:
    """Block one commenter by account, e-mail or name; False if already blocked."""
    if user is not None:
        _, new = BlockedCommenter.objects.get_or_create(
            blog=blog, user=user, defaults={"blocked_by": by}
        )
    elif email:
        _, new = BlockedCommenter.objects.get_or_create(
            blog=blog,
            user=None,
            email__iexact=email,
            defaults={"email": email.lower(), "blocked_by": by},
        )
    elif name.strip():
        _, new = BlockedCommenter.objects.get_or_create(
            blog=blog,
            user=None,
            email="",
            name__iexact=name.strip(),
            defaults={"name": name.strip(), "blocked_by": by},
        )
    else:
        raise ValueError("block needs a user, an e-mail address or a name")
    return new


def unblock(blog: Blog, block_id: int) -> int:
    deleted, _ = BlockedCommenter.objects.filter(blog=blog, pk=block_id).delete()
    return deleted


def queue_counts(blog: Blog) -> dict[str, int]:
    """How many comments of the blog are in each state, in one query."""
    states = Comment.State
    return Comment.objects.of_blog(blog).aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in states}
    )
