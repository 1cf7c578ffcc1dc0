"""Start-up checks: every configured spam checker can be built."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def spam_checkers_load(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from federkiel.comments.spam import load_checker

    errors = []
    for path in settings.COMMENT_SPAM_CHECKERS:
        try:
            checker = load_checker(path)
        except Exception as exc:
            errors.append(
                Error(
                    f"FEDERKIEL_COMMENT_SPAM_CHECKERS: cannot load {path!r}: {exc}",
                    id="comments.E001",
                )
            )
            continue
        if not callable(getattr(checker, "check", None)):
            errors.append(
                Error(
                    f"FEDERKIEL_COMMENT_SPAM_CHECKERS: {path!r} has no check(candidate) method",
                    id="comments.E002",
                )
            )
    return errors
