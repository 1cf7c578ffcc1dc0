"""Plain data about comments for the sandboxed layout: the thread, the form, counts."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import ngettext
from markupsafe import Markup

from federkiel.accounts.models import web_link
from federkiel.blogs.dates import iso, long_date, short_date
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.comments.forms import HONEYPOT, CommentForm, make_stamp
from federkiel.comments.labels import LABELS
from federkiel.comments.models import Comment, CommentSettings
from federkiel.comments.writing import (
    Commenter,
    Status,
    can_be_told_of_replies,
    can_change_own,
    commenting_status,
    is_moderator,
)
from federkiel.linkbacks.presenters import linkback_urls
from federkiel.stories.models import Story

SESSION_KEY = "federkiel_own_comments"
SESSION_LIMIT = 50


def own_guest_comments(request: HttpRequest) -> set[int]:
    """Ids of the guest comments written in this browser session."""
    return set(request.session.get(SESSION_KEY, [])) if hasattr(request, "session") else set()


def remember_own_comment(request: HttpRequest, comment: Comment) -> None:
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != comment.pk]
    request.session[SESSION_KEY] = [*ids, comment.pk][-SESSION_LIMIT:]


@cache
def heading_parts(language: str) -> dict[str, str]:
    """The top-level comment heading split around its author and date."""
    with translation.override(language):
        label = str(LABELS["comment_heading"])
    before, _, rest = label.partition("{author}")
    between, _, after = rest.partition("{date}")
    return {"before": before, "between": between, "after": after}


def with_comment_counts(stories: QuerySet[Story]) -> QuerySet[Story]:
    """Annotate `comment_count`: published comments of each story, in the same query.

    A subquery rather than a join with GROUP BY, so the stories keep their ordering."""
    counts = (
        Comment.objects.filter(story=OuterRef("pk"), state=Comment.State.PUBLISHED)
        .order_by()
        .values("story")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return stories.annotate(
        comment_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    )


def count_text(count: int, blog: Blog) -> str:
    with translation.override(blog.language):
        return ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count}


def comment_summary(story: Story, blog: Blog) -> dict[str, Any]:
    """'3 comments' with a link, for lists of stories annotated by `with_comment_counts`."""
    count = int(getattr(story, "comment_count", 0))
    url = blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))
    return {
        "comment_count": count,
        "comment_count_text": count_text(count, blog),
        "comments_url": f"{url}#comments",
    }


def _author(comment: Comment) -> dict[str, Any]:
    author = comment.author
    if author is not None:
        url = web_link(author.website)
        return {"name": author.public_name, "url": url, "guest": False, "former": False}
    return {
        "name": comment.guest_name,
        "url": web_link(comment.guest_website),
        "guest": bool(comment.guest_name),
        "former": not comment.guest_name,
    }


def comment_data(
    comment: Comment,
    blog: Blog,
    story_url: str,
    *,
    mine: bool,
    changeable: bool,
    reply_url: str = "",
) -> dict[str, Any]:
    deleted = comment.state == Comment.State.DELETED
    anchor = f"comment-{comment.pk}"
    kwargs = {"story": comment.story_id, "pk": comment.pk}
    return {
        "id": comment.pk,
        "anchor": anchor,
        "url": f"{story_url}#{anchor}",
        "absolute_url": absolute(f"{story_url}#{anchor}"),
        "kind": comment.kind,
        "author": _author(comment),
        "published_long": long_date(comment.created_at, blog),
        "published_short": short_date(comment.created_at, blog),
        "published_iso": iso(comment.created_at, blog),
        "html": Markup("") if deleted else Markup(comment.rendered_html),  # noqa: S704 (sanitised on save)
        "deleted": deleted,
        "deleted_by_author": deleted and comment.deleted_by_author,
        "pending": comment.state in (Comment.State.PENDING, Comment.State.SPAM) and mine,
        "edited": comment.edited_at is not None,
        "reply_url": reply_url,
        "edit_url": blog_reverse(blog.name, "comments:edit", **kwargs) if changeable else "",
        "delete_url": blog_reverse(blog.name, "comments:delete", **kwargs) if changeable else "",
        "replies": [],
    }


def thread(
    request: HttpRequest, blog: Blog, story: Story, *, can_reply: bool
) -> tuple[list[dict[str, Any]], int]:
    """Top-level comments oldest first, each with its replies, and how many are published.

    One query, whatever the number of comments."""
    user = request.user
    own_ids = own_guest_comments(request)
    shown = Q(state__in=[Comment.State.PUBLISHED, Comment.State.DELETED])
    if user.is_authenticated:
        shown |= Q(author=user)
    if own_ids:
        shown |= Q(pk__in=own_ids)
    comments = list(Comment.objects.filter(shown, story=story).select_related("author"))
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is not None:
            replies[comment.parent_id].append(comment)

    story_url = blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))

    def mine(comment: Comment) -> bool:
        if comment.author_id is not None:
            return bool(user.is_authenticated and comment.author_id == user.pk)
        return comment.pk in own_ids

    def visible(comment: Comment) -> bool:
        return comment.state == Comment.State.PUBLISHED or (
            comment.state != Comment.State.DELETED and mine(comment)
        )

    def present(comment: Comment, reply_url: str = "") -> dict[str, Any]:
        return comment_data(
            comment,
            blog,
            story_url,
            mine=mine(comment),
            changeable=mine(comment) and can_change_own(comment, user, own_ids),
            reply_url=reply_url,
        )

    result = []
    count = 0
    for comment in comments:
        if comment.parent_id is not None:
            continue
        shown_replies = [r for r in replies[comment.pk] if visible(r)]
        if not visible(comment) and not (comment.state == Comment.State.DELETED and shown_replies):
            continue
        reply_url = ""
        if can_reply and comment.state == Comment.State.PUBLISHED:
            reply_url = f"{story_url}?reply={comment.pk}#comment-form"
        data = present(comment, reply_url)
        data["replies"] = [present(r) for r in shown_replies]
        result.append(data)
        count += comment.state == Comment.State.PUBLISHED
        count += sum(r.state == Comment.State.PUBLISHED for r in shown_replies)
    return result, count


def form_data(
    request: HttpRequest,
    blog: Blog,
    story: Story,
    form: CommentForm | None,
    reply_to: Comment | None,
) -> dict[str, Any]:
    guest = not request.user.is_authenticated
    values: dict[str, Any] = {"text": "", "name": "", "email": "", "website": "", "parent": ""}
    errors: dict[str, list[str]] = {key: [] for key in values}
    general: list[str] = []
    values["notify_replies"] = False
    if form is not None and form.is_bound:
        values.update({key: form.data.get(key, "") for key in values})
        values["notify_replies"] = bool(form.data.get("notify_replies"))
        errors.update(
            (name, [str(m) for m in messages])
            for name, messages in form.errors.items()
            if name != "__all__"
        )
        general = [str(m) for m in form.non_field_errors()]
    if reply_to is not None:
        values["parent"] = str(reply_to.pk)
    story_url = blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))
    return {
        "action": blog_reverse(blog.name, "comments:post", story=story.pk),
        "guest": guest,
        "can_notify": guest or can_be_told_of_replies(Commenter(user=request.user)),
        "stamp": make_stamp(),
        "honeypot": HONEYPOT,
        "typed": values,
        "errors": errors,
        "general_errors": general,
        "reply_to": {"id": reply_to.pk, "name": reply_to.display_name} if reply_to else None,
        "cancel_reply_url": f"{story_url}#comment-form",
    }


def reply_target(request: HttpRequest, story: Story) -> Comment | None:
    raw = request.GET.get("reply", "")
    if not raw.isdigit():
        return None
    return (
        Comment.objects.filter(story=story, pk=int(raw), state=Comment.State.PUBLISHED)
        .select_related("author", "parent__author")
        .first()
    )


def comments_context(
    request: HttpRequest,
    blog: Blog,
    story: Story,
    *,
    form: CommentForm | None = None,
    reply_to: Comment | None = None,
) -> dict[str, Any]:
    """The `comments` entry of a story page's context."""
    comment_settings = CommentSettings.for_blog(blog)
    status = commenting_status(blog, story, request.user, comment_settings)
    items, count = thread(request, blog, story, can_reply=status == Status.OPEN)
    if reply_to is None and status == Status.OPEN:
        reply_to = reply_target(request, story)
    if reply_to is not None and reply_to.parent_id is not None:
        reply_to = reply_to.parent
    return {
        "comments": {
            "thread": items,
            "count": count,
            "count_text": count_text(count, blog),
            "heading": heading_parts(blog.language),
            "status": str(status),
            "form": form_data(request, blog, story, form, reply_to)
            if status == Status.OPEN
            else None,
            "moderation_url": blog_reverse(blog.name, "comments:moderation")
            if is_moderator(request.user, blog)
            else "",
            **linkback_urls(blog, story, comment_settings),
        }
    }
