"""Search results as plain data for the blog layout and the platform page."""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup, escape

from federkiel.blogs.dates import iso, short_date
from federkiel.blogs.links import blog_reverse
from federkiel.search.models import Entry
from federkiel.search.query import PER_PAGE, Hit, Results
from federkiel.search.text import MAX_QUERY_LENGTH

# Words of the blog search page, in the blog's language; templates read `search_t.<key>`.
LABELS = {
    "search": _("Search"),
    "search_for": _("Search for"),
    "hint": _(
        "All words must occur. Put words in quotes to find them in a row, "
        "and a minus in front of a word to leave out what contains it."
    ),
    "previous": _("previous results"),
    "next": _("next results"),
    "page": _("Page"),
    "results": _("Search results"),
}
KIND_LABELS = {Entry.Kind.STORY: _("Story"), Entry.Kind.COMMENT: _("Comment")}


@cache
def labels_for(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(value) for key, value in LABELS.items()}


def summary(results: Results) -> str:
    """'3 results for “Haus”.' in the active language; '' before anything was searched."""
    query = results.query
    if not query.text:
        return ""
    if query.is_empty:
        return gettext("Type at least one word to search for, not only words to leave out.")
    if not results.total:
        return gettext("Nothing found for “%(query)s”.") % {"query": query.text}
    if results.more:
        return gettext("More than %(count)d results for “%(query)s”; the best are shown.") % {
            "count": results.total,
            "query": query.text,
        }
    return ngettext(
        "%(count)d result for “%(query)s”.", "%(count)d results for “%(query)s”.", results.total
    ) % {"count": results.total, "query": query.text}


def page_url(base: str, results: Results, number: int) -> str:
    return f"{base}?{urlencode({'q': results.query.text, 'page': number})}"


def hit_title(hit: Hit) -> Markup:
    """A story's (highlighted) title; for a comment 'Comment by X on <story title>'."""
    if hit.kind != Entry.Kind.COMMENT:
        return hit.title
    if hit.author_name:
        return escape(gettext("Comment by %(author)s on “%(story)s”")) % {
            "author": hit.author_name,
            "story": hit.title,
        }
    return escape(gettext("Comment on “%(story)s”")) % {"story": hit.title}


def hit_data(hit: Hit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "kind_label": str(KIND_LABELS.get(Entry.Kind(hit.kind), hit.kind)),
        "title": hit_title(hit),
        "snippet": hit.snippet,
        "url": hit.url,
        "author": hit.author_name,
        "published": short_date(hit.published_at, hit.blog),
        "published_iso": iso(hit.published_at, hit.blog),
        "blog": {
            "name": hit.blog.name,
            "title": hit.blog.title,
            "url": blog_reverse(hit.blog.name, "blogs:front"),
        },
    }


def results_data(results: Results, base: str) -> dict[str, Any]:
    """Everything a results page shows, in the active language."""
    return {
        "url": base,
        "query": results.query.text,
        "max_length": MAX_QUERY_LENGTH,
        "truncated_notice": gettext(
            "Your search was longer than %(count)d characters; only the beginning was used."
        )
        % {"count": MAX_QUERY_LENGTH}
        if results.query.truncated
        else "",
        "summary": summary(results),
        "hits": [hit_data(hit) for hit in results.hits],
        "first_number": (results.page - 1) * PER_PAGE + 1,
        "page": {
            "number": results.page,
            "count": results.pages,
            "previous_url": page_url(base, results, results.page - 1) if results.page > 1 else "",
            "next_url": page_url(base, results, results.page + 1)
            if results.page < results.pages
            else "",
        },
    }
