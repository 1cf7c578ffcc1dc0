"""Dates as a blog shows them: in its language and time zone."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone, translation

from federkiel.blogs.models import Blog

# (long, short) per language, in Django's date format syntax.
FORMATS = {
    "de": ("l, j. F Y, H:i", "j. M, H:i"),
    "en": ("l, F j, Y, g:i A", "M j, H:i"),
}


def _in_blog_language(
    value: date | datetime, blog: Blog, table: dict[str, tuple[str, str]], which: int
) -> str:
    language = blog.language if blog.language in table else "en"
    with translation.override(language):
        return dateformat.format(value, table[language][which])


def _format(moment: datetime, blog: Blog, which: int) -> str:
    return _in_blog_language(timezone.localtime(moment, blog.tz), blog, FORMATS, which)


def long_date(moment: datetime, blog: Blog) -> str:
    """'Donnerstag, 8. Januar 2009, 21:59' / 'Thursday, January 8, 2009, 9:59 PM'."""
    return _format(moment, blog, 0)


def short_date(moment: datetime, blog: Blog) -> str:
    """'8. Jan, 23:47' / 'Jan 8, 23:47'."""
    return _format(moment, blog, 1)


# (long, short) for a day without a time.
DAY_FORMATS = {
    "de": ("l, j. F Y", "D, j. M"),
    "en": ("l, F j, Y", "D, M j"),
}


def _format_day(day: date, blog: Blog, which: int) -> str:
    return _in_blog_language(day, blog, DAY_FORMATS, which)


def long_day(day: date, blog: Blog) -> str:
    """'Donnerstag, 8. Januar 2009' / 'Thursday, January 8, 2009'."""
    return _format_day(day, blog, 0)


def short_day(day: date, blog: Blog) -> str:
    """'Do, 8. Jan' / 'Thu, Jan 8'."""
    return _format_day(day, blog, 1)


def iso(moment: datetime, blog: Blog) -> str:
    """ISO 8601 with the blog's UTC offset, for `dt-published` and feeds."""
    return timezone.localtime(moment, blog.tz).isoformat(timespec="seconds")
