"""Delivery receipts: what 8x8 reports about a message moves it forward, never back."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from messaging.models import (
    STATUS_RANK,
    STATUS_TIME_FIELD,
    MessageEvent,
    MessageStatus,
    OutboundMessage,
)
from recipients.services import receipt_opt_out

logger = logging.getLogger(__name__)

# WhatsApp refused the message because the number opted out of marketing: Meta's code, 8x8's.
OPTED_OUT_PROVIDER_CODE = "131050"
OPTED_OUT_DELIVERY_CODE = 1051


# 8x8 receipt states onto our statuses. 'queued' in a receipt means 8x8 has the message.
RECEIPT_STATES = {
    "queued": MessageStatus.ACCEPTED,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.READ,
    "undelivered": MessageStatus.UNDELIVERED,
    "rejected": MessageStatus.REJECTED,
    "failed": MessageStatus.FAILED,
    "error": MessageStatus.FAILED,
}


def receipt_apply(
    *,
    umid: str,
    client_message_id: str,
    state: str,
    detail: str,
    error_code: int | None,
    error_message: str,
    provider_error_code: str,
    at: datetime | None,
    raw: dict[str, Any],
) -> bool:
    """Apply one delivery receipt. True when it moved the message forward.

    Receipts arrive out of order and more than once: only a state ranked above the current one is
    applied (read before delivered leaves 'read'), and the update is conditional on the statuses
    below it, so concurrent receipts cannot undo each other. The time of each step is recorded
    whatever the order: a 'delivered' arriving after 'read' still says when it was delivered.
    """
    status = RECEIPT_STATES.get(state.lower())
    if status is None:
        return False
    message = _message_for_receipt(umid=umid, client_message_id=client_message_id)
    if message is None:
        logger.info(
            "receipt for unknown message umid=%s clientMessageId=%s", umid, client_message_id
        )
        return False
    rank = STATUS_RANK[status]
    lower = [s for s, r in STATUS_RANK.items() if r < rank]
    when = at or timezone.now()
    fields: dict[str, Any] = {
        "status": status,
        "status_detail": detail[:64],
        "updated_at": timezone.now(),
    }
    if umid and not message.umid:
        fields["umid"] = umid
    if status in (MessageStatus.UNDELIVERED, MessageStatus.REJECTED, MessageStatus.FAILED):
        fields["error_code"] = error_code
        fields["error_message"] = error_message[:500]
        fields["provider_error_code"] = provider_error_code[:20]
    time_field = STATUS_TIME_FIELD.get(status)
    if time_field is not None:  # in the same UPDATE when it applies: one query, not two
        fields[time_field] = Coalesce(F(time_field), Value(when, output_field=DateTimeField()))
    applied = bool(OutboundMessage.objects.filter(id=message.pk, status__in=lower).update(**fields))
    if provider_error_code == OPTED_OUT_PROVIDER_CODE or error_code == OPTED_OUT_DELIVERY_CODE:
        receipt_opt_out(
            msisdn=message.msisdn,
            umid=umid or message.umid or message.client_message_id,
            error_message=error_message,
        )
    if not applied:  # a late receipt still says when its step happened
        step_time_record(message_id=message.pk, status=status, at=when)
    MessageEvent.objects.create(
        message=message,
        status=status,
        source=MessageEvent.Source.RECEIPT,
        detail=(detail or error_message)[:200],
        applied=applied,
        data={
            "umid": umid,
            "errorCode": error_code,
            "providerErrorCode": provider_error_code,
            "raw": raw,
        },
    )
    return applied


def step_time_record(*, message_id: int, status: str, at: datetime) -> None:
    """Keep when the message reached `status`, unless an earlier report already said so."""
    field = STATUS_TIME_FIELD.get(status)
    if field is not None:
        OutboundMessage.objects.filter(id=message_id, **{f"{field}__isnull": True}).update(
            **{field: at}
        )


def _message_for_receipt(*, umid: str, client_message_id: str) -> OutboundMessage | None:
    if umid:
        found = OutboundMessage.objects.filter(umid=umid).first()
        if found is not None:
            return found
    if client_message_id:
        return OutboundMessage.objects.filter(client_message_id=client_message_id).first()
    return None
