"""Where a linkback came from. The linkback itself is a Comment of its kind."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.comments.models import Comment
from federkiel.stories.models import Story

MAX_SOURCE_LENGTH = 500


class Linkback(models.Model):
    """The page that links to a story, and the comment showing it in the thread.

    One per story and page (a unique constraint, so concurrent pings cannot make two):
    a repeated trackback, pingback or webmention from the same page updates its comment."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="linkback")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    source_url = models.URLField(_("linking page"), max_length=MAX_SOURCE_LENGTH)
    received_at = models.DateTimeField(_("last received"), default=timezone.now)

    class Meta:
        verbose_name = _("linkback")
        verbose_name_plural = _("linkbacks")
        constraints = [
            models.UniqueConstraint(fields=["story", "source_url"], name="one_linkback_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.source_url} → {self.story_id}"
