from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federkiel.accounts import limits
from federkiel.accounts.confirmation import (
    ConfirmationExpired,
    ConfirmationInvalid,
    change_email,
    confirm_email,
    send_confirmation,
)
from federkiel.accounts.deletion import delete_account, sole_owned_blogs
from federkiel.accounts.forms import (
    EMAIL_TAKEN,
    ChangeEmailForm,
    DeleteAccountForm,
    PasswordResetRequestForm,
    ProfileForm,
    SignInForm,
    SignupForm,
)
from federkiel.accounts.models import User

BACKEND = "federkiel.accounts.backends.UsernameOrEmailBackend"


def signed_in_user(request: HttpRequest) -> User:
    """The member behind a request that `login_required` has let through."""
    user = request.user
    assert isinstance(user, User)
    return user


def rate_limited(
    request: HttpRequest, exception: Exception | None = None, wait: int | None = None
) -> HttpResponse:
    response = render(
        request,
        "accounts/rate_limited.html",
        {"message": _("Too many attempts. Please wait a few minutes and try again.")},
        status=429,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if not user.email_confirmed:
            messages.warning(self.request, unconfirmed_notice(user))
        return response


def unconfirmed_notice(user: User) -> str:
    return _(
        "Please confirm your e-mail address %(email)s: open the link we sent you. "
        "You can ask for a new link on your profile page."
    ) % {"email": user.email}


def login(request: HttpRequest) -> HttpResponseBase:
    wait = limits.exceeded(request, limits.SIGN_IN_PER_IP, limits.SIGN_IN_PER_ACCOUNT)
    if wait:
        return rate_limited(request, wait=wait)
    return SignInView.as_view()(request)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    wait = limits.exceeded(request, limits.SIGN_UP_PER_IP)
    if wait:
        return rate_limited(request, wait=wait)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                send_confirmation(user)
        except IntegrityError:
            # Someone took the name or address between the check and the save.
            form.add_error(None, _("This username or e-mail address was taken just now."))
            return render(request, "accounts/signup.html", {"form": form})
        auth_login(request, user, backend=BACKEND)
        messages.success(
            request,
            _("Welcome, %(name)s! We sent a link to %(email)s; open it to confirm your address.")
            % {"name": user.username, "email": user.email},
        )
        return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = confirm_email(token)
    except ConfirmationExpired:
        problem = _("This confirmation link has expired.")
    except ConfirmationInvalid:
        problem = _("This confirmation link is not valid. Was it copied completely?")
    else:
        messages.success(
            request, _("Thank you! Your address %(email)s is confirmed.") % {"email": user.email}
        )
        return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/confirm_failed.html", {"problem": problem}, status=400)


@require_POST
@login_required
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.email_confirmed:
        messages.info(request, _("Your e-mail address is already confirmed."))
        return redirect("accounts:profile")
    wait = limits.exceeded(request, limits.CONFIRMATION_RESEND_PER_USER)
    if wait:
        return rate_limited(request, wait=wait)
    with transaction.atomic():
        send_confirmation(user)
    messages.success(
        request, _("We sent a new confirmation link to %(email)s.") % {"email": user.email}
    )
    return redirect("accounts:profile")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "profile_user": user})


@login_required
def email_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    wait = limits.exceeded(request, limits.PASSWORD_CHECK_PER_USER)
    if wait:
        return rate_limited(request, wait=wait)
    form = ChangeEmailForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_email(user, form.cleaned_data["email"])
        except IntegrityError:
            # Taken by someone else between the check and the save.
            user.refresh_from_db()
            form.add_error("email", EMAIL_TAKEN)
        else:
            messages.success(
                request,
                _("Your address is now %(email)s. We sent a link there; open it to confirm.")
                % {"email": user.email},
            )
            return redirect("accounts:profile")
    return render(request, "accounts/email_change.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def password_change(request: HttpRequest) -> HttpResponseBase:
    wait = limits.exceeded(request, limits.PASSWORD_CHECK_PER_USER)
    if wait:
        return rate_limited(request, wait=wait)
    return PasswordChangeView.as_view()(request)


def password_reset(request: HttpRequest) -> HttpResponseBase:
    wait = limits.exceeded(request, limits.PASSWORD_RESET_PER_IP, limits.PASSWORD_RESET_PER_ADDRESS)
    if wait:
        return rate_limited(request, wait=wait)
    return auth_views.PasswordResetView.as_view(
        form_class=PasswordResetRequestForm,
        template_name="accounts/password_reset.html",
        subject_template_name="accounts/mail/password_reset_subject.txt",
        email_template_name="accounts/mail/password_reset.txt",
        success_url=reverse_lazy("accounts:password_reset_sent"),
    )(request)


password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The link came to this address, which proves it as well as a confirmation link.
        User.objects.filter(pk=form.user.pk, email__iexact=form.user.email).update(
            email_confirmed=True
        )
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    wait = limits.exceeded(request, limits.PASSWORD_CHECK_PER_USER)
    if wait:
        return rate_limited(request, wait=wait)
    blogs = sole_owned_blogs(user)
    form = DeleteAccountForm(user, blogs, request.POST or None)
    if request.method == "POST" and form.is_valid():
        deleted_blogs = delete_account(user, keep_writing=form.keep_writing)
        auth_logout(request)
        if deleted_blogs:
            goodbye = _("Your account and your blogs %(blogs)s have been deleted. Goodbye!") % {
                "blogs": ", ".join(deleted_blogs)
            }
        else:
            goodbye = _("Your account has been deleted. Goodbye!")
        messages.success(request, goodbye)
        return redirect("platform:home")
    return render(request, "accounts/delete.html", {"form": form, "blogs": blogs})
