"""Fetch a story of a blog and check permission in one place."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from federkiel.blogs.models import Blog, Visibility
from federkiel.blogs.permissions import Action, can
from federkiel.stories.models import Story


def get_story(request: HttpRequest, blog: Blog, key: str | int) -> Story:
    """A story the requester may read, by numeric id or slug; else 404.

    Drafts and scheduled stories of others are the same 404 as missing ones.
    """
    return _by_key(Story.objects.visible_to(request.user, blog).for_display(), key)


def get_public_story(blog: Blog, key: str | int) -> Story:
    """A story anyone may read, by numeric id or slug, whoever asks; else 404.

    For requests that speak for another site (linkbacks), not for a signed-in visitor:
    the blog must be public and the story published."""
    anonymous = AnonymousUser()
    if blog.visibility != Visibility.PUBLIC or not can(anonymous, blog, Action.VIEW):
        raise Http404("No such story.")
    return _by_key(Story.objects.visible_to(anonymous, blog).select_related("blog"), key)


def _by_key(stories: QuerySet[Story], key: str | int) -> Story:
    key = str(key)
    if key.isascii() and key.isdigit():
        if len(key) > 19:  # longer than any 64-bit id (and than int() accepts unbounded)
            raise Http404("No such story.")
        stories = stories.filter(pk=int(key))
    else:
        stories = stories.filter(slug=key)
    story = stories.first()
    if story is None:
        raise Http404("No such story.")
    return story


def can_edit_story(user: Any, blog: Blog, story: Story) -> bool:
    """Managers and owners edit every story; contributors their own."""
    if can(user, blog, Action.EDIT_ANY):
        return True
    return (
        story.author_id is not None and story.author_id == user.pk and can(user, blog, Action.WRITE)
    )


def get_story_for_edit(request: HttpRequest, blog: Blog, pk: int) -> Story:
    """A story the requester may change (or delete); 404 if unseen, 403 if only readable."""
    story = get_story(request, blog, pk)
    if not can_edit_story(request.user, blog, story):
        raise PermissionDenied
    return story
