"""Login, logout, failed login and lockout land in the audit trail."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.two_factor import NEEDS_CODE, has_device
from audit.models import AuditEntry
from audit.services import Actor, audit_record


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(
        action=AuditEntry.Action.LOGIN,
        summary="Logged in",
        actor=Actor.from_request(request, user=user),
    )


@receiver(user_logged_in)
def on_login_without_code(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Our code step hands the device over; any other login (the Django admin's own) of a user
    # with one is marked, and TwoFactorMiddleware ends that session before it is used.
    if request is not None and getattr(user, "otp_device", None) is None and has_device(user):
        request.session[NEEDS_CODE] = True


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(
            action=AuditEntry.Action.LOGOUT,
            summary="Logged out",
            actor=Actor.from_request(request, user=user),
        )


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    # The login's second step reports a wrong code this way too, so django-axes counts it.
    what = "Wrong two-factor code" if credentials.get("step") == "code" else "Failed login"
    audit_record(
        action=AuditEntry.Action.LOGIN_FAILED,
        summary=f"{what} for {username!r}",
        actor=Actor(ip_address=Actor.from_request(request).ip_address, username=username),
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    audit_record(
        action=AuditEntry.Action.LOCKED_OUT,
        summary=f"Locked out after repeated failures: {username!r}",
        actor=Actor(ip_address=Actor.from_request(request).ip_address, username=username or ""),
    )
