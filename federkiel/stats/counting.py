"""Counting a page view: page views per blog and day, views per story and day, and the
referring site per blog and day.

Nothing about the visitor is stored or kept in memory: no cookie, no address, no
browser, no identifier. A view only adds one to a few numbers, each with one upsert
statement (the same SQL on SQLite and PostgreSQL); nothing is read.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

from federkiel.blogs.models import RESERVED_NAMES, Blog
from federkiel.stats.models import PageViews, Referrer, StoryViews

# User agents that announce a program rather than a person reading.
ROBOT_MARKERS = ("bot", "crawl", "spider", "slurp", "fetch", "preview", "monitor", "curl", "wget")

# A host name as it may be stored: ASCII labels of letters, digits and hyphens.
HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
)
BLOG_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,28}[a-z0-9]")
MAX_REFERER = 2000


def is_countable(request: HttpRequest) -> bool:
    """A GET by something that calls itself a browser."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(marker in agent for marker in ROBOT_MARKERS)


def blog_today(blog: Blog) -> date:
    """Today in the blog's time zone: the day a view now is counted on."""
    return timezone.localtime(timezone.now(), blog.tz).date()


def _host_of(netloc_host: str | None) -> str | None:
    """A referring host fit to store, or None: lower-case ASCII (IDNA), no port, no user
    name, no trailing dot; IP addresses are left out (they may name a person's machine)."""
    if not netloc_host:
        return None
    host = netloc_host.rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if len(host) > 253 or not HOST.fullmatch(host):
        return None
    return host


def referrer_source(referer: str, blog: Blog, request_host: str = "") -> str | None:
    """The site a view came from, as stored in `Referrer.source`, or None when it is not
    to be counted: no or an odd `Referer`, not http(s), an IP address, or a page of the
    blog itself. Another blog of this platform in path mode is `host/name/`; anything
    else is the bare host — paths and query strings are never kept."""
    if not referer or len(referer) > MAX_REFERER:
        return None
    try:
        parts = urlsplit(referer.strip())
        host = _host_of(parts.hostname)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or host is None:
        return None
    platform = urlsplit(settings.BASE_URL).hostname or ""
    this_host = request_host.partition(":")[0].lower()
    if settings.URL_MODE == "subdomain":
        # The blog has a host of its own; the platform's host is someone else's page.
        return None if host in (this_host, f"{blog.name}.{platform}") else host
    if host not in (platform, this_host):
        return host
    first = parts.path.split("/")[1].lower() if parts.path.startswith("/") else ""
    if first == blog.name:
        return None
    if BLOG_NAME.fullmatch(first) and first not in RESERVED_NAMES:
        return f"{host}/{first}/"
    return host


def _add_one(
    model: type[models.Model],
    keys: dict[str, int | str],
    beside: dict[str, int | str] | None = None,
) -> None:
    """`INSERT … ON CONFLICT (keys) DO UPDATE SET views = views + 1` on the model's
    table; `keys` are the columns of its unique constraint, `beside` other columns of a
    new row."""
    values = {**keys, **(beside or {})}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    views = quote("views")
    columns = ", ".join(quote(name) for name in values)
    conflict = ", ".join(quote(name) for name in keys)
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({columns}, {views}) VALUES ({placeholders}, 1) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {views} = {table}.{views} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(values.values()))


def count_view(request: HttpRequest, blog: Blog, story_id: int | None = None) -> None:
    """Count a blog page answered with 200: the blog's day, the story's day when the page
    is a story, the referring site's day when there is one. At most three statements."""
    if not is_countable(request):
        return
    day = blog_today(blog).isoformat()
    _add_one(PageViews, {"blog_id": blog.pk, "day": day})
    if story_id is not None:
        _add_one(StoryViews, {"story_id": story_id, "day": day}, {"blog_id": blog.pk})
    source = referrer_source(request.headers.get("Referer", ""), blog, request.get_host())
    if source is not None:
        _add_one(Referrer, {"blog_id": blog.pk, "day": day, "source": source})
