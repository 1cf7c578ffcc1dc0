"""Words of the blog layout, translated into the blog's language.

Kept in Python so `makemessages` finds them; templates read them as `t.<key>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    "home": _("Home"),
    "stories": _("Stories"),
    "topics": _("Topics"),
    "permalink": _("permalink"),
    "edit": _("edit"),
    "delete": _("delete"),
    "by": _("by"),
    "former_member": _("a former member"),
    "newer": _("newer stories"),
    "older": _("older stories"),
    "page": _("Page"),
    "no_stories": _("No stories yet."),
    "draft": _("Draft"),
    "scheduled": _("Scheduled"),
    "comments_closed": _("Comments are closed."),
    "trackback_url": _("Trackback URL"),
    "user_status": _("User Status"),
    "not_signed_in": _("You are not signed in."),
    "sign_in": _("Sign in"),
    "sign_out": _("Sign out"),
    "profile": _("Profile"),
    "write_story": _("Write a story"),
    "manage": _("Manage blog"),
    "skip_to_content": _("Skip to content"),
    "sidebar": _("Sidebar"),
    "powered_by": _("Powered by Federkiel"),
}


def register_labels(extra: Mapping[str, Promise]) -> None:
    """Add the words an app's blog templates use; its catalogue translates them.

    Called from the app's `AppConfig.ready()`, before any page is rendered.
    """
    clashes = LABELS.keys() & extra.keys()
    if clashes:
        raise ImproperlyConfigured(f"Layout labels defined twice: {sorted(clashes)}")
    LABELS.update(extra)
    labels_for.cache_clear()


@cache
def labels_for(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(value) for key, value in LABELS.items()}
