"""The one way views fetch a blog: look it up and check permission together."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can, can_view


def get_blog(request: HttpRequest, name: str, action: Action = Action.VIEW) -> Blog:
    """A blog the requester may act on. Invisible and missing blogs are the same 404."""
    blog = Blog.objects.filter(name=name).first()
    if blog is None or not can_view(blog, request.user):
        raise Http404("No such blog.")
    if not can(request.user, blog, action):
        raise PermissionDenied
    return blog
