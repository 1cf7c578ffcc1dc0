from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
    UsernameField,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from federkiel.accounts.deletion import is_last_administrator
from federkiel.accounts.models import User, http_url_validator
from federkiel.blogs.links import absolute
from federkiel.blogs.models import RESERVED_NAMES, Blog
from federkiel.mail.outbox import queue_mail

USERNAME_TAKEN = _("This username is already taken.")
EMAIL_TAKEN = _("An account with this e-mail address already exists.")


class SignupForm(BaseUserCreationForm[User]):
    error_messages = {"password_mismatch": _("The two passwords differ. Type them again.")}

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].help_text = _("Type the same password once more.")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if username.lower() in RESERVED_NAMES:
            raise forms.ValidationError(_("This username is reserved. Please choose another."))
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN)
        return username

    def clean_email(self) -> str:
        email: str = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "This username or e-mail address and password do not match. Please check both."
        ),
        "inactive": _("This account has been disabled."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        assert isinstance(field, forms.CharField)
        field.label = _("Username or e-mail address")
        # Long enough for an e-mail address, not just a username.
        field.max_length = 254
        field.widget.attrs["maxlength"] = "254"
        self.fields["password"].label = _("Password")


class HttpURLField(forms.URLField):
    """A web address with http or https only, refused with one message (a plain URLField
    with an extra scheme validator says "invalid" twice for `javascript:`)."""

    default_validators = [http_url_validator]
    default_error_messages = {"invalid": http_url_validator.message}


class ProfileForm(forms.ModelForm[User]):
    website = HttpURLField(
        label=_("web site"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text=_("Shown with your name on stories and comments."),
    )

    class Meta:
        model = User
        fields = ("display_name", "website", "bio")
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "display_name": _("How your name appears on blogs. Empty: your username."),
            "bio": _("A few words about you, up to 1000 characters."),
        }


class ChangeEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email: str = User.objects.normalize_email(self.cleaned_data["email"])
        if email.lower() == self.user.email.lower():
            raise forms.ValidationError(_("This is already your address."))
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, with our labels and the mail sent through the outbox."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        context = {**context, "url": absolute(path)}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_mail(to_email, subject, render_to_string(email_template_name, context))


class DeleteAccountForm(forms.Form):
    """Asks for the password, what happens to the member's writing, and, if the member is
    the only owner of blogs, an explicit yes to deleting those blogs as well."""

    KEEP = "keep"
    DELETE = "delete"

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    writing = forms.ChoiceField(
        label=_("Your stories on blogs that remain"),
        choices=[
            (DELETE, _("Delete my stories")),
            (KEEP, _("Keep my stories; they will show “a former member” as their author")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your stories.")},
    )

    def __init__(self, user: User, blogs: list[Blog], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.blogs = blogs
        if blogs:
            self.fields["delete_blogs"] = forms.BooleanField(
                label=_("Yes, delete these blogs with everything in them."),
                error_messages={
                    "required": _(
                        "Your blogs are deleted with your account. Tick the box to agree."
                    )
                },
            )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # The page lists the blogs that go with the account (see `blog_names`); refuse if
        # that list is no longer true, e.g. a co-owner left in the meantime.
        if sorted(self.data.get("blog_names", "").split()) != sorted(self.blog_names.split()):
            raise forms.ValidationError(
                _("Your blogs have changed since you loaded this page. Please check them again.")
            )
        if is_last_administrator(self.user):
            raise forms.ValidationError(
                _("You are the only administrator. Make someone else an administrator first.")
            )
        return cleaned

    @property
    def blog_names(self) -> str:
        return " ".join(blog.name for blog in self.blogs)

    @property
    def keep_writing(self) -> bool:
        return bool(self.cleaned_data["writing"] == self.KEEP)
