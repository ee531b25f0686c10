"""Two-factor login, enforced on every page after django-otp's OTPMiddleware marks the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from access.roles import ADMIN, role_of
from accounts.two_factor import NEEDS_CODE, has_device

# Pages an Admin who must enrol can still reach: the enrolment itself and the way out.
ENROL_EXEMPT = {"accounts:two-factor", "accounts:logout"}


class TwoFactorMiddleware:
    """A session signed in without the code it needed ends; an Admin may be required to enrol.

    Our login asks for the code (accounts.views.login_code), but Django's admin site has a login
    of its own: such a session is marked at login (accounts.signals) and signed out here, so that
    its holder signs in again with a code. Costs no query for a user without a device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.session.get(NEEDS_CODE):
            return _sign_out(request)
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if (
            settings.REQUIRE_2FA_FOR_ADMINS
            and role_of(user) == ADMIN
            and view_name not in ENROL_EXEMPT
        ):
            if has_device(user):  # an unverified session of an admin who has one: code, please
                return _sign_out(request)
            messages.warning(request, "Administrators must turn on two-factor login first.")
            return _go(request, redirect("accounts:two-factor"))
        return None


def _sign_out(request: HttpRequest) -> HttpResponse:
    next_url = request.get_full_path()
    logout(request)
    return _go(request, redirect_to_login(next_url))


def _go(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # An htmx request would swap the target page into a fragment; send the whole browser there.
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(resolve_url(response["Location"]))
    return response
