"""Rate limits on the account forms that can be abused: guessing passwords, mass sign-ups,
flooding someone's mailbox. Counted in the cache (django-ratelimit), per fixed window."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from federkiel.accounts.backends import find_user

KeyFunction = Callable[[str, HttpRequest], str]


@dataclass(frozen=True)
class Limit:
    group: str
    rate: str  # "count/period", e.g. "10/5m"
    key: str | KeyFunction  # "ip", "user", or a function of (group, request)


def _in_networks(address: str, entries: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(entry, strict=False) for entry in entries if entry != "*")


def client_ip(request: HttpRequest) -> str:
    """The visitor's address (RATELIMIT_IP_META_KEY). Behind a trusted proxy it is the
    last X-Forwarded-For entry not added by one of our proxies; the entries before it
    come from the client and could be forged."""
    proxies: list[str] = settings.FORWARDED_ALLOW_IPS
    remote: str = request.META.get("REMOTE_ADDR", "")
    if "*" not in proxies and not _in_networks(remote, proxies):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed([part.strip() for part in forwarded if part.strip()]):
        if _in_networks(entry, proxies):
            continue
        try:
            return str(ipaddress.ip_address(entry))
        except ValueError:
            break
    return remote


def sign_in_name(group: str, request: HttpRequest) -> str:
    """The account a sign-in attempt aims at, however it is spelled (name or e-mail)."""
    typed = request.POST.get("username", "")
    user = find_user(typed)
    return f"user:{user.pk}" if user else f"name:{typed.strip().lower()}"


def typed_email(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


SIGN_IN_PER_IP = Limit("accounts.sign_in.ip", "10/5m", "ip")
SIGN_IN_PER_ACCOUNT = Limit("accounts.sign_in.account", "5/5m", sign_in_name)
SIGN_UP_PER_IP = Limit("accounts.sign_up.ip", "5/h", "ip")
PASSWORD_RESET_PER_IP = Limit("accounts.password_reset.ip", "5/15m", "ip")
PASSWORD_RESET_PER_ADDRESS = Limit("accounts.password_reset.address", "3/h", typed_email)
CONFIRMATION_RESEND_PER_USER = Limit("accounts.confirmation_resend.user", "3/h", "user")
PASSWORD_CHECK_PER_USER = Limit("accounts.password_check.user", "10/5m", "user")


def exceeded(request: HttpRequest, *limits: Limit) -> int | None:
    """Count this POST against every limit; the seconds to wait if one is over, else None."""
    if request.method != "POST":
        return None
    wait: int | None = None
    for limit in limits:
        usage = get_usage(
            request, group=limit.group, key=limit.key, rate=limit.rate, increment=True
        )
        if usage is not None and usage["should_limit"]:
            wait = max(wait or 0, int(usage["time_left"]), 1)
    return wait
