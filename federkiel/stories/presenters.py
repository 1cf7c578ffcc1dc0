"""Plain data about stories for the sandboxed layout templates."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from markupsafe import Markup

from federkiel.blogs.dates import iso, long_date, short_date
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.stories.models import Story


def story_data(story: Story, blog: Blog, *, can_edit: bool = False) -> dict[str, Any]:
    """Needs `author` selected and `topics` prefetched to stay at constant queries."""
    author = story.author
    url = blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))
    return {
        "id": story.pk,
        "title": story.title,
        "html": Markup(story.rendered_html),  # noqa: S704 (sanitised on save)
        "url": url,
        "absolute_url": absolute(url),
        "published_long": long_date(story.published_at, blog),
        "published_short": short_date(story.published_at, blog),
        "published_iso": iso(story.published_at, blog),
        "is_draft": story.status == Story.Status.DRAFT,
        "is_scheduled": story.status == Story.Status.PUBLISHED
        and story.published_at > timezone.now(),
        "author": {
            "name": author.public_name if author else "",
            "url": author.website if author else "",
            "former": author is None,
        },
        "topics": [{"name": t.name, "slug": t.slug} for t in story.topics.all()],
        "edit_url": blog_reverse(blog.name, "stories:edit", pk=story.pk) if can_edit else "",
        "comments_open": story.comments_open,
    }
