"""Plain data about a blog for the sandboxed layout templates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest

from federkiel.blogs.links import blog_reverse, platform_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.feeds.links import blog_page_feed_links


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
    here = request.build_absolute_uri() if settings.URL_MODE == "subdomain" else None
    return {
        "signed_in": signed_in,
        "name": getattr(user, "public_name", "") if signed_in else "",
        "profile_url": platform_reverse("accounts:profile") if signed_in else "",
        "login_url": platform_reverse("accounts:login")
        + "?"
        + urlencode({"next": here or request.get_full_path()}, safe="/"),
        "logout_url": platform_reverse("accounts:logout"),
        "can_write": can(user, blog, Action.WRITE),
        "can_manage": can(user, blog, Action.SETTINGS),
        "can_subscribe": can(user, blog, Action.SUBSCRIBE),
        "is_member": blog.role_of(user) is not None,
        "write_url": blog_reverse(blog.name, "stories:create"),
        "manage_url": blog_reverse(blog.name, "blogs:settings"),
        "subscribe_url": blog_reverse(blog.name, "blogs:subscribe"),
        "membership_url": blog_reverse(blog.name, "blogs:membership"),
    }


def page_frame(request: HttpRequest, blog: Blog) -> dict[str, Any]:
    """What every blog page needs: the blog, the viewer, the sidebar, its feeds."""
    from federkiel.sidebar.presenters import sidebar_data

    return {
        "blog": blog_data(blog),
        "viewer": viewer_data(request, blog),
        "feeds": blog_page_feed_links(blog),
        "sidebar": sidebar_data(request, blog),
    }
