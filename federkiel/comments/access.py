"""Fetch comments through their blog and story, so invisible ones stay 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from federkiel.blogs.models import Blog
from federkiel.comments.models import Comment
from federkiel.stories.access import get_story
from federkiel.stories.models import Story


def get_open_story(request: HttpRequest, blog: Blog, story_id: int) -> Story:
    """A published story the requester can read; drafts and scheduled ones take no comments."""
    story = get_story(request, blog, story_id)
    if not story.is_public:
        raise Http404("No such story.")
    return story


def get_story_comment(request: HttpRequest, blog: Blog, story: Story, pk: int) -> Comment:
    """A comment of this story (any state); the caller checks what the requester may do."""
    comment = Comment.objects.filter(story=story, pk=pk).select_related("author").first()
    if comment is None:
        raise Http404("No such comment.")
    comment.story = story
    return comment


def get_blog_comments(blog: Blog, ids: list[int]) -> list[Comment]:
    """Comments of this blog among `ids`; others are ignored."""
    return list(Comment.objects.of_blog(blog).filter(pk__in=ids).select_related("author"))
