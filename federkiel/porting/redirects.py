"""Old addresses of imported stories and files: stored normalised, looked up on a 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.http import Http404, HttpResponsePermanentRedirect

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.media.presenters import file_url
from federkiel.porting.models import MAX_OLD_PATH, OldPath
from federkiel.stories.models import Story


def normalise(path: str) -> str:
    """'/stories/1234/', 'stories/1234', 'http://x.example/stories/1234/?a=b' →
    '/stories/1234'. Empty for paths that cannot be stored or would be the front page."""
    try:
        parts = urlsplit((path or "").strip())
    except ValueError:
        return ""
    text = unquote(parts.path)
    segments = [segment for segment in text.split("/") if segment]
    if not segments or any(segment in (".", "..") for segment in segments):
        return ""
    normal = "/" + "/".join(segments)
    if len(normal) > MAX_OLD_PATH or any(ord(ch) < 32 for ch in normal):
        return ""
    return normal


def target_url(blog: Blog, path: str, user: Any) -> str | None:
    """Where an old path of `blog` now lives, if the requester may see it."""
    normal = normalise(path)
    if not normal:
        return None
    old = OldPath.objects.filter(blog=blog, path=normal).select_related("media").first()
    if old is None:
        return None
    if old.story_id is not None:
        story = Story.objects.visible_to(user, blog).filter(pk=old.story_id).only("slug").first()
        if story is None:
            return None
        return blog_reverse(blog.name, "stories:detail", key=story.slug)
    if old.media is not None:
        return file_url(blog.name, old.media)
    return None


def redirect_or_404(blog: Blog, path: str, user: Any) -> HttpResponsePermanentRedirect:
    url = target_url(blog, path, user)
    if url is None:
        raise Http404("No such page.")
    return HttpResponsePermanentRedirect(url)
