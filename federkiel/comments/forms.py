"""The comment form: text for everyone, name, e-mail and web site for guests.

Two quiet spam defences ride along: a honeypot field people never see (`homepage`)
and a signed stamp with the time the form was served, which also identifies the
submission so a double click saves one comment.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from federkiel.accounts.forms import HttpURLField
from federkiel.accounts.models import User
from federkiel.blogs.models import Blog
from federkiel.comments.models import MAX_TEXT_LENGTH, CommentSettings, ModerationRule

STAMP_SALT = "federkiel.comments.stamp"
STAMP_MAX_AGE = 2 * 24 * 3600
HONEYPOT = "homepage"


def make_stamp(served_at: float | None = None) -> str:
    """A signed (time served, random token) pair for one form."""
    served = time.time() if served_at is None else served_at
    return signing.dumps([int(served), secrets.token_urlsafe(12)], salt=STAMP_SALT)


def read_stamp(stamp: str) -> tuple[int, str] | None:
    try:
        served, token = signing.loads(stamp, salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(served, int) or not isinstance(token, str):
        return None
    if time.time() - served > STAMP_MAX_AGE:
        return None
    return served, token


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea,
        error_messages={"required": _("Write something first.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(required=False, label=_("Leave this field empty"))
    notify_replies = forms.BooleanField(required=False, label=_("Notify me by e-mail of replies"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.token = ""

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise forms.ValidationError(_("Your comment could not be accepted."))
        stamp = read_stamp(self.data.get("stamp", ""))
        if stamp is None:
            raise forms.ValidationError(
                _("The form has expired. Please check your comment and send it again.")
            )
        served, self.token = stamp
        if time.time() - served < settings.COMMENT_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your comment and send it again.")
            )
        return cleaned


class GuestCommentForm(CommentForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("Tell us your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("Optional, never shown."),
    )
    website = HttpURLField(
        label=_("Web site"),
        max_length=300,
        required=False,
        assume_scheme="https",
    )

    def clean_name(self) -> str:
        name: str = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Tell us your name."))
        return name

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        wants_mail = self.cleaned_data.get("notify_replies")
        if wants_mail and not self.cleaned_data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give your e-mail address to be told of replies by e-mail."))
        return cleaned


class EditCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea,
        error_messages={"required": _("Write something first.")},
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text


class CommentSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CommentSettings
        fields = ["mode", "moderation"]
        widgets = {"mode": forms.RadioSelect, "moderation": forms.RadioSelect}


class CommentMailForm(forms.Form):
    new_comments = forms.BooleanField(
        label=_("E-mail me about each new or held comment on this blog"),
        required=False,
        help_text=_("With links to publish it or mark it as spam."),
    )


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ModerationRule
        fields = ["pattern", "is_regex", "action"]

    def __init__(self, *args: Any, blog: Blog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.blog = blog

    def clean_pattern(self) -> str:
        pattern: str = self.cleaned_data["pattern"].strip()
        if ModerationRule.objects.filter(blog=self.instance.blog, pattern=pattern).exists():
            raise forms.ValidationError(_("This blog already has that rule."))
        return pattern


class BlockForm(forms.Form):
    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account (user name)")
        EMAIL = "email", _("e-mail address")
        NAME = "name", _("guest name")

    kind = forms.ChoiceField(label=_("Block by"), choices=Kind.choices)
    value = forms.CharField(label=_("Whom"), max_length=254)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        kind, value = self.cleaned_data.get("kind"), self.cleaned_data.get("value", "").strip()
        if not kind or not value:
            return cleaned
        if kind == self.Kind.ACCOUNT:
            user = User.objects.filter(username__iexact=value).first()
            if user is None:
                self.add_error("value", _("There is no account with this user name."))
            self.cleaned_data["user"] = user
        elif kind == self.Kind.EMAIL:
            try:
                validate_email(value)
            except forms.ValidationError:
                self.add_error("value", _("Enter a valid e-mail address."))
        return cleaned
