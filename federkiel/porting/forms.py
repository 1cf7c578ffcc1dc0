"""The owner's import form (into a blog, or into a new one) and its checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from federkiel.accounts.models import User
from federkiel.blogs.forms import time_zone_choices
from federkiel.blogs.models import Blog, Language, Role, blog_name_validator, validate_not_reserved


def _max_size_help() -> str:
    return str(
        _("An export of Federkiel, WordPress (WXR) or Antville/twoday; at most %(limit)s.")
        % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Export file"))
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        required=False,
        help_text=_("For dates the file gives without a time zone; a new blog gets it too."),
    )
    language = forms.ChoiceField(label=_("language"), required=False)
    # Dates without a zone fall back to the existing blog's zone when the file has none.
    zone_unset: Any = _("as in the file, else the blog's")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _max_size_help()
        as_in_file: list[tuple[str, Any]] = [("", _("as in the file"))]
        time_zone = self.fields["time_zone"]
        language = self.fields["language"]
        assert isinstance(time_zone, forms.ChoiceField)
        assert isinstance(language, forms.ChoiceField)
        time_zone.choices = [("", self.zone_unset), *time_zone_choices()]
        language.choices = as_in_file + list(Language.choices)

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(too_large_message())
        return uploaded


def too_large_message() -> str:
    return str(
        _("The file is larger than %(limit)s, the most an import may have.")
        % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
    )


class NewBlogImportForm(ImportForm):
    """Import into a blog that does not exist yet; the uploader becomes its owner."""

    name = forms.CharField(
        label=_("name of the new blog"),
        max_length=30,
        help_text=_("Becomes the address of the blog."),
    )
    field_order = ["name", "file", "time_zone", "language"]
    zone_unset = _("as in the file")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self) -> str:
        # Be kind about case and stray spaces (as the create form); then the rules.
        name = str(self.cleaned_data["name"]).strip().lower()
        blog_name_validator(name)
        validate_not_reserved(name)
        blog = Blog.objects.filter(name=name).first()
        if blog is not None:
            if blog.role_of(self.user) == Role.OWNER:
                raise ValidationError(
                    _("You own this blog already: import from its settings page instead.")
                )
            raise ValidationError(_("This name is already taken."))
        return name
