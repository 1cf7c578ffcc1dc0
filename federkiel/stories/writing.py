"""Writing stories: the one place that creates, changes and deletes them.

Each function runs in one transaction, so a story is saved with its rendered text,
slug and topics together, or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from federkiel.blogs.models import Blog
from federkiel.linkbacks.tasks import queue_sending
from federkiel.search.indexing import index_story, unindex_story
from federkiel.stories.models import Story, Topic
from federkiel.stories.slugs import RESERVED_SLUGS, slugify_de, unique_slug
from federkiel.stories.text import render_text


class SlugTaken(Exception):
    """Another story of the blog took the slug between the check and the save."""


@dataclass(frozen=True)
class StoryInput:
    """What an author submits. `published_at` None means "now"; `slug` "" means "from title"."""

    title: str
    text: str
    text_format: str = Story.Format.MARKDOWN
    topic_names: list[str] = field(default_factory=list)
    status: str = Story.Status.DRAFT
    published_at: datetime | None = None
    comments_open: bool = True
    slug: str = ""


def save_story(story: Story, topic_names: Iterable[str] | None = None) -> Story:
    """Render, slug and save a story, then set its topics; all in one transaction."""
    with transaction.atomic():
        story.rendered_html = render_text(story.text, story.text_format)
        if not story.slug:
            base = slugify_de(story.title) or "story"
            taken = Story.objects.filter(blog=story.blog, slug__startswith=base)
            story.slug = unique_slug(
                base,
                [*taken.exclude(pk=story.pk).values_list("slug", flat=True), *RESERVED_SLUGS],
            )
        story.modified_at = timezone.now()
        story.save()
        if topic_names is not None:
            story.topics.set(topics_for(story, topic_names))
        index_story(story)
        if story.is_public:
            type(story.blog).objects.filter(pk=story.blog_id).update(updated_at=timezone.now())
    return story


def topics_for(story: Story, names: Iterable[str]) -> list[Topic]:
    """Topics of the story's blog with these names, created when new."""
    topics: list[Topic] = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        slug = slugify_de(name) or "topic"
        topic, _ = Topic.objects.get_or_create(
            blog=story.blog, slug=slug, defaults={"name": name[:80]}
        )
        if topic not in topics:
            topics.append(topic)
    return topics


def slug_is_taken(blog: Blog, slug: str, story: Story | None = None) -> bool:
    """Whether another story of `blog` already has `slug`."""
    others = Story.objects.filter(blog=blog, slug=slug)
    if story is not None and story.pk is not None:
        others = others.exclude(pk=story.pk)
    return others.exists()


def create_story(blog: Blog, author: Any, data: StoryInput) -> Story:
    """A new story by `author` on `blog`."""
    story = Story(blog=blog, author=author, created_at=timezone.now())
    _apply(story, data)
    return _queue_linkbacks(_save(story, data))


def update_story(story: Story, data: StoryInput) -> Story:
    """Change a story. A draft published with its old date untouched is dated now;
    a date left as it was keeps its seconds."""
    was_draft = story.status == Story.Status.DRAFT
    old_date = story.published_at
    _apply(story, data)
    if data.published_at is not None and _same_minute(data.published_at, old_date):
        story.published_at = old_date
        if was_draft and data.status == Story.Status.PUBLISHED and old_date <= timezone.now():
            story.published_at = timezone.now()
    return _queue_linkbacks(_save(story, data))


def delete_story(story: Story) -> None:
    """Delete a story; its topics stay for the other stories that use them."""
    with transaction.atomic():
        unindex_story(story)
        story.delete()


def _apply(story: Story, data: StoryInput) -> None:
    story.title = data.title
    story.text = data.text
    story.text_format = data.text_format
    story.status = data.status
    story.published_at = data.published_at or timezone.now()
    story.comments_open = data.comments_open
    story.slug = data.slug


def _queue_linkbacks(story: Story) -> Story:
    """A public story tells the pages it links to, after commit (a scheduled one when its
    date has come: `linkbacks.tasks.send_for_scheduled_stories`)."""
    queue_sending(story)
    return story


def _save(story: Story, data: StoryInput) -> Story:
    try:
        with transaction.atomic():
            return save_story(story, topic_names=data.topic_names)
    except IntegrityError:
        if slug_is_taken(story.blog, story.slug, story):
            raise SlugTaken(story.slug) from None
        raise


def _same_minute(a: datetime, b: datetime) -> bool:
    """Whether `b` falls in the minute `a` shows on its own clock. Both are compared as
    UTC: Python never finds times in different zones equal if one of them lies in the
    hour repeated when daylight saving ends."""
    b = b.astimezone(a.tzinfo)
    start = a.replace(second=0, microsecond=0).astimezone(UTC)
    return start == b.replace(second=0, microsecond=0).astimezone(UTC)
