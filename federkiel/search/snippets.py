"""Highlighted excerpts: escaped text with the searched words in <mark>.

Done in Python for both databases, so results look the same on each: a word is marked
when its stem is one of the query's stems in the entry's language.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from federkiel.search.text import MAX_WORD_LENGTH, WORD, stem

SNIPPET_LENGTH = 240
# Words before the first highlight that stay in the excerpt, measured in characters.
LEAD = 60
# Only this much of a long text is searched for highlights.
SCAN_LIMIT = 50_000
ELLIPSIS = "…"


def _hits(text: str, stems: frozenset[str], language: str, end: int) -> list[tuple[int, int]]:
    if not stems:
        return []
    return [
        match.span()
        for match in WORD.finditer(text, 0, min(end, len(text)))
        if stem(match.group().lower()[:MAX_WORD_LENGTH], language) in stems
    ]


def _marked(text: str, start: int, end: int, hits: list[tuple[int, int]]) -> Markup:
    parts: list[str] = []
    position = start
    for hit_start, hit_end in hits:
        if hit_start < start or hit_end > end:
            continue
        parts.append(escape(text[position:hit_start]))
        parts.append(Markup("<mark>%s</mark>") % text[hit_start:hit_end])
        position = hit_end
    parts.append(escape(text[position:end]))
    return Markup("").join(parts)


def highlight(text: str, stems: frozenset[str], language: str) -> Markup:
    """The whole (short) text, escaped, with matching words marked."""
    return _marked(text, 0, len(text), _hits(text, stems, language, len(text)))


def _best_start(text: str, hits: list[tuple[int, int]], stems_of: dict[int, str]) -> int:
    """Where the excerpt starts: before the run of hits with the most different words."""
    best, best_score = hits[0][0], 0
    for hit_start, _ in hits:
        window = {
            stems_of[s] for s, e in hits if hit_start <= s and e <= hit_start + SNIPPET_LENGTH
        }
        if len(window) > best_score:
            best, best_score = hit_start, len(window)
    return best


def snippet(text: str, stems: frozenset[str], language: str) -> Markup:
    """An excerpt of about SNIPPET_LENGTH characters around the best matches."""
    hits = _hits(text, stems, language, SCAN_LIMIT)
    start = 0
    if hits:
        stems_of = {s: stem(text[s:e].lower()[:MAX_WORD_LENGTH], language) for s, e in hits}
        first = _best_start(text, hits[:200], stems_of)
        start = max(0, first - LEAD)
        if start > 0:
            # Begin at a word, not inside one.
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else first
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    excerpt = _marked(text, start, end, hits)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return Markup("{}{}{}").format(prefix, excerpt, suffix)
