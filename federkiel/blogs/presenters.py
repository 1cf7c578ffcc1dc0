"""Plain data about a blog for the sandboxed layout templates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.feeds.links import blog_feed_links


def blog_data(blog: Blog) -> dict[str, Any]:
    return {
        "name": blog.name,
        "title": blog.title,
        "tagline": blog.tagline,
        "language": blog.language,
        "url": blog_reverse(blog.name, "blogs:front"),
    }


def viewer_data(request: HttpRequest, blog: Blog) -> dict[str, Any]:
    user = request.user
    signed_in = bool(user.is_authenticated)
    return {
        "signed_in": signed_in,
        "name": getattr(user, "public_name", "") if signed_in else "",
        "profile_url": reverse("accounts:profile") if signed_in else "",
        "login_url": reverse("accounts:login") + "?next=" + request.get_full_path(),
        "logout_url": reverse("accounts:logout"),
        "can_write": can(user, blog, Action.WRITE),
        "can_manage": can(user, blog, Action.SETTINGS),
        "write_url": blog_reverse(blog.name, "stories:create"),
        "manage_url": blog_reverse(blog.name, "blogs:settings"),
    }


def page_frame(request: HttpRequest, blog: Blog) -> dict[str, Any]:
    """What every blog page needs: the blog, the viewer, the sidebar, its feeds."""
    from federkiel.sidebar.presenters import sidebar_data

    return {
        "blog": blog_data(blog),
        "viewer": viewer_data(request, blog),
        "feeds": blog_feed_links(blog),
        "sidebar": sidebar_data(request, blog),
    }
