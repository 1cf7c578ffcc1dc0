"""Sidebar modules: one row per box the owner placed, plus page-view counts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog


def validate_kind(value: str) -> None:
    from federkiel.sidebar.kinds import KINDS

    if value not in KINDS:
        raise ValidationError(_("Unknown module kind “%(kind)s”."), params={"kind": value})


class Module(models.Model):
    """A box in a blog's sidebar. `settings` holds what its kind needs (see kinds.py)."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="sidebar_modules")
    kind = models.CharField(_("kind"), max_length=20, validators=[validate_kind])
    title = models.CharField(
        _("title"), max_length=80, blank=True, help_text=_("Leave empty for no heading.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden modules keep their settings.")
    )
    settings = models.JSONField(_("settings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sidebar module")
        verbose_name_plural = _("sidebar modules")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["blog", "position"])]

    def __str__(self) -> str:
        return f"{self.blog_id}: {self.kind} {self.title!r}"

    def clean(self) -> None:
        from federkiel.sidebar.kinds import KINDS
        from federkiel.sidebar.options import check_settings

        if self.kind in KINDS:
            try:
                self.settings = check_settings(self.kind, self.settings or {})
            except ValidationError as error:
                raise ValidationError({"settings": error.messages}) from error

    def setting(self, key: str, default: Any = None) -> Any:
        value = self.settings.get(key, default) if isinstance(self.settings, dict) else default
        return default if value is None else value


class Sidebar(models.Model):
    """Marks a blog whose owner has arranged its sidebar (or that got the default set).

    A blog without this row shows the default modules without storing them, so an owner
    who removes every module keeps an empty sidebar instead of getting the defaults back.
    """

    blog = models.OneToOneField(
        Blog, on_delete=models.CASCADE, primary_key=True, related_name="sidebar"
    )
    arranged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sidebar")
        verbose_name_plural = _("sidebars")

    def __str__(self) -> str:
        return str(self.blog_id)
