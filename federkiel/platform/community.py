"""What the platform shows of its community: only public blogs, their published stories
and the published comments on those."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from federkiel.accounts.models import User, web_link
from federkiel.blogs.dates import short_date
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog, Role, Visibility
from federkiel.comments.models import Comment, CommentQuerySet
from federkiel.comments.text import excerpt
from federkiel.stories.models import Story


def public_blogs() -> QuerySet[Blog]:
    return Blog.objects.filter(visibility=Visibility.PUBLIC)


def public_stories() -> QuerySet[Story]:
    return Story.objects.published().filter(blog__visibility=Visibility.PUBLIC)


def public_comments() -> CommentQuerySet:
    return Comment.objects.visible().filter(story__blog__visibility=Visibility.PUBLIC)


def story_item(story: Story) -> dict[str, Any]:
    """A story in a platform list; needs `blog` and `author` selected."""
    blog = story.blog
    return {
        "title": story.title,
        "url": blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk)),
        "date": short_date(story.published_at, blog),
        "date_iso": story.published_at.isoformat(),
        "author": story.author.public_name if story.author else "",
        "author_url": profile_url(story.author) if story.author else "",
        "blog_title": blog.title,
        "blog_url": blog_reverse(blog.name, "blogs:front"),
    }


def comment_item(comment: Comment) -> dict[str, Any]:
    """A comment in a platform list; needs `story__blog` and `author` selected."""
    story = comment.story
    blog = story.blog
    story_url = blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))
    return {
        "excerpt": excerpt(comment.rendered_html),
        "url": f"{story_url}#comment-{comment.pk}",
        "date": short_date(comment.created_at, blog),
        "date_iso": comment.created_at.isoformat(),
        "author": comment.display_name,
        "author_url": profile_url(comment.author) if comment.author else "",
        "story_title": story.title,
        "story_url": story_url,
        "blog_title": blog.title,
        "blog_url": blog_reverse(blog.name, "blogs:front"),
    }


def _comment_list(comments: CommentQuerySet, limit: int) -> list[dict[str, Any]]:
    newest = comments.select_related("story__blog", "author").order_by("-created_at", "-id")
    return [comment_item(c) for c in newest[:limit]]


def blog_item(blog: Blog) -> dict[str, Any]:
    return {
        "name": blog.name,
        "title": blog.title,
        "tagline": blog.tagline,
        "url": blog_reverse(blog.name, "blogs:front"),
        "updated": short_date(blog.updated_at, blog),
        "story_count": getattr(blog, "story_count", None),
    }


def profile_url(user: User) -> str:
    from django.urls import reverse

    return reverse("platform:profile", kwargs={"username": user.username})


def newest_stories(limit: int = 20) -> list[dict[str, Any]]:
    stories = public_stories().select_related("blog", "author").order_by("-published_at")
    return [story_item(s) for s in stories[:limit]]


def newest_comments(limit: int = 10) -> list[dict[str, Any]]:
    return _comment_list(public_comments(), limit)


def recently_updated_blogs(limit: int = 10) -> list[dict[str, Any]]:
    return [blog_item(b) for b in public_blogs().order_by("-updated_at", "name")[:limit]]


def newest_blogs(limit: int = 10) -> list[dict[str, Any]]:
    return [blog_item(b) for b in public_blogs().order_by("-created_at", "name")[:limit]]


def directory() -> QuerySet[Blog]:
    """Every public blog with its number of published stories, by name."""
    published = Q(stories__status=Story.Status.PUBLISHED, stories__published_at__lte=timezone.now())
    return public_blogs().annotate(story_count=Count("stories", filter=published)).order_by("name")


def profile(user: User, limit: int = 20) -> dict[str, Any]:
    """A user's public face: their public blogs, recent public stories and comments."""
    blogs = public_blogs().filter(
        memberships__user=user,
        memberships__role__in=[Role.OWNER, Role.MANAGER, Role.CONTRIBUTOR],
    )
    stories = public_stories().filter(author=user).select_related("blog", "author")
    return {
        "name": user.public_name,
        "username": user.username,
        "bio": user.bio,
        "website": web_link(user.website),
        "member_since": user.date_joined,
        "blogs": [blog_item(b) for b in blogs.distinct().order_by("name")],
        "stories": [story_item(s) for s in stories.order_by("-published_at")[:limit]],
        "comments": _comment_list(public_comments().filter(author=user), limit),
    }
