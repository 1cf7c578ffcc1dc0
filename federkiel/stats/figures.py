"""Reading the statistics: each function is one query, whatever the number of days,
stories or referring sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Sum

from federkiel.blogs.models import Blog
from federkiel.stats.counting import blog_today
from federkiel.stats.models import PageViews, Referrer, StoryViews

# The periods the statistics page offers for top stories and referrers, in days.
PERIODS = (7, 30, 365)
DEFAULT_PERIOD = 30
# Days in the chart of daily views.
CHART_DAYS = 30
TOP = 10


def parse_period(value: str | None) -> int:
    """The period asked for in `?days=`, or the default for anything else."""
    try:
        days = int(value or "")
    except ValueError:
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


def first_day(blog: Blog, days: int) -> date:
    """The first day of the last `days` days, today (in the blog's time zone) included."""
    return blog_today(blog) - timedelta(days=days - 1)


def view_counts(blog: Blog) -> tuple[int, int]:
    """(views today, views in total), in one query: the sidebar's visitor counter."""
    sums = PageViews.objects.filter(blog=blog).aggregate(
        total=Sum("views"), today=Sum("views", filter=Q(day=blog_today(blog)))
    )
    return sums["today"] or 0, sums["total"] or 0


@dataclass(frozen=True)
class Totals:
    today: int
    week: int
    month: int
    all_time: int


def totals(blog: Blog) -> Totals:
    """Views today, in the last 7 and 30 days, and ever."""
    sums = PageViews.objects.filter(blog=blog).aggregate(
        today=Sum("views", filter=Q(day__gte=first_day(blog, 1))),
        week=Sum("views", filter=Q(day__gte=first_day(blog, 7))),
        month=Sum("views", filter=Q(day__gte=first_day(blog, 30))),
        all_time=Sum("views"),
    )
    return Totals(**{name: value or 0 for name, value in sums.items()})


def daily_views(blog: Blog, days: int = CHART_DAYS) -> list[tuple[date, int]]:
    """Views per day of the last `days` days, oldest first, days without views as 0."""
    start = first_day(blog, days)
    counted = dict(PageViews.objects.filter(blog=blog, day__gte=start).values_list("day", "views"))
    every_day = (start + timedelta(days=n) for n in range(days))
    return [(day, counted.get(day, 0)) for day in every_day]


@dataclass(frozen=True)
class StoryCount:
    story_id: int
    title: str
    slug: str
    views: int


def top_stories(blog: Blog, days: int, limit: int = TOP) -> list[StoryCount]:
    """The most viewed stories of the last `days` days, most first."""
    rows = (
        StoryViews.objects.filter(blog=blog, day__gte=first_day(blog, days))
        .values("story_id", "story__title", "story__slug")
        .annotate(total=Sum("views"))
        .order_by("-total", "story_id")[:limit]
    )
    return [
        StoryCount(row["story_id"], row["story__title"], row["story__slug"], row["total"])
        for row in rows
    ]


def top_referrers(blog: Blog, days: int, limit: int = TOP) -> list[tuple[str, int]]:
    """The sites most views came from in the last `days` days: (source, views)."""
    rows = (
        Referrer.objects.filter(blog=blog, day__gte=first_day(blog, days))
        .values("source")
        .annotate(total=Sum("views"))
        .order_by("-total", "source")[:limit]
    )
    return [(row["source"], row["total"]) for row in rows]
