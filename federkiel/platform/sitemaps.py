"""Sitemaps: the platform's lists public blogs and stories; each blog has its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.platform.community import public_blogs, public_stories
from federkiel.stories.models import Story, Topic


class AbsoluteSitemap(Sitemap):  # type: ignore[type-arg]
    """Locations are absolute already (blogs may live on their own subdomain)."""

    def get_urls(self, page: int | str = 1, site: object = None, protocol: str | None = None):  # type: ignore[no-untyped-def, override]
        urls = super().get_urls(page=page, site=cast(Any, _NoSite()), protocol="http")
        for url in urls:
            url["location"] = absolute(url["location"].removeprefix("http://"))
        return urls


class _NoSite:
    """Makes Django's sitemap join an empty domain to our (already absolute) locations."""

    domain = ""
    name = ""


class BlogsSitemap(AbsoluteSitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self) -> QuerySet[Blog]:
        return public_blogs().order_by("pk").only("name", "updated_at")

    def location(self, item: Blog) -> str:
        return blog_reverse(item.name, "blogs:front")

    def lastmod(self, item: Blog) -> datetime:
        return item.updated_at


class StoriesSitemap(AbsoluteSitemap):
    limit = 10_000

    def __init__(self, blog: Blog | None = None) -> None:
        self.blog = blog

    def items(self) -> QuerySet[Story]:
        stories = public_stories() if self.blog is None else Story.objects.published()
        if self.blog is not None:
            stories = stories.filter(blog=self.blog)
        return (
            stories.select_related("blog")
            .only("pk", "slug", "modified_at", "blog__name")
            .order_by("pk")
        )

    def location(self, item: Story) -> str:
        return blog_reverse(item.blog.name, "stories:detail", key=item.slug or str(item.pk))

    def lastmod(self, item: Story) -> datetime:
        return item.modified_at


class TopicsSitemap(AbsoluteSitemap):
    limit = 10_000

    def __init__(self, blog: Blog) -> None:
        self.blog = blog

    def items(self) -> QuerySet[Topic]:
        return Topic.objects.filter(blog=self.blog).order_by("pk")

    def location(self, item: Topic) -> str:
        return blog_reverse(self.blog.name, "archive:topic", key=item.slug)
