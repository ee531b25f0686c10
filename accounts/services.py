"""Managing users and their roles; every change lands in the audit log."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, User
from django.db import transaction

from access.roles import ROLES
from audit.models import AuditEntry
from audit.services import Actor, audit_record


class LastAdminError(Exception):
    """Refused: the change would leave nobody able to administer the product."""


def _active_admins() -> int:
    return User.objects.filter(is_active=True, groups__name="Admin").distinct().count()


@transaction.atomic
def user_create(*, actor: Actor, username: str, email: str, role: str) -> tuple[User, str]:
    """Create a user with a generated password, returned once so the admin can hand it over."""
    assert role in ROLES
    password = secrets.token_urlsafe(12)
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
