"""The story form: what an author types, checked and turned into a `StoryInput`."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federkiel.archive.periods import FIRST_YEAR, LAST_YEAR
from federkiel.blogs.models import Blog
from federkiel.stories.models import Story
from federkiel.stories.slugs import MAX_LENGTH as SLUG_MAX_LENGTH
from federkiel.stories.slugs import RESERVED_SLUGS
from federkiel.stories.writing import StoryInput, slug_is_taken

MAX_TOPICS = 20
TOPIC_MAX_LENGTH = 80
TEXT_MAX_LENGTH = 200_000
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCAL_INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


class BlogDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read and shown in the blog's time zone, not the server's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, tz: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        self.tz = tz
        super().__init__(input_formats=LOCAL_INPUT_FORMATS, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value, self.tz).replace(tzinfo=None)
        return value

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value
        naive = _parse_local(value)
        if naive is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # The archive's years: beyond them, time zone arithmetic overflows.
        if not FIRST_YEAR <= naive.year <= LAST_YEAR:
            raise ValidationError(
                _("Choose a date between the years %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        aware = naive.replace(tzinfo=self.tz)
        # A wall-clock time skipped by a daylight-saving change does not survive a round trip.
        if aware.astimezone(UTC).astimezone(self.tz).replace(tzinfo=None) != naive:
            raise ValidationError(
                _("%(time)s does not exist in the time zone %(tz)s (clocks change then)."),
                code="nonexistent",
                params={"time": naive.strftime("%Y-%m-%d %H:%M"), "tz": str(self.tz)},
            )
        return aware


def _parse_local(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    for fmt in LOCAL_INPUT_FORMATS:
        try:
            return datetime.strptime(str(value), fmt)
        except ValueError:
            continue
    return None


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    text_format = forms.ChoiceField(
        label=_("Format"), choices=Story.Format.choices, initial=Story.Format.MARKDOWN
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=2000,
        help_text=_("Separate several topics with commas."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Story.Status.DRAFT, _("Draft: only you and the blog's managers see it")),
            (Story.Status.PUBLISHED, _("Published")),
        ],
        initial=Story.Status.DRAFT,
        widget=forms.RadioSelect,
    )
    comments_open = forms.BooleanField(label=_("Comments open"), required=False, initial=True)
    slug = forms.CharField(
        label=_("Address (slug)"),
        required=False,
        max_length=SLUG_MAX_LENGTH,
        help_text=_(
            "Lower-case letters a–z, digits and hyphens. Leave empty to make one from the title."
        ),
    )

    def __init__(self, *args: Any, blog: Blog, story: Story | None = None, **kwargs: Any) -> None:
        if story is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(story)
        super().__init__(*args, **kwargs)
        self.blog = blog
        self.story = story
        # After `slug` in the form, but defined here: it needs the blog's time zone.
        self.fields["published_at"] = BlogDateTimeField(
            tz=blog.tz,
            label=_("Publish date"),
            required=False,
            help_text=_(
                "In the blog's time zone (%(tz)s). Leave empty for now; "
                "a date in the future publishes the story then."
            )
            % {"tz": blog.time_zone},
        )
        self.order_fields(
            ["title", "text", "text_format", "topics", "status", "published_at", "comments_open"]
        )

    def clean_topics(self) -> list[str]:
        names = list(
            dict.fromkeys(n.strip() for n in self.cleaned_data["topics"].split(",") if n.strip())
        )
        if len(names) > MAX_TOPICS:
            raise ValidationError(
                _("At most %(max)d topics per story."), params={"max": MAX_TOPICS}, code="too_many"
            )
        for name in names:
            if len(name) > TOPIC_MAX_LENGTH:
                raise ValidationError(
                    _("A topic may have at most %(max)d characters: “%(name)s…”"),
                    params={"max": TOPIC_MAX_LENGTH, "name": name[:20]},
                    code="too_long",
                )
            if not any(c.isalnum() for c in name):
                raise ValidationError(
                    _("The topic “%(name)s” needs at least one letter or digit."),
                    params={"name": name},
                    code="no_letters",
                )
        return names

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].strip()
        if not slug:
            return ""
        if not SLUG_PATTERN.match(slug):
            raise ValidationError(
                _(
                    "Use only lower-case letters a–z, digits and single hyphens between them, "
                    "like “my-first-story”."
                ),
                code="invalid",
            )
        if slug.isdigit():
            raise ValidationError(
                _("An address needs at least one letter; numbers are story ids."),
                code="digits",
            )
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("The address “%(slug)s” is reserved."), params={"slug": slug}, code="reserved"
            )
        if slug_is_taken(self.blog, slug, self.story):
            raise ValidationError(
                _("Another story of this blog already has the address “%(slug)s”."),
                params={"slug": slug},
                code="taken",
            )
        return slug

    def story_input(self) -> StoryInput:
        """The checked input; call after `is_valid()`."""
        data = self.cleaned_data
        return StoryInput(
            title=data["title"],
            text=data["text"],
            text_format=data["text_format"],
            topic_names=data["topics"],
            status=data["status"],
            published_at=data["published_at"],
            comments_open=data["comments_open"],
            slug=data["slug"],
        )


def initial_for(story: Story) -> dict[str, Any]:
    return {
        "title": story.title,
        "text": story.text,
        "text_format": story.text_format,
        "topics": ", ".join(t.name for t in story.topics.all()),
        "status": story.status,
        "published_at": story.published_at,
        "comments_open": story.comments_open,
        "slug": story.slug,
    }


class PreviewForm(forms.Form):
    """What the live preview posts: the text and its format."""

    text = forms.CharField(required=False, max_length=TEXT_MAX_LENGTH, strip=False)
    text_format = forms.ChoiceField(choices=Story.Format.choices)
