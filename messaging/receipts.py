"""Delivery receipts: what 8x8 reports about a message moves it forward, never back.

One receipt at a time here; the rules themselves, and many receipts at once, are in
messaging.receipts_bulk.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from messaging.models import STATUS_TIME_FIELD, OutboundMessage
from messaging.receipts_bulk import Receipt, receipts_apply

logger = logging.getLogger(__name__)


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
    applied (read before delivered leaves 'read'). The time of each step is recorded whatever the
    order: a 'delivered' arriving after 'read' still says when it was delivered.
    """
    receipt = Receipt(
        umid=umid,
        client_message_id=client_message_id,
        state=state,
        detail=detail,
        error_code=error_code,
        error_message=error_message,
        provider_error_code=provider_error_code,
        at=at,
        raw=raw,
    )
    (applied,) = receipts_apply([receipt])
    if applied is None:
        logger.info(
            "receipt for unknown message umid=%s clientMessageId=%s", umid, client_message_id
        )
    return bool(applied)


def step_time_record(*, message_id: int, status: str, at: datetime) -> None:
    """Keep when the message reached `status`, unless an earlier report already said so."""
    field = STATUS_TIME_FIELD.get(status)
    if field is not None:
        OutboundMessage.objects.filter(id=message_id, **{f"{field}__isnull": True}).update(
            **{field: at}
        )
