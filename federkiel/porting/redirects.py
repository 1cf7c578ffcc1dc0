"""Old addresses of imported stories, files and topics: stored normalised, looked up on a 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.http import Http404, HttpResponsePermanentRedirect, QueryDict

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.media.presenters import file_url
from federkiel.porting.models import MAX_OLD_PATH, OldPath
from federkiel.stories.models import Story

# Query parameters that name a post on the old platform (WordPress: `/?p=123`).
ID_PARAMETERS = ("p", "page_id", "attachment_id")


def normalise(path: str) -> str:
    """'/stories/1234/', 'stories/1234', 'http://x.example/stories/1234/?a=b' →
    '/stories/1234'; '/?p=5&x=1' → '/?p=5'. Empty for paths that cannot be stored or
    that would be the front page."""
    try:
        parts = urlsplit((path or "").strip())
        query = parse_qsl(parts.query)
    except ValueError:
        return ""
    text = unquote(parts.path)
    segments = [segment for segment in text.split("/") if segment]
    if any(segment in (".", "..") for segment in segments):
        return ""
    normal = "/" + "/".join(segments)
    ids = sorted((k, v) for k, v in query if k in ID_PARAMETERS and v.isascii() and v.isalnum())
    if ids:
        normal += "?" + urlencode(ids)
    if normal == "/" or len(normal) > MAX_OLD_PATH or any(ord(ch) < 32 for ch in normal):
        return ""
    return normal


def has_old_query(query: QueryDict) -> bool:
    """Whether a request's query names a post the way the old platform did."""
    return any(key in query for key in ID_PARAMETERS)


def target_url(blog: Blog, path: str, user: Any) -> str | None:
    """Where an old path of `blog` now lives, if the requester may see it."""
    normal = normalise(path)
    if not normal:
        return None
    old = OldPath.objects.filter(blog=blog, path=normal).select_related("media", "topic").first()
    if old is None:
        return None
    if old.story_id is not None:
        story = Story.objects.visible_to(user, blog).filter(pk=old.story_id).only("slug").first()
        if story is None:
            return None
        return blog_reverse(blog.name, "stories:detail", key=story.slug)
    if old.media is not None:
        return file_url(blog.name, old.media)
    if old.topic is not None:
        return blog_reverse(blog.name, "archive:topic", key=old.topic.slug)
    return None


def redirect_or_404(blog: Blog, path: str, user: Any) -> HttpResponsePermanentRedirect:
    url = target_url(blog, path, user)
    if url is None:
        raise Http404("No such page.")
    return HttpResponsePermanentRedirect(url)
