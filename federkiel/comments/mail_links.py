"""Links in comment mails: signed moderation links and the reply unsubscribe link.

A moderation link names the comment, the recipient and the decision, is signed and
expires after `MODERATION_LINK_DAYS`; nothing is stored. It only ever leads to a page
with a button, and the button's POST checks everything again (mail scanners open
links, and a manager may have been demoted since). The unsubscribe link carries the
comment's random `unsubscribe_token`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from federkiel.accounts.models import User
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.comments.models import Comment

SALT = "federkiel.comments.mail-moderation"
MODERATION_LINK_DAYS = 7
# The decisions a mail offers; their names are those of `moderation.Decision`.
APPROVE = "approve"
SPAM = "spam"
MAIL_DECISIONS = (APPROVE, SPAM)


class LinkRefused(Exception):
    """A mail link that may not act; `message` says why, `status` is the HTTP status."""

    def __init__(self, message: StrOrPromise, status: int) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ModerationLink:
    comment: Comment
    blog: Blog
    user: User
    decision: str

    @property
    def done_already(self) -> bool:
        """Whether the comment is already where the decision would put it."""
        wanted = Comment.State.PUBLISHED if self.decision == APPROVE else Comment.State.SPAM
        return self.comment.state == wanted


def moderation_token(comment: Comment, user: User, decision: str) -> str:
    if decision not in MAIL_DECISIONS:
        raise ValueError(f"no mail link for {decision!r}")
    return signing.dumps({"c": comment.pk, "u": user.pk, "d": decision}, salt=SALT)


def moderation_url(comment: Comment, blog: Blog, user: User, decision: str) -> str:
    token = moderation_token(comment, user, decision)
    return absolute(blog_reverse(blog.name, "comments:mail_decision", token=token))


INVALID = _("This link is not valid. Perhaps it was not copied completely from the mail.")


def check_moderation_link(token: str, blog_name: str, *, lock: bool = False) -> ModerationLink:
    """What a moderation link asks for, if it still may be done; else LinkRefused.

    With `lock`, the comment's row stays locked until the transaction ends, so it cannot
    be deleted between this check and the decision."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=MODERATION_LINK_DAYS))
    except signing.SignatureExpired:
        raise LinkRefused(
            _("This link has expired. Open the moderation queue to decide on the comment."),
            410,
        ) from None
    except signing.BadSignature:
        raise LinkRefused(INVALID, 404) from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("c"), int)
        and isinstance(data.get("u"), int)
        and data.get("d") in MAIL_DECISIONS
    ):
        raise LinkRefused(INVALID, 404)
    comments = Comment.objects.filter(pk=data["c"], story__blog__name=blog_name)
    if lock:
        comments = comments.select_for_update(of=("self",))
    comment = comments.select_related("story__blog", "author").first()
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if comment is None or user is None:
        raise LinkRefused(INVALID, 404)
    blog = comment.story.blog
    if not can(user, blog, Action.MODERATE):
        raise LinkRefused(
            _(
                "The account this link was sent to no longer moderates this blog, "
                "so the link does nothing."
            ),
            403,
        )
    if comment.state == Comment.State.DELETED:
        raise LinkRefused(_("This comment was deleted in the meantime. Nothing was changed."), 409)
    return ModerationLink(comment=comment, blog=blog, user=user, decision=data["d"])


def unsubscribe_url(comment: Comment, blog: Blog) -> str:
    return absolute(
        blog_reverse(blog.name, "comments:unsubscribe", token=comment.unsubscribe_token)
    )


def subscription(token: str, blog_name: str) -> Comment | None:
    """The comment whose reply mails this unsubscribe token stops; None if unknown."""
    if not token:
        return None
    return (
        Comment.objects.filter(unsubscribe_token=token, story__blog__name=blog_name)
        .select_related("story__blog", "author")
        .first()
    )


def same_writer(comment: Comment) -> Q:
    """Comments by the writer of `comment`: the same account, or a guest's same address."""
    if comment.author_id is not None:
        return Q(author_id=comment.author_id)
    if comment.guest_email:
        return Q(author=None, guest_email__iexact=comment.guest_email)
    return Q(pk=comment.pk)


def unsubscribe_replies(comment: Comment) -> int:
    """Stop reply mails for this comment's conversation: this comment and the writer's
    other comments in the same thread. Doing it twice changes nothing."""
    top_id = comment.parent_id or comment.pk
    return (
        Comment.objects.filter(Q(pk=top_id) | Q(parent_id=top_id), notify_replies=True)
        .filter(same_writer(comment))
        .update(notify_replies=False)
    )
