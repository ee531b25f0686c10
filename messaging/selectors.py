"""Reads of outbound messages, always through what the user's role may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from access.permissions import VIEW_ALL_HISTORY, perm
from messaging.models import OutboundMessage


def messages_visible_to(user: Any) -> QuerySet[OutboundMessage]:
    """Admins and marketers see every message; support agents see the ones they sent."""
    messages = OutboundMessage.objects.select_related("sent_by")
    if user.has_perm(perm(VIEW_ALL_HISTORY)):
        return messages
    return messages.filter(sent_by=user)
