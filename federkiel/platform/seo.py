"""robots.txt and sitemap views for the platform and for each blog."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from federkiel.blogs.access import get_blog
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Visibility
from federkiel.platform.sitemaps import BlogsSitemap, StoriesSitemap, TopicsSitemap

# Pages that are for members, not for search engines.
DISALLOW = ["/accounts/", "/admin/", "/dashboard/", "/blogs/", "/*/stories/create/",
            "/*/settings/", "/*/members/"]  # fmt: skip


@require_safe
@cache_control(max_age=3600, public=True)
def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW)]
    lines.append(f"Sitemap: {absolute(reverse('platform:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=3600, public=True)
def blog_robots(request: HttpRequest, blog: str) -> HttpResponse:
    """robots.txt of a blog host in subdomain mode (also answers at /<blog>/robots.txt)."""
    the_blog = get_blog(request, blog)
    lines = ["User-agent: *"]
    if the_blog.visibility == Visibility.PUBLIC:
        lines += [f"Disallow: {p.replace('/*', '')}" for p in DISALLOW if p.startswith("/*/")]
        lines.append(f"Sitemap: {absolute(blog_reverse(the_blog.name, 'platform:blog_sitemap'))}")
    else:
        lines.append("Disallow: /")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def platform_sitemap(request: HttpRequest, section: str | None = None) -> HttpResponse:
    sitemaps: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
        "blogs": BlogsSitemap(),
        "stories": StoriesSitemap(),
    }
    if section is None:
        return sitemap_views.index(request, sitemaps, sitemap_url_name="platform:sitemap_section")
    return sitemap_views.sitemap(request, sitemaps, section=section)


@require_safe
def blog_sitemap(request: HttpRequest, blog: str) -> HttpResponse:
    """A public blog's stories and topics. Restricted and closed blogs have none (404)."""
    the_blog = get_blog(request, blog)
    if the_blog.visibility != Visibility.PUBLIC:
        raise Http404("No sitemap.")
    sitemaps: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
        "stories": StoriesSitemap(the_blog),
        "topics": TopicsSitemap(the_blog),
    }
    return sitemap_views.sitemap(request, sitemaps)
