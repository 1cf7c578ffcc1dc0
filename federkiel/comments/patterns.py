"""Moderation words and patterns: checked on save so matching stays fast.

Python's `re` has no time limit, so a pattern like `(a+)+$` could stall a request on a
crafted comment. Owners' patterns are therefore short, and a repeated group may not
itself contain repetition or alternatives (the shapes that backtrack exponentially);
back-references are refused too. Plain words are escaped and matched as whole words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PATTERN_LENGTH = 200
_REPEAT = re.compile(r"[*+]|\{\d*,\d*\}|\{\d+\}")


def _repeat_after(pattern: str, index: int) -> bool:
    """Whether a quantifier that may repeat (not just `?`) starts at `index`."""
    return _REPEAT.match(pattern, index) is not None


def check_backtracking(pattern: str) -> str | None:
    """A reason the pattern is unsafe, or None. Expects a pattern that compiles."""
    # Per open group: whether it contains repetition or alternation so far.
    stack: list[bool] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 < len(pattern) and pattern[i + 1].isdigit() and not in_class:
                return str(_("Back-references are not allowed."))
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("[]", i) or pattern.startswith("[^]", i):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif char == "(":
            stack.append(False)
        elif char == ")" and stack:
            risky = stack.pop()
            if risky and _repeat_after(pattern, i + 1):
                return str(_("A repeated group may not contain repetition or alternatives."))
            if stack:
                stack[-1] = stack[-1] or risky or _repeat_after(pattern, i + 1)
        elif (char == "|" or _repeat_after(pattern, i)) and stack:
            stack[-1] = True
        i += 1
    return None


def validate_rule_pattern(pattern: str, *, is_regex: bool) -> None:
    if not pattern.strip():
        raise ValidationError(_("Enter a word or pattern."))
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValidationError(
            _("Use at most %(limit)d characters."), params={"limit": MAX_PATTERN_LENGTH}
        )
    if not is_regex:
        return
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValidationError(
            _("This is not a valid regular expression: %(error)s"), params={"error": str(error)}
        ) from None
    reason = check_backtracking(pattern)
    if reason:
        raise ValidationError(reason)


@lru_cache(maxsize=2048)
def compile_rule(pattern: str, is_regex: bool) -> re.Pattern[str]:
    """The matcher for a rule: the regex itself, or the word with word boundaries."""
    if is_regex:
        return re.compile(pattern, re.IGNORECASE)
    word = re.escape(pattern.strip())
    start = r"\b" if re.match(r"\w", pattern.strip()) else ""
    end = r"\b" if re.search(r"\w$", pattern.strip()) else ""
    return re.compile(f"{start}{word}{end}", re.IGNORECASE)
