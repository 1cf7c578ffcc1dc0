"""Mail about comments: to a blog's owner and managers for each new or held comment, and
to commenters who asked to be told of replies.

Each function queues its mail through the outbox inside the caller's transaction, so a
write that rolls back sends nothing and the task sends the rest after commit. Mail is
written in the blog's language (accounts have no language of their own).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federkiel.accounts.models import User
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog, Role
from federkiel.blogs.permissions import Action, can
from federkiel.comments.mail_links import (
    APPROVE,
    MODERATION_LINK_DAYS,
    SPAM,
    moderation_url,
    same_writer,
    unsubscribe_url,
)
from federkiel.comments.models import Comment, CommentMailPreference
from federkiel.mail.outbox import queue_mail
from federkiel.stories.models import Story

QUOTE_CHARS = 1500
# Marks the mail as sent by a machine (RFC 3834), so vacation responders stay quiet.
AUTOMATIC = {"Auto-Submitted": "auto-generated"}


def comment_mail_default(role: str) -> bool:
    """Without a stated preference the owner gets comment mail, managers do not."""
    return role == Role.OWNER


def wants_comment_mail(blog: Blog, user: User) -> bool:
    found = CommentMailPreference.objects.filter(blog=blog, user=user).first()
    if found is not None:
        return found.new_comments
    return comment_mail_default(blog.role_of(user) or "")


def set_comment_mail(blog: Blog, user: User, wanted: bool) -> None:
    CommentMailPreference.objects.update_or_create(
        blog=blog, user=user, defaults={"new_comments": wanted}
    )


def writer_address(comment: Comment) -> str:
    """Where mail to the comment's writer goes: the account's address or the guest's."""
    if comment.author is not None:
        return comment.author.email
    return comment.guest_email


def writer_email(comment: Comment) -> str:
    """The writer's address for comparisons (ignoring case)."""
    return writer_address(comment).lower()


def moderators_to_tell(blog: Blog, comment: Comment) -> list[User]:
    """Owners and managers who want mail about new comments, without the comment's writer."""
    wanted = dict(
        CommentMailPreference.objects.filter(blog=blog).values_list("user_id", "new_comments")
    )
    writer = writer_email(comment)
    recipients = []
    memberships = blog.memberships.filter(role__in=[Role.OWNER, Role.MANAGER]).select_related(
        "user"
    )
    for membership in memberships.order_by("created_at", "pk"):
        user = membership.user
        if not wanted.get(user.pk, comment_mail_default(membership.role)):
            continue
        if not (user.is_active and user.email and user.email_confirmed):
            continue
        if user.pk == comment.author_id:
            continue
        if user.email.lower() == writer or not can(user, blog, Action.MODERATE):
            continue
        recipients.append(user)
    return recipients


def quoted(text: str) -> str:
    """The comment's text, shortened, as a plain-text quotation."""
    short = Truncator(text.strip()).chars(QUOTE_CHARS)
    return "\n".join(f"> {line}".rstrip() for line in short.splitlines())


def _story_url(blog: Blog, story: Story) -> str:
    return absolute(blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk)))


def writer_label(comment: Comment) -> str:
    """Who wrote it, for the moderators: the account's handle, or the guest and address."""
    if comment.author is not None:
        return f"{comment.author.public_name} (@{comment.author.username})"
    details = [_("guest")] + ([comment.guest_email] if comment.guest_email else [])
    return f"{comment.guest_name or '–'} ({', '.join(details)})"


# Reasons recorded by `writing.decide_state` and the spam checkers, as moderators read them.
KNOWN_REASONS = {
    "moderation: first comment": lambda: _("the first comment of this writer on the blog"),
    "moderation: all": lambda: _("the blog holds all comments for moderation"),
    "BBCode link": lambda: _("a link in forum code (BBCode)"),
    "HTML link": lambda: _("a link written as HTML"),
    "spam words": lambda: _("words that are common in spam"),
    "link domain": lambda: _("a link to a domain that is common in spam"),
    "link as name": lambda: _("a link given as the name"),
    "only links": lambda: _("nothing but links"),
    "akismet": lambda: _("Akismet thinks it is spam"),
    "akismet: discard": lambda: _("Akismet thinks it is blatant spam"),
}
LINKS = re.compile(r"(\d+) links")


def hold_explanation(reason: str) -> str:
    """The recorded reason a comment was held, in words (in the active language)."""
    parts = []
    for part in (p.strip() for p in reason.split("; ")):
        if not part:
            continue
        links = LINKS.fullmatch(part)
        if part in KNOWN_REASONS:
            parts.append(KNOWN_REASONS[part]())
        elif part.startswith("rule: "):
            parts.append(_("it matches the blog's rule “%(rule)s”") % {"rule": part[6:]})
        elif links:
            count = int(links.group(1))
            parts.append(ngettext("%(n)d link", "%(n)d links", count) % {"n": count})
        else:
            parts.append(part)
    return "; ".join(parts)


def _moderator_mail(comment: Comment, blog: Blog, user: User) -> tuple[str, str]:
    story = comment.story
    held = comment.state == Comment.State.PENDING
    queue = absolute(blog_reverse(blog.name, "comments:moderation"))
    context: dict[str, Any] = {
        "recipient": user.public_name,
        "writer": writer_label(comment),
        "story": story.title,
        "blog": blog.title,
        "reply_to": comment.parent.display_name if comment.parent is not None else "",
        "linkback": comment.get_kind_display() if comment.kind != Comment.Kind.COMMENT else "",
        "text": quoted(comment.text),
        "held": held,
        "reason": hold_explanation(comment.hold_reason) if held else "",
        "approve_url": moderation_url(comment, blog, user, APPROVE) if held else "",
        "spam_url": moderation_url(comment, blog, user, SPAM),
        "comment_url": f"{queue}?state=pending#row-{comment.pk}"
        if held
        else f"{_story_url(blog, story)}#comment-{comment.pk}",
        "queue_url": queue,
        "settings_url": absolute(blog_reverse(blog.name, "comments:settings")),
        "days": MODERATION_LINK_DAYS,
    }
    if held:
        subject = _("[%(blog)s] Comment awaiting moderation: “%(story)s”")
    else:
        subject = _("[%(blog)s] New comment: “%(story)s”")
    return (
        subject % {"blog": blog.title, "story": story.title},
        render_to_string("comments/mail/new_comment.txt", context),
    )


def notify_moderators(comment: Comment) -> int:
    """Queue mail about a new (or newly held) comment to the moderators who want it."""
    if comment.state not in (Comment.State.PUBLISHED, Comment.State.PENDING):
        return 0
    blog = comment.story.blog
    recipients = moderators_to_tell(blog, comment)
    with translation.override(blog.language):
        for user in recipients:
            subject, body = _moderator_mail(comment, blog, user)
            queue_mail(user.email, subject, body, headers=AUTOMATIC)
    return len(recipients)


def subscribers(reply: Comment) -> list[Comment]:
    """The thread's comments whose writers asked to hear of replies, one per address,
    without the reply's own writer; the earliest comment of each writer stands for it."""
    top_id = reply.parent_id
    candidates = (
        Comment.objects.filter(
            Q(pk=top_id) | Q(parent_id=top_id),
            notify_replies=True,
            state=Comment.State.PUBLISHED,
            kind=Comment.Kind.COMMENT,
        )
        .exclude(pk=reply.pk)
        .exclude(same_writer(reply))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    chosen: dict[str, Comment] = {}
    replier = writer_email(reply)
    for comment in candidates:
        address = writer_email(comment)
        if address and address != replier and address not in chosen:
            chosen[address] = comment
    return list(chosen.values())


def _reply_mail(reply: Comment, subscribed: Comment, blog: Blog) -> tuple[str, str, str]:
    story = reply.story
    unsubscribe = unsubscribe_url(subscribed, blog)
    context = {
        "recipient": subscribed.display_name,
        "writer": reply.display_name,
        "story": story.title,
        "blog": blog.title,
        "direct": subscribed.pk == reply.parent_id,
        "text": quoted(reply.text),
        "yours": quoted(Truncator(subscribed.text).chars(300)),
        "reply_url": f"{_story_url(blog, story)}#comment-{reply.pk}",
        "unsubscribe_url": unsubscribe,
    }
    subject = _("[%(blog)s] %(writer)s replied: “%(story)s”") % {
        "blog": blog.title,
        "writer": reply.display_name,
        "story": story.title,
    }
    return subject, render_to_string("comments/mail/reply.txt", context), unsubscribe


def notify_reply(reply: Comment) -> int:
    """Queue one mail per subscriber of the thread about a published reply.

    A reply is announced once: the first call marks it, later ones (a reply approved
    again after being marked as spam) find the mark and send nothing."""
    if reply.parent_id is None or reply.state != Comment.State.PUBLISHED:
        return 0
    if reply.kind != Comment.Kind.COMMENT:
        return 0
    first = Comment.objects.filter(pk=reply.pk, reply_notice_at=None).update(
        reply_notice_at=timezone.now()
    )
    if not first:
        return 0
    blog = reply.story.blog
    found = subscribers(reply)
    with translation.override(blog.language):
        for subscribed in found:
            subject, body, unsubscribe = _reply_mail(reply, subscribed, blog)
            queue_mail(
                writer_address(subscribed),
                subject,
                body,
                headers={
                    **AUTOMATIC,
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
    return len(found)


def notify_new_comment(comment: Comment) -> None:
    """Everything a newly written comment sets off: moderators' mail, subscribers' mail."""
    notify_moderators(comment)
    notify_reply(comment)


def notify_published(comments: list[Comment]) -> int:
    """Tell the subscribers of each thread about replies just published by a moderator."""
    return sum(notify_reply(comment) for comment in comments)
