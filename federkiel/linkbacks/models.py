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


class SentLinkback(models.Model):
    """A page one of our stories links to (or linked to), and how telling it went.

    One per story and page, so running the sending task again updates the row.
    `sent_for` is a digest of the story's title and text at the last attempt: a page is
    told again only when the story changed since (or a transient failure is retried)."""

    class Method(models.TextChoices):
        WEBMENTION = "webmention", _("Webmention")
        PINGBACK = "pingback", _("Pingback")
        NONE = "", _("none")

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        NO_ENDPOINT = "no_endpoint", _("no endpoint found")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="sent_linkbacks")
    target_url = models.URLField(_("linked page"), max_length=MAX_SOURCE_LENGTH)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    response = models.CharField(_("answer"), max_length=200, blank=True)
    transient = models.BooleanField(default=False)
    sent_for = models.CharField(max_length=64, blank=True)
    attempted_at = models.DateTimeField(_("last attempt"), default=timezone.now)

    class Meta:
        verbose_name = _("sent linkback")
        verbose_name_plural = _("sent linkbacks")
        ordering = ["story", "target_url"]
        constraints = [
            models.UniqueConstraint(fields=["story", "target_url"], name="one_sent_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.story_id} → {self.target_url}: {self.status}"
