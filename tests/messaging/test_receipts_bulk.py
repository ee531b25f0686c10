"""Receipts applied in batches: the same rules as one at a time, in a fixed number of statements,
and webhook events claimed by one worker each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from messaging import enqueue
from messaging.intake import webhook_events_apply_batch, webhook_events_claim, webhook_events_store
from messaging.models import InboundMessage, MessageEvent, MessageStatus, WebhookEvent
from messaging.receipts_bulk import Receipt, receipts_apply
from recipients.models import OptEvent
from tests.chatapps.events import inbound, receipt
from tests.factories import OutboundMessageFactory

pytestmark = pytest.mark.django_db
T = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def accepted(n: int = 1, **fields):
    return [
        OutboundMessageFactory(
            status=MessageStatus.ACCEPTED,
            umid=f"u-{n}-{i}",
            msisdn=f"+6590{i:06d}",
            sent_by=None,  # a user each would cost a password hash each
            **fields,
        )
        for i in range(n)
    ]


def test_receipts_in_one_batch_apply_in_order_and_say_which_moved_their_message():
    (message,) = accepted()
    results = receipts_apply(
        [
            Receipt(umid=message.umid, client_message_id="", state="read", at=T),
            Receipt(umid=message.umid, client_message_id="", state="delivered", at=T),
            Receipt(umid=message.umid, client_message_id="", state="read", at=T),
            Receipt(umid="nobody", client_message_id="", state="read"),
            Receipt(umid=message.umid, client_message_id="", state="bouncing"),
        ]
    )

    assert results == [True, False, False, None, False]
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
    # The late 'delivered' still says when delivery happened.
    assert (message.read_at, message.delivered_at) == (T, T)
    events = list(message.events.filter(source="receipt").values_list("status", "applied"))
    assert events == [("read", True), ("delivered", False), ("read", False)]


def test_a_receipt_finds_its_message_by_client_message_id_and_gives_it_the_umid():
    message = OutboundMessageFactory(status=MessageStatus.UNKNOWN, umid=None)
    (applied,) = receipts_apply(
        [Receipt(umid="u-late", client_message_id=message.client_message_id, state="delivered")]
    )
    message.refresh_from_db()
    assert applied and message.umid == "u-late" and message.status == MessageStatus.DELIVERED


def test_a_failure_keeps_8x8s_code_and_a_131050_opts_the_number_out():
    (message,) = accepted()
    receipts_apply(
        [
            Receipt(
                umid=message.umid,
                client_message_id="",
                state="undelivered",
                error_code=7001,
                error_message="Recipient stopped marketing messages",
                provider_error_code="131050",
                at=T,
            )
        ]
    )
    message.refresh_from_db()
    assert (message.status, message.provider_error_code, message.failed_at) == (
        MessageStatus.UNDELIVERED,
        "131050",
        T,
    )
    assert OptEvent.objects.filter(msisdn=message.msisdn, source="receipt").count() == 1


def test_a_batch_takes_the_same_statements_whatever_its_size():
    small, large = accepted(3), accepted(300)

    def run(messages) -> int:
        receipts = [Receipt(umid=m.umid, client_message_id="", state="delivered") for m in messages]
        with CaptureQueriesContext(connection) as queries:
            receipts_apply(receipts)
        # SQLite runs the UPDATE once a row (executemany counts once) and splits big INSERTs.
        return sum(not q["sql"].startswith("INSERT") for q in queries.captured_queries)

    assert run(large) == run(small)
    assert MessageEvent.objects.filter(source="receipt").count() == 303


def test_stored_events_are_applied_together_receipts_and_replies_alike():
    messages = accepted(4)
    bodies = [receipt(umid=m.umid, state="read") for m in messages] + [inbound()]
    stored, duplicates = webhook_events_store(body=bodies)
    assert (len(stored), duplicates) == (5, 0)

    assert webhook_events_apply_batch(limit=500) == 5
    assert set(WebhookEvent.objects.values_list("state", flat=True)) == {"applied"}
    assert InboundMessage.objects.count() == 1
    assert {m.status for m in type(messages[0]).objects.all()} == {MessageStatus.READ}
    assert webhook_events_apply_batch() == 0


def test_a_list_with_repeats_stores_each_event_once():
    (message,) = accepted()
    body = receipt(umid=message.umid)
    stored, duplicates = webhook_events_store(body=[body, body])
    again, repeated = webhook_events_store(body=[body])
    assert (len(stored), duplicates, len(again), repeated) == (1, 1, 0, 1)


def test_one_bad_event_fails_alone(monkeypatch):
    (message,) = accepted()
    webhook_events_store(body=[receipt(umid=message.umid), inbound()])

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("messaging.intake.contact_touch", broken)
    webhook_events_apply_batch()
    states = dict(WebhookEvent.objects.values_list("kind", "state"))
    assert states == {"receipt": "applied", "inbound": "failed"}
    assert "disk full" in WebhookEvent.objects.get(kind="inbound").error


def test_two_claims_never_take_the_same_event():
    webhook_events_store(body=[inbound(umid=f"in-{i}") for i in range(5)])
    first = webhook_events_claim(limit=3)
    second = webhook_events_claim(limit=3)
    assert len(first) == 3 and len(second) == 2
    assert not {e.pk for e in first} & {e.pk for e in second}
    assert webhook_events_claim(limit=3) == []


def test_a_database_that_was_briefly_away_leaves_the_events_for_the_retry(monkeypatch):
    """The task retries on OperationalError; the events it held must still be there to apply,
    not marked failed (a failed receipt is never applied again)."""
    (message,) = accepted()
    webhook_events_store(body=[receipt(umid=message.umid, state="read"), inbound()])

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr("messaging.intake.receipts_apply", locked)
        with pytest.raises(OperationalError):
            webhook_events_apply_batch()
    assert set(WebhookEvent.objects.values_list("state", flat=True)) == {"pending"}

    assert webhook_events_apply_batch() == 2  # the retry
    assert set(WebhookEvent.objects.values_list("state", flat=True)) == {"applied"}
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
