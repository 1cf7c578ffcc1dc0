"""The archive calendar ("Rückblick"): which days of a month have stories.

`month_calendar` returns plain data for the sandboxed layout, so the archive pages
and a sidebar module can render it alike. It costs three queries, whatever the month.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any

from django.utils import dateformat, timezone, translation

from federkiel.archive import periods
from federkiel.archive.periods import Period
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.stories.models import Story


def days_with_stories(blog: Blog, month: Period) -> set[int]:
    """Days of the month (1 to 31) on which a story of the blog was published."""
    start, end = month.bounds(blog)
    moments = (
        Story.objects.published()
        .filter(blog=blog, published_at__gte=start, published_at__lt=end)
        .datetimes("published_at", "day", tzinfo=blog.tz)
    )
    return {moment.day for moment in moments}


def _month_of(moment: datetime | None, blog: Blog) -> Period | None:
    if moment is None:
        return None
    local = timezone.localtime(moment, blog.tz)
    return periods.month(local.year, local.month)


def neighbour_months(blog: Blog, month: Period) -> tuple[Period | None, Period | None]:
    """The nearest earlier and later months that have stories."""
    start, end = month.bounds(blog)
    published = Story.objects.published().filter(blog=blog).values_list("published_at", flat=True)
    before = published.filter(published_at__lt=start).order_by("-published_at").first()
    after = published.filter(published_at__gte=end).order_by("published_at").first()
    return _month_of(before, blog), _month_of(after, blog)


def _link(blog: Blog, month: Period | None) -> dict[str, str]:
    if month is None:
        return {"title": "", "url": ""}
    return {
        "title": month.title(blog),
        "url": blog_reverse(blog.name, "archive:month", month=month.key),
    }


def month_calendar(blog: Blog, month: Period, selected: date | None = None) -> dict[str, Any]:
    """A month as weeks of days (Monday first); days with stories carry a link."""
    linked = days_with_stories(blog, month)
    earlier, later = neighbour_months(blog, month)
    today = timezone.localtime(timezone.now(), blog.tz).date()
    rows = calendar.Calendar(calendar.MONDAY).monthdatescalendar(
        month.first.year, month.first.month
    )
    weeks = []
    for week in rows:
        cells = []
        for day in week:
            in_month = day.month == month.first.month
            has_stories = in_month and day.day in linked
            cells.append(
                {
                    "day": day.day if in_month else 0,
                    "url": blog_reverse(blog.name, "archive:day", day=periods.day(day).key)
                    if has_stories
                    else "",
                    "is_today": day == today,
                    "is_selected": day == selected,
                }
            )
        weeks.append(cells)
    language = blog.language if blog.language in periods.FORMATS else "en"
    with translation.override(language):
        weekdays = [dateformat.format(day, "D") for day in rows[0]]
    return {
        **_link(blog, month),
        "weekdays": weekdays,
        "weeks": weeks,
        "previous": _link(blog, earlier),
        "next": _link(blog, later),
    }


def this_months_calendar(blog: Blog) -> dict[str, Any]:
    """The calendar of the current month in the blog's time zone, for the sidebar."""
    today = timezone.localtime(timezone.now(), blog.tz).date()
    return month_calendar(blog, periods.month(today.year, today.month), selected=None)
