"""Reads: counters that prove "sent exactly once", and each simulated phone's conversation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from sandbox.models import (
    SandboxInbound,
    SandboxMessage,
    SandboxRequest,
    SandboxTemplate,
    SandboxWebhook,
)

REJECTED = SandboxMessage.State.REJECTED
PHONE_LIMIT = 12
BUBBLE_LIMIT = 20


def accepted_messages() -> QuerySet[SandboxMessage]:
    return SandboxMessage.objects.exclude(state=REJECTED)


def accepted_count() -> int:
    """Messages the API accepted, duplicates included (8x8 sends each one)."""
    return accepted_messages().count()


def rejected_count() -> int:
    return SandboxMessage.objects.filter(state=REJECTED).count()


def duplicate_count() -> int:
    """Accepted messages that repeat an earlier accepted clientMessageId.

    Counted from the rows themselves (not the per-row flag), so two concurrent requests with the
    same id are still counted once each: total minus distinct.
    """
    with_ids = accepted_messages().exclude(client_message_id="")
    return with_ids.count() - with_ids.values("client_message_id").distinct().count()


def messages_for(msisdn: str) -> QuerySet[SandboxMessage]:
    """Accepted messages sent to one number, oldest first."""
    return accepted_messages().filter(msisdn=msisdn).order_by("created_at", "id")


def sent_counts_by_client_message_id() -> dict[str, int]:
    """How many times each clientMessageId was accepted (only ids seen more than once)."""
    rows = (
        accepted_messages()
        .exclude(client_message_id="")
        .values("client_message_id")
        .annotate(times=Count("id"))
        .filter(times__gt=1)
    )
    return {row["client_message_id"]: row["times"] for row in rows}


@dataclass
class Bubble:
    """One message on a phone's screen: ours (outbound) or the customer's."""

    at: datetime
    outbound: SandboxMessage | None = None
    inbound: SandboxInbound | None = None


@dataclass
class Phone:
    number: str
    bubbles: list[Bubble] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return "phone-" + "".join(ch for ch in self.number if ch.isalnum())

    @property
    def can_tap_button(self) -> bool:
        return any(b.outbound and b.outbound.interactive_type == "button" for b in self.bubbles)

    @property
    def can_pick_row(self) -> bool:
        return any(b.outbound and b.outbound.interactive_type == "list" for b in self.bubbles)


def phones(only: str | None = None) -> list[Phone]:
    """Every number that received or sent something, newest activity first (two queries)."""
    messages = accepted_messages().order_by("-created_at", "-id")
    inbound = SandboxInbound.objects.order_by("-created_at", "-id")
    if only is not None:
        messages, inbound = messages.filter(msisdn=only), inbound.filter(msisdn=only)
    found: dict[str, list[Bubble]] = defaultdict(list)
    for message in messages[: PHONE_LIMIT * BUBBLE_LIMIT]:
        if message.phone:
            found[message.phone].append(Bubble(message.created_at, outbound=message))
    for reply in inbound[: PHONE_LIMIT * BUBBLE_LIMIT]:
        found[reply.msisdn].append(Bubble(reply.created_at, inbound=reply))
    result = []
    for number, bubbles in found.items():
        bubbles.sort(key=lambda bubble: bubble.at)
        result.append(Phone(number, bubbles[-BUBBLE_LIMIT:]))
    result.sort(key=lambda phone: phone.bubbles[-1].at, reverse=True)
    return result[:PHONE_LIMIT]


def phone_get(number: str) -> Phone:
    found = phones(only=number)
    return found[0] if found else Phone(number)


def recent_rejections(limit: int = 10) -> QuerySet[SandboxMessage]:
    return SandboxMessage.objects.filter(state=REJECTED).order_by("-created_at", "-id")[:limit]


def recent_webhooks(limit: int = 15) -> QuerySet[SandboxWebhook]:
    return SandboxWebhook.objects.order_by("-created_at", "-id")[:limit]


def templates_live() -> QuerySet[SandboxTemplate]:
    return SandboxTemplate.objects.filter(deleted_at__isnull=True).order_by("name", "language")


def message_by_umid(umid: str) -> SandboxMessage | None:
    return accepted_messages().filter(umid=umid).first()


def details_asked_within(seconds: float) -> bool:
    """Whether a message-details GET was answered in the last `seconds` (8x8 allows 1 a second)."""
    since = timezone.now() - timedelta(seconds=seconds)
    return SandboxRequest.objects.filter(
        endpoint="api-message", method="GET", status=200, answered_at__gt=since
    ).exists()


def requests_log() -> QuerySet[SandboxRequest]:
    """Every API call in the order it arrived."""
    return SandboxRequest.objects.order_by("arrived_at", "id")


def inbound_exists(umid: str) -> bool:
    return SandboxInbound.objects.filter(umid=umid).exists()


def inbound_mark_read(umid: str) -> bool:
    """Blue ticks on that message and every earlier one of the same customer, as WhatsApp does
    when the business reads the newest. False when the sandbox never made that umid."""
    message = SandboxInbound.objects.filter(umid=umid).first()
    if message is None:
        return False
    SandboxInbound.objects.filter(
        msisdn=message.msisdn, created_at__lte=message.created_at, read_at__isnull=True
    ).update(read_at=timezone.now())
    return True


def templates_by_key() -> dict[tuple[str, str], SandboxTemplate]:
    """Live templates by (name, language), so a page renders template messages in one query."""
    return {(t.name, t.language): t for t in templates_live()}
