from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def dashboard(request: HttpRequest) -> HttpResponse:
    from composer.selectors import dashboard_summary

    return render(request, "accounts/dashboard.html", {"summary": dashboard_summary(user=request.user)})
