"""Spam checkers: local ones here, more by configuration (FEDERKIEL_COMMENT_SPAM_CHECKERS).

A checker is a class with `check(candidate) -> Verdict`, built without arguments. Each
configured checker sees every comment that is not from a blog's manager or owner; the
harshest verdict wins and the reasons are kept on the comment for the moderators.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class Outcome(enum.IntEnum):
    """Ordered by severity, so `max` picks the harshest."""

    HAM = 0
    HOLD = 1
    SPAM = 2


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[str, ...] = ()


HAM = Verdict(Outcome.HAM)


@dataclass(frozen=True)
class Candidate:
    """What checkers know about a comment about to be saved."""

    text: str
    author_name: str
    author_email: str = ""
    author_url: str = ""
    signed_in: bool = False
    ip_address: str | None = None
    user_agent: str = ""
    referrer: str = ""
    permalink: str = ""
    blog_url: str = ""
    language: str = ""
    kind: str = "comment"
    extra: dict[str, str] = field(default_factory=dict)


class SpamChecker(Protocol):
    def check(self, candidate: Candidate) -> Verdict: ...


_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


class LinkCountChecker:
    """Holds comments with more links than FEDERKIEL_COMMENT_MAX_LINKS; twice that is spam."""

    def check(self, candidate: Candidate) -> Verdict:
        links = len(_LINK.findall(candidate.text))
        limit = settings.COMMENT_MAX_LINKS
        if links > 2 * limit:
            return Verdict(Outcome.SPAM, (f"{links} links",))
        if links > limit:
            return Verdict(Outcome.HOLD, (f"{links} links",))
        return HAM


# (pattern, points, reason): shapes common in comment spam, scored together.
KNOWN_BAD = [
    (re.compile(r"\[url=|\[/url\]|\[link=", re.IGNORECASE), 3, "BBCode link"),
    (re.compile(r"<a\s+href=", re.IGNORECASE), 2, "HTML link"),
    (
        re.compile(
            r"\b(viagra|cialis|levitra|casino|poker|payday\s+loans?|replica\s+watches|"
            r"escort\s+service|crypto\s+signals|forex\s+signals|seo\s+services|buy\s+followers)\b",
            re.IGNORECASE,
        ),
        2,
        "spam words",
    ),
    (re.compile(r"https?://\S+\.(ru|cn|xyz|top|click)\b", re.IGNORECASE), 1, "link domain"),
]
HOLD_POINTS = 2
SPAM_POINTS = 4


class PatternChecker:
    """Scores known spam shapes in text, name and web site."""

    def check(self, candidate: Candidate) -> Verdict:
        points = 0
        reasons: list[str] = []
        haystack = " ".join((candidate.text, candidate.author_name, candidate.author_url))
        for pattern, weight, reason in KNOWN_BAD:
            if pattern.search(haystack):
                points += weight
                reasons.append(reason)
        if _LINK.search(candidate.author_name):
            points += 4
            reasons.append("link as name")
        if candidate.text.strip() and not _LINK.sub("", candidate.text).strip():
            points += 2
            reasons.append("only links")
        if points >= SPAM_POINTS:
            return Verdict(Outcome.SPAM, tuple(reasons))
        if points >= HOLD_POINTS:
            return Verdict(Outcome.HOLD, tuple(reasons))
        return HAM


@cache
def load_checker(path: str) -> SpamChecker:
    checker: SpamChecker = import_string(path)()
    return checker


def configured_checkers() -> list[SpamChecker]:
    return [load_checker(path) for path in settings.COMMENT_SPAM_CHECKERS]


def judge(candidate: Candidate, checkers: list[SpamChecker] | None = None) -> Verdict:
    """The harshest verdict of all checkers; a checker that fails is logged and ignored."""
    outcome = Outcome.HAM
    reasons: list[str] = []
    for checker in configured_checkers() if checkers is None else checkers:
        try:
            verdict = checker.check(candidate)
        except Exception:
            log.warning("spam checker %r failed", checker, exc_info=True)
            continue
        outcome = max(outcome, verdict.outcome)
        reasons.extend(verdict.reasons)
    return Verdict(outcome, tuple(reasons))
