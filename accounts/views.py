from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from access.permissions import MANAGE_USERS, perm
from access.roles import ROLES
from accounts import services, two_factor
from accounts.forms import CodeForm, LoginForm, UserCreateForm, UserUpdateForm, labelled_errors
from audit.services import Actor

# Between the password and the code: who passed the first step, how, where to, and when.
PENDING_LOGIN = "accounts_pending_login"
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    """The password step; a user with an authenticator goes on to the code step."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not two_factor.has_device(user):
            return super().form_valid(form)
        # Not signed in yet: the session only remembers that the password was right.
        self.request.session[PENDING_LOGIN] = {
            "user_id": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("accounts:login-code")


class LogoutView(auth_views.LogoutView):
    pass


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_LOGIN)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    return (user, pending) if user is not None else None


@login_not_required
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app; a wrong one is a failed login."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, "Sign in again: the code step waits five minutes at most.")
        return redirect("accounts:login")
    user, pending = found
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.login_code_check(user=user, code=form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING_LOGIN]
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp keeps it on login
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        # Counted by django-axes like a wrong password (it may lock the account) and audited.
        user_login_failed.send(
            sender=__name__, credentials={**credentials, "step": "code"}, request=request
        )
        form.add_error("code", "That code is not right. Check the app and try again in a moment.")
    return render(request, "accounts/login_code.html", {"form": form, "username": user.username})


def _users_page(request: HttpRequest, form: UserCreateForm, notice: Any = None) -> HttpResponse:
    users = User.objects.prefetch_related("groups").order_by("username")
    context = {
        "form": form,
        "users": users,
        "notice": notice,
        "roles": ROLES,
        "locked": services.locked_out_usernames(),
        "with_2fa": two_factor.users_with_device(),
    }
    return render(request, "accounts/users.html", context)


@permission_required(perm(MANAGE_USERS), raise_exception=True)
def users_index(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    notice = None
    if request.method == "POST" and form.is_valid():
        user, password = services.user_create(
            actor=Actor.from_request(request),
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        notice = {"title": f"Created {user.username}.", "password": password}
        form = UserCreateForm()
    return _users_page(request, form, notice)


@permission_required(perm(MANAGE_USERS), raise_exception=True)
@require_POST
def user_update(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    form = UserUpdateForm(request.POST)
    if not form.is_valid():
        for error in labelled_errors(form):
            messages.error(request, error)
        return redirect("accounts:users")
    try:
        services.user_update(
            actor=Actor.from_request(request),
            user=user,
            role=form.cleaned_data["role"],
            is_active=form.cleaned_data["is_active"],
        )
    except services.LastAdminError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Saved {user.username}.")
    return redirect("accounts:users")


@permission_required(perm(MANAGE_USERS), raise_exception=True)
@require_POST
def user_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new generated password for someone who lost theirs, shown on this response only."""
    user = get_object_or_404(User, pk=user_id)
    try:
        password = services.user_password_reset(actor=Actor.from_request(request), user=user)
    except services.OwnPasswordError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:password")
    notice = {"title": f"Reset the password of {user.username}.", "password": password}
    return _users_page(request, UserCreateForm(), notice)


@permission_required(perm(MANAGE_USERS), raise_exception=True)
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    services.user_unlock(actor=Actor.from_request(request), user=user)
    messages.success(request, f"Unlocked {user.username}: they can sign in again now.")
    return redirect("accounts:users")


@permission_required(perm(MANAGE_USERS), raise_exception=True)
@require_POST
def user_two_factor_remove(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    two_factor.user_two_factor_remove(actor=Actor.from_request(request), user=user)
    messages.success(request, f"Turned off two-factor login for {user.username}.")
    return redirect("accounts:users")
