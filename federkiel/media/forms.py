from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from federkiel.media.models import MediaFile

ALT_TEXT_HELP = _("Describes the image for people who cannot see it. Leave empty for decoration.")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    alt_text = forms.CharField(
        label=_("Alternative text (images)"),
        max_length=500,
        required=False,
        help_text=ALT_TEXT_HELP,
    )


class AltTextForm(forms.ModelForm[MediaFile]):
    class Meta:
        model = MediaFile
        fields = ["alt_text"]
        help_texts = {"alt_text": ALT_TEXT_HELP}
