"""Receipts move a message forward only: late, repeated and unknown receipts change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from messaging.models import MessageEvent, MessageStatus, OutboundMessage
from messaging.receipts import receipt_apply
from tests.factories import OutboundMessageFactory


@pytest.fixture
def queued(marketer) -> OutboundMessage:
    """A message stored for sending, not yet answered by 8x8."""
    return OutboundMessageFactory(sent_by=marketer)


def receipt(message: OutboundMessage, state: str, **extra) -> bool:
    fields = {
        "umid": message.umid or "",
        "client_message_id": message.client_message_id,
        "state": state,
        "detail": "",
        "error_code": None,
        "error_message": "",
        "provider_error_code": "",
        "at": None,
        "raw": {},
    }
    fields.update(extra)
    return receipt_apply(**fields)


@pytest.fixture
def sent(queued) -> OutboundMessage:
    OutboundMessage.objects.filter(pk=queued.pk).update(status=MessageStatus.ACCEPTED, umid="u-1")
    queued.refresh_from_db()
    return queued


@pytest.mark.django_db
def test_receipts_move_a_message_forward(sent):
    assert receipt(sent, "delivered", detail="delivered_to_recipient")
    assert receipt(sent, "read")
    sent.refresh_from_db()
    assert sent.status == MessageStatus.READ
    assert sent.delivered_at is not None and sent.read_at is not None


@pytest.mark.django_db
def test_a_late_delivered_after_read_changes_nothing_but_is_recorded(sent):
    assert receipt(sent, "read")
    assert not receipt(sent, "delivered")
    sent.refresh_from_db()
    assert sent.status == MessageStatus.READ
    assert sent.delivered_at is not None  # read implies it was delivered
    late = sent.events.get(status=MessageStatus.DELIVERED)
    assert late.applied is False


@pytest.mark.django_db
def test_a_repeated_receipt_is_applied_once(sent):
    assert receipt(sent, "delivered")
    assert not receipt(sent, "delivered")
    assert sent.events.filter(status=MessageStatus.DELIVERED, applied=True).count() == 1


@pytest.mark.django_db
def test_an_undelivered_receipt_keeps_the_error_codes(sent):
    assert receipt(
        sent,
        "undelivered",
        error_code=1022,
        error_message="Outside the 24h window",
        provider_error_code="131047",
    )
    sent.refresh_from_db()
    assert (sent.status, sent.error_code, sent.provider_error_code) == (
        "undelivered",
        1022,
        "131047",
    )


@pytest.mark.django_db
def test_a_receipt_settles_an_unknown_message_by_its_client_message_id(queued):
    OutboundMessage.objects.filter(pk=queued.pk).update(status=MessageStatus.UNKNOWN)
    assert receipt(queued, "queued", umid="u-found")
    queued.refresh_from_db()
    assert queued.status == MessageStatus.ACCEPTED
    assert queued.umid == "u-found"


@pytest.mark.django_db
def test_a_receipt_for_a_message_we_never_sent_is_ignored(sent):
    assert not receipt_apply(
        umid="nobody",
        client_message_id="nobody",
        state="read",
        detail="",
        error_code=None,
        error_message="",
        provider_error_code="",
        at=None,
        raw={},
    )
    assert MessageEvent.objects.filter(status="read").count() == 0


# -- the time of each step is 8x8's --------------------------------------------------------------

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.django_db
def test_each_step_keeps_the_time_8x8_reported_whatever_the_order(sent):
    receipt(sent, "read", at=at(9))
    receipt(sent, "sent", at=at(1))  # late: the status stays read
    receipt(sent, "delivered", at=at(5))  # late too
    receipt(sent, "queued", at=at(0))

    sent.refresh_from_db()
    assert sent.status == MessageStatus.READ
    assert (sent.accepted_at, sent.sent_at, sent.delivered_at, sent.read_at) == (
        at(0),
        at(1),
        at(5),
        at(9),
    )


@pytest.mark.django_db
def test_a_repeated_receipt_does_not_move_the_time_of_its_step(sent):
    receipt(sent, "delivered", at=at(5))
    receipt(sent, "delivered", at=at(30))  # 8x8 retried the webhook much later

    sent.refresh_from_db()
    assert sent.delivered_at == at(5)


@pytest.mark.django_db
def test_a_failure_keeps_the_time_8x8_reported_it(sent):
    receipt(sent, "undelivered", at=at(3), error_code=1022, provider_error_code="131047")

    sent.refresh_from_db()
    assert (sent.status, sent.failed_at) == (MessageStatus.UNDELIVERED, at(3))


@pytest.mark.django_db
def test_a_receipt_without_a_time_is_stamped_when_it_arrived(sent):
    before = timezone.now()
    receipt(sent, "delivered", at=None)

    sent.refresh_from_db()
    assert before <= sent.delivered_at <= timezone.now()
