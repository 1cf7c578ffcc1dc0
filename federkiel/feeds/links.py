"""`<link rel="alternate">` data for the head of blog and platform pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog, Visibility
from federkiel.feeds.formats import CONTENT_TYPES, FORMATS
from federkiel.stories.models import Story, Topic

NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
PLATFORM_NAME = "Federkiel"


def platform_feed_title() -> str:
    return _("%(platform)s: newest stories") % {"platform": PLATFORM_NAME}


def _links(title: str, urls: dict[str, str]) -> list[dict[str, str]]:
    return [
        {
            "title": f"{title} ({NAMES[fmt]})",
            "type": CONTENT_TYPES[fmt].split(";")[0],
            "url": urls[fmt],
        }
        for fmt in FORMATS
    ]


def blog_feed_links(blog: Blog) -> list[dict[str, str]]:
    """The blog's story feeds; none for restricted and closed blogs."""
    if blog.visibility != Visibility.PUBLIC:
        return []
    urls = {f: blog_reverse(blog.name, "feeds:stories", fmt=f) for f in FORMATS}
    return _links(blog.title, urls)


def blog_comments_title(blog: Blog) -> str:
    """The title of the blog's comment feed, in the blog's language."""
    with translation.override(blog.language):
        return _("%(blog)s – comments") % {"blog": blog.title}


def story_comments_title(blog: Blog, story: Story) -> str:
    """The title of a story's comment feed, in the blog's language."""
    with translation.override(blog.language):
        return _("Comments on “%(story)s” – %(blog)s") % {"story": story.title, "blog": blog.title}


def blog_comment_feed_links(blog: Blog) -> list[dict[str, str]]:
    """The feeds of all comments of the blog; none for restricted and closed blogs."""
    if blog.visibility != Visibility.PUBLIC:
        return []
    urls = {f: blog_reverse(blog.name, "feeds:comments", fmt=f) for f in FORMATS}
    return _links(blog_comments_title(blog), urls)


def story_comment_feed_links(blog: Blog, story: Story) -> list[dict[str, str]]:
    """The comment feeds of a published story of a public blog."""
    if blog.visibility != Visibility.PUBLIC or not story.is_public:
        return []
    urls = {
        f: blog_reverse(blog.name, "feeds:story_comments", story=story.pk, fmt=f) for f in FORMATS
    }
    return _links(story_comments_title(blog, story), urls)


def blog_page_feed_links(blog: Blog) -> list[dict[str, str]]:
    """What every page of a blog links: its story feeds, then its comment feeds."""
    return blog_feed_links(blog) + blog_comment_feed_links(blog)


def topic_feed_links(blog: Blog, topic: Topic, title: str) -> list[dict[str, str]]:
    if blog.visibility != Visibility.PUBLIC:
        return []
    urls = {f: blog_reverse(blog.name, "feeds:topic", topic=topic.slug, fmt=f) for f in FORMATS}
    return _links(title, urls)


def platform_feed_links() -> list[dict[str, str]]:
    title = platform_feed_title()
    urls = {f: reverse("platform_feeds:stories", kwargs={"fmt": f}) for f in FORMATS}
    return _links(title, urls)
