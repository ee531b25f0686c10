"""Reads of the inbox, always through what the user's role lets them see.

Who sees which conversation: a user who may see every user's messages (VIEW_ALL_HISTORY:
Admins) sees every conversation; anyone else with the inbox (Support) sees the unassigned ones
and their own, never a colleague's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from access.permissions import USE_INBOX, VIEW_ALL_HISTORY, perm
from audience.selectors import contact_ledger, contact_lists
from inbox.models import Note, QuickReply
from messaging.models import Conversation
from messaging.window import AD_ENTRY_WINDOW, SERVICE_WINDOW, WindowState, window_from
from recipients.models import Contact
from recipients.selectors import opt_states

PAGE_SIZE = 50
FILTERS = {
    "all": "All",
    "mine": "Mine",
    "unassigned": "Unassigned",
    "open": "Window open",
}


def conversations_visible_to(user: Any) -> QuerySet[Conversation]:
    conversations = Conversation.objects.select_related("assigned_to")
    if user.has_perm(perm(VIEW_ALL_HISTORY)):
        return conversations
    return conversations.filter(Q(assigned_to__isnull=True) | Q(assigned_to=user.pk))


def conversation_window(conversation: Conversation) -> WindowState:
    return window_from(conversation.last_inbound_at, conversation.last_ad_inbound_at)


@dataclass(frozen=True)
class ConversationPage:
    rows: list[tuple[Conversation, WindowState]]
    next_cursor: str  # "" on the last page


def _cursor(value: str) -> tuple[datetime, int] | None:
    """'<iso time>_<id>' of the last row shown; anything else is the first page."""
    moment, _, pk = value.rpartition("_")
    at = parse_datetime(moment) if moment else None
    return (at, int(pk)) if at is not None and pk.isdigit() else None


def conversations_page(*, user: Any, which: str, after: str = "") -> ConversationPage:
    """A page of conversations newest activity first, keyset-paged (never OFFSET or COUNT)."""
    conversations = conversations_visible_to(user)
    if which == "mine":
        conversations = conversations.filter(assigned_to=user.pk)
    elif which == "unassigned":
        conversations = conversations.filter(assigned_to__isnull=True)
    elif which == "open":
        now = timezone.now()
        conversations = conversations.filter(
            Q(last_inbound_at__gt=now - SERVICE_WINDOW)
            | Q(last_ad_inbound_at__gt=now - AD_ENTRY_WINDOW)
        )
    cursor = _cursor(after)
    if cursor is not None:
        at, pk = cursor
        conversations = conversations.filter(
            Q(last_activity_at__lt=at) | Q(last_activity_at=at, id__lt=pk)
        )
    rows = list(conversations.order_by("-last_activity_at", "-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    last = rows[-1] if rows and more else None
    return ConversationPage(
        rows=[(c, conversation_window(c)) for c in rows],
        next_cursor=f"{last.last_activity_at.isoformat()}_{last.pk}" if last else "",
    )


def unread_conversations(user: Any) -> int:
    """How many conversations the user may see have messages nobody has opened yet."""
    return conversations_visible_to(user).filter(unread_count__gt=0).count()


@dataclass(frozen=True)
class ContactPanel:
    contact: Contact | None
    attributes: list[tuple[str, Any]]
    lists: list[Any]
    opted_out: list[Any]  # the opt-outs in force, one per scope
    ledger: list[Any]


def contact_panel(msisdn: str) -> ContactPanel:
    contact = Contact.objects.filter(msisdn=msisdn).first()
    return ContactPanel(
        contact=contact,
        attributes=sorted(contact.attributes.items()) if contact else [],
        lists=list(contact_lists(contact)) if contact else [],
        opted_out=list(opt_states(msisdn).values()),
        ledger=list(contact_ledger(msisdn)[:10]),
    )


def notes_of(conversation: Conversation) -> QuerySet[Note]:
    return Note.objects.filter(conversation=conversation).select_related("author")[:50]


def quick_replies() -> QuerySet[QuickReply]:
    return QuickReply.objects.all()


def inbox_agents() -> QuerySet[AbstractBaseUser]:
    """Active users who may use the inbox, the people a conversation can be assigned to."""
    users = get_user_model().objects.filter(is_active=True)
    codename = USE_INBOX
    return (
        users.filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename=codename,
                groups__permissions__content_type__app_label="access",
            )
            | Q(user_permissions__codename=codename)
        )
        .distinct()
        .order_by("username")
    )
