"""Forms of the sidebar settings page; each kind's own settings are in options.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from federkiel.sidebar.kinds import Kind


class ModuleForm(forms.Form):
    """What every module has: its heading and whether it is shown."""

    title = forms.CharField(
        label=_("Heading"),
        max_length=80,
        required=False,
        help_text=_("Leave empty for no heading."),
    )
    hidden = forms.BooleanField(
        label=_("Hide this module"),
        required=False,
        help_text=_("Hidden modules keep their settings."),
    )


class AddModuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Add a module"), choices=Kind.choices)
