from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from federkiel.accounts.models import User

# Names that would shadow platform URLs or hosts.
RESERVED_NAMES = frozenset(
    {
        "admin", "static", "media", "accounts", "api", "www", "mail", "ftp", "blogs", "blog",
        "dashboard", "help", "about", "search", "feeds", "feed", "rss", "sitemap", "robots",
        "favicon", "assets", "federkiel", "root", "webmaster", "postmaster", "hostmaster",
        "support", "status", "login", "logout", "signup", "register", "settings", "users",
        "user", "profile", "profiles", "home", "new", "create", "well-known", "manage",
        "preview", "tasks", "health", "metrics", "ap", "activitypub", "webmention", "xmlrpc",
        "opensearch", "directory", "i18n", "jsi18n", "federation", "nodeinfo",
    }
)  # fmt: skip

blog_name_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$",
    _("Use 3 to 30 characters: lower-case letters a–z, digits and hyphens, "
      "not starting or ending with a hyphen."),
)  # fmt: skip


def validate_not_reserved(value: str) -> None:
    # nginx's internal media location (FEDERKIEL_MEDIA_ACCEL_LOCATION) would hide such a blog.
    accel_location = settings.MEDIA_ACCEL_LOCATION.strip("/").split("/")[0]
    if value in RESERVED_NAMES or value == accel_location:
        raise ValidationError(_("The name “%(name)s” is reserved."), params={"name": value})


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone “%(tz)s”."), params={"tz": value})


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public: everyone can read")
    RESTRICTED = "restricted", _("restricted: members only")
    CLOSED = "closed", _("closed: owners only")


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    MANAGER = "manager", _("manager")
    CONTRIBUTOR = "contributor", _("contributor")
    SUBSCRIBER = "subscriber", _("subscriber")

    @property
    def rank(self) -> int:
        return ROLE_RANK[self]


ROLE_RANK = {Role.SUBSCRIBER: 1, Role.CONTRIBUTOR: 2, Role.MANAGER: 3, Role.OWNER: 4}


class Blog(models.Model):
    name = models.CharField(
        _("name"),
        max_length=30,
        unique=True,
        validators=[blog_name_validator, validate_not_reserved],
        help_text=_("Becomes the address of the blog."),
    )
    title = models.CharField(_("title"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.GERMAN
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    page_size = models.PositiveSmallIntegerField(
        _("stories per page"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    send_linkbacks = models.BooleanField(
        _("notify linked pages"),
        default=True,
        db_default=True,  # rows written by code that predates the field get it too
        help_text=_(
            "When a story is published or changed, tell the pages it links to "
            "(Webmention, Pingback). Only public blogs do."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def role_of(self, user: User | AnonymousUser | None) -> Role | None:
        """The user's role here, from the memberships prefetched or one query."""
        if user is None or not user.is_authenticated:
            return None
        cache: dict[int, Role | None] = self.__dict__.setdefault("_role_cache", {})
        if user.pk not in cache:
            membership = self.memberships.filter(user=user).only("role").first()
            cache[user.pk] = Role(membership.role) if membership else None
        return cache[user.pk]

    def remember_role(self, user: User, role: str | None) -> None:
        """Tell `role_of` a role already known (from a membership list), saving its query."""
        cache: dict[int, Role | None] = self.__dict__.setdefault("_role_cache", {})
        cache[user.pk] = Role(role) if role else None


class Membership(models.Model):
    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["blog", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.blog_id}: {self.role}"


INVITATION_DAYS = 14


def new_invitation_key() -> str:
    return secrets.token_urlsafe(24)


def invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """An owner's offer of a role, answered by the invited account (accept or decline)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("revoked")

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("The invited account; empty when invited by an address without an account."),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.CharField(max_length=64, unique=True, default=new_invitation_key)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["blog", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email}@{self.blog_id}: {self.role} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()

    def is_for(self, user: User) -> bool:
        """Whether `user` is the invited account (by account, or by confirmed address)."""
        if not user.is_authenticated:
            return False
        if self.user_id is not None:
            return bool(self.user_id == user.pk)
        return user.email_confirmed and user.email.lower() == self.email
