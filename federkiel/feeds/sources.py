"""What each feed contains, and a cheap stamp of it for conditional GET.

A `Source` is found in one or two queries (the blog, the newest rows' ids and dates);
only when the client's copy is stale does `build` load the full entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from federkiel.accounts.models import web_link
from federkiel.archive.presenters import topic_heading
from federkiel.archive.topics import get_topic
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog, Visibility
from federkiel.comments.models import Comment, CommentQuerySet
from federkiel.feeds.formats import FORMATS
from federkiel.feeds.links import (
    PLATFORM_NAME,
    blog_comments_title,
    platform_feed_title,
    story_comments_title,
)
from federkiel.feeds.model import FEED_SIZE, Entry, Feed, absolute_links, tag_uri
from federkiel.stories.access import get_story
from federkiel.stories.models import Story, StoryQuerySet

# Part of every stamp: bump it when the feeds' markup changes.
FEED_VERSION = "1"


@dataclass(frozen=True)
class Source:
    stamp: str  # changes whenever the feed's content would
    last_modified: datetime | None
    build: Callable[[], Feed]


# A stamp row: id, modified, published, then words shown beside the entry that live
# on other rows (author names and web sites, blog names), so changing them changes it.
Row = tuple[Any, ...]

# What an entry shows of its author's account and its blog, beyond its own row.
AUTHOR_WORDS = ("author__username", "author__display_name", "author__website")
BLOG_WORDS = ("blog__name", "blog__title", "blog__time_zone")


def _source(
    parts: Iterable[object],
    rows: Iterable[Row],
    build: Callable[[], Feed],
    since: datetime | None = None,
) -> Source:
    """A stamp from the feed's own words and the rows' ids, dates and borrowed words."""
    digest = hashlib.sha256(FEED_VERSION.encode())
    moments = [since] if since else []
    for part in parts:
        digest.update(f"\x1f{part}".encode())
    for pk, modified, published, *words in rows:
        digest.update(f"\x1e{pk}:{modified.isoformat()}:{published.isoformat()}".encode())
        for word in words:
            digest.update(f"\x1d{word}".encode())
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
        author_url=web_link(author.website) if author else "",
        categories=[topic.name for topic in story.topics.all()],
    )


def _newest(stories: StoryQuerySet) -> list[Row]:
    words = ("pk", "modified_at", "published_at", *AUTHOR_WORDS, *BLOG_WORDS)
    return list(stories.values_list(*words)[:FEED_SIZE])


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


# How a comment's entry is titled, by its kind; linkbacks are marked as such.
COMMENT_TITLES: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    Comment.Kind.COMMENT: (
        _("Comment by %(author)s on “%(story)s”"),
        _("Comment on “%(story)s”"),
    ),
    Comment.Kind.TRACKBACK: (
        _("Trackback from %(author)s on “%(story)s”"),
        _("Trackback on “%(story)s”"),
    ),
    Comment.Kind.PINGBACK: (
        _("Pingback from %(author)s on “%(story)s”"),
        _("Pingback on “%(story)s”"),
    ),
    Comment.Kind.WEBMENTION: (
        _("Webmention from %(author)s on “%(story)s”"),
        _("Webmention on “%(story)s”"),
    ),
}


def comment_title(comment: Comment, story: Story) -> str:
    """'Kommentar von Olga zu „Nach Oslo“' in the active language."""
    with_author, without = COMMENT_TITLES.get(comment.kind, COMMENT_TITLES[Comment.Kind.COMMENT])
    name = comment.display_name
    words = {"author": name, "story": story.title}
    return str(with_author if name else without) % words


def comment_entry(comment: Comment, story: Story, blog: Blog) -> Entry:
    """Needs `author` selected; call with the blog's language active."""
    story_url = absolute(blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk)))
    url = f"{story_url}#comment-{comment.pk}"
    written = _local(comment.created_at, blog)
    return Entry(
        id=tag_uri(comment.created_at, f"comment/{comment.pk}"),
        url=url,
        title=comment_title(comment, story),
        content_html=absolute_links(comment.rendered_html, story_url),
        published=written,
        updated=_local(comment.edited_at, blog) if comment.edited_at else written,
        author_name=comment.display_name,
        author_url=web_link(comment.website),
        categories=[] if comment.kind == Comment.Kind.COMMENT else [comment.get_kind_display()],
    )


def _readable_comments(blog: Blog) -> CommentQuerySet:
    """Published comments of the blog's published stories, newest first."""
    return Comment.objects.visible().of_blog(blog).order_by("-created_at", "-id")


def _newest_comments(comments: CommentQuerySet) -> list[Row]:
    # A renamed story changes its comments' titles, so its date counts too.
    changed = Greatest(Coalesce("edited_at", "created_at"), F("story__modified_at"))
    return list(comments.values_list("pk", changed, "created_at", *AUTHOR_WORDS)[:FEED_SIZE])


def _comment_entries(comments: CommentQuerySet, blog: Blog) -> list[Entry]:
    rows = comments.select_related("author", "story")[:FEED_SIZE]
    with translation.override(blog.language):
        return [comment_entry(c, c.story, blog) for c in rows]


def _comment_feed_parts(kind: str, blog: Blog) -> list[object]:
    return [kind, blog.name, blog.title, blog.language, blog.time_zone]


def blog_comments(request: HttpRequest, blog: str) -> Source:
    """The newest published comments (and linkbacks) on the stories of a public blog."""
    the_blog = public_blog(request, blog)
    comments = _readable_comments(the_blog)

    def build() -> Feed:
        title = blog_comments_title(the_blog)
        return Feed(
            id=tag_uri(the_blog.created_at, f"blog/{the_blog.pk}/comments"),
            title=title,
            description=title,
            home_url=absolute(blog_reverse(the_blog.name, "blogs:front")),
            self_urls=_self_urls(the_blog, "feeds:comments"),
            language=the_blog.language,
            author_name=the_blog.title,
            entries=_comment_entries(comments, the_blog),
        )

    parts = _comment_feed_parts("comments", the_blog)
    return _source(parts, _newest_comments(comments), build)


def story_comments(request: HttpRequest, blog: str, story: str) -> Source:
    """The newest published comments of one published story of a public blog."""
    the_blog = public_blog(request, blog)
    the_story = get_story(request, the_blog, story)
    if not the_story.is_public:
        raise Http404("No feeds for drafts.")
    comments = _readable_comments(the_blog).filter(story=the_story)

    def build() -> Feed:
        title = story_comments_title(the_blog, the_story)
        page = blog_reverse(the_blog.name, "stories:detail", key=the_story.slug or str(story))
        return Feed(
            id=tag_uri(the_story.created_at, f"story/{the_story.pk}/comments"),
            title=title,
            description=title,
            home_url=absolute(page),
            self_urls=_self_urls(the_blog, "feeds:story_comments", story=str(the_story.pk)),
            language=the_blog.language,
            author_name=the_blog.title,
            entries=_comment_entries(comments, the_blog),
        )

    parts = [*_comment_feed_parts("story_comments", the_blog), the_story.pk]
    return _source(parts, _newest_comments(comments), build)
