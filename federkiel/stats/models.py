"""What the statistics keep: numbers per blog and day, nothing about any visitor.

No row holds an address, a browser, a cookie or any other per-visitor identifier; a
view only ever adds one to a day's number (`counting.py`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog
from federkiel.stories.models import Story


class PageViews(models.Model):
    """Page views of a blog on one day (in the blog's time zone). Kept for good."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="page_views")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("page views of a day")
        verbose_name_plural = _("page views")
        constraints = [
            models.UniqueConstraint(fields=["blog", "day"], name="stats_one_page_views_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.blog_id} {self.day}: {self.views}"


class StoryViews(models.Model):
    """Views of one story's page on one day. `blog` is the story's, kept beside it so a
    blog's top stories need no join to find them."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("views of a story on a day")
        verbose_name_plural = _("story views")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "day"], name="stats_one_story_views_row_per_day"
            )
        ]
        indexes = [models.Index(fields=["blog", "day"], name="stats_story_views_blog_day")]

    def __str__(self) -> str:
        return f"{self.story_id} {self.day}: {self.views}"


class Referrer(models.Model):
    """Views that came from one referring site on one day. `source` is the referring
    host (`example.org`), or for another blog of this platform in path mode the host and
    the blog (`example.org/olga/`); never a path beyond that, never a query string.
    Deleted after FEDERKIEL_STATS_REFERRER_DAYS (`tasks.py`)."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    source = models.CharField(_("referring site"), max_length=300)
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("referrer of a day")
        verbose_name_plural = _("referrers")
        constraints = [
            models.UniqueConstraint(
                fields=["blog", "day", "source"], name="stats_one_referrer_row_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="stats_referrer_day")]

    def __str__(self) -> str:
        return f"{self.blog_id} {self.day} {self.source}: {self.views}"
