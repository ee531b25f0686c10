"""Every capability a role can be given, as (codename, description).

They live on one permissions-only model so that roles are plain Django groups with real permissions,
checked in views with `permission_required` and in querysets through `user.has_perm`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

COMPOSE = "compose_message"
SEND_SINGLE = "send_single"
OVERRIDE_WINDOW = "override_window"
USE_CAMPAIGNS = "use_campaigns"
MANAGE_RECIPIENTS = "manage_recipients"
VIEW_CONTACTS = "view_contacts"
MANAGE_TEMPLATES = "manage_templates"
MANAGE_CATALOG = "manage_catalog"
USE_INBOX = "use_inbox"
VIEW_HISTORY = "view_history"
VIEW_ALL_HISTORY = "view_all_history"
VIEW_AUDIT = "view_audit"
VIEW_FULL_NUMBERS = "view_full_numbers"
MANAGE_USERS = "manage_users"
MANAGE_SETTINGS = "manage_settings"
USE_SANDBOX = "use_sandbox"

CAPABILITIES: list[tuple[str, str | _StrPromise]] = [
    (COMPOSE, "Can compose messages and drafts"),
    (SEND_SINGLE, "Can send a message to one recipient"),
    (OVERRIDE_WINDOW, "Can send free-form outside a known customer-service window (audited)"),
    (USE_CAMPAIGNS, "Can build and launch campaigns"),
    (MANAGE_RECIPIENTS, "Can manage contacts and lists"),
    (VIEW_CONTACTS, "Can see contacts and record an opt-out or opt-in a customer asked for"),
    (MANAGE_TEMPLATES, "Can manage WhatsApp templates"),
    (MANAGE_CATALOG, "Can manage the product catalog"),
    (USE_INBOX, "Can read the inbox and reply to customers"),
    (VIEW_HISTORY, "Can see message history"),
    (VIEW_ALL_HISTORY, "Can see every user's messages, not only their own"),
    (VIEW_AUDIT, "Can read the audit log"),
    (VIEW_FULL_NUMBERS, "Can see recipients' phone numbers in full in the history"),
    (MANAGE_USERS, "Can manage users and roles"),
    (MANAGE_SETTINGS, "Can see and test the 8x8 settings"),
    (USE_SANDBOX, "Can use the 8x8 sandbox"),
]


def perm(codename: str) -> str:
    """The full permission name Django checks, e.g. 'access.compose_message'."""
    return f"access.{codename}"
