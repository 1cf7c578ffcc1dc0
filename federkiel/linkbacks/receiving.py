"""Receiving linkbacks: which stories take them, and how one becomes a comment of its kind.

Trackbacks, pingbacks and webmentions are `Comment` rows with their `kind`; they pass the
blog's word rules, spam checkers, moderation mode, rate limits and moderators' mail like a
guest's comment (`comments.writing`). Their text is plain: shown escaped, never as HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html, linebreaks, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Visibility
from federkiel.comments.models import Comment, CommentMode, CommentSettings
from federkiel.comments.notifications import notify_moderators, notify_new_comment
from federkiel.comments.writing import (
    Commenter,
    CommentRejected,
    blocked,
    check_rate,
    decide_state,
)
from federkiel.linkbacks.models import MAX_SOURCE_LENGTH, Linkback
from federkiel.search.indexing import index_comment
from federkiel.stories.models import Story

LINKBACK_KINDS = (Comment.Kind.TRACKBACK, Comment.Kind.PINGBACK, Comment.Kind.WEBMENTION)
MAX_TITLE = 200
MAX_EXCERPT = 1000
MAX_NAME = 80  # Comment.guest_name
MAX_WEBSITE = 300  # Comment.guest_website

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_http_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Incoming:
    """A linkback as received: the linking page and what it says about itself."""

    kind: str
    source_url: str
    title: str = ""
    excerpt: str = ""
    author_name: str = ""
    author_url: str = ""
    ip_address: str | None = None
    user_agent: str = ""


def accepts_linkbacks(story: Story, comment_settings: CommentSettings) -> bool:
    """Whether other sites may link back to `story`: a published story of a public blog,
    comments open to anyone (guests too)."""
    return (
        story.blog.visibility == Visibility.PUBLIC
        and story.is_public
        and story.comments_open
        and comment_settings.mode == CommentMode.ANYONE
    )


def check_open(story: Story) -> None:
    if not accepts_linkbacks(story, CommentSettings.for_blog(story.blog)):
        raise CommentRejected(_("This story takes no linkbacks."))


def is_http_url(value: str) -> bool:
    if not value or len(value) > MAX_SOURCE_LENGTH:
        return False
    try:
        _http_url(value)
    except ValidationError:
        return False
    return True


def check_source_url(value: str) -> str:
    value = value.strip()
    if not value:
        raise CommentRejected(_("The address of the linking page is missing."))
    if not is_http_url(value):
        raise CommentRejected(
            _("The linking page needs an http(s) address of at most 500 characters.")
        )
    return value


def without_markup(value: str) -> str:
    """What a sender's HTML says, as text (a trackback's excerpt may carry tags)."""
    return html.unescape(strip_tags(value))


def plain_text(value: str, limit: int, *, one_line: bool = False) -> str:
    """Text without control characters, shortened to `limit` characters. It is shown
    escaped, so a `<` in it stays a character."""
    text = _CONTROL.sub("", value).replace("\r\n", "\n")
    text = " ".join(text.split()) if one_line else text.strip()
    return Truncator(text).chars(limit) if len(text) > limit else text


def render_linkback(source_url: str, title: str, excerpt: str) -> str:
    """The HTML shown in the thread: the linking page's title as a link to it, then the
    excerpt, all escaped."""
    heading = format_html(
        '<p class="linkback-title"><a href="{}" rel="nofollow ugc noopener">{}</a></p>',
        source_url,
        title or source_url,
    )
    return heading + (linebreaks(excerpt, autoescape=True) if excerpt else "")


def _text(incoming: Incoming) -> str:
    """The comment's plain text, for word rules, spam checkers, search and mail."""
    return "\n\n".join(part for part in (incoming.title, incoming.excerpt) if part) or (
        incoming.source_url
    )


def _commenter(incoming: Incoming) -> Commenter:
    return Commenter(
        name=incoming.author_name,
        website=incoming.author_url,
        ip_address=incoming.ip_address,
        user_agent=incoming.user_agent,
    )


def _known_site(story: Story, source_url: str) -> bool:
    """Whether the blog already shows a linkback from the same site (a returning writer)."""
    parts = urlsplit(source_url)
    return Linkback.objects.filter(
        story__blog_id=story.blog_id,
        comment__state=Comment.State.PUBLISHED,
        source_url__startswith=f"{parts.scheme}://{parts.netloc}/",
    ).exists()


def clean(incoming: Incoming) -> Incoming:
    """The linkback with its fields checked, stripped of markup and shortened."""
    website = incoming.author_url.strip()
    if not (is_http_url(website) and len(website) <= MAX_WEBSITE):
        website = incoming.source_url if len(incoming.source_url) <= MAX_WEBSITE else ""
    return Incoming(
        kind=incoming.kind,
        source_url=check_source_url(incoming.source_url),
        title=plain_text(incoming.title, MAX_TITLE, one_line=True),
        excerpt=plain_text(incoming.excerpt, MAX_EXCERPT),
        author_name=plain_text(incoming.author_name, MAX_NAME, one_line=True)
        or urlsplit(incoming.source_url).hostname
        or "",
        author_url=website,
        ip_address=incoming.ip_address,
        user_agent=incoming.user_agent[:300],
    )


def receive_linkback(story: Story, incoming: Incoming) -> Comment:
    """Save a linkback to `story` as a comment of its kind, or update the one the same page
    sent before. The caller has checked `check_open`. Raises CommentRejected."""
    incoming = clean(incoming)
    with transaction.atomic():
        known = (
            Linkback.objects.select_for_update()
            .select_related("comment")
            .filter(story=story, source_url=incoming.source_url)
            .first()
        )
        if known is not None:
            return _update(story, known, incoming)
        commenter = _commenter(incoming)
        if blocked(story.blog, commenter):
            raise CommentRejected(_("This blog takes no linkbacks from this writer."))
        check_rate(commenter)
        text = _text(incoming)
        state, reason = decide_state(
            story,
            commenter,
            text,
            CommentSettings.for_blog(story.blog),
            returning=_known_site(story, incoming.source_url),
            kind=incoming.kind,
        )
        comment = Comment(
            story=story,
            kind=incoming.kind,
            guest_name=incoming.author_name,
            guest_website=incoming.author_url,
            text=text,
            rendered_html=render_linkback(incoming.source_url, incoming.title, incoming.excerpt),
            state=state,
            hold_reason=reason,
            ip_address=incoming.ip_address,
            user_agent=incoming.user_agent,
        )
        try:
            with transaction.atomic():
                comment.save()
                Linkback.objects.create(
                    comment=comment, story=story, source_url=incoming.source_url
                )
                index_comment(comment)
        except IntegrityError:
            # A concurrent ping from the same page won the race.
            winner = Linkback.objects.filter(story=story, source_url=incoming.source_url).first()
            if winner is None:
                raise
            return winner.comment
        notify_new_comment(comment)
    return comment


def _update(story: Story, known: Linkback, incoming: Incoming) -> Comment:
    """A page pinged again: new words are judged again; spam and what a moderator removed
    stay as they are. A mention its source had withdrawn comes back."""
    comment = known.comment
    withdrawn = comment.state == Comment.State.DELETED and comment.deleted_by_author
    if comment.state == Comment.State.SPAM or (
        comment.state == Comment.State.DELETED and not withdrawn
    ):
        return comment
    Linkback.objects.filter(pk=known.pk).update(received_at=timezone.now())
    text = _text(incoming)
    html_text = render_linkback(incoming.source_url, incoming.title, incoming.excerpt)
    unchanged = (
        text == comment.text
        and html_text == comment.rendered_html
        and incoming.author_name == comment.guest_name
        and incoming.author_url == comment.guest_website
    )
    if unchanged and not withdrawn:
        return comment
    state, reason = decide_state(
        story,
        _commenter(incoming),
        text,
        CommentSettings.for_blog(story.blog),
        returning=comment.state == Comment.State.PUBLISHED,
        kind=comment.kind,
    )
    was = comment.state
    comment.text = text
    comment.rendered_html = html_text
    comment.guest_name = incoming.author_name
    comment.guest_website = incoming.author_url
    comment.edited_at = timezone.now()
    comment.deleted_by_author = False
    if withdrawn or state != Comment.State.PUBLISHED or was != Comment.State.PENDING:
        comment.state = state
        comment.hold_reason = reason
    comment.save()
    index_comment(comment)
    if comment.state == Comment.State.PENDING and was != Comment.State.PENDING:
        notify_moderators(comment)
    return comment


def withdraw_linkback(story: Story, source_url: str) -> Comment | None:
    """The linking page no longer links (or is gone): its mention is deleted, as by its
    author, and comes back if the page links again."""
    with transaction.atomic():
        known = (
            Linkback.objects.select_for_update()
            .select_related("comment")
            .filter(story=story, source_url=source_url)
            .first()
        )
        if known is None:
            return None
        comment = known.comment
        if comment.state != Comment.State.DELETED:
            comment.state = Comment.State.DELETED
            comment.deleted_by_author = True
            comment.save(update_fields=["state", "deleted_by_author"])
            index_comment(comment)
        return comment
