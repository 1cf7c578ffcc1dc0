"""Sending linkbacks: telling the pages a story links to (Webmention, else Pingback).

`send_for_story` runs in a task after a public story is published or changed (and for
a scheduled story when its date has come). It collects the story's links, and for each
page — and each page the story no longer links to, so the receiver can delete its
mention — fetches it with the safe fetcher, discovers its endpoint and notifies it. Each
attempt is a `SentLinkback` row; a page is told again only when the story changed since,
so running the task twice sends nothing twice. Network errors and 5xx answers are
recorded as transient and raise `TransientFailure` at the end, which the task retries.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import xmlrpc.client
from dataclasses import dataclass
from urllib.parse import urldefrag, urlencode, urljoin

from bs4 import BeautifulSoup
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from django.utils import timezone

from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Visibility
from federkiel.linkbacks.fetch import FetchError, Page, Refused, fetch, post
from federkiel.linkbacks.models import SentLinkback
from federkiel.linkbacks.receiving import is_http_url
from federkiel.linkbacks.webmention import Fault, normalized, story_key
from federkiel.stories.models import Story

log = logging.getLogger(__name__)

MAX_LINKS = 30
TOTAL_SECONDS = 120.0
RESPONSE_LENGTH = 200
FORM = "application/x-www-form-urlencoded"


class TransientFailure(Exception):
    """Some pages could not be told for now (network error, 5xx); the task retries."""


@dataclass(frozen=True)
class Endpoint:
    method: str  # SentLinkback.Method
    url: str


@dataclass(frozen=True)
class Outcome:
    status: str  # SentLinkback.Status
    method: str = SentLinkback.Method.NONE
    response: str = ""
    transient: bool = False


def sends_linkbacks(story: Story) -> bool:
    """Only public stories of public blogs whose owners leave sending on."""
    blog = story.blog
    return story.is_public and blog.visibility == Visibility.PUBLIC and blog.send_linkbacks


def story_url(story: Story) -> str:
    return absolute(blog_reverse(story.blog.name, "stories:detail", key=story.slug))


def digest(story: Story) -> str:
    """What the receivers see of the story; a change means telling them again."""
    content = f"{story.title}\0{story.rendered_html}".encode()
    return hashlib.sha256(content).hexdigest()


def outgoing_links(story: Story) -> list[str]:
    """The story's http(s) links, without fragments or duplicates, not to the story
    itself (by either address), at most MAX_LINKS."""
    own = story_url(story)
    soup = BeautifulSoup(story.rendered_html, "html5lib")
    found: dict[str, str] = {}
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"]
        if not isinstance(href, str):
            continue
        url = urldefrag(urljoin(own, href.strip()))[0]
        if not is_http_url(url) or _is_story(url, story):
            continue
        found.setdefault(normalized(url), url)
    return list(found.values())[:MAX_LINKS]


def _is_story(url: str, story: Story) -> bool:
    key = story_key(url)
    return key is not None and key[0] == story.blog.name and key[1] in (str(story.pk), story.slug)


def send_for_story(story_id: int) -> None:
    """Tell the pages the story links to, and those it no longer links to; see above."""
    if not settings.LINKBACKS_SEND:
        return
    story = Story.objects.select_related("blog").filter(pk=story_id).first()
    if story is None or not sends_linkbacks(story):
        return
    source, version = story_url(story), digest(story)
    links = outgoing_links(story)
    rows = {row.target_url: row for row in SentLinkback.objects.filter(story=story)}
    removed = [url for url in rows if url not in links][:MAX_LINKS]
    deadline = time.monotonic() + TOTAL_SECONDS
    retry = False
    for target in links + removed:
        row = rows.get(target)
        if row is not None and row.sent_for == version and not row.transient:
            continue
        if time.monotonic() > deadline:
            outcome = Outcome(SentLinkback.Status.FAILED, response="time is up", transient=True)
        else:
            outcome = notify(source, target)
        retry = retry or outcome.transient
        SentLinkback.objects.update_or_create(
            story=story,
            target_url=target,
            defaults={
                "method": outcome.method,
                "status": outcome.status,
                "response": outcome.response[:RESPONSE_LENGTH],
                "transient": outcome.transient,
                "sent_for": version,
                "attempted_at": timezone.now(),
            },
        )
    if retry:
        raise TransientFailure(f"story {story_id}: some pages could not be told yet")


def notify(source: str, target: str) -> Outcome:
    """Discover the target's endpoint and send to it; never raises for the target's faults."""
    try:
        endpoint = discover(target)
        if endpoint is None:
            return Outcome(SentLinkback.Status.NO_ENDPOINT)
        if endpoint.method == SentLinkback.Method.WEBMENTION:
            return send_webmention(endpoint.url, source, target)
        return send_pingback(endpoint.url, source, target)
    except Refused as error:
        return Outcome(SentLinkback.Status.FAILED, response=str(error))
    except (FetchError, _ServerError) as error:
        log.info("linkback to %s failed: %s", target, error)
        return Outcome(SentLinkback.Status.FAILED, response=str(error), transient=True)


class _ServerError(Exception):
    """The target page answered 5xx."""


def discover(target: str) -> Endpoint | None:
    """The target's Webmention endpoint (Link header, then the first <link> or <a> with
    rel webmention), else its Pingback endpoint (X-Pingback, then <link rel="pingback">);
    relative addresses resolved against the page's final address."""
    page = fetch(target, other_types_without_body=True)
    if page.status >= 500:
        raise _ServerError(f"{target}: HTTP {page.status}")
    for url, rels in link_header(page.headers.get("link", "")):
        if "webmention" in rels:
            return Endpoint(SentLinkback.Method.WEBMENTION, urljoin(page.url, url))
    soup = BeautifulSoup(page.body, "html5lib", from_encoding=page.charset or None)
    if page.body:
        found = _element_with_rel(soup, ("link", "a"), "webmention")
        if found is not None:
            return Endpoint(SentLinkback.Method.WEBMENTION, urljoin(page.url, found))
    pingback = page.headers.get("x-pingback", "").strip()
    if not pingback and page.body:
        pingback = _element_with_rel(soup, ("link",), "pingback") or ""
    if pingback:
        return Endpoint(SentLinkback.Method.PINGBACK, urljoin(page.url, pingback))
    return None


def _element_with_rel(soup: BeautifulSoup, names: tuple[str, ...], rel: str) -> str | None:
    for element in soup.find_all(list(names)):
        value: str | list[str] = element.get("rel") or []
        rels: list[str] = value.split() if isinstance(value, str) else list(value)
        href = element.get("href")
        if isinstance(href, str) and rel in (r.lower() for r in rels):
            return href.strip()
    return None


_LINK_VALUE = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,\s]*))?)*)')
_PARAM = re.compile(r';\s*([^=\s;]+)\s*=\s*(?:"([^"]*)"|([^;,\s]+))')


def link_header(value: str) -> list[tuple[str, set[str]]]:
    """(URL, rel values in lower case) of each link in an HTTP Link header (RFC 8288)."""
    links = []
    for match in _LINK_VALUE.finditer(value):
        rels: set[str] = set()
        for name, quoted, bare in _PARAM.findall(match.group(2)):
            if name.lower() == "rel":
                rels.update((quoted or bare).lower().split())
        links.append((match.group(1).strip(), rels))
    return links


def _answer(page: Page) -> str:
    text = page.text().strip()
    return f"HTTP {page.status}" + (f": {text}" if text else "")


def send_webmention(endpoint: str, source: str, target: str) -> Outcome:
    body = urlencode({"source": source, "target": target}).encode()
    page = post(endpoint, body, FORM)
    method = SentLinkback.Method.WEBMENTION
    if 200 <= page.status < 300:
        return Outcome(SentLinkback.Status.SENT, method, _answer(page))
    transient = page.status >= 500 or page.status == 429
    return Outcome(SentLinkback.Status.FAILED, method, _answer(page), transient)


def send_pingback(endpoint: str, source: str, target: str) -> Outcome:
    call = xmlrpc.client.dumps((source, target), "pingback.ping", encoding="utf-8")
    page = post(endpoint, call.encode(), "text/xml; charset=utf-8")
    method = SentLinkback.Method.PINGBACK
    if page.status >= 500 or page.status == 429:
        return Outcome(SentLinkback.Status.FAILED, method, _answer(page), transient=True)
    if not 200 <= page.status < 300:
        return Outcome(SentLinkback.Status.FAILED, method, _answer(page))
    try:
        fault = read_pingback_answer(page.body)
    except ValueError as error:
        return Outcome(SentLinkback.Status.FAILED, method, str(error))
    if fault is None or fault[0] == Fault.ALREADY_REGISTERED:
        return Outcome(SentLinkback.Status.SENT, method, fault[1] if fault else "")
    return Outcome(SentLinkback.Status.FAILED, method, f"{fault[0]}: {fault[1]}")


def read_pingback_answer(body: bytes) -> tuple[int, str] | None:
    """None for a success; (code, message) for a fault; ValueError for anything else.
    Parsed with defusedxml: the answer comes from outside."""
    try:
        root = fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise ValueError(f"not an XML-RPC answer: {error}") from None
    if root.tag != "methodResponse":
        raise ValueError("not an XML-RPC answer")
    if root.find("params/param/value") is not None:
        return None
    members = {
        (member.findtext("name") or "").strip(): member.find("value")
        for member in root.findall("fault/value/struct/member")
    }
    code, message = members.get("faultCode"), members.get("faultString")
    if code is None:
        raise ValueError("not an XML-RPC answer")
    code_text = "".join(code.itertext()).strip()
    return (
        int(code_text) if code_text.lstrip("-").isdigit() else 0,
        "".join(message.itertext()).strip() if message is not None else "",
    )
