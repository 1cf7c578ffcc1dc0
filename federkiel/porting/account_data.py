"""Everything the platform holds about one member, for their own download (GDPR Art. 15/20).

Only the member's own data: their account and profile, memberships, invitations they
received, what they wrote and uploaded, their imports. Nothing of other people (no other
commenter's name or address, no address the member invited).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from federkiel.accounts.models import User
from federkiel.blogs.models import Invitation, Membership
from federkiel.comments.models import BlockedCommenter, Comment
from federkiel.media.models import MediaFile
from federkiel.porting.models import ImportJob
from federkiel.stories.models import Story

FORMAT = "federkiel-account-data"
VERSION = 1


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def account_data(user: User) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _when(timezone.now()),
        "account": {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "email_confirmed": user.email_confirmed,
            "display_name": user.display_name,
            "website": user.website,
            "bio": user.bio,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "has_password": user.has_usable_password(),
        },
        "memberships": [
            {
                "blog": m.blog.name,
                "blog_title": m.blog.title,
                "role": m.role,
                "since": _when(m.created_at),
            }
            for m in Membership.objects.filter(user=user)
            .select_related("blog")
            .order_by("blog__name")
        ],
        "invitations": [
            {
                "blog": i.blog.name,
                "email": i.email,
                "role": i.role,
                "status": i.status,
                "created_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "responded_at": _when(i.responded_at),
            }
            for i in Invitation.objects.filter(user=user)
            .select_related("blog")
            .order_by("created_at")
        ],
        "stories": [_story(s) for s in _stories(user)],
        "comments": [_comment(c) for c in _comments(user)],
        "media": [
            {
                "blog": m.blog.name,
                "name": m.name,
                "kind": m.kind,
                "content_type": m.content_type,
                "size": m.size,
                "width": m.width,
                "height": m.height,
                "alt_text": m.alt_text,
                "uploaded_at": _when(m.created_at),
            }
            for m in MediaFile.objects.filter(uploaded_by=user)
            .select_related("blog")
            .order_by("created_at", "id")
        ],
        "blocked_from_commenting": [
            {"blog": b.blog.name, "since": _when(b.created_at)}
            for b in BlockedCommenter.objects.filter(user=user)
            .select_related("blog")
            .order_by("created_at")
        ],
        "imports": [
            {
                "blog": j.blog_name,
                "file": j.original_name,
                "format": j.format,
                "state": j.state,
                "created_at": _when(j.created_at),
                "finished_at": _when(j.finished_at),
                "counts": j.counts,
            }
            for j in ImportJob.objects.filter(owner=user).order_by("created_at")
        ],
    }


def _stories(user: User) -> Any:
    return (
        Story.objects.filter(author=user)
        .select_related("blog")
        .prefetch_related("topics")
        .order_by("published_at", "id")
    )


def _story(story: Story) -> dict[str, Any]:
    return {
        "blog": story.blog.name,
        "id": story.pk,
        "title": story.title,
        "slug": story.slug,
        "text": story.text,
        "text_format": story.text_format,
        "status": story.status,
        "published_at": _when(story.published_at),
        "created_at": _when(story.created_at),
        "modified_at": _when(story.modified_at),
        "comments_open": story.comments_open,
        "topics": [topic.name for topic in story.topics.all()],
    }


def _comments(user: User) -> Any:
    return (
        Comment.objects.filter(author=user)
        .select_related("story__blog")
        .order_by("created_at", "id")
    )


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "blog": comment.story.blog.name,
        "story_id": comment.story_id,
        "story_title": comment.story.title,
        "id": comment.pk,
        "reply_to": comment.parent_id,
        "kind": comment.kind,
        "state": comment.state,
        "text": comment.text,
        "created_at": _when(comment.created_at),
        "edited_at": _when(comment.edited_at),
        "notify_replies": comment.notify_replies,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
    }
