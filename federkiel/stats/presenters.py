"""The statistics page as plain data: numbers formatted, days in the blog's language and
time zone, the chart's bars measured."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federkiel.blogs.dates import long_day, short_day
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.stats import figures

# The chart: one bar per day, in SVG user units.
BAR_WIDTH = 20
BAR_GAP = 4
CHART_HEIGHT = 120


def number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def chart(blog: Blog, days: list[tuple[Any, int]]) -> dict[str, Any]:
    """Bars scaled to the busiest day; each with its day and number for the table and
    the bar's tooltip."""
    most = max((views for _day, views in days), default=0)
    bars = []
    for index, (day, views) in enumerate(days):
        height = round(views / most * CHART_HEIGHT) if most else 0
        bars.append(
            {
                "x": index * BAR_WIDTH + BAR_GAP // 2,
                "y": CHART_HEIGHT - height,
                "height": height,
                "width": BAR_WIDTH - BAR_GAP,
                "day": short_day(day, blog),
                "long_day": long_day(day, blog),
                "iso": day.isoformat(),
                "views": number(views),
            }
        )
    return {
        "bars": bars,
        "width": len(days) * BAR_WIDTH,
        "height": CHART_HEIGHT,
        "most": number(most),
        "first": bars[0]["day"] if bars else "",
        "last": bars[-1]["day"] if bars else "",
    }


def story_url(blog: Blog, story: figures.StoryCount) -> str:
    return blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.story_id))


def period_name(days: int) -> str:
    return ngettext("last %(days)d day", "last %(days)d days", days) % {"days": days}


def statistics_page(blog: Blog, days: int) -> dict[str, Any]:
    """Everything the page shows for the period of `days` days; four queries."""
    totals = figures.totals(blog)
    stories = figures.top_stories(blog, days)
    referrers = figures.top_referrers(blog, days)
    url = blog_reverse(blog.name, "stats:statistics")
    return {
        "chart": chart(blog, figures.daily_views(blog)),
        "chart_days": figures.CHART_DAYS,
        "totals": [
            (_("Today"), number(totals.today)),
            (period_name(7), number(totals.week)),
            (period_name(30), number(totals.month)),
            (_("All time"), number(totals.all_time)),
        ],
        "days": days,
        "period": period_name(days),
        "periods": [
            {"days": d, "name": period_name(d), "url": f"{url}?days={d}", "current": d == days}
            for d in figures.PERIODS
        ],
        "top_stories": [
            {
                "title": story.title,
                "url": story_url(blog, story),
                "views": number(story.views),
            }
            for story in stories
        ],
        "top_referrers": [{"source": source, "views": number(n)} for source, n in referrers],
        "referrer_days": settings.STATS_REFERRER_DAYS,
        "time_zone": blog.time_zone,
    }
