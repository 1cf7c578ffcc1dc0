"""Confirming an e-mail address: a signed, time-limited link sent to that address.

The token names the account and the address it was sent to, so a link stops working
when the address changes. Nothing is stored; the signature is the proof."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from federkiel.accounts.models import User
from federkiel.blogs.links import absolute
from federkiel.mail.outbox import queue_mail

SALT = "federkiel.accounts.email-confirmation"
MAX_AGE = timedelta(days=3)


class ConfirmationExpired(Exception):
    pass


class ConfirmationInvalid(Exception):
    pass


def make_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=SALT)


def confirmation_url(user: User) -> str:
    return absolute(reverse("accounts:confirm_email", kwargs={"token": make_token(user)}))


def send_confirmation(user: User) -> None:
    """Queue the mail with the confirmation link, in the language active now."""
    context = {"user": user, "url": confirmation_url(user), "days": MAX_AGE.days}
    queue_mail(
        user.email,
        _("Confirm your e-mail address for %(site)s") % {"site": "Federkiel"},
        render_to_string("accounts/mail/confirm_email.txt", context),
    )


def change_email(user: User, new_email: str) -> None:
    """Switch to a new, unconfirmed address: a confirmation link goes to the new one,
    a note to the old one (so a taken-over account does not change hands silently)."""
    old_email = user.email
    with transaction.atomic():
        user.email = new_email
        user.email_confirmed = False
        user.save(update_fields=["email", "email_confirmed"])
        send_confirmation(user)
        queue_mail(
            old_email,
            _("Your e-mail address at %(site)s was changed") % {"site": "Federkiel"},
            render_to_string(
                "accounts/mail/email_changed.txt", {"user": user, "new_email": new_email}
            ),
        )


def confirm_email(token: str) -> User:
    """Mark the address in the token as confirmed; raise if the link is bad or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmationExpired from None
    except signing.BadSignature:
        raise ConfirmationInvalid from None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise ConfirmationInvalid
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=data["user"], email__iexact=str(data.get("email", "")))
            .first()
        )
        if user is None:
            raise ConfirmationInvalid
        if not user.email_confirmed:
            user.email_confirmed = True
            user.save(update_fields=["email_confirmed"])
    return user
