from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

# ASCII only: usernames appear in addresses and fediverse handles, and look-alike
# letters from other scripts would let one member pose as another.
username_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{3,30}\Z",
    _("Use 3 to 30 characters: letters a–z or A–Z, digits, hyphens and underscores."),
)
http_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
)


def web_link(url: str) -> str:
    """`url` if it is an http(s) address, else "": the forms allow no other, but a row
    written by other means (an import, a linkback, the shell) must not become a link."""
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


class UserManager(DjangoUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """Usernames are unique regardless of case, so look them up that way."""
        return self.get(username__iexact=username)

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        # The operator typed the address on the command line; no mail round trip needed.
        extra.setdefault("email_confirmed", True)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person with an account. `username` is the public handle shown on blogs."""

    username = models.CharField(
        _("username"),
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text=_("3 to 30 characters: letters, digits, hyphens and underscores."),
        error_messages={"unique": _("This username is already taken.")},
    )
    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        error_messages={"unique": _("An account with this e-mail address already exists.")},
    )
    email_confirmed = models.BooleanField(_("e-mail confirmed"), default=False)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    website = models.URLField(
        _("web site"), max_length=300, blank=True, validators=[http_url_validator]
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Upper("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=_("This username is already taken."),
            ),
            models.UniqueConstraint(
                Upper("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
