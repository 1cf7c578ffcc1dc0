"""Fetch a blog's uploads and check permission in one place.

Writers (contributors and up) upload; managers and owners manage every upload of the
blog, contributors their own. Files are read by whoever may read the blog.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.media.models import MediaFile, MediaQuerySet


def can_manage_media(user: Any, blog: Blog, media: MediaFile) -> bool:
    if can(user, blog, Action.EDIT_ANY):
        return True
    return (
        media.uploaded_by_id is not None
        and media.uploaded_by_id == user.pk
        and can(user, blog, Action.WRITE)
    )


def manageable_media(user: Any, blog: Blog) -> MediaQuerySet:
    """The uploads of `blog` that `user` may change: all for managers, else their own."""
    uploads = MediaFile.objects.filter(blog=blog)
    if can(user, blog, Action.EDIT_ANY):
        return uploads
    if not can(user, blog, Action.WRITE):
        return uploads.none()
    return uploads.filter(uploaded_by_id=user.pk)


def get_media_for_edit(request: HttpRequest, blog: Blog, pk: int) -> MediaFile:
    """An upload of a blog fetched through `get_blog`; 404 if missing, 403 if not theirs."""
    media = MediaFile.objects.filter(blog=blog, pk=pk).select_related("uploaded_by").first()
    if media is None:
        raise Http404("No such file.")
    if not can_manage_media(request.user, blog, media):
        raise PermissionDenied
    return media


def get_media_file(blog: Blog, key: str) -> MediaFile:
    """An upload by its key, of a blog the requester may read (fetched through `get_blog`)."""
    if not (key.isascii() and key.isalnum()) or len(key) > 32:
        raise Http404("No such file.")
    media = MediaFile.objects.filter(blog=blog, key=key).first()
    if media is None:
        raise Http404("No such file.")
    return media
