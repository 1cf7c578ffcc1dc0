from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account. `username` is the public handle shown on blogs."""

    email = models.EmailField(_("e-mail address"), unique=True)
    email_confirmed = models.BooleanField(_("e-mail confirmed"), default=False)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    website = models.URLField(_("web site"), max_length=300, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
