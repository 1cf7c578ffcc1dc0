"""The addresses a story page offers other sites for linking back, and their discovery;
the pages a story told about its links, for its author."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse

from federkiel.blogs.links import absolute, blog_reverse, platform_reverse
from federkiel.blogs.models import Blog
from federkiel.comments.models import CommentSettings
from federkiel.linkbacks.models import SentLinkback
from federkiel.linkbacks.receiving import accepts_linkbacks
from federkiel.linkbacks.sending import outgoing_links
from federkiel.stories.models import Story


def linkback_urls(blog: Blog, story: Story, comment_settings: CommentSettings) -> dict[str, str]:
    """`trackback_url`, `webmention_url` and `pingback_url` for the story page; empty
    when it takes no linkbacks."""
    if not accepts_linkbacks(story, comment_settings):
        return {"trackback_url": "", "webmention_url": "", "pingback_url": ""}
    return {
        "trackback_url": absolute(
            blog_reverse(blog.name, "linkbacks:trackback", key=str(story.pk))
        ),
        "webmention_url": absolute(platform_reverse("linkbacks_platform:webmention")),
        "pingback_url": absolute(platform_reverse("linkbacks_platform:xmlrpc")),
    }


def add_discovery_headers(response: HttpResponse, urls: Mapping[str, Any]) -> HttpResponse:
    """The headers that name the webmention and pingback endpoints, when the story
    takes linkbacks."""
    if urls.get("webmention_url"):
        response["Link"] = f'<{urls["webmention_url"]}>; rel="webmention"'
    if urls.get("pingback_url"):
        response["X-Pingback"] = urls["pingback_url"]
    return response


def sent_linkbacks(story: Story | None) -> list[dict[str, Any]]:
    """The pages the story told (or tried to), for the edit page: `row` (SentLinkback,
    whose `get_status_display` is in the reader's language) and `still_linked`."""
    if story is None or story.pk is None:
        return []
    rows = list(SentLinkback.objects.filter(story=story))
    if not rows:
        return []
    linked = set(outgoing_links(story))
    return [{"row": row, "still_linked": row.target_url in linked} for row in rows]
