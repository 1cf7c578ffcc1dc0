from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from federkiel.blogs.models import Blog, Visibility
from federkiel.feeds.links import platform_feed_links
from federkiel.stories.models import Story


def home(request: HttpRequest) -> HttpResponse:
    """The platform's front door: newest public stories and blogs."""
    stories = (
        Story.objects.published()
        .filter(blog__visibility=Visibility.PUBLIC)
        .select_related("blog", "author")[:20]
    )
    blogs = Blog.objects.filter(visibility=Visibility.PUBLIC).order_by("-created_at")[:10]
    return render(
        request,
        "platform/home.html",
        {"stories": stories, "blogs": blogs, "feeds": platform_feed_links()},
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's blogs and roles."""
    memberships = request.user.memberships.select_related("blog").order_by("blog__name")  # type: ignore[union-attr]
    return render(request, "platform/dashboard.html", {"memberships": memberships})
