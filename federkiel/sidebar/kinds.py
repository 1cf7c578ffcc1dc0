"""The kinds of sidebar modules, their default titles and the default set of a new blog."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TEXT = "text", _("Text box (text or HTML)")
    RECENT = "recent", _("Recently written")
    USER_STATUS = "userstatus", _("Login status")
    BLOG_STATUS = "blogstatus", _("Blog status")
    CONTACT = "contact", _("Contact address")
    LINKS = "links", _("Link list (blogroll)")
    COUNTER = "counter", _("Visitor counter")
    REFERRERS = "referrers", _("Referrer list")
    CALENDAR = "calendar", _("Calendar (looking back)")
    TOPICS = "topics", _("Topic list")
    SUBSCRIBE = "subscribe", _("Subscribe (feeds)")
    SEARCH = "search", _("Search box")


KINDS = frozenset(Kind.values)

# The heading a module gets when added; the owner may change or clear it.
DEFAULT_TITLES: dict[str, Promise] = {
    Kind.TEXT: _("Notes"),
    Kind.RECENT: _("Recently written"),
    Kind.USER_STATUS: _("User Status"),
    Kind.BLOG_STATUS: _("Status"),
    Kind.CONTACT: _("Contact"),
    Kind.LINKS: _("Links"),
    Kind.COUNTER: _("Visitors"),
    Kind.REFERRERS: _("Referrers"),
    Kind.CALENDAR: _("Looking back"),
    Kind.TOPICS: _("Topics"),
    Kind.SUBSCRIBE: _("Subscribe to this blog"),
    Kind.SEARCH: _("Search this blog"),
}

# What a new blog's sidebar holds, top to bottom.
DEFAULT_SET: list[str] = [
    Kind.USER_STATUS,
    Kind.CALENDAR,
    Kind.RECENT,
    Kind.TOPICS,
    Kind.BLOG_STATUS,
    Kind.SUBSCRIBE,
]

# Most modules one blog may have; keeps the page and the settings page small.
MAX_MODULES = 30
