"""How much disk space a blog's uploads may take, and how much they take."""

from __future__ import annotations

from django.conf import settings

from federkiel.blogs.models import Blog
from federkiel.media.models import MediaFile, MediaQuota

MB = 1024 * 1024


def quota_bytes(blog: Blog) -> int:
    """The operator's per-blog quota (Django admin) or FEDERKIEL_MEDIA_QUOTA_MB."""
    override = MediaQuota.objects.filter(blog=blog).values_list("quota_mb", flat=True).first()
    if override is not None:
        return int(override) * MB
    return int(settings.MEDIA_QUOTA_BYTES)


def bytes_used(blog: Blog) -> int:
    return MediaFile.objects.filter(blog=blog).bytes_used()
