"""Import jobs and the old addresses of imported stories and files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog
from federkiel.media.models import MediaFile
from federkiel.stories.models import Story, Topic

MAX_OLD_PATH = 1000


class OldPath(models.Model):
    """A path on the platform a blog came from ("/stories/1234/", "/topics/Kieler+Woche/")
    that now redirects to the imported story, file or topic (exactly one of them). Stored
    normalised (see `redirects.normalise`)."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="old_paths")
    path = models.CharField(max_length=MAX_OLD_PATH)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="old_paths"
    )
    media = models.ForeignKey(
        MediaFile, null=True, blank=True, on_delete=models.CASCADE, related_name="old_paths"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="old_paths"
    )

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(fields=["blog", "path"], name="one_target_per_old_path"),
            models.CheckConstraint(
                condition=(
                    Q(story__isnull=False, media__isnull=True, topic__isnull=True)
                    | Q(story__isnull=True, media__isnull=False, topic__isnull=True)
                    | Q(story__isnull=True, media__isnull=True, topic__isnull=False)
                ),
                name="old_path_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blog_id}:{self.path}"


class ImportJob(models.Model):
    """One upload being imported in the background, and how it went."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    blog_name = models.CharField(_("blog"), max_length=30)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    # Relative to the data dir; removed when the job ends.
    upload_path = models.CharField(max_length=300, blank=True)
    original_name = models.CharField(_("file"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    # The owner's language when they uploaded: messages of the task are written in it.
    interface_language = models.CharField(max_length=5, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.FloatField(default=0.0)
    progress_label = models.CharField(max_length=200, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    # What the import left out: sentences in `interface_language`, and counts by key
    # (put into words by porting.report when shown).
    warnings = models.JSONField(default=list, blank=True)
    skipped = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)
    error_item = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.blog_name} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
