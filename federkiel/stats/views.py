"""The statistics page of a blog, for its owners and managers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from federkiel.blogs.access import get_blog
from federkiel.blogs.permissions import Action, can
from federkiel.stats.figures import parse_period
from federkiel.stats.presenters import statistics_page


def statistics(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.STATS)
    context = {
        "blog": the_blog,
        # Managers see the statistics, but not the owner's other pages in its navigation.
        "owner_pages": can(request.user, the_blog, Action.SETTINGS),
        **statistics_page(the_blog, parse_period(request.GET.get("days"))),
    }
    return render(request, "stats/statistics.html", context)
