"""Writing stories: the one place that saves a story with its derived fields."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from federkiel.stories.models import Story, Topic
from federkiel.stories.slugs import slugify_de, unique_slug
from federkiel.stories.text import render_text


def save_story(story: Story, topic_names: Iterable[str] | None = None) -> Story:
    """Render, slug and save a story, then set its topics; all in one transaction."""
    with transaction.atomic():
        story.rendered_html = render_text(story.text, story.text_format)
        if not story.slug:
            base = slugify_de(story.title) or "story"
            taken = Story.objects.filter(blog=story.blog, slug__startswith=base)
            story.slug = unique_slug(
                base, taken.exclude(pk=story.pk).values_list("slug", flat=True)
            )
        story.modified_at = timezone.now()
        story.save()
        if topic_names is not None:
            story.topics.set(topics_for(story, topic_names))
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
        topics.append(topic)
    return topics
