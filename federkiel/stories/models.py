from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog


class Topic(models.Model):
    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=90, allow_unicode=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["blog", "slug"], name="unique_topic_slug_per_blog")
        ]

    def __str__(self) -> str:
        return self.name


class StoryQuerySet(models.QuerySet["Story"]):
    def published(self) -> StoryQuerySet:
        """Stories readers see: published and with a publish date that has come."""
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_display(self) -> StoryQuerySet:
        """With what a story page or list shows, fetched in a constant number of queries."""
        return self.select_related("author").prefetch_related("topics")

    def visible_to(self, user: Any, blog: Blog) -> StoryQuerySet:
        """Published stories, plus the user's own drafts, plus all drafts for managers."""
        from federkiel.blogs.permissions import Action, can

        if can(user, blog, Action.VIEW_DRAFTS):
            return self.filter(blog=blog)
        visible = Q(status=Story.Status.PUBLISHED, published_at__lte=timezone.now())
        if can(user, blog, Action.WRITE):
            visible |= Q(author=user)
        return self.filter(visible, blog=blog)


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Format(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="stories")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_("Empty when the author deleted their account but kept their stories."),
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120)
    text = models.TextField(_("text"), max_length=200_000)
    text_format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.MARKDOWN
    )
    rendered_html = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("publish date"), default=timezone.now, db_index=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="stories")
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blog", "slug"], name="unique_story_slug_per_blog")
        ]
        indexes = [models.Index(fields=["blog", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()
