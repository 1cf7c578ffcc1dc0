"""Plain data for the archive pages: a page of stories, the topic list."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.comments.presenters import comment_summary, with_comment_counts
from federkiel.stories.models import Story, StoryQuerySet, Topic
from federkiel.stories.presenters import story_data


class NoSuchPage(Exception):
    """The requested page number is not a number or past the last page."""


def story_page(
    request: HttpRequest, blog: Blog, stories: StoryQuerySet, base_url: str
) -> dict[str, Any]:
    """One page (`?page=N`) of stories as story data, each with its number of published
    comments, plus pager links; constant queries."""
    paginator = Paginator(with_comment_counts(stories.for_display()), blog.page_size)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        raise NoSuchPage from None
    can_edit_any = can(request.user, blog, Action.EDIT_ANY)
    can_write = can(request.user, blog, Action.WRITE)

    def editable(story: Story) -> bool:
        return can_edit_any or (can_write and story.author_id == request.user.pk)

    return {
        "stories": [
            {**story_data(s, blog, can_edit=editable(s)), **comment_summary(s, blog)}
            for s in page.object_list
        ],
        "page": {
            "number": page.number,
            "count": paginator.num_pages,
            "newer_url": f"{base_url}?page={page.previous_page_number()}"
            if page.has_previous()
            else "",
            "older_url": f"{base_url}?page={page.next_page_number()}" if page.has_next() else "",
        },
    }


def topic_list(blog: Blog, topics: list[Topic]) -> list[dict[str, Any]]:
    """Needs `story_count` annotated (see `topics_with_counts`)."""
    return [
        {
            "name": topic.name,
            "slug": topic.slug,
            "url": blog_reverse(blog.name, "archive:topic", key=topic.slug),
            "count": topic.story_count,  # type: ignore[attr-defined]
            "count_text": ngettext("%(count)d story", "%(count)d stories", topic.story_count)  # type: ignore[attr-defined]
            % {"count": topic.story_count},  # type: ignore[attr-defined]
        }
        for topic in topics
    ]


def topic_heading(topic: Topic) -> str:
    return _("Topic: %(name)s") % {"name": topic.name}
