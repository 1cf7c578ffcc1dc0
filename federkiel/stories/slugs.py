"""URL slugs with German transliteration (ä→ae, ö→oe, ü→ue, ß→ss)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify

GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
MAX_LENGTH = 100
# Words the story URLs use themselves (`stories/create/`, `stories/preview/`, …).
RESERVED_SLUGS = frozenset({"create", "preview", "edit", "delete"})


def slugify_de(text: str) -> str:
    """'Über Füße' → 'ueber-fuesse'. Never all digits, so it cannot pass for an id."""
    slug = slugify(text.translate(GERMAN))[:MAX_LENGTH].strip("-")
    if slug.isdigit():
        slug = f"s-{slug}"
    return slug


def unique_slug(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is not in `taken`."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"
