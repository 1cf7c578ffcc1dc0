"""Per-kind module settings: one small form per kind validates the JSON in `Module.settings`.

`options_form` builds the form for the settings page; `check_settings` validates a
settings dict the same way (for defaults, imports and `Module.clean`).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from federkiel.sidebar.kinds import Kind
from federkiel.sidebar.text import clean_box_html

MAX_LINKS = 50
MAX_TEXT = 10_000


class Options(forms.Form):
    """A kind without settings; subclasses add fields and map them to and from JSON."""

    def __init__(self, *args: Any, rich: bool = False, **kwargs: Any) -> None:
        self.rich = rich
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, settings: dict[str, Any]) -> dict[str, Any]:
        return {name: settings[name] for name in cls.base_fields if name in settings}

    def to_settings(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class TextOptions(Options):
    text = forms.CharField(
        label=_("Text"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text or HTML. Scripts, event handlers and javascript: links are removed."
        ),
    )

    def clean_text(self) -> str:
        html = clean_box_html(self.cleaned_data["text"], rich=self.rich)
        if not html.strip() or html.strip() == "<p></p>":
            raise ValidationError(_("Nothing would be left of this text: write some text."))
        return html


class RecentOptions(Options):
    count = forms.IntegerField(label=_("Number of entries"), min_value=1, max_value=20, initial=5)


class ContactOptions(Options):
    SHOW_AS: ClassVar[list[tuple[str, Any]]] = [
        ("text", _("as text, spelled out to keep spam robots away")),
        ("link", _("as a mail link")),
    ]
    address = forms.EmailField(label=_("E-mail address"), max_length=254)
    show_as = forms.ChoiceField(label=_("Show the address"), choices=SHOW_AS, initial="text")


class LinksOptions(Options):
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_(
            "One link per line: a title, then the address, e.g. "
            "“Kieler Nachrichten https://www.kn-online.de/”."
        ),
    )

    @classmethod
    def initial_from(cls, settings: dict[str, Any]) -> dict[str, Any]:
        links = settings.get("links") or []
        lines = [f"{link['title']} {link['url']}".strip() for link in links]
        return {"links": "\n".join(lines)}

    def clean_links(self) -> list[dict[str, str]]:
        validate = URLValidator(schemes=["http", "https"])
        links = []
        errors = []
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            words = line.split()
            if not words:
                continue
            url, title = words[-1], " ".join(words[:-1])
            try:
                validate(url)
            except ValidationError:
                errors.append(
                    ValidationError(
                        _(
                            "Line %(line)d: “%(url)s” is not a web address "
                            "starting with http:// or https://."
                        ),
                        params={"line": number, "url": url},
                    )
                )
                continue
            if len(title) > 80:
                errors.append(
                    ValidationError(
                        _("Line %(line)d: the title is longer than 80 characters."),
                        params={"line": number},
                    )
                )
                continue
            links.append({"title": title or urlsplit(url).hostname or url, "url": url})
        if errors:
            raise ValidationError(errors)
        if not links:
            raise ValidationError(_("Add at least one link."))
        if len(links) > MAX_LINKS:
            raise ValidationError(
                _("At most %(max)d links fit in one list."), params={"max": MAX_LINKS}
            )
        return links


OPTION_FORMS: dict[str, type[Options]] = {
    Kind.TEXT: TextOptions,
    Kind.RECENT: RecentOptions,
    Kind.REFERRERS: RecentOptions,
    Kind.CONTACT: ContactOptions,
    Kind.LINKS: LinksOptions,
}


def options_class(kind: str) -> type[Options]:
    return OPTION_FORMS.get(kind, Options)


def options_form(
    kind: str,
    data: Any = None,
    *,
    settings: dict[str, Any] | None = None,
    rich: bool = False,
) -> Options:
    """The settings form of a kind: bound to POST data, or filled from stored settings."""
    form_class = options_class(kind)
    initial = form_class.initial_from(settings or {})
    return form_class(data, initial=initial, prefix="settings", rich=rich)


def check_settings(kind: str, settings: dict[str, Any], *, rich: bool = True) -> dict[str, Any]:
    """The settings a module of `kind` may store, cleaned; ValidationError when invalid."""
    form_class = options_class(kind)
    data = {f"settings-{k}": v for k, v in form_class.initial_from(settings).items()}
    form = form_class(data, prefix="settings", rich=rich)
    if not form.is_valid():
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    return form.to_settings()


def default_settings(kind: str) -> dict[str, Any]:
    """Settings of a newly placed module: the initial values of its form's fields."""
    form_class = options_class(kind)
    return {
        name: field.initial
        for name, field in form_class.base_fields.items()
        if field.initial is not None
    }
