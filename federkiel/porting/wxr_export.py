"""A Federkiel blog as a WordPress export (WXR 1.2), for WordPress and for `WxrSource`.

Written incrementally (a chunk of stories and their comments at a time, three queries
a chunk) with the standard library's XMLGenerator, so the size of the blog does not
matter. Texts go out as
their rendered, sanitised HTML. E-mail addresses of accounts stay private: only the
addresses guests left with their comments travel. The blog's time zone, which WXR
cannot express, goes in an element of our own namespace that WordPress ignores.
"""

from __future__ import annotations

import html
import io
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import IO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from federkiel.accounts.models import User
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.comments.models import Comment
from federkiel.porting.wxr import FEDERKIEL_NAMESPACE
from federkiel.porting.wxr_bytes import XML_INVALID
from federkiel.stories.models import Story, Topic

WXR_VERSION = "1.2"
NAMESPACES = {
    "xmlns:excerpt": f"http://wordpress.org/export/{WXR_VERSION}/excerpt/",
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:wfw": "http://wellformedweb.org/CommentAPI/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:wp": f"http://wordpress.org/export/{WXR_VERSION}/",
    "xmlns:federkiel": FEDERKIEL_NAMESPACE,
}
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-US"}
COMMENT_APPROVED: dict[str, str] = {
    Comment.State.PUBLISHED: "1",
    Comment.State.PENDING: "0",
    Comment.State.SPAM: "spam",
    Comment.State.DELETED: "trash",
}
STORY_CHUNK = 200
# A file, a zip member, a download: anything that takes bytes.
Output = IO[bytes] | io.RawIOBase


def _mysql(value: datetime, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """WordPress's date format, in `zone` (UTC when None)."""
    return value.astimezone(zone or UTC).strftime("%Y-%m-%d %H:%M:%S")


def _html(text: str) -> str:
    """Plain text (titles, names) as WordPress keeps it: as HTML, with `<` and `&` escaped."""
    return html.escape(text, quote=False)


class _Writer:
    def __init__(self, out: Output) -> None:
        self.out = out
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)

    def text(
        self, name: str, value: str, attrs: dict[str, str] | None = None, indent: int = 1
    ) -> None:
        self.whitespace(indent)
        self.xml.startElement(name, AttributesImpl(attrs or {}))
        if value:
            self.xml.characters(XML_INVALID.sub("", value))
        self.xml.endElement(name)

    def open(self, name: str, attrs: dict[str, str] | None = None, indent: int = 1) -> None:
        self.whitespace(indent)
        self.xml.startElement(name, AttributesImpl(attrs or {}))

    def close(self, name: str, indent: int = 1) -> None:
        self.whitespace(indent)
        self.xml.endElement(name)

    def whitespace(self, indent: int) -> None:
        self.xml.ignorableWhitespace("\n" + "\t" * indent)


def write_wxr(blog: Blog, out: Output) -> None:
    """Write `blog` (stories of every status, their comments, topics, authors) as WXR 1.2."""
    zone = blog.tz
    now = timezone.now()
    # The declaration and the generator comment, before the generator writes elements.
    out.write(
        b'<?xml version="1.0" encoding="UTF-8" ?>\n'
        + f'<!-- generator="Federkiel" created="{_mysql(now)}" -->\n'.encode()
    )
    w = _Writer(out)
    w.xml.startElement("rss", AttributesImpl({"version": "2.0", **NAMESPACES}))
    w.open("channel", indent=0)
    front = absolute(blog_reverse(blog.name, "blogs:front"))
    w.text("title", _html(blog.title))
    w.text("link", front)
    w.text("description", _html(blog.tagline))
    w.text("pubDate", format_datetime(now.astimezone(UTC)))
    w.text("language", LANGUAGE_TAGS.get(blog.language, blog.language))
    w.text("wp:wxr_version", WXR_VERSION)
    w.text("wp:base_site_url", settings.BASE_URL)
    w.text("wp:base_blog_url", front.rstrip("/"))
    w.text("federkiel:time_zone", blog.time_zone)
    for user in _people(blog):
        _author(w, user)
    for topic in Topic.objects.filter(blog=blog).order_by("name", "pk"):
        w.open("wp:category")
        w.text("wp:term_id", str(topic.pk), indent=2)
        w.text("wp:category_nicename", topic.slug, indent=2)
        w.text("wp:category_parent", "", indent=2)
        w.text("wp:cat_name", _html(topic.name), indent=2)
        w.close("wp:category")
    w.text("generator", "Federkiel")
    stories = (
        Story.objects.filter(blog=blog)
        .select_related("author")
        .prefetch_related("topics")
        .order_by("published_at", "pk")
    )
    for chunk in _chunks(stories.iterator(chunk_size=STORY_CHUNK)):
        comments = _comments_of(chunk)
        for story in chunk:
            _item(w, blog, story, comments.get(story.pk, []), zone, now)
    w.close("channel", indent=0)
    w.xml.ignorableWhitespace("\n")
    w.xml.endElement("rss")
    w.xml.ignorableWhitespace("\n")
    w.xml.endDocument()


def _chunks(stories: Iterator[Story]) -> Iterator[list[Story]]:
    chunk: list[Story] = []
    for story in stories:
        chunk.append(story)
        if len(chunk) == STORY_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _comments_of(stories: list[Story]) -> dict[int, list[Comment]]:
    """The comments of a chunk of stories, oldest first, in one query."""
    by_story: dict[int, list[Comment]] = defaultdict(list)
    comments = (
        Comment.objects.filter(story_id__in=[story.pk for story in stories])
        .select_related("author")
        .order_by("story_id", "created_at", "pk")
    )
    for comment in comments.iterator(chunk_size=2000):
        by_story[comment.story_id].append(comment)
    return by_story


def _people(blog: Blog) -> Iterable[User]:
    """Members and everyone with an account who wrote a story or comment here."""
    return (
        User.objects.filter(
            Q(memberships__blog=blog) | Q(stories__blog=blog) | Q(comments__story__blog=blog)
        )
        .distinct()
        .order_by("pk")
    )


def _author(w: _Writer, user: User) -> None:
    w.open("wp:author")
    w.text("wp:author_id", str(user.pk), indent=2)
    w.text("wp:author_login", user.username, indent=2)
    w.text("wp:author_email", "", indent=2)
    w.text("wp:author_display_name", _html(user.public_name), indent=2)
    w.text("wp:author_first_name", "", indent=2)
    w.text("wp:author_last_name", "", indent=2)
    w.close("wp:author")


def _status(story: Story, now: datetime) -> str:
    if story.status == Story.Status.DRAFT:
        return "draft"
    return "future" if story.published_at > now else "publish"


def _item(
    w: _Writer,
    blog: Blog,
    story: Story,
    comments: list[Comment],
    zone: zoneinfo.ZoneInfo,
    now: datetime,
) -> None:
    w.open("item")
    w.text("title", _html(story.title), indent=2)
    w.text("link", absolute(blog_reverse(blog.name, "stories:detail", key=story.slug)), indent=2)
    w.text("pubDate", format_datetime(story.published_at.astimezone(UTC)), indent=2)
    w.text("dc:creator", story.author.username if story.author else "", indent=2)
    guid = absolute(blog_reverse(blog.name, "stories:detail", key=str(story.pk)))
    w.text("guid", guid, {"isPermaLink": "false"}, indent=2)
    w.text("description", "", indent=2)
    w.text("content:encoded", story.rendered_html, indent=2)
    w.text("excerpt:encoded", "", indent=2)
    w.text("wp:post_id", str(story.pk), indent=2)
    w.text("wp:post_date", _mysql(story.published_at, zone), indent=2)
    w.text("wp:post_date_gmt", _mysql(story.published_at), indent=2)
    w.text("wp:post_modified", _mysql(story.modified_at, zone), indent=2)
    w.text("wp:post_modified_gmt", _mysql(story.modified_at), indent=2)
    open_or_closed = "open" if story.comments_open else "closed"
    w.text("wp:comment_status", open_or_closed, indent=2)
    w.text("wp:ping_status", open_or_closed, indent=2)
    w.text("wp:post_name", story.slug, indent=2)
    w.text("wp:status", _status(story, now), indent=2)
    w.text("wp:post_parent", "0", indent=2)
    w.text("wp:menu_order", "0", indent=2)
    w.text("wp:post_type", "post", indent=2)
    w.text("wp:post_password", "", indent=2)
    w.text("wp:is_sticky", "0", indent=2)
    for topic in story.topics.all():
        attrs = {"domain": "category", "nicename": topic.slug}
        w.text("category", _html(topic.name), attrs, indent=2)
    for comment in comments:
        _comment(w, comment, zone)
    w.close("item")


def _comment(w: _Writer, comment: Comment, zone: zoneinfo.ZoneInfo) -> None:
    w.open("wp:comment", indent=2)
    w.text("wp:comment_id", str(comment.pk), indent=3)
    w.text("wp:comment_author", _html(comment.display_name), indent=3)
    w.text("wp:comment_author_email", comment.guest_email if comment.is_guest else "", indent=3)
    w.text("wp:comment_author_url", comment.website, indent=3)
    w.text("wp:comment_author_IP", "", indent=3)
    w.text("wp:comment_date", _mysql(comment.created_at, zone), indent=3)
    w.text("wp:comment_date_gmt", _mysql(comment.created_at), indent=3)
    # A deleted comment's words stay deleted; its place in the thread remains.
    deleted = comment.state == Comment.State.DELETED
    w.text("wp:comment_content", "" if deleted else comment.rendered_html, indent=3)
    w.text("wp:comment_approved", COMMENT_APPROVED.get(comment.state, "0"), indent=3)
    w.text("wp:comment_type", comment.kind, indent=3)
    w.text("wp:comment_parent", str(comment.parent_id or 0), indent=3)
    w.text("wp:comment_user_id", str(comment.author_id or 0), indent=3)
    w.close("wp:comment", indent=2)
