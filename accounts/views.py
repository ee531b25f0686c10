from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from access.permissions import MANAGE_USERS, perm
from access.roles import ROLES
from accounts import services
from accounts.forms import LoginForm, UserCreateForm, UserUpdateForm
from audit.services import Actor


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@permission_required(perm(MANAGE_USERS), raise_exception=True)
def users_index(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        user, password = services.user_create(
            actor=Actor.from_request(request),
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        created = {"username": user.username, "password": password}
        form = UserCreateForm()
    users = User.objects.prefetch_related("groups").order_by("username")
    return render(
        request,
        "accounts/users.html",
        {"form": form, "users": users, "created": created, "roles": ROLES},
    )


@permission_required(perm(MANAGE_USERS), raise_exception=True)
@require_POST
def user_update(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    form = UserUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles: " + ", ".join(ROLES))
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
