"""Searching: `search(query, viewer, blog=None, page=1)`, the one entry point.

Returns only what the viewer may read: published stories (and comments) whose publish
date has come, on blogs the viewer may view (federkiel.blogs.permissions). A page of
results costs few queries, whatever the number of matches: the viewer's memberships
(platform search by a signed-in user), a capped count, the ranked ids (on PostgreSQL a
platform search may take a few rounds, see backends.py), and the entries themselves.
When more than MAX_RESULTS entries match, only the newest CANDIDATES are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from markupsafe import Markup

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog, Membership, Role, Visibility
from federkiel.blogs.permissions import can_view
from federkiel.search.backends import Scope, backend
from federkiel.search.models import Entry
from federkiel.search.snippets import highlight, snippet
from federkiel.search.text import LANGUAGES, Query, parse_query

PER_PAGE = 20
# Counting and paging stop here; nobody reads past page 50.
MAX_RESULTS = 1000
MAX_PAGE = MAX_RESULTS // PER_PAGE
# Only this many newest matches are ranked (at least MAX_RESULTS, so every page one can
# reach comes from them); None ranks every match, slow for common words.
CANDIDATES: int | None = MAX_RESULTS


@dataclass(frozen=True)
class Hit:
    kind: str
    title: Markup  # a comment's: its story's title
    snippet: Markup
    url: str
    blog: Blog
    author_name: str
    published_at: datetime


@dataclass(frozen=True)
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    # Matches counted, at most MAX_RESULTS; `more` when there were more than that.
    total: int = 0
    more: bool = False
    page: int = 1
    pages: int = 1


def page_number(value: Any) -> int:
    """A page number from a request parameter: anything odd is page 1, huge is MAX_PAGE."""
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        return 1
    if len(text) > 6:
        return MAX_PAGE
    return max(1, int(text))


def readable_blog_ids(viewer: Any) -> tuple[int, ...]:
    """Blogs beyond the public ones that `viewer` may read (one query)."""
    if viewer is None or not viewer.is_authenticated:
        return ()
    memberships = (
        Membership.objects.filter(user=viewer)
        .exclude(blog__visibility=Visibility.PUBLIC)
        .select_related("blog")
    )
    readable = []
    for membership in memberships:
        blog = membership.blog
        # Hand the role we already have to the permission check instead of a query.
        blog.__dict__.setdefault("_role_cache", {})[viewer.pk] = Role(membership.role)
        if can_view(blog, viewer):
            readable.append(blog.pk)
    return tuple(readable)


def _scope(viewer: Any, blog: Blog | None) -> Scope:
    if blog is not None:
        return Scope(blog_id=blog.pk)
    if viewer is not None and viewer.is_authenticated and viewer.is_superuser:
        return Scope(everything=True)
    return Scope(extra_blog_ids=readable_blog_ids(viewer))


def _url(entry: Entry) -> str:
    story = entry.story
    url = blog_reverse(entry.blog.name, "stories:detail", key=story.slug or str(story.pk))
    if entry.kind == Entry.Kind.COMMENT:
        url += f"#comment-{entry.object_id}"
    return url


def _hit(entry: Entry, query: Query) -> Hit:
    stems = query.stems(entry.language)
    # A comment's result is named after its story ("Comment by X on <story>").
    title = entry.story.title if entry.kind == Entry.Kind.COMMENT else entry.title
    return Hit(
        kind=entry.kind,
        title=highlight(title, stems, entry.language),
        snippet=snippet(entry.body, stems, entry.language),
        url=_url(entry),
        blog=entry.blog,
        author_name=entry.author_name,
        published_at=entry.published_at,
    )


def search(raw_query: str, viewer: Any, blog: Blog | None = None, page: Any = 1) -> Results:
    """One page of results for what `viewer` typed, in `blog` or on the whole platform.

    With `blog`, the caller has checked that the viewer may view it (get_blog).
    """
    query = parse_query(raw_query or "")
    if query.is_empty:
        return Results(query=query)
    languages = (blog.language,) if blog is not None else LANGUAGES
    scope = _scope(viewer, blog)
    now = timezone.now()
    engine = backend()
    counted = engine.count(query, languages, scope, now, MAX_RESULTS + 1)
    if counted == 0:
        return Results(query=query)
    total = min(counted, MAX_RESULTS)
    pages = max(1, -(-total // PER_PAGE))
    number = min(page_number(page), pages)
    offset = (number - 1) * PER_PAGE
    # With no more matches than candidates, ranking them all costs little.
    many = CANDIDATES is not None and counted > min(CANDIDATES, MAX_RESULTS)
    ids = engine.ranked_ids(query, languages, scope, now, offset, PER_PAGE, CANDIDATES, many)
    entries = (
        Entry.objects.filter(pk__in=ids)
        .select_related("blog", "story")
        .defer("story__text", "story__rendered_html")
    )
    by_id = {entry.pk: entry for entry in entries}
    hits = [_hit(by_id[pk], query) for pk in ids if pk in by_id]
    return Results(
        query=query, hits=hits, total=total, more=counted > MAX_RESULTS, page=number, pages=pages
    )
