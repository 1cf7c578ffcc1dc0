"""Fetch a story of a blog and check permission in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.stories.models import Story


def get_story(request: HttpRequest, blog: Blog, key: str | int) -> Story:
    """A story the requester may read, by numeric id or slug; else 404."""
    stories = Story.objects.visible_to(request.user, blog).select_related("author")
    key = str(key)
    stories = stories.filter(pk=int(key)) if key.isdigit() else stories.filter(slug=key)
    story = stories.prefetch_related("topics").first()
    if story is None:
        raise Http404("No such story.")
    return story


def get_story_for_edit(request: HttpRequest, blog: Blog, pk: int) -> Story:
    """A story the requester may change: their own as contributor, any as manager."""
    story = get_story(request, blog, pk)
    if can(request.user, blog, Action.EDIT_ANY):
        return story
    if story.author_id == request.user.pk and can(request.user, blog, Action.WRITE):
        return story
    raise PermissionDenied
