"""The main navigation: each entry is shown only to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from access import permissions as p


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    icon: str
    needs_sandbox: bool = False
    # A URL answering with a small count beside the label, polled by htmx (the inbox's unread).
    badge_url_name: str = ""


NAV_ITEMS = (
    NavItem("Compose", "composer:compose", p.COMPOSE, "✎"),
    NavItem("Campaigns", "campaigns:index", p.USE_CAMPAIGNS, "◎"),
    NavItem("Inbox", "inbox:index", p.USE_INBOX, "✉", badge_url_name="inbox:badge"),
    NavItem("History", "messaging:history", p.VIEW_HISTORY, "☰"),
    NavItem("Contacts", "audience:contacts", p.VIEW_CONTACTS, "☺"),
    NavItem("Templates", "catalog:templates", p.MANAGE_TEMPLATES, "▤"),
    NavItem("Catalog", "catalog:products", p.MANAGE_CATALOG, "▦"),
    NavItem("Audit", "audit:index", p.VIEW_AUDIT, "⚑"),
    NavItem("Users", "accounts:users", p.MANAGE_USERS, "☻"),
    NavItem("Settings", "messaging:settings", p.MANAGE_SETTINGS, "⚙"),
    NavItem("Sandbox", "sandbox:index", p.USE_SANDBOX, "⚗", needs_sandbox=True),
)


def nav_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        item
        for item in NAV_ITEMS
        if user.has_perm(p.perm(item.permission))
        and (settings.SANDBOX_ENABLED or not item.needs_sandbox)
    ]
