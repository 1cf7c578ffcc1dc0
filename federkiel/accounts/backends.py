"""Sign-in with a username or an e-mail address, either in any letter case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from federkiel.accounts.models import User


def find_user(identifier: str) -> User | None:
    """The account a sign-in name refers to: an e-mail address if it has an @."""
    identifier = identifier.strip()
    # No name or address has a NUL character; PostgreSQL would refuse to compare with one.
    if not identifier or "\x00" in identifier:
        return None
    lookup = (
        {"email__iexact": identifier} if "@" in identifier else {"username__iexact": identifier}
    )
    return User.objects.filter(**lookup).first()


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Hash anyway, so the answer takes as long as for an existing account.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
