"""Webmention (W3C Recommendation): the checks at once, the verification later.

`check_request` runs in the request and answers 400 for what can be told at once;
`verify` runs in the task: it fetches the source with the safe fetcher, checks that it
links to the target, reads author and text from its h-entry (microformats2) or its
<title>, and saves, updates or withdraws the mention.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import mf2py
from bs4 import BeautifulSoup
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from federkiel.blogs.links import resolve_blog_url
from federkiel.comments.models import Comment, CommentSettings
from federkiel.comments.writing import CommentRejected
from federkiel.linkbacks.access import get_linked_story
from federkiel.linkbacks.fetch import FetchError, Page, fetch
from federkiel.linkbacks.receiving import (
    Incoming,
    accepts_linkbacks,
    check_open,
    is_http_url,
    receive_linkback,
    withdraw_linkback,
)
from federkiel.stories.access import get_public_story
from federkiel.stories.models import Story

log = logging.getLogger(__name__)

# Attributes whose URL counts as a link to the target (links, images, media, quotes).
LINK_ATTRIBUTES = ("href", "src", "cite", "data")


class Fault(enum.IntEnum):
    """What is wrong with a request, as Pingback 1.0 numbers it (Webmention answers 400)."""

    GENERIC = 0
    SOURCE_MISSING = 16
    NO_LINK = 17
    TARGET_MISSING = 32
    TARGET_UNUSABLE = 33
    ALREADY_REGISTERED = 48
    ACCESS_DENIED = 49
    UPSTREAM = 50


class BadRequest(Exception):
    def __init__(self, message: StrOrPromise, fault: Fault = Fault.GENERIC) -> None:
        super().__init__(str(message))
        self.message = message
        self.fault = fault


def normalized(url: str) -> str:
    """A URL to compare: scheme and host in lower case, no fragment, path at least `/`."""
    parts = urlsplit(url.strip())
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def story_key(url: str) -> tuple[str, str] | None:
    """(blog name, id or slug) when `url` is a story page of this site."""
    match = resolve_blog_url(url)
    if match is None or match.view_name != "stories:detail":
        return None
    return str(match.kwargs["blog"]), str(match.kwargs["key"])


def check_request(source: str, target: str) -> Story:
    """The story a webmention or pingback is for; BadRequest with the reason otherwise."""
    source, target = source.strip(), target.strip()
    if not source or not target:
        raise BadRequest(_("Send both source and target."))
    http_addresses = _("Source and target must be http(s) addresses of at most 500 characters.")
    if not is_http_url(source):
        raise BadRequest(http_addresses, Fault.SOURCE_MISSING)
    if not is_http_url(target):
        raise BadRequest(http_addresses, Fault.TARGET_UNUSABLE)
    if normalized(source) == normalized(target):
        raise BadRequest(_("Source and target must differ."))
    key = story_key(target)
    if key is None:
        raise BadRequest(_("The target is not a story on this site."), Fault.TARGET_UNUSABLE)
    try:
        story = get_linked_story(*key)
    except Http404:
        raise BadRequest(
            _("The target is not a published story of a public blog."), Fault.TARGET_MISSING
        ) from None
    try:
        check_open(story)
    except CommentRejected as rejected:
        raise BadRequest(rejected.message, Fault.TARGET_UNUSABLE) from None
    return story


@dataclass(frozen=True)
class SourceContent:
    title: str = ""
    excerpt: str = ""
    author_name: str = ""
    author_url: str = ""


def links_to(soup: BeautifulSoup, base_url: str, target: str, story: Story) -> bool:
    """Whether the page links to the target, or to the same story by another address."""
    wanted = normalized(target)
    keys = {str(story.pk), story.slug}
    for element in soup.find_all(True):
        for attribute in LINK_ATTRIBUTES:
            value = element.get(attribute)
            if not isinstance(value, str) or not value.strip():
                continue
            url = urljoin(base_url, value.strip())
            if normalized(url) == wanted:
                return True
            found = story_key(url) if url.startswith(("http://", "https://")) else None
            if found is not None and found[0] == story.blog.name and found[1] in keys:
                return True
    return False


def _first(properties: dict[str, Any], name: str) -> Any:
    values = properties.get(name) or []
    return values[0] if values else None


def _text_of(value: Any) -> str:
    """The plain text of an mf2 property value (a string, an e-* dict or an embedded item)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "value" in value and isinstance(value["value"], str):
            return value["value"]
        return _text_of(_first(value.get("properties", {}), "name"))
    return ""


def read_content(soup: BeautifulSoup, url: str) -> SourceContent:
    """Author, title and text from the first h-entry, else the page's <title>."""
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if title_tag else ""
    parsed = mf2py.parse(doc=soup, url=url)
    entry = next((item for item in parsed["items"] if "h-entry" in item.get("type", [])), None)
    if entry is None:
        return SourceContent(title=page_title)
    props = entry.get("properties", {})
    author = _first(props, "author")
    author_name, author_url = "", ""
    if isinstance(author, dict):
        author_name = _text_of(_first(author.get("properties", {}), "name")) or _text_of(author)
        author_url = _text_of(_first(author.get("properties", {}), "url"))
    elif isinstance(author, str):
        author_name = author
    text = _text_of(_first(props, "summary")) or _text_of(_first(props, "content"))
    name = _text_of(_first(props, "name"))
    if name and text and " ".join(text.split()).startswith(" ".join(name.split())):
        name = ""  # a note: the implied name is its text
    return SourceContent(
        title=name or page_title,
        excerpt=text,
        author_name=author_name,
        author_url=author_url,
    )


def _parse(page: Page) -> BeautifulSoup:
    return BeautifulSoup(page.body, "html5lib", from_encoding=page.charset or None)


def verify(
    story_id: int,
    source: str,
    target: str,
    ip_address: str | None,
    user_agent: str,
    kind: str = Comment.Kind.WEBMENTION,
) -> str:
    """Fetch the source and save, update or withdraw its mention (a webmention or
    pingback) of the story; returns what happened. Safe to run twice: a second run finds
    the mention and changes nothing."""
    story = Story.objects.select_related("blog").filter(pk=story_id).first()
    if story is None:
        return "no story"
    try:
        story = get_public_story(story.blog, story.pk)
    except Http404:
        return "not public"
    if not accepts_linkbacks(story, CommentSettings.for_blog(story.blog)):
        return "closed"
    try:
        page = fetch(source)
    except FetchError as error:
        log.info("webmention from %s not fetched: %s", source, error)
        return "not fetched"
    if page.status in (404, 410):
        return "withdrawn" if withdraw_linkback(story, source) else "gone"
    if not 200 <= page.status < 300:
        return f"status {page.status}"
    soup = _parse(page)
    if not links_to(soup, page.url, target, story):
        return "withdrawn" if withdraw_linkback(story, source) else "no link"
    content = read_content(soup, page.url)
    incoming = Incoming(
        kind=kind,
        source_url=source,
        title=content.title,
        excerpt=content.excerpt,
        author_name=content.author_name,
        author_url=content.author_url,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    try:
        comment = receive_linkback(story, incoming)
    except CommentRejected as rejected:
        log.info("webmention from %s refused: %s", source, rejected)
        return "refused"
    return str(comment.state)
