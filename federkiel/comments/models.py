"""Comments on stories, each blog's comment settings, word rules and blocked commenters."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog
from federkiel.comments.patterns import validate_rule_pattern
from federkiel.stories.models import Story

MAX_TEXT_LENGTH = 10_000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(state=Comment.State.PUBLISHED)

    def of_blog(self, blog: Blog) -> CommentQuerySet:
        return self.filter(story__blog=blog)

    def visible(self) -> CommentQuerySet:
        """Published comments of the stories readers see (published, their date come).
        Whether the blog may be read is for the caller to check."""
        return self.published().filter(
            story__status=Story.Status.PUBLISHED, story__published_at__lte=timezone.now()
        )


class Comment(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", _("published")
        PENDING = "pending", _("awaiting moderation")
        SPAM = "spam", _("spam")
        DELETED = "deleted", _("deleted")

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        TRACKBACK = "trackback", _("trackback")
        PINGBACK = "pingback", _("pingback")
        WEBMENTION = "webmention", _("webmention")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text=_("The top-level comment this replies to; replies are one level deep."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMMENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    guest_name = models.CharField(_("name"), max_length=80, blank=True)
    guest_email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    guest_website = models.URLField(_("web site"), max_length=300, blank=True)
    text = models.TextField(_("comment"), max_length=MAX_TEXT_LENGTH)
    rendered_html = models.TextField(editable=False, default="")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PUBLISHED
    )
    deleted_by_author = models.BooleanField(default=False)
    hold_reason = models.CharField(_("reason held"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, help_text=_("Cleared after a few days.")
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # The signed form token a submission carried: a double click makes one comment.
    submission_token = models.CharField(max_length=64, blank=True, editable=False)
    notify_replies = models.BooleanField(_("notify me of replies"), default=False)
    unsubscribe_token = models.CharField(
        max_length=64, default=new_token, editable=False, db_index=True
    )
    # When the mail telling the thread's subscribers of this reply was queued: set once,
    # so a reply approved again after being marked as spam is not announced twice.
    reply_notice_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "submission_token"],
                condition=~Q(submission_token=""),
                name="one_comment_per_submission",
            ),
        ]
        indexes = [models.Index(fields=["story", "state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.text[:40]}"

    @property
    def is_guest(self) -> bool:
        return self.author_id is None

    @property
    def display_name(self) -> str:
        if self.author is not None:
            return self.author.public_name
        return self.guest_name

    @property
    def website(self) -> str:
        if self.author is not None:
            return self.author.website
        return self.guest_website


class CommentMode(models.TextChoices):
    ANYONE = "anyone", _("anyone, guests too")
    SIGNED_IN = "signed_in", _("signed-in users")
    MEMBERS = "members", _("members of this blog")
    NOBODY = "nobody", _("nobody")


class ModerationMode(models.TextChoices):
    PUBLISH = "publish", _("publish at once")
    FIRST_TIME = "first_time", _("hold comments of first-time commenters")
    ALL = "all", _("hold all comments")


class CommentSettings(models.Model):
    """Per-blog comment options; a blog without a row uses the defaults."""

    blog = models.OneToOneField(Blog, on_delete=models.CASCADE, related_name="comment_settings")
    mode = models.CharField(
        _("who may comment"), max_length=12, choices=CommentMode.choices, default=CommentMode.ANYONE
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=12,
        choices=ModerationMode.choices,
        default=ModerationMode.FIRST_TIME,
    )

    class Meta:
        verbose_name = _("comment settings")
        verbose_name_plural = _("comment settings")

    def __str__(self) -> str:
        return f"{self.blog_id}: {self.mode}, {self.moderation}"

    @classmethod
    def for_blog(cls, blog: Blog) -> CommentSettings:
        """The blog's settings, unsaved defaults when it has none."""
        found = cls.objects.filter(blog=blog).first()
        return found if found is not None else cls(blog=blog)


class CommentMailPreference(models.Model):
    """Whether an owner or manager of a blog wants mail about its new and held comments.

    Without a row, owners get the mail and managers do not (`wants_comment_mail`)."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    new_comments = models.BooleanField(_("e-mail me about new and held comments"))

    class Meta:
        verbose_name = _("comment mail preference")
        verbose_name_plural = _("comment mail preferences")
        constraints = [
            models.UniqueConstraint(fields=["blog", "user"], name="one_comment_mail_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.blog_id}: {self.new_comments}"


class ModerationRule(models.Model):
    """A word or pattern that holds or rejects comments on one blog."""

    class Action(models.TextChoices):
        HOLD = "hold", _("hold for moderation")
        REJECT = "reject", _("reject")

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="comment_rules")
    pattern = models.CharField(_("word or pattern"), max_length=200)
    is_regex = models.BooleanField(
        _("regular expression"),
        default=False,
        help_text=_("Otherwise the entry matches as a whole word, ignoring case."),
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("moderation rule")
        verbose_name_plural = _("moderation rules")
        ordering = ["pattern"]

    def __str__(self) -> str:
        return self.pattern

    def clean(self) -> None:
        super().clean()
        try:
            validate_rule_pattern(self.pattern, is_regex=self.is_regex)
        except ValidationError as error:
            raise ValidationError({"pattern": error.messages}) from None


class BlockedCommenter(models.Model):
    """Someone who may not comment on a blog: an account, or a guest by e-mail or name."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="blocked_commenters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_blocks",
    )
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    name = models.CharField(_("name"), max_length=80, blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blocked commenter")
        verbose_name_plural = _("blocked commenters")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email="") | ~Q(name=""),
                name="block_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.public_name
        return self.email or self.name

    def matches(self, user: Any, email: str, name: str) -> bool:
        if self.user_id is not None:
            return bool(user is not None and user.pk == self.user_id)
        if self.email:
            return bool(email) and self.email.lower() == email.lower()
        return bool(name) and self.name.casefold() == name.strip().casefold()
