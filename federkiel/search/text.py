"""Words, stems and queries: the language side of search, the same on every database.

Stemming uses the Snowball algorithms (German and English) from `snowballstemmer`, so
"Häuser" finds "Haus" and "running" finds "run". SQLite indexes text stemmed here;
PostgreSQL stems with its own Snowball dictionaries (stop words kept on both), and the
highlighting of both uses the stems from here.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

# Letters and digits; everything else separates words (as FTS5's unicode61 tokenizer does).
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")
# Tags that end a line of text; other tags (em, a, …) sit inside words' flow.
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|caption"
    r"|figure|figcaption)\b[^>]*>",
    re.IGNORECASE,
)
# Snowball algorithm per blog language; other languages fall back to English.
ALGORITHMS = {"de": "german", "en": "english"}
LANGUAGES = tuple(ALGORITHMS)
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_WORD_LENGTH = 60

_local = threading.local()


def _stemmer(language: str) -> Any:
    """A stemmer per thread: Snowball stemmers keep state while they work."""
    stemmers: dict[str, Any] = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(ALGORITHMS.get(language, "english"))
    return stemmers[language]


@lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    """The stem of a lower-case word in a blog language: 'häuser' → 'haus'."""
    return str(_stemmer(language).stemWord(word))


def words(text: str) -> list[str]:
    """The lower-case words of a text, overlong ones cut."""
    return [w.lower()[:MAX_WORD_LENGTH] for w in WORD.findall(text)]


def stemmed(text: str, language: str) -> str:
    """The text as stems separated by spaces, as the SQLite index holds it."""
    return " ".join(stem(w, language) for w in words(text))


def plain_text(sanitised_html: str) -> str:
    """Readable text of sanitised HTML: block tags become spaces, entities characters."""
    return " ".join(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", sanitised_html))).split())


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words in a row; an excluded term must not occur."""

    words: tuple[str, ...]
    excluded: bool = False

    def stems(self, languages: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The term stemmed in each language, without repeats."""
        forms = (tuple(stem(w, lang) for w in self.words) for lang in languages)
        return list(dict.fromkeys(forms))


@dataclass(frozen=True)
class Query:
    """A search as typed (trimmed, cut to MAX_QUERY_LENGTH) and its terms."""

    text: str
    terms: tuple[Term, ...]
    truncated: bool = False

    @property
    def wanted(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.excluded)

    @property
    def unwanted(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.excluded)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no terms, or only excluded ones."""
        return not self.wanted

    def stems(self, language: str) -> frozenset[str]:
        """Every stem of the wanted words in one language, for highlighting."""
        return frozenset(stem(w, language) for t in self.wanted for w in t.words)


# A quoted phrase (closing quote optional) or a run of non-space, each maybe after "-".
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse_query(raw: str) -> Query:
    """Words are all required; "quoted words" form a phrase; -word excludes.

    Every other character is ordinary text, so no input is a syntax error: operators
    of the database's own query language (NEAR, AND, *, ^, :, parentheses) are words
    or separators here.
    """
    collapsed = " ".join(raw.replace("\x00", " ").split())
    text = collapsed[:MAX_QUERY_LENGTH]
    if len(collapsed) > MAX_QUERY_LENGTH and collapsed[MAX_QUERY_LENGTH] != " " and " " in text:
        text = text.rsplit(" ", 1)[0]  # no half word at the end
    terms: dict[Term, None] = {}
    for match in _TOKEN.finditer(text):
        minus, phrase, bare_minus, bare = match.groups()
        found = tuple(words(phrase if bare is None else bare))
        if not found:
            continue
        excluded = bool(minus if bare is None else bare_minus)
        terms.setdefault(Term(found[:MAX_TERMS], excluded))
        if len(terms) == MAX_TERMS:
            break
    return Query(text=text, terms=tuple(terms), truncated=len(collapsed) > MAX_QUERY_LENGTH)
