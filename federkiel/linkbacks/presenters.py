"""The addresses a story page offers other sites for linking back, and their discovery."""

from __future__ import annotations

from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.comments.models import CommentSettings
from federkiel.linkbacks.receiving import accepts_linkbacks
from federkiel.stories.models import Story


def linkback_urls(blog: Blog, story: Story, comment_settings: CommentSettings) -> dict[str, str]:
    """`trackback_url` for the story page's thread; empty when the story takes none."""
    if not accepts_linkbacks(story, comment_settings):
        return {"trackback_url": ""}
    return {
        "trackback_url": absolute(
            blog_reverse(blog.name, "linkbacks:trackback", key=str(story.pk))
        ),
    }
