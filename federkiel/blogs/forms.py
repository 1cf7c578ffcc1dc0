from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog, Role

# Names in the zone database that are not places a blogger would pick.
_NOT_PLACES = ("posix/", "right/", "Etc/", "SystemV/")
_NOT_PLACES_EXACT = {"Factory", "localtime", "posixrules"}


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = zoneinfo.available_timezones()
    places = sorted(
        z for z in zones if not z.startswith(_NOT_PLACES) and z not in _NOT_PLACES_EXACT
    )
    return [(z, z.replace("_", " ")) for z in places]


class TimeZoneField(forms.ChoiceField):
    """A select of time zones; a zone already stored stays selectable even if unlisted."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=time_zone_choices, **kwargs)

    def with_current(self, current: str) -> None:
        if current and current not in dict(time_zone_choices()):
            self.choices = [(current, current), *time_zone_choices()]


class BlogSettingsForm(forms.ModelForm[Blog]):
    time_zone = TimeZoneField(label=_("time zone"))

    class Meta:
        model = Blog
        fields = [
            "title",
            "tagline",
            "language",
            "time_zone",
            "visibility",
            "page_size",
            "send_linkbacks",
        ]
        widgets = {"visibility": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, TimeZoneField)
        field.with_current(self.instance.time_zone)


class BlogCreateForm(BlogSettingsForm):
    class Meta(BlogSettingsForm.Meta):
        fields = ["name", "title", "tagline", "language", "time_zone", "visibility"]
        error_messages = {"name": {"unique": _("This name is already taken.")}}

    def clean_name(self) -> str:
        # Be kind about case and stray spaces; the validators check the rest.
        return str(self.cleaned_data["name"]).strip().lower()


class DeleteBlogForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Type the name of the blog to confirm"), max_length=30, strip=True
    )

    def __init__(self, blog: Blog, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blog = blog

    def clean_confirm_name(self) -> str:
        typed = str(self.cleaned_data["confirm_name"])
        if typed != self.blog.name:
            raise forms.ValidationError(
                _("That is not the name of this blog (“%(name)s”)."),
                params={"name": self.blog.name},
                code="mismatch",
            )
        return typed


class InviteForm(forms.Form):
    who = forms.CharField(label=_("User name or e-mail address"), max_length=254, strip=True)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.CONTRIBUTOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
