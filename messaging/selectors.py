"""Reads of outbound messages, always through what the user's role may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from access.permissions import VIEW_ALL_HISTORY, perm
from messaging.models import MessageStatus, OutboundMessage


def messages_visible_to(user: Any) -> QuerySet[OutboundMessage]:
    """Admins and marketers see every message; support agents see the ones they sent."""
    messages = OutboundMessage.objects.select_related("sent_by")
    if user.has_perm(perm(VIEW_ALL_HISTORY)):
        return messages
    return messages.filter(sent_by=user)


def dashboard_summary(*, user: Any) -> dict[str, Any]:
    visible = messages_visible_to(user)
    start_of_day = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    by_status = {
        row["status"]: row["n"]
        for row in visible.filter(created_at__gte=start_of_day)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    }
    in_flight = sum(
        by_status.get(s, 0)
        for s in (
            MessageStatus.QUEUED,
            MessageStatus.SENDING,
            MessageStatus.ACCEPTED,
            MessageStatus.SENT,
        )
    )
    failed = sum(
        by_status.get(s, 0)
        for s in (MessageStatus.FAILED, MessageStatus.REJECTED, MessageStatus.UNDELIVERED)
    )
    return {
        "counts": [
            ("Sent today", sum(by_status.values())),
            ("In flight", in_flight),
            (
                "Delivered or read",
                by_status.get(MessageStatus.DELIVERED, 0) + by_status.get(MessageStatus.READ, 0),
            ),
            ("Failed", failed),
        ],
        "recent": list(visible[:8]),
    }
