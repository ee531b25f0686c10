"""Managing users and their roles; every change lands in the audit log."""

from __future__ import annotations

import secrets

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from access.roles import ROLES
from audit.models import AuditEntry
from audit.services import Actor, audit_record


class LastAdminError(Exception):
    """Refused: the change would leave nobody able to administer the product."""


class OwnPasswordError(Exception):
    """Refused: an admin changes their own password on the Change password page."""


def _generated_password() -> str:
    return secrets.token_urlsafe(12)


def _active_admins() -> int:
    return User.objects.filter(is_active=True, groups__name="Admin").distinct().count()


@transaction.atomic
def user_create(*, actor: Actor, username: str, email: str, role: str) -> tuple[User, str]:
    """Create a user with a generated password, returned once so the admin can hand it over."""
    assert role in ROLES
    password = _generated_password()
    user = User.objects.create_user(username=username, email=email, password=password)
    user.groups.set([Group.objects.get(name=role)])
    audit_record(
        action=AuditEntry.Action.USER_CHANGE,
        summary=f"Created user {username!r} with role {role}",
        actor=actor,
        target=user,
    )
    return user, password


@transaction.atomic
def user_update(*, actor: Actor, user: User, role: str, is_active: bool) -> User:
    assert role in ROLES
    was_admin = user.is_active and user.groups.filter(name="Admin").exists()
    if was_admin and (role != "Admin" or not is_active) and _active_admins() <= 1:
        raise LastAdminError(
            "This is the only active administrator; make someone else Admin first."
        )
    before = {
        "role": ", ".join(user.groups.values_list("name", flat=True)),
        "active": user.is_active,
    }
    user.groups.set([Group.objects.get(name=role)])
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(
        action=AuditEntry.Action.USER_CHANGE,
        summary=f"Changed user {user.username!r}: role {role}, "
        + ("active" if is_active else "deactivated"),
        actor=actor,
        target=user,
        data={"before": before, "after": {"role": role, "active": is_active}},
    )
    return user


@transaction.atomic
def password_change(*, actor: Actor, new_password: str) -> User:
    """Set the actor's own password (already validated, the current one checked by the form)."""
    user: User = actor.user
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        action=AuditEntry.Action.PASSWORD_CHANGE,
        summary=f"{user.username!r} changed their password",
        actor=actor,
        target=user,
    )
    return user


@transaction.atomic
def user_password_reset(*, actor: Actor, user: User) -> str:
    """Give `user` a generated password, returned once; their sessions end with the old one."""
    if actor.user is not None and actor.user.pk == user.pk:
        # Resetting here would sign the admin out mid-page; their own goes through the old one.
        raise OwnPasswordError("Change your own password on the Change password page.")
    password = _generated_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        action=AuditEntry.Action.PASSWORD_RESET,
        summary=f"Reset the password of {user.username!r}",
        actor=actor,
        target=user,
    )
    return password


def user_unlock(*, actor: Actor, user: User) -> int:
    """Clear the failed logins that lock `user` out (from every address); returns how many."""
    removed = AxesProxyHandler.reset_attempts(username=user.get_username())
    audit_record(
        action=AuditEntry.Action.USER_UNLOCK,
        summary=f"Unlocked {user.username!r} ({removed} failed-login record(s) cleared)",
        actor=actor,
        target=user,
        data={"cleared": removed},
    )
    return removed


def locked_out_usernames() -> set[str]:
    """Usernames that django-axes refuses right now, from at least one address."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )
    return {name for name in attempts.values_list("username", flat=True) if name}
