"""Guards for views that need more than a signed-in member."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

View = Callable[..., HttpResponseBase]


def confirmed_email_required(view: View) -> View:
    """Let only members with a confirmed e-mail address through; others are sent to
    their profile page, where they can ask for a new confirmation link."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not getattr(request.user, "email_confirmed", False):
            messages.warning(
                request, _("Please confirm your e-mail address first; then you can do this.")
            )
            return redirect("accounts:profile")
        return view(request, *args, **kwargs)

    return login_required(guarded)
