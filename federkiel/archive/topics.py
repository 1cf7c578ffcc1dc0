"""The topics a reader may browse: those with at least one published story."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from federkiel.blogs.models import Blog
from federkiel.stories.models import Story, Topic
from federkiel.stories.slugs import slugify_de


def visible_topics(blog: Blog) -> QuerySet[Topic]:
    """Topics of the blog with a published story; a topic of drafts only stays hidden."""
    published = Story.objects.published().filter(topics=OuterRef("pk"))
    return Topic.objects.filter(Exists(published), blog=blog)


def topics_with_counts(blog: Blog) -> QuerySet[Topic]:
    """Visible topics by name, each with `story_count`, its number of published stories."""
    published = Q(stories__status=Story.Status.PUBLISHED, stories__published_at__lte=timezone.now())
    return (
        Topic.objects.filter(blog=blog)
        .annotate(story_count=Count("stories", filter=published))
        .filter(story_count__gt=0)
        .order_by(Lower("name"), "slug")
    )


def get_topic(blog: Blog, slug: str) -> Topic | None:
    """A visible topic by its slug."""
    return visible_topics(blog).filter(slug=slug).first()


def topic_by_name(blog: Blog, key: str) -> Topic | None:
    """A visible topic by twoday's address form, where '+' stands for a space."""
    name = key.replace("+", " ").strip()
    if not name:
        return None
    topics = visible_topics(blog)
    found = topics.filter(name__iexact=name).first()
    slug = slugify_de(name)
    if found is None and slug:
        found = topics.filter(slug=slug).first()
    return found
