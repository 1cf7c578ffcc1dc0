"""What each feed contains, and a cheap stamp of it for conditional GET.

A `Source` is found in one or two queries (the blog, the newest rows' ids and dates);
only when the client's copy is stale does `build` load the full entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from federkiel.archive.presenters import topic_heading
from federkiel.archive.topics import get_topic
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog, Visibility
from federkiel.feeds.formats import FORMATS
from federkiel.feeds.links import PLATFORM_NAME, platform_feed_title
from federkiel.feeds.model import FEED_SIZE, Entry, Feed, absolute_links, tag_uri
from federkiel.stories.models import Story, StoryQuerySet

# Part of every stamp: bump it when the feeds' markup changes.
FEED_VERSION = "1"


@dataclass(frozen=True)
class Source:
    stamp: str  # changes whenever the feed's content would
    last_modified: datetime | None
    build: Callable[[], Feed]


def _source(
    parts: Iterable[object],
    rows: Iterable[tuple[int, datetime, datetime]],
    build: Callable[[], Feed],
    since: datetime | None = None,
) -> Source:
    """A stamp from the feed's own words and the (id, modified, published) of its rows."""
    digest = hashlib.sha256(FEED_VERSION.encode())
    moments = [since] if since else []
    for part in parts:
        digest.update(f"\x1f{part}".encode())
    for pk, modified, published in rows:
        digest.update(f"\x1e{pk}:{modified.isoformat()}:{published.isoformat()}".encode())
        moments += [modified, published]
    return Source(digest.hexdigest()[:32], max(moments, default=None), build)


def public_blog(request: HttpRequest, name: str) -> Blog:
    """A blog whose feeds exist: restricted and closed blogs have none, even for members."""
    blog = get_blog(request, name)
    if blog.visibility != Visibility.PUBLIC:
        raise Http404("No feeds for this blog.")
    return blog


def _local(moment: datetime, blog: Blog) -> datetime:
    return timezone.localtime(moment, blog.tz).replace(microsecond=0)


def story_entry(story: Story, blog: Blog) -> Entry:
    """Needs `author` selected and `topics` prefetched."""
    url = absolute(blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk)))
    author = story.author
    return Entry(
        id=tag_uri(story.created_at, f"story/{story.pk}"),
        url=url,
        title=story.title,
        content_html=absolute_links(story.rendered_html, url),
        published=_local(story.published_at, blog),
        updated=_local(max(story.modified_at, story.published_at), blog),
        author_name=author.public_name if author else "",
        author_url=author.website if author else "",
        categories=[topic.name for topic in story.topics.all()],
    )


def _newest(stories: StoryQuerySet) -> list[tuple[int, datetime, datetime]]:
    return list(stories.values_list("pk", "modified_at", "published_at")[:FEED_SIZE])


def _full(stories: StoryQuerySet) -> list[Story]:
    return list(stories.select_related("author", "blog").prefetch_related("topics")[:FEED_SIZE])


def _self_urls(blog: Blog, viewname: str, **kwargs: str) -> dict[str, str]:
    return {f: absolute(blog_reverse(blog.name, viewname, fmt=f, **kwargs)) for f in FORMATS}


def blog_stories(request: HttpRequest, blog: str) -> Source:
    """The newest published stories of a public blog."""
    the_blog = public_blog(request, blog)
    stories = Story.objects.published().filter(blog=the_blog)

    def build() -> Feed:
        return Feed(
            id=tag_uri(the_blog.created_at, f"blog/{the_blog.pk}/stories"),
            title=the_blog.title,
            description=the_blog.tagline or the_blog.title,
            home_url=absolute(blog_reverse(the_blog.name, "blogs:front")),
            self_urls=_self_urls(the_blog, "feeds:stories"),
            language=the_blog.language,
            author_name=the_blog.title,
            entries=[story_entry(s, the_blog) for s in _full(stories)],
        )

    parts = ["stories", the_blog.name, the_blog.title, the_blog.tagline, the_blog.language,
             the_blog.time_zone]  # fmt: skip
    return _source(parts, _newest(stories), build, the_blog.updated_at)


def topic_stories(request: HttpRequest, blog: str, topic: str) -> Source:
    """The newest published stories of one topic of a public blog."""
    the_blog = public_blog(request, blog)
    the_topic = get_topic(the_blog, topic)
    if the_topic is None:
        raise Http404("No such topic.")
    stories = Story.objects.published().filter(blog=the_blog, topics=the_topic)

    def build() -> Feed:
        with translation.override(the_blog.language):
            title = f"{the_blog.title} – {topic_heading(the_topic)}"
        return Feed(
            id=tag_uri(the_blog.created_at, f"blog/{the_blog.pk}/topic/{the_topic.pk}"),
            title=title,
            description=title,
            home_url=absolute(blog_reverse(the_blog.name, "archive:topic", key=the_topic.slug)),
            self_urls=_self_urls(the_blog, "feeds:topic", topic=the_topic.slug),
            language=the_blog.language,
            author_name=the_blog.title,
            entries=[story_entry(s, the_blog) for s in _full(stories)],
        )

    parts = ["topic", the_blog.name, the_blog.title, the_blog.language, the_blog.time_zone,
             the_topic.pk, the_topic.name]  # fmt: skip
    return _source(parts, _newest(stories), build)


def platform_stories(request: HttpRequest) -> Source:
    """The newest published stories of all public blogs."""
    stories = Story.objects.published().filter(blog__visibility=Visibility.PUBLIC)
    language = translation.get_language() or "en"

    def build() -> Feed:
        title = platform_feed_title()
        return Feed(
            id=absolute(reverse("platform:home")),
            title=title,
            description=title,
            home_url=absolute(reverse("platform:home")),
            self_urls={
                f: absolute(reverse("platform_feeds:stories", kwargs={"fmt": f})) for f in FORMATS
            },
            language=language,
            author_name=PLATFORM_NAME,
            entries=[story_entry(s, s.blog) for s in _full(stories)],
        )

    return _source(["platform", language], _newest(stories), build)
