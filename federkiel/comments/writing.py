"""Writing comments: who may comment, what state a new comment gets, edits and deletion."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog, Role
from federkiel.comments.models import (
    BlockedCommenter,
    Comment,
    CommentMode,
    CommentSettings,
    ModerationMode,
    ModerationRule,
)
from federkiel.comments.notifications import notify_moderators, notify_new_comment
from federkiel.comments.patterns import compile_rule
from federkiel.comments.spam import Candidate, Outcome, judge
from federkiel.comments.text import render_comment
from federkiel.search.indexing import index_comment
from federkiel.stories.models import Story

RATE_WINDOW = timedelta(minutes=10)
DUPLICATE_WINDOW = timedelta(minutes=10)


class CommentRejected(Exception):
    """A comment that is not saved; `message` tells the commenter why."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(str(message))
        self.message = message


class Status(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # the story or the blog takes no comments
    SIGN_IN = "sign_in"  # only signed-in users may comment
    MEMBERS = "members"  # only members may comment


@dataclass(frozen=True)
class Commenter:
    """Who writes: a signed-in user, or a guest with name, e-mail and web site."""

    user: Any = None
    name: str = ""
    email: str = ""
    website: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    referrer: str = ""

    @property
    def signed_in(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)


def can_be_told_of_replies(commenter: Commenter) -> bool:
    """Reply mail needs an address: the one a guest gives, or the account's once confirmed
    (an unconfirmed one may belong to someone else)."""
    if commenter.signed_in:
        return bool(commenter.user.email and commenter.user.email_confirmed)
    return bool(commenter.email.strip())


def is_moderator(user: Any, blog: Blog) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser) or blog.role_of(user) in (Role.OWNER, Role.MANAGER)


def commenting_status(
    blog: Blog, story: Story, user: Any, comment_settings: CommentSettings
) -> Status:
    """Whether `user` may comment on `story` now, or what stands in the way."""
    if not story.comments_open or not story.is_public:
        return Status.CLOSED
    mode = comment_settings.mode
    if mode == CommentMode.NOBODY:
        return Status.CLOSED
    signed_in = bool(user is not None and user.is_authenticated)
    if mode == CommentMode.ANYONE:
        return Status.OPEN
    if not signed_in:
        return Status.SIGN_IN
    if mode == CommentMode.MEMBERS and not (user.is_superuser or blog.role_of(user)):
        return Status.MEMBERS
    return Status.OPEN


def blocked(blog: Blog, commenter: Commenter) -> bool:
    user = commenter.user if commenter.signed_in else None
    query = Q(email__iexact=commenter.email) if commenter.email else Q(pk__in=[])
    if user is not None:
        query |= Q(user=user)
    elif commenter.name.strip():
        query |= Q(name__iexact=commenter.name.strip(), email="")
    return BlockedCommenter.objects.filter(query, blog=blog).exists()


def check_rate(commenter: Commenter) -> None:
    """Raise when this account or address wrote too many comments just now (all blogs)."""
    recent = Comment.objects.filter(created_at__gte=timezone.now() - RATE_WINDOW)
    too_many = (
        commenter.signed_in
        and recent.filter(author=commenter.user).count() >= settings.COMMENT_RATE_PER_ACCOUNT
    ) or (
        commenter.ip_address is not None
        and recent.filter(ip_address=commenter.ip_address).count() >= settings.COMMENT_RATE_PER_IP
    )
    if too_many:
        raise CommentRejected(_("You are commenting too fast. Please wait a few minutes."))


def matching_rules(blog: Blog, *texts: str) -> list[ModerationRule]:
    haystack = "\n".join(texts)
    return [
        rule
        for rule in ModerationRule.objects.filter(blog=blog)
        if compile_rule(rule.pattern, rule.is_regex).search(haystack)
    ]


def is_returning(blog: Blog, commenter: Commenter) -> bool:
    """Whether this commenter already has a published comment on the blog."""
    published = Comment.objects.of_blog(blog).published()
    if commenter.signed_in:
        return published.filter(author=commenter.user).exists()
    if not commenter.email:
        return False
    return published.filter(
        author=None,
        guest_email__iexact=commenter.email,
        guest_name__iexact=commenter.name.strip(),
    ).exists()


def candidate_for(
    story: Story, commenter: Commenter, text: str, kind: str = Comment.Kind.COMMENT
) -> Candidate:
    user = commenter.user if commenter.signed_in else None
    return Candidate(
        text=text,
        author_name=user.public_name if user else commenter.name,
        author_email=user.email if user else commenter.email,
        author_url=user.website if user else commenter.website,
        signed_in=user is not None,
        ip_address=commenter.ip_address,
        user_agent=commenter.user_agent,
        referrer=commenter.referrer,
        permalink=absolute(blog_reverse(story.blog.name, "stories:detail", key=str(story.pk))),
        blog_url=absolute(blog_reverse(story.blog.name, "blogs:front")),
        language=story.blog.language,
        kind=kind,
    )


def decide_state(
    story: Story,
    commenter: Commenter,
    text: str,
    comment_settings: CommentSettings,
    *,
    returning: bool | None = None,
    kind: str = Comment.Kind.COMMENT,
) -> tuple[str, str]:
    """(state, reason held) for a new or edited comment or linkback; raises CommentRejected."""
    blog = story.blog
    if is_moderator(commenter.user, blog):
        return Comment.State.PUBLISHED, ""
    rules = matching_rules(blog, text, commenter.name, commenter.email, commenter.website)
    if any(rule.action == ModerationRule.Action.REJECT for rule in rules):
        raise CommentRejected(_("This blog does not accept comments with these words."))
    verdict = judge(candidate_for(story, commenter, text, kind))
    reasons = [f"rule: {rule.pattern}" for rule in rules] + list(verdict.reasons)
    reason = "; ".join(reasons)[:300]
    if verdict.outcome == Outcome.SPAM:
        return Comment.State.SPAM, reason
    if verdict.outcome == Outcome.HOLD or rules:
        return Comment.State.PENDING, reason
    if comment_settings.moderation == ModerationMode.ALL:
        return Comment.State.PENDING, "moderation: all"
    if comment_settings.moderation == ModerationMode.FIRST_TIME:
        member = commenter.signed_in and blog.role_of(commenter.user) is not None
        if not member and not (is_returning(blog, commenter) if returning is None else returning):
            return Comment.State.PENDING, "moderation: first comment"
    return Comment.State.PUBLISHED, ""


def _duplicate(story: Story, commenter: Commenter, text: str, token: str) -> Comment | None:
    """The comment this submission already made (same form token, or same text just now)."""
    if token:
        found = Comment.objects.filter(story=story, submission_token=token).first()
        if found is not None:
            return found
    same = Comment.objects.filter(
        story=story, text=text, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if commenter.signed_in:
        same = same.filter(author=commenter.user)
    else:
        same = same.filter(author=None, guest_name=commenter.name, guest_email=commenter.email)
    return same.exclude(state=Comment.State.DELETED).first()


def post_comment(
    story: Story,
    commenter: Commenter,
    text: str,
    *,
    parent: Comment | None = None,
    token: str = "",
    notify_replies: bool = False,
) -> Comment:
    """Save a new comment (or return the one this submission already made).

    The caller has checked `commenting_status` and that `parent` belongs to `story`.
    Raises CommentRejected for blocked commenters, rejecting rules and rate limits.
    """
    blog = story.blog
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent  # one level of nesting: join the top-level comment
    with transaction.atomic():
        existing = _duplicate(story, commenter, text, token)
        if existing is not None:
            return existing
        if blocked(blog, commenter):
            raise CommentRejected(_("You may not comment on this blog."))
        if not is_moderator(commenter.user, blog):
            check_rate(commenter)
        state, reason = decide_state(story, commenter, text, CommentSettings.for_blog(blog))
        user = commenter.user if commenter.signed_in else None
        comment = Comment(
            story=story,
            parent=parent,
            author=user,
            guest_name="" if user else commenter.name.strip(),
            guest_email="" if user else commenter.email.strip(),
            guest_website="" if user else commenter.website.strip(),
            text=text,
            rendered_html=render_comment(text),
            state=state,
            hold_reason=reason,
            ip_address=commenter.ip_address,
            user_agent=commenter.user_agent[:300],
            submission_token=token,
            notify_replies=notify_replies and can_be_told_of_replies(commenter),
        )
        try:
            with transaction.atomic():
                comment.save()
                index_comment(comment)
        except IntegrityError:
            # A concurrent request with the same token won the race.
            winner = Comment.objects.filter(story=story, submission_token=token).first()
            if winner is None:
                raise
            return winner
        notify_new_comment(comment)
    return comment


def editable_until(comment: Comment) -> Any:
    return comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


def can_change_own(comment: Comment, user: Any, own_guest_ids: set[int]) -> bool:
    """Whether the requester wrote this comment and may still edit or delete it."""
    if comment.state not in (Comment.State.PUBLISHED, Comment.State.PENDING):
        return False
    if comment.kind != Comment.Kind.COMMENT or timezone.now() > editable_until(comment):
        return False
    if comment.author_id is not None:
        return bool(user is not None and user.is_authenticated and user.pk == comment.author_id)
    return comment.pk in own_guest_ids


def edit_comment(comment: Comment, text: str, commenter: Commenter) -> Comment:
    """Change a comment's text; word rules and spam checks apply again."""
    story = comment.story
    with transaction.atomic():
        state, reason = decide_state(
            story,
            commenter,
            text,
            CommentSettings.for_blog(story.blog),
            returning=comment.state == Comment.State.PUBLISHED,
        )
        comment.text = text
        comment.rendered_html = render_comment(text)
        comment.edited_at = timezone.now()
        was = comment.state
        if state != Comment.State.PUBLISHED or comment.state != Comment.State.PENDING:
            comment.state = state
            comment.hold_reason = reason
        comment.save(update_fields=["text", "rendered_html", "edited_at", "state", "hold_reason"])
        index_comment(comment)
        if was == Comment.State.PUBLISHED and comment.state == Comment.State.PENDING:
            notify_moderators(comment)  # held after the edit: the moderators must decide
    return comment


def delete_own_comment(comment: Comment) -> None:
    """The author takes a comment back; its text goes, a placeholder keeps replies in place."""
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            state=Comment.State.DELETED, deleted_by_author=True, text="", rendered_html=""
        )
        index_comment(comment)
