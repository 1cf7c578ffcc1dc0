"""How an import names the record a message is about ("story 12 “Titel”")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    MediaRecord,
    MemberRecord,
    ModerationRuleRecord,
    ModuleRecord,
    Record,
    StoryRecord,
    TopicRecord,
    UserRecord,
)

MAX_SHOWN = 60


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def item_name(record: Record) -> str:
    """The record as the user knows it, in the active language."""
    if isinstance(record, StoryRecord):
        return _("story %(ref)s “%(title)s”") % {"ref": record.ref, "title": _short(record.title)}
    if isinstance(record, CommentRecord):
        return _("comment %(ref)s on story %(story)s") % {
            "ref": record.ref,
            "story": record.story_ref,
        }
    if isinstance(record, UserRecord):
        return _("user %(ref)s “%(name)s”") % {"ref": record.ref, "name": _short(record.username)}
    if isinstance(record, MemberRecord):
        return _("member %(ref)s") % {"ref": record.user_ref}
    if isinstance(record, TopicRecord):
        return _("topic %(ref)s “%(name)s”") % {"ref": record.ref, "name": _short(record.name)}
    if isinstance(record, MediaRecord):
        return _("file %(ref)s “%(name)s”") % {"ref": record.ref, "name": _short(record.name)}
    if isinstance(record, ModuleRecord):
        return _("sidebar module “%(kind)s”") % {"kind": _short(record.kind)}
    if isinstance(record, ModerationRuleRecord):
        return _("moderation rule “%(pattern)s”") % {"pattern": _short(record.pattern)}
    if isinstance(record, BlogRecord):
        return _("blog “%(name)s”") % {"name": _short(record.name)}
    return _("record %(kind)s") % {"kind": type(record).__name__}
