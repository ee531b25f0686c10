"""Your account: each signed-in user changes their password and sets up two-factor login."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from access.roles import role_of
from accounts import services, two_factor
from accounts.forms import CodeForm, PasswordChangeForm
from audit.services import Actor

# The secret being enrolled stays in the session, not the database, until a code confirms it.
ENROL_KEY = "accounts_two_factor_key"


def _me(request: HttpRequest) -> User:
    # Every page here is behind LoginRequiredMiddleware: the user is a signed-in User.
    return cast(User, request.user)


def account(request: HttpRequest) -> HttpResponse:
    context = {
        "role": role_of(request.user),
        "device": two_factor.device_of(_me(request)),
        "form": CodeForm(),
    }
    return render(request, "accounts/account.html", context)


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.password_change(
            actor=Actor.from_request(request), new_password=form.cleaned_data["new_password1"]
        )
        # A new password ends every session signed with the old one; keep this one.
        update_session_auth_hash(request, user)
        messages.success(request, "Your password is changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; the first code from the app saves the device."""
    user = _me(request)
    if two_factor.has_device(user):
        return redirect("accounts:account")
    key = request.session.get(ENROL_KEY) or two_factor.enrolment_key()
    request.session[ENROL_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.two_factor_enrol(
                actor=Actor.from_request(request),
                key=key,
                code=form.cleaned_data["code"],
                keep_session=request.session.session_key,
            )
        except two_factor.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            del request.session[ENROL_KEY]
            otp_login(request, device)  # this session proved the code: it stays signed in
            messages.success(request, "Two-factor login is on: sign-ins now ask for a code.")
            return redirect("accounts:account")
    context = {
        "form": form,
        "qr_svg": two_factor.setup_qr_svg(user=user, key=key),
        "secret": two_factor.secret_for_humans(key),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Code: enter the six digits your authenticator app shows.")
        return redirect("accounts:account")
    try:
        two_factor.two_factor_remove(
            actor=Actor.from_request(request), code=form.cleaned_data["code"]
        )
    except two_factor.TwoFactorError as exc:
        messages.error(request, f"Code: {exc}")
    else:
        messages.success(request, "Two-factor login is off.")
    return redirect("accounts:account")
