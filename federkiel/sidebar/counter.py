"""The visitor counter: page views per blog and day. No cookies, no addresses, no agents
are stored; a view is one number added to the blog's row for the day."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from federkiel.blogs.models import Blog
from federkiel.sidebar.models import PageViews

# User agents that announce a program rather than a person reading.
ROBOT_MARKERS = ("bot", "crawl", "spider", "slurp", "fetch", "preview", "monitor", "curl", "wget")


def is_countable(request: HttpRequest) -> bool:
    """A GET by something that calls itself a browser."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(marker in agent for marker in ROBOT_MARKERS)


def today(blog: Blog) -> str:
    return timezone.localtime(timezone.now(), blog.tz).date().isoformat()


def count_page_view(request: HttpRequest, blog: Blog) -> None:
    """Add one view to today's row: a single upsert (same syntax on SQLite and PostgreSQL)."""
    if not is_countable(request):
        return
    quote = connection.ops.quote_name
    table = quote(PageViews._meta.db_table)
    blog_id, day, views = quote("blog_id"), quote("day"), quote("views")
    sql = (
        f"INSERT INTO {table} ({blog_id}, {day}, {views}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({blog_id}, {day}) DO UPDATE SET {views} = {table}.{views} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [blog.pk, today(blog)])


def view_counts(blog: Blog) -> tuple[int, int]:
    """(views today, views in total), in one query."""
    sums = PageViews.objects.filter(blog=blog).aggregate(
        total=Sum("views"), today=Sum("views", filter=Q(day=today(blog)))
    )
    return sums["today"] or 0, sums["total"] or 0
