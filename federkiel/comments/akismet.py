"""A spam checker that asks an Akismet-compatible service (comment-check API).

Enable it by adding `federkiel.comments.akismet.AkismetChecker` to
FEDERKIEL_COMMENT_SPAM_CHECKERS and setting FEDERKIEL_AKISMET_URL (the full
comment-check URL) and FEDERKIEL_AKISMET_KEY. The service answers `true` (spam) or
`false`; `X-akismet-pro-tip: discard` marks blatant spam. When the service cannot be
reached or answers anything else, the checker raises and `spam.judge` ignores it, so
comments are never lost to an outage.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from federkiel.comments.spam import HAM, Candidate, Outcome, Verdict

TIMEOUT_SECONDS = 5


class AkismetError(Exception):
    pass


class AkismetChecker:
    def __init__(self) -> None:
        if not settings.AKISMET_URL or not settings.AKISMET_KEY:
            raise ImproperlyConfigured(
                "AkismetChecker needs FEDERKIEL_AKISMET_URL and FEDERKIEL_AKISMET_KEY"
            )
        self.url: str = settings.AKISMET_URL
        self.key: str = settings.AKISMET_KEY

    def payload(self, candidate: Candidate) -> dict[str, str]:
        fields = {
            "api_key": self.key,
            "blog": candidate.blog_url,
            "user_ip": candidate.ip_address or "",
            "user_agent": candidate.user_agent,
            "referrer": candidate.referrer,
            "permalink": candidate.permalink,
            "comment_type": candidate.kind,
            "comment_author": candidate.author_name,
            "comment_author_email": candidate.author_email,
            "comment_author_url": candidate.author_url,
            "comment_content": candidate.text,
            "blog_lang": candidate.language,
            "blog_charset": "UTF-8",
        }
        return {key: value for key, value in fields.items() if value}

    def check(self, candidate: Candidate) -> Verdict:
        body = urlencode(self.payload(candidate)).encode()
        request = urllib.request.Request(  # noqa: S310 (the operator configures an http(s) URL)
            self.url,
            data=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent": "Federkiel/0.1 | AkismetChecker",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(100).decode("ascii", "replace").strip()
            discard = response.headers.get("X-akismet-pro-tip", "") == "discard"
        if answer == "true":
            return Verdict(Outcome.SPAM, ("akismet: discard" if discard else "akismet",))
        if answer == "false":
            return HAM
        raise AkismetError(f"unexpected answer {answer[:40]!r}")
