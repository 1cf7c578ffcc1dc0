"""Plain data about stories for the sandboxed layout templates."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from markupsafe import Markup

from federkiel.accounts.models import web_link
from federkiel.blogs.dates import iso, long_date, short_date
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.blogs.models import Blog
from federkiel.comments.presenters import comment_summary, with_comment_counts
from federkiel.stories.access import can_edit_story
from federkiel.stories.models import Story

# Longer page numbers are certainly beyond the last page.
MAX_PAGE_DIGITS = 9


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
            "url": web_link(author.website) if author else "",
            "former": author is None,
        },
        "topics": [
            {
                "name": t.name,
                "slug": t.slug,
                "url": blog_reverse(blog.name, "archive:topic", key=t.slug),
            }
            for t in story.topics.all()
        ],
        "edit_url": blog_reverse(blog.name, "stories:edit", pk=story.pk) if can_edit else "",
        "delete_url": blog_reverse(blog.name, "stories:delete", pk=story.pk) if can_edit else "",
        "comments_open": story.comments_open,
    }


def front_page_data(request: HttpRequest, blog: Blog, page_number: str | None) -> dict[str, Any]:
    """The newest published stories of `blog`, one page of `blog.page_size`; 404 for a
    page that does not exist. Constant queries whatever the number of stories."""
    number = page_number or "1"
    if not (number.isascii() and number.isdigit() and len(number) <= MAX_PAGE_DIGITS):
        raise Http404("No such page.")
    stories = with_comment_counts(Story.objects.published().filter(blog=blog).for_display())
    paginator = Paginator(stories, blog.page_size)
    try:
        page = paginator.page(int(number))
    except InvalidPage:
        raise Http404("No such page.") from None
    base = blog_reverse(blog.name, "blogs:front")

    def page_url(n: int) -> str:
        return base if n == 1 else f"{base}?page={n}"

    return {
        "stories": [
            {
                **story_data(s, blog, can_edit=can_edit_story(request.user, blog, s)),
                **comment_summary(s, blog),
            }
            for s in page.object_list
        ],
        "page": {
            "number": page.number,
            "count": paginator.num_pages,
            "newer_url": page_url(page.previous_page_number()) if page.has_previous() else "",
            "older_url": page_url(page.next_page_number()) if page.has_next() else "",
        },
    }
