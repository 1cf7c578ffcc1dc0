"""Uploaded files of a blog (images and other files) and the operator's per-blog quota."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog


class MediaQuerySet(models.QuerySet["MediaFile"]):
    def bytes_used(self) -> int:
        """Disk space of the originals and their derived versions."""
        total = self.aggregate(total=Sum(models.F("size") + models.F("derived_size")))["total"]
        return int(total or 0)


class MediaFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        FILE = "file", _("file")

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="media_files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_files",
    )
    # Random, unguessable; names the folder on disk and appears in the file's address.
    key = models.CharField(max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=100)
    # File name of the original inside the folder: "original.<ext>".
    stored_name = models.CharField(max_length=40)
    size = models.BigIntegerField(_("size"), default=0)
    derived_size = models.BigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    animated = models.BooleanField(default=False)
    # Made by the background task: {"1600": {"file": "1600.jpg", "width": …, "height": …}, …}
    versions = models.JSONField(default=dict, blank=True)
    alt_text = models.CharField(_("alternative text"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = MediaQuerySet.as_manager()

    class Meta:
        verbose_name = _("media file")
        verbose_name_plural = _("media files")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["blog", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.blog_id}/{self.key}: {self.name}"

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

    def version(self, label: str) -> dict[str, Any] | None:
        found = self.versions.get(label)
        return found if isinstance(found, dict) else None


class MediaQuota(models.Model):
    """An operator's exception to FEDERKIEL_MEDIA_QUOTA_MB for one blog (Django admin only)."""

    blog = models.OneToOneField(Blog, on_delete=models.CASCADE, related_name="media_quota")
    quota_mb = models.PositiveIntegerField(
        _("quota in MB"), help_text=_("Disk space for this blog's uploads, in megabytes.")
    )

    class Meta:
        verbose_name = _("media quota")
        verbose_name_plural = _("media quotas")

    def __str__(self) -> str:
        return f"{self.blog}: {self.quota_mb} MB"
