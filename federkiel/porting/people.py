"""The people of an import: accounts matched or created, or names for guests."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from federkiel.accounts.models import User, http_url_validator
from federkiel.blogs.models import RESERVED_NAMES
from federkiel.porting.canonical import UserRecord
from federkiel.stories.slugs import GERMAN

USERNAME_MAX = 30
CLEAN_CACHE = 4096
_NOT_USERNAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Person:
    """Someone an import mentions: an account (`user_id`), or how to show them as a guest."""

    user_id: int | None
    name: str
    email: str
    website: str


# Imports repeat the same few addresses thousands of times; Django's validators are slow.
@lru_cache(maxsize=CLEAN_CACHE)
def clean_email(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 254:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


@lru_cache(maxsize=CLEAN_CACHE)
def clean_website(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 300:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    try:
        http_url_validator(value)
    except ValidationError:
        return ""
    return value


def username_base(raw: str) -> str:
    """A valid username made from any name: ASCII letters, digits, `-`, `_`; 3 to 30 long."""
    text = unicodedata.normalize("NFKD", (raw or "").translate(GERMAN))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = _NOT_USERNAME.sub("-", text).strip("-_")[:USERNAME_MAX]
    if len(text) < 3:
        text = (text + "-user" if text else "user")[:USERNAME_MAX]
    return text


def unique_username(raw: str) -> str:
    base = username_base(raw)
    candidate = base
    n = 1
    while (
        candidate.lower() in RESERVED_NAMES
        or User.objects.filter(username__iexact=candidate).exists()
    ):
        n += 1
        suffix = f"-{n}"
        candidate = base[: USERNAME_MAX - len(suffix)] + suffix
    return candidate


def guest(record: UserRecord) -> Person:
    name = (record.display_name or record.username).strip()[:80]
    return Person(None, name, clean_email(record.email), clean_website(record.website))


def match_or_create(record: UserRecord) -> tuple[Person, bool]:
    """The account with the record's e-mail address (any letter case), else a new one
    without a usable password (its owner sets one by resetting it). A record without a
    valid address gets no account: its writing is shown under its name, as a guest's.
    Returns the person and whether an account was created."""
    email = clean_email(record.email)
    if not email:
        return guest(record), False
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(
            username=unique_username(record.username or email.split("@")[0]),
            email=email,
            display_name=(record.display_name or "").strip()[:80],
            website=clean_website(record.website),
            bio=(record.bio or "").strip()[:1000],
        )
        user.set_unusable_password()
        user.save(force_insert=True)
    return Person(user.pk, user.public_name, user.email, user.website), created


def is_the_owner(record: UserRecord, owner: User, *, by_username: bool) -> bool:
    """Whether the record describes the importing owner: the same address, or (for an
    owner importing their own export, where nobody else gets an account) the same
    username."""
    email = (record.email or "").strip()
    if email and email.lower() == owner.email.lower():
        return True
    if not by_username:
        return False
    return bool(record.username) and record.username.lower() == owner.username.lower()
