"""Pages behind the links in comment mails: a moderation decision and unsubscribing.

Neither acts on GET (mail scanners open links): GET shows a page with a button, the
button's POST acts. The token in the URL is the credential, so neither needs a session.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from federkiel.blogs.links import blog_reverse
from federkiel.comments.mail_links import (
    APPROVE,
    LinkRefused,
    check_moderation_link,
    subscription,
    unsubscribe_replies,
)
from federkiel.comments.models import Comment
from federkiel.comments.moderation import Decision, decide
from federkiel.comments.notifications import hold_explanation


def refused(request: HttpRequest, message: object, status: int) -> HttpResponse:
    return render(request, "comments/mail_link_refused.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, blog: str, token: str) -> HttpResponse:
    """Publish or mark as spam the comment a moderator's mail link names."""
    try:
        with transaction.atomic():
            link = check_moderation_link(token, blog, lock=request.method == "POST")
            done = request.method == "POST" and not link.done_already
            if done:
                decide(link.blog, Decision(link.decision), [link.comment.pk], link.user)
                link.comment.refresh_from_db()
    except LinkRefused as refusal:
        return refused(request, refusal.message, refusal.status)
    comment = link.comment
    story = comment.story
    story_url = blog_reverse(blog, "stories:detail", key=story.slug or str(story.pk))
    return render(
        request,
        "comments/mail_decision.html",
        {
            "blog": link.blog,
            "comment": comment,
            "writer": comment.display_name + (f" ({_('guest')})" if comment.is_guest else ""),
            "story": story,
            "story_url": story_url,
            "comment_url": f"{story_url}#comment-{comment.pk}",
            "approve": link.decision == APPROVE,
            "done": done,
            "already": link.done_already and not done,
            "published": comment.state == Comment.State.PUBLISHED,
            "reason": hold_explanation(comment.hold_reason)
            if comment.state == Comment.State.PENDING
            else "",
            "queue_url": blog_reverse(blog, "comments:moderation"),
        },
    )


# Mail programs send the one-click POST (RFC 8058) without cookies or a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, blog: str, token: str) -> HttpResponse:
    comment = subscription(token, blog)
    if comment is None:
        return refused(
            request,
            _(
                "This unsubscribe link is not valid. Perhaps it was not copied completely "
                "from the mail."
            ),
            404,
        )
    if request.method == "POST":
        unsubscribe_replies(comment)
        comment.notify_replies = False
    story = comment.story
    return render(
        request,
        "comments/unsubscribe.html",
        {
            "blog": story.blog,
            "story": story,
            "story_url": blog_reverse(blog, "stories:detail", key=story.slug or str(story.pk)),
            "subscribed": comment.notify_replies,
            "done": request.method == "POST",
        },
    )
