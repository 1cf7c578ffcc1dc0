"""Archive pages of a blog: days, months, topics. Bad addresses get a 404 page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.translation import gettext as _

from federkiel.archive import periods
from federkiel.archive.calendar import month_calendar
from federkiel.archive.periods import Period
from federkiel.archive.presenters import NoSuchPage, story_page, topic_heading, topic_list
from federkiel.archive.topics import get_topic, topic_by_name, topics_with_counts
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.feeds.links import blog_page_feed_links, topic_feed_links
from federkiel.porting.redirects import target_url
from federkiel.skins.engine import render_blog_page
from federkiel.stories.models import Story


def _page(
    request: HttpRequest, blog: Blog, template: str, data: dict[str, Any], status: int = 200
) -> HttpResponse:
    defaults: dict[str, Any] = {
        "heading": "",
        "notice": "",
        "stories": [],
        "page": {"number": 1, "count": 1, "newer_url": "", "older_url": ""},
        "calendar": {},
        "back": {"title": "", "url": ""},
    }
    return render_blog_page(request, blog, template, {**defaults, **data}, status=status)


def _not_found(request: HttpRequest, blog: Blog, notice: str, **data: Any) -> HttpResponse:
    back = {"title": _("Go to the front page"), "url": blog_reverse(blog.name, "blogs:front")}
    return _page(
        request,
        blog,
        "archive.html",
        {"heading": _("Not found"), "notice": notice, "back": back, **data},
        status=404,
    )


def _period_page(request: HttpRequest, blog: Blog, period: Period) -> HttpResponse:
    start, end = period.bounds(blog)
    stories = Story.objects.published().filter(
        blog=blog, published_at__gte=start, published_at__lt=end
    )
    viewname, kwargs = (
        ("archive:day", {"day": period.key})
        if period.is_day
        else ("archive:month", {"month": period.key})
    )
    month = periods.month(period.first.year, period.first.month)
    calendar = month_calendar(blog, month, selected=period.first if period.is_day else None)
    title = period.title(blog)
    try:
        data = story_page(request, blog, stories, blog_reverse(blog.name, viewname, **kwargs))
    except NoSuchPage:
        return _not_found(request, blog, _("There is no such page."), calendar=calendar)
    if not data["stories"]:
        notice = (
            _("There are no stories on %(day)s.") % {"day": title}
            if period.is_day
            else _("There are no stories in %(month)s.") % {"month": title}
        )
        return _not_found(request, blog, notice, calendar=calendar)
    return _page(request, blog, "archive.html", {"heading": title, "calendar": calendar, **data})


def day(request: HttpRequest, blog: str, day: str) -> HttpResponse:
    """`/<blog>/20090108/`: the stories of one day in the blog's time zone."""
    the_blog = get_blog(request, blog)
    with translation.override(the_blog.language):
        period = periods.parse_day(day)
        if period is None:
            return _not_found(request, the_blog, _("There is no such date."))
        return _period_page(request, the_blog, period)


def month(request: HttpRequest, blog: str, month: str) -> HttpResponse:
    """`/<blog>/200901/`: the stories of one month in the blog's time zone."""
    the_blog = get_blog(request, blog)
    with translation.override(the_blog.language):
        period = periods.parse_month(month)
        if period is None:
            return _not_found(request, the_blog, _("There is no such month."))
        return _period_page(request, the_blog, period)


def topics(request: HttpRequest, blog: str) -> HttpResponse:
    """`/<blog>/topics/`: every topic with published stories, with its story count."""
    the_blog = get_blog(request, blog)
    with translation.override(the_blog.language):
        items = topic_list(the_blog, list(topics_with_counts(the_blog)))
        return _page(request, the_blog, "topics.html", {"topics": items})


def topic(request: HttpRequest, blog: str, key: str) -> HttpResponse:
    """`/<blog>/topics/<slug>/`; twoday's `/topics/Name+With+Plus/` redirects here."""
    the_blog = get_blog(request, blog)
    with translation.override(the_blog.language):
        found = get_topic(the_blog, key)
        if found is None:
            by_name = topic_by_name(the_blog, key)
            if by_name is not None:
                url = blog_reverse(the_blog.name, "archive:topic", key=by_name.slug)
                return HttpResponsePermanentRedirect(url)
            # Perhaps the address a topic had on the platform it was imported from.
            moved = target_url(the_blog, f"/topics/{key}/", request.user)
            if moved is not None:
                return HttpResponsePermanentRedirect(moved)
            return _not_found(
                request, the_blog, _("There is no topic “%(name)s” in this blog.") % {"name": key}
            )
        stories = Story.objects.published().filter(blog=the_blog, topics=found)
        base = blog_reverse(the_blog.name, "archive:topic", key=found.slug)
        try:
            data = story_page(request, the_blog, stories, base)
        except NoSuchPage:
            return _not_found(request, the_blog, _("There is no such page."))
        back = {"title": _("All topics"), "url": blog_reverse(the_blog.name, "archive:topics")}
        heading = topic_heading(found)
        feeds = blog_page_feed_links(the_blog) + topic_feed_links(
            the_blog, found, f"{the_blog.title} – {heading}"
        )
        return _page(
            request,
            the_blog,
            "archive.html",
            {"heading": heading, "back": back, "feeds": feeds, **data},
        )


def day_from_query(request: HttpRequest, blog: str) -> HttpResponse:
    """The front page with twoday's `?day=20090108` shows that day's archive."""
    return day(request, blog, request.GET.get("day", ""))
