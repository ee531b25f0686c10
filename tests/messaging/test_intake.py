"""Applying stored webhook events (inbound, receipts, template events); claims and re-runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from catalog.models import Template
from messaging import enqueue, tasks
from messaging import intake as services
from messaging.intake import (
    webhook_event_apply,
    webhook_events_apply_batch,
    webhook_events_claim,
    webhook_events_pending,
    webhook_events_reclaim,
    webhook_events_store,
)
from messaging.models import (
    InboundMessage,
    MessageKind,
    MessageStatus,
    OutboundMessage,
    WebhookEvent,
)
from tests.chatapps.events import inbound, receipt, template_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def stored(body: dict) -> WebhookEvent:
    events, _ = webhook_events_store(body=body)
    return events[0]


def test_an_inbound_message_is_stored_with_its_sender_time_and_reply_link():
    body = inbound(text="Where is <b>my</b> order?", replyToUmid="prev-umid")
    event = stored(body)
    assert webhook_event_apply(event_id=event.id) == "applied"
    message = InboundMessage.objects.get()
    assert message.umid == body["payload"]["umid"]
    assert (message.msisdn, message.profile_name, message.type) == (
        "+6591234567",
        "Jane Tan",
        "Text",
    )
    assert message.channel_user_id == "SG.1349120865530"
    assert message.content == {"text": "Where is <b>my</b> order?"}
    assert message.received_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert message.reply_to_umid == "prev-umid"
    assert message.from_ad is False
    event.refresh_from_db()
    assert (event.state, event.attempts) == ("applied", 1)
    assert event.processed_at is not None


def test_applying_twice_is_harmless():
    event = stored(inbound())
    assert webhook_event_apply(event_id=event.id) == "applied"
    assert webhook_event_apply(event_id=event.id) is None
    assert InboundMessage.objects.count() == 1
    event.refresh_from_db()
    assert event.attempts == 1


def test_the_same_message_in_two_different_events_is_stored_once():
    first = stored(inbound(umid="same-umid"))
    second = stored(inbound(umid="same-umid", text="edited retry"))
    webhook_event_apply(event_id=first.id)
    webhook_event_apply(event_id=second.id)
    assert InboundMessage.objects.count() == 1
    second.refresh_from_db()
    assert (second.state, second.error) == ("applied", "Already stored.")


def test_a_missing_event_is_a_no_op():
    assert webhook_event_apply(event_id=987654) is None


@pytest.mark.parametrize(
    "referral",
    [
        {"referral": {"source_type": "ad", "source_id": "120"}},
        {"referral": {"sourceType": "AD"}},
        {"referral": {"ctwa_clid": "ARAkLkA8rmlFeiCktEJQ"}},
        {"context": {"referral": {"source_type": "ad"}}},
    ],
)
def test_a_click_to_whatsapp_ad_referral_marks_the_message_from_an_ad(referral):
    webhook_event_apply(event_id=stored(inbound(**referral)).id)
    assert InboundMessage.objects.get().from_ad is True


def test_a_post_referral_is_not_an_ad():
    webhook_event_apply(event_id=stored(inbound(referral={"source_type": "post"})).id)
    assert InboundMessage.objects.get().from_ad is False


def test_the_legacy_format_reads_the_number_from_channel_user_id():
    body = inbound()
    del body["version"]
    body["payload"]["user"] = {"channelUserId": "6591234567", "name": "Old"}
    webhook_event_apply(event_id=stored(body).id)
    assert InboundMessage.objects.get().msisdn == "+6591234567"


def test_an_inbound_message_without_a_timestamp_uses_the_arrival_time():
    body = inbound()
    del body["payload"]["timestamp"]
    event = stored(body)
    webhook_event_apply(event_id=event.id)
    assert InboundMessage.objects.get().received_at == event.received_at


def test_an_inbound_message_with_only_a_bsuid_is_ignored_with_a_reason():
    body = inbound()
    body["payload"]["user"] = {"channelUserId": "US.13491208655302741918"}
    event = stored(body)
    assert webhook_event_apply(event_id=event.id) == "ignored"
    event.refresh_from_db()
    assert "BSUID" in event.error
    assert InboundMessage.objects.count() == 0


def test_a_receipt_moves_the_message_forward_through_the_composer():
    message = OutboundMessage.objects.create(
        kind=MessageKind.TEXT,
        msisdn="+6591234567",
        payload={},
        umid="6e1c3b9e-0b7a-4f43-9c43-0d4a7a3c5a11",
        status=MessageStatus.ACCEPTED,
    )
    event = stored(receipt(umid=message.umid))
    assert webhook_event_apply(event_id=event.id) == "applied"
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at == datetime(2026, 11, 25, 10, 0, 5, tzinfo=UTC)


def test_a_failed_receipt_carries_the_error_and_meta_code_matched_by_client_message_id():
    message = OutboundMessage.objects.create(
        kind=MessageKind.TEXT, msisdn="+6591234567", payload={}, status=MessageStatus.UNKNOWN
    )
    body = receipt(
        umid="7f2d4c1a-0000-4000-8000-000000000001",
        client_message_id=message.client_message_id,
        state="undelivered",
        detail="rejected_by_operator",
        error_code=1022,
        error_message="Re-engagement message",
        provider_error_code="131047",
    )
    webhook_event_apply(event_id=stored(body).id)
    message.refresh_from_db()
    assert message.status == MessageStatus.UNDELIVERED
    assert (message.error_code, message.provider_error_code) == (1022, "131047")
    assert message.umid == "7f2d4c1a-0000-4000-8000-000000000001"


def test_a_receipt_for_an_unknown_message_is_ignored():
    event = stored(receipt(umid="nobody-sent-this"))
    assert webhook_event_apply(event_id=event.id) == "ignored"


def test_a_template_status_event_updates_the_synced_template():
    Template.objects.create(name="order_update", language="en_GB", status="APPROVED")
    Template.objects.create(name="order_update", language="es", status="APPROVED")
    body = template_status(name="order_update", language="en_GB", status="paused")
    assert webhook_event_apply(event_id=stored(body).id) == "applied"
    statuses = dict(Template.objects.values_list("language", "status"))
    assert statuses == {"en_GB": "PAUSED", "es": "APPROVED"}


def test_a_template_event_for_an_unsynced_template_is_ignored_with_a_reason():
    event = stored(template_status(name="unknown", language="en", status="APPROVED"))
    assert webhook_event_apply(event_id=event.id) == "ignored"
    event.refresh_from_db()
    assert "not synced" in event.error


def test_an_event_held_by_a_live_worker_is_not_taken_over():
    event = stored(inbound())
    WebhookEvent.objects.filter(id=event.id).update(state="processing", claimed_at=timezone.now())
    assert webhook_event_apply(event_id=event.id) is None
    assert InboundMessage.objects.count() == 0


def test_an_event_held_by_a_dead_worker_is_taken_over():
    event = stored(inbound())
    long_ago = timezone.now() - timedelta(minutes=30)
    WebhookEvent.objects.filter(id=event.id).update(state="processing", claimed_at=long_ago)
    assert webhook_events_claim(limit=10) == []  # only the sweep takes it back
    assert webhook_events_reclaim() == [event.id]
    assert webhook_events_apply_batch() == 1
    assert InboundMessage.objects.count() == 1
    event.refresh_from_db()
    assert (event.state, event.attempts) == ("applied", 1)


def test_an_error_marks_the_event_failed_and_a_retry_applies_it(monkeypatch):
    event = stored(inbound())

    def broken(body, *, fallback_time):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_apply_inbound", broken)
    with pytest.raises(RuntimeError):
        webhook_event_apply(event_id=event.id)
    event.refresh_from_db()
    assert event.state == "failed"
    assert "database went away" in event.error
    monkeypatch.undo()
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)
    assert webhook_event_apply(event_id=event.id) == "applied"
    event.refresh_from_db()
    assert (event.attempts, event.error) == (2, "")


def test_pending_lists_only_events_whose_enqueue_was_lost():
    old = stored(inbound())
    fresh = stored(inbound())
    WebhookEvent.objects.filter(id=old.id).update(received_at=timezone.now() - timedelta(minutes=5))
    assert webhook_events_pending() == [old.id]
    assert fresh.id not in webhook_events_pending()


def test_the_task_is_a_thin_adapter_over_the_service():
    event = stored(inbound())
    assert tasks.webhook_event_apply_task.run(event.id) == "applied"
    assert InboundMessage.objects.count() == 1


def test_the_sweep_task_reenqueues_lost_events(monkeypatch, django_capture_on_commit_callbacks):
    sent: list[str] = []
    monkeypatch.setattr(enqueue, "_send", lambda name, args: sent.append(name))
    event = stored(inbound())
    WebhookEvent.objects.filter(id=event.id).update(
        received_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.webhook_events_sweep.run() == 1
    assert sent == [enqueue.WEBHOOK_EVENTS_APPLY]
