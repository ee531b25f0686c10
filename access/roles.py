"""The three roles, as Django groups, and the capabilities each holds."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from access import permissions as p

MARKETING = "Marketing"
SUPPORT = "Support"
ADMIN = "Admin"

ROLE_CAPABILITIES: dict[str, set[str]] = {
    MARKETING: {
        p.COMPOSE,
        p.SEND_SINGLE,
        p.USE_CAMPAIGNS,
        p.MANAGE_RECIPIENTS,
        p.VIEW_CONTACTS,
        p.MANAGE_TEMPLATES,
        p.MANAGE_CATALOG,
        p.VIEW_HISTORY,
        p.VIEW_ALL_HISTORY,
        p.USE_SANDBOX,
    },
    SUPPORT: {
        p.COMPOSE,
        p.SEND_SINGLE,
        p.OVERRIDE_WINDOW,
        p.USE_INBOX,
        p.VIEW_CONTACTS,
        p.VIEW_HISTORY,
        p.VIEW_FULL_NUMBERS,
        p.USE_SANDBOX,
    },
    ADMIN: {codename for codename, _ in p.CAPABILITIES},
}
ROLES = (MARKETING, SUPPORT, ADMIN)


def roles_sync() -> list[Group]:
    """Create or update the role groups so each holds exactly its capabilities. Safe to re-run."""
    groups = []
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.filter(
            content_type__app_label="access", codename__in=ROLE_CAPABILITIES[role]
        )
        group.permissions.set(wanted)
        groups.append(group)
    return groups


def role_of(user: object) -> str:
    """The user's role name for display and audit (the strongest when several)."""
    if getattr(user, "is_superuser", False):
        return ADMIN
    names = {g.name for g in user.groups.all()} if hasattr(user, "groups") else set()
    for role in (ADMIN, MARKETING, SUPPORT):
        if role in names:
            return role
    return ""
