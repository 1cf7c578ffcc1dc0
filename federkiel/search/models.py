"""The search index: one entry per searchable item (a story or a comment).

An entry holds the item's text as readers see it, plus what decides who may find it:
its blog (whose visibility is checked at query time) and `visible_from`. The full-text
structure lives beside it, per database: an FTS5 table on SQLite, a generated `tsvector`
column with a GIN index on PostgreSQL (see migrations/0001_initial.py and backends.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog
from federkiel.stories.models import Story


class Entry(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", _("story")
        COMMENT = "comment", _("comment")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The story's or the comment's id.
    object_id = models.PositiveBigIntegerField()
    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="+")
    # The story itself, or the story a comment belongs to.
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5)
    title = models.CharField(max_length=250)
    body = models.TextField()
    author_name = models.CharField(max_length=150, blank=True)
    # The item's own date, shown with the result.
    published_at = models.DateTimeField()
    # From when readers may find it; empty while its story is a draft.
    visible_from = models.DateTimeField(null=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
