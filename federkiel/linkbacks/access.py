"""The story a linkback is for: found as an anonymous reader would find it."""

from __future__ import annotations

from django.http import Http404

from federkiel.blogs.models import Blog
from federkiel.stories.access import get_public_story
from federkiel.stories.models import Story


def get_linked_story(blog_name: str, key: str | int) -> Story:
    """A published story of a public blog, by id or slug; else 404 (whoever asks: the
    sender's cookies must not open a private blog)."""
    blog = Blog.objects.filter(name=blog_name).first()
    if blog is None:
        raise Http404("No such blog.")
    return get_public_story(blog, key)
