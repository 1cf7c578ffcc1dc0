"""A feed as plain data, written out as RSS 2.0, Atom or JSON Feed by `formats`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings

# How many entries a feed carries.
FEED_SIZE = 20

_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


@dataclass(frozen=True)
class Entry:
    id: str  # a tag: URI that never changes
    url: str  # absolute
    title: str
    content_html: str
    published: datetime  # aware, in the blog's time zone
    updated: datetime
    author_name: str = ""
    author_url: str = ""
    categories: list[str] = field(default_factory=list)
    comments_url: str = ""


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    description: str
    home_url: str  # absolute: the HTML page the feed follows
    self_urls: dict[str, str]  # absolute, per format ("rss", "atom", "json")
    language: str
    author_name: str
    entries: list[Entry]


def tag_uri(created: datetime, specific: str) -> str:
    """'tag:example.org,2009-01-08:story/42' (RFC 4151), stable for the object's life."""
    return f"tag:{settings.BASE_DOMAIN},{created:%Y-%m-%d}:{specific}"


def absolute_links(html: str, page_url: str) -> str:
    """Root-relative `href` and `src` made absolute, since feed readers lack a base URL."""
    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{origin}/", html)
