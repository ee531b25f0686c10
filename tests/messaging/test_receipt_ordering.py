"""Receipts as 8x8 really delivers them: out of order, repeated, and early (before the send's
answer stored the umid, matched by clientMessageId), each posted to the webhook and applied by
the worker's batch. Whatever the order, a message ends in the state its best news says, each
step keeps the time 8x8 first reported, and nothing is applied twice.

The product's design for a receipt naming no message here: it is kept as an ignored event with
its reason and changes nothing. The product stores every message (with its clientMessageId)
before asking 8x8 to send it, so a receipt can only name an unknown message when that message
was never sent from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from django.test import Client

from chatapps.client import client_from_settings, reset_client, set_client
from messaging import enqueue, sending
from messaging.intake import NOTHING_CHANGED, webhook_events_apply_batch
from messaging.models import MessageEvent, MessageStatus, OutboundMessage, WebhookEvent
from tests.chatapps.events import SECRET, receipt
from tests.factories import OutboundMessageFactory

pytestmark = pytest.mark.django_db

UMID = "5b2e8a40-7c1d-4e0a-9f1b-3d6c8e2a0001"
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def at(seconds: int) -> str:
    return (T0 + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def post(body: dict) -> None:
    response = Client().post(
        "/webhooks/8x8/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=SECRET,
    )
    assert response.status_code == 200
    webhook_events_apply_batch()


@dataclass(frozen=True)
class Case:
    """Receipts (state, seconds after T0), posted one webhook each, in this order."""

    receipts: list[tuple[str, int]]
    status: str
    times: dict[str, int] = field(default_factory=dict)  # time field -> seconds after T0
    applied: int = 1  # receipts that moved the message
    recorded: int = 1  # receipt events kept on the message
    stored_events: int | None = None  # webhook events stored (default: one per receipt)


CASES = {
    "in order": Case(
        [("sent", 1), ("delivered", 2), ("read", 3)],
        "read",
        {"sent_at": 1, "delivered_at": 2, "read_at": 3},
        applied=3,
        recorded=3,
    ),
    "read then delivered": Case(
        [("read", 9), ("delivered", 5)],
        "read",
        {"delivered_at": 5, "read_at": 9},
        applied=1,
        recorded=2,
    ),
    "read then sent then delivered": Case(
        [("read", 9), ("sent", 1), ("delivered", 5)],
        "read",
        {"sent_at": 1, "delivered_at": 5, "read_at": 9},
        applied=1,
        recorded=3,
    ),
    "delivered twice, the same body (8x8's retry)": Case(
        [("delivered", 5), ("delivered", 5)],
        "delivered",
        {"delivered_at": 5},
        applied=1,
        recorded=1,
        stored_events=1,
    ),
    "delivered twice, reported at two times": Case(
        [("delivered", 5), ("delivered", 30)],
        "delivered",
        {"delivered_at": 5},
        applied=1,
        recorded=2,
    ),
    "failed after delivered": Case(
        [("delivered", 5), ("undelivered", 8)],
        "undelivered",
        {"delivered_at": 5, "failed_at": 8},
        applied=2,
        recorded=2,
    ),
    "delivered after failed": Case(
        [("undelivered", 8), ("delivered", 5)],
        "undelivered",
        {"delivered_at": 5, "failed_at": 8},
        applied=1,
        recorded=2,
    ),
    "read after failed": Case(
        [("failed", 8), ("read", 9)],
        "failed",
        {"read_at": 9, "failed_at": 8},
        applied=1,
        recorded=2,
    ),
    "a state 8x8 may add later": Case(
        [("delivered", 5), ("reacted", 6)], "delivered", {"delivered_at": 5}, 1, 1
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_receipts_in_any_order_end_in_the_right_state(case: Case, marketer):
    message = OutboundMessageFactory(sent_by=marketer, status=MessageStatus.ACCEPTED, umid=UMID)
    bodies: dict[tuple[str, int], dict] = {}  # the same receipt twice is the same body
    for state, seconds in case.receipts:
        failed = state in ("undelivered", "failed")
        body = bodies.setdefault(
            (state, seconds),
            receipt(
                umid=UMID,
                client_message_id=message.client_message_id,
                state=state,
                timestamp=at(seconds),
                error_code=1022 if failed else None,
                error_message="Outside the window" if failed else "",
            ),
        )
        post(body)

    message.refresh_from_db()
    assert message.status == case.status
    for name in ("sent_at", "delivered_at", "read_at", "failed_at"):
        expected = case.times.get(name)
        assert getattr(message, name) == (
            T0 + timedelta(seconds=expected) if expected is not None else None
        ), name
    if case.status in ("undelivered", "failed"):
        assert message.error_code == 1022
    events = MessageEvent.objects.filter(message=message, source=MessageEvent.Source.RECEIPT)
    assert events.count() == case.recorded
    assert events.filter(applied=True).count() == case.applied
    stored = case.stored_events if case.stored_events is not None else len(case.receipts)
    assert WebhookEvent.objects.count() == stored
    assert not WebhookEvent.objects.exclude(state__in=["applied", "ignored"]).exists()


def test_a_receipt_before_the_send_answered_is_matched_by_client_message_id(marketer):
    """8x8 delivered (and reported it) while our request was still waiting for its answer."""
    message = OutboundMessageFactory(sent_by=marketer, status=MessageStatus.QUEUED)

    def answer_after_the_receipt(request: httpx.Request) -> httpx.Response:
        # The message is 'sending' and has no umid yet: the receipt names it by clientMessageId.
        assert OutboundMessage.objects.get(pk=message.pk).umid is None
        post(
            receipt(
                umid=UMID,
                client_message_id=message.client_message_id,
                state="delivered",
                timestamp=at(2),
            )
        )
        body = {"umid": UMID, "status": {"state": "queued", "timestamp": at(0)}}
        return httpx.Response(200, json=body)

    set_client(client_from_settings(transport=httpx.MockTransport(answer_after_the_receipt)))
    try:
        sending.message_dispatch(message_id=message.pk)
    finally:
        reset_client()

    message.refresh_from_db()
    # The answer ('accepted') came after the better news and does not take the message back.
    assert (message.status, message.umid) == (MessageStatus.DELIVERED, UMID)
    assert message.delivered_at == T0 + timedelta(seconds=2)
    assert WebhookEvent.objects.get().state == "applied"
    # Later receipts find it by its umid alone.
    post(receipt(umid=UMID, state="read", timestamp=at(9)))
    message.refresh_from_db()
    assert message.status == MessageStatus.READ


def test_a_receipt_for_a_message_never_sent_from_here_is_kept_ignored_with_its_reason(marketer):
    other = OutboundMessageFactory(sent_by=marketer, status=MessageStatus.ACCEPTED, umid=UMID)
    post(receipt(umid="sent-by-another-system", client_message_id="not-ours", state="read"))

    event = WebhookEvent.objects.get()
    assert (event.state, event.error) == ("ignored", NOTHING_CHANGED)
    assert event.umid == "sent-by-another-system"
    other.refresh_from_db()
    assert other.status == MessageStatus.ACCEPTED
    assert not MessageEvent.objects.filter(source=MessageEvent.Source.RECEIPT).exists()


def test_receipts_of_one_batch_in_the_wrong_order_end_in_the_right_state(marketer):
    """8x8 may put a message's receipts in one webhook, newest first."""
    message = OutboundMessageFactory(sent_by=marketer, status=MessageStatus.ACCEPTED, umid=UMID)
    cmid = message.client_message_id
    post(
        [
            receipt(umid=UMID, client_message_id=cmid, state="read", timestamp=at(9)),
            receipt(umid=UMID, client_message_id=cmid, state="delivered", timestamp=at(5)),
            receipt(umid=UMID, client_message_id=cmid, state="sent", timestamp=at(1)),
        ]
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
    assert (message.sent_at, message.delivered_at, message.read_at) == (
        T0 + timedelta(seconds=1),
        T0 + timedelta(seconds=5),
        T0 + timedelta(seconds=9),
    )
