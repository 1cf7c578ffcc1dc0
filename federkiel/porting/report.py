"""What an import left out, in words for the person who started it.

Converters say it in two ways: `warnings`, sentences already translated (WxrSource,
AntvilleSource), and `skipped`, counts of things that cannot be imported by a stable key
(AntvilleSource: "polls", "skins", …). The counts are stored as they are and put into
words only when shown, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Each is marked here for makemessages and translated when called.
_SKIPPED: dict[str, Callable[[int], str]] = {
    "polls": lambda n: ngettext("%(count)d poll", "%(count)d polls", n) % {"count": n},
    "votes": lambda n: ngettext("%(count)d vote", "%(count)d votes", n) % {"count": n},
    "skins": lambda n: (
        ngettext("%(count)d layout (skin)", "%(count)d layouts (skins)", n) % {"count": n}
    ),
    "image tags": lambda n: (
        ngettext("%(count)d tag on images", "%(count)d tags on images", n) % {"count": n}
    ),
    "layout images": lambda n: (
        ngettext("%(count)d layout image", "%(count)d layout images", n) % {"count": n}
    ),
}
MAX_NAMED = 10
# Counted by AntvilleSource, but its warnings name each of them already.
_NAMED_IN_WARNINGS = {"missing files"}


def missing_at_export(names: list[str]) -> list[str]:
    """Our export's warning about uploads whose files were gone when it was made."""
    if not names:
        return []
    shown = ", ".join(names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        shown += ", …"
    return [
        ngettext(
            "%(count)d file was missing on the old server when the export was made, so it is "
            "not in the export: %(names)s",
            "%(count)d files were missing on the old server when the export was made, so they "
            "are not in the export: %(names)s",
            len(names),
        )
        % {"count": len(names), "names": shown}
    ]


def source_warnings(source: Any) -> list[str]:
    """The source's warnings (complete once its records are read), as plain strings."""
    return [str(warning) for warning in getattr(source, "warnings", None) or ()]


def source_skipped(source: Any) -> dict[str, int]:
    """The source's counts of what it could not import, by key; zero counts dropped."""
    skipped = getattr(source, "skipped", None)
    if not isinstance(skipped, dict):
        return {}
    return {str(key): int(count) for key, count in skipped.items() if int(count) > 0}


def skipped_sentence(skipped: dict[str, Any]) -> str:
    """ "Left out, as Federkiel cannot import them: 3 polls, 1 layout (skin)." or ""."""
    order = list(_SKIPPED)
    parts: list[str] = []
    for key, count in sorted(
        skipped.items(),
        key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0]),
    ):
        if not isinstance(count, int) or count <= 0 or key in _NAMED_IN_WARNINGS:
            continue
        words = _SKIPPED.get(key)
        parts.append(words(count) if words else f"{count} × {key}")
    if not parts:
        return ""
    return _("Left out, as Federkiel cannot import them: %(list)s.") % {"list": ", ".join(parts)}


def report_lines(warnings: list[Any], skipped: dict[str, Any]) -> list[str]:
    """Everything to tell the importing person, one sentence a line."""
    lines = [str(warning) for warning in warnings]
    sentence = skipped_sentence(skipped)
    if sentence:
        lines.append(sentence)
    return lines
