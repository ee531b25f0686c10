"""How many delivery receipts per second the status machine applies (a campaign's receipt storm)."""

from __future__ import annotations

import itertools

import pytest

from messaging.models import MessageStatus, OutboundMessage
from messaging.receipts import receipt_apply

BODY = {"user": {"msisdn": "+6591234567"}, "type": "text", "content": {"text": "hi"}}


@pytest.mark.django_db
def test_apply_receipts(benchmark):
    messages = OutboundMessage.objects.bulk_create(
        OutboundMessage(
            kind="text",
            msisdn="+6591234567",
            payload=BODY,
            status=MessageStatus.ACCEPTED,
            umid=f"u-{i}",
        )
        for i in range(2000)
    )
    states = itertools.cycle(["delivered", "read"])
    targets = itertools.cycle(messages)

    def apply_one() -> bool:
        message = next(targets)
        return receipt_apply(
            umid=message.umid or "",
            client_message_id=message.client_message_id,
            state=next(states),
            detail="",
            error_code=None,
            error_message="",
            provider_error_code="",
            at=None,
            raw={},
        )

    benchmark.pedantic(apply_one, rounds=1000, iterations=1)
    assert OutboundMessage.objects.filter(status__in=["delivered", "read"]).count() > 0
