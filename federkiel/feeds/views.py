"""Feed views: find the source, answer 304 when the client's copy is current, else write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.views.decorators.http import condition

from federkiel.blogs.links import blog_reverse
from federkiel.feeds import sources
from federkiel.feeds.formats import CONTENT_TYPES, WRITERS
from federkiel.feeds.sources import Source

SOURCES: dict[str, Callable[..., Source]] = {
    "stories": sources.blog_stories,
    "topic": sources.topic_stories,
    "platform": sources.platform_stories,
    "comments": sources.blog_comments,
    "story_comments": sources.story_comments,
}


def _source(request: HttpRequest, kind: str, fmt: str, **kwargs: Any) -> Source:
    """The request's source, found once for the ETag, Last-Modified and the body."""
    found: Source | None = getattr(request, "_feed_source", None)
    if found is None:
        found = SOURCES[kind](request, **kwargs)
        setattr(request, "_feed_source", found)  # noqa: B010
    return found


def _etag(request: HttpRequest, **kwargs: Any) -> str:
    return f"{_source(request, **kwargs).stamp}-{kwargs['fmt']}"


def _last_modified(request: HttpRequest, **kwargs: Any) -> datetime | None:
    return _source(request, **kwargs).last_modified


@condition(etag_func=_etag, last_modified_func=_last_modified)
def feed(request: HttpRequest, kind: str, fmt: str, **kwargs: Any) -> HttpResponse:
    """A feed in `fmt` (rss, atom, json); `kind` picks the source (see SOURCES)."""
    body = WRITERS[fmt](_source(request, kind, fmt, **kwargs).build())
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt])


def rss_alias(request: HttpRequest, blog: str) -> HttpResponse:
    """twoday's `/<blog>/rss` and `/<blog>/index.rdf` keep working."""
    sources.public_blog(request, blog)
    return HttpResponsePermanentRedirect(blog_reverse(blog, "feeds:stories", fmt="rss"))
