"""The send pipeline: queue, claim, dispatch once, and receipts that only move status forward.

8x8 is outside the project, so these unit tests answer for it with httpx.MockTransport; the same
pipeline runs against the sandbox over real HTTP with a real worker in test_send_end_to_end.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor
from chatapps.client import client_from_settings, reset_client, set_client
from chatapps.errors import TransientError
from chatapps.validation import normalise_message
from messaging import sending as services
from messaging.models import InboundMessage, MessageStatus, OutboundMessage
from tests.contract import contract_errors

MSISDN = "+6591234567"
TEXT = {"user": {"msisdn": MSISDN}, "type": "text", "content": {"text": "Hello there"}}
TEMPLATE = {
    "user": {"msisdn": MSISDN},
    "type": "template",
    "content": {"template": {"name": "order_update", "language": "en_GB", "components": []}},
}


def customer_wrote(hours_ago: float, *, from_ad: bool = False, msisdn: str = MSISDN) -> None:
    InboundMessage.objects.create(
        umid=f"in-{hours_ago}-{from_ad}",
        msisdn=msisdn,
        type="Text",
        content={"text": "hi"},
        from_ad=from_ad,
        received_at=timezone.now() - timedelta(hours=hours_ago),
    )


def queue(user, payload=TEXT, kind="text", **kwargs) -> OutboundMessage:
    return services.message_queue(
        actor=Actor.of(user), kind=kind, msisdn=MSISDN, payload=payload, **kwargs
    )


class Fake8x8:
    """Answers each request with the next canned response, recording what it was sent."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def fake_8x8():
    def install(*responses) -> Fake8x8:
        fake = Fake8x8(*responses)
        set_client(client_from_settings(transport=httpx.MockTransport(fake)))
        return fake

    yield install
    reset_client()


def accepted(umid="6b1f0d7e-1b5a-4c1e-9a51-0d3f6c9a0001") -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "umid": umid,
            "user": {"msisdn": MSISDN},
            "status": {"state": "queued", "timestamp": "2026-11-25T10:00:00.00Z"},
        },
    )


def error(status: int, code: int, message: str, **headers) -> httpx.Response:
    body = {
        "code": code,
        "message": message,
        "errorId": "e-1",
        "timestamp": "2026-11-25T10:00:00.00Z",
    }
    return httpx.Response(status, json=body, headers=headers)


# -- queueing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queueing_stores_the_exact_body_with_its_client_message_id(
    agent, django_capture_on_commit_callbacks
):
    customer_wrote(hours_ago=1)
    with django_capture_on_commit_callbacks() as callbacks:
        message = queue(agent)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.payload == {**TEXT, "clientMessageId": message.client_message_id}
    assert len(message.client_message_id) <= 50
    assert message.sent_by == agent
    assert list(message.events.values_list("status", flat=True)) == ["queued"]
    assert len(callbacks) == 1  # dispatch is enqueued only once the row is committed
    audit = AuditEntry.objects.get(action=AuditEntry.Action.MESSAGE_SEND)
    assert audit.target_id == str(message.pk)
    assert audit.data["payload"] == message.payload


@pytest.mark.django_db
def test_free_form_to_a_number_that_never_wrote_is_refused(agent):
    with pytest.raises(services.WindowClosedError) as refused:
        queue(agent)
    assert "never written to us" in refused.value.reason
    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_free_form_after_the_24_hour_window_is_refused(agent):
    customer_wrote(hours_ago=25)
    with pytest.raises(services.WindowClosedError) as refused:
        queue(agent)
    assert "closed at" in refused.value.reason
    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_an_ad_started_conversation_stays_open_for_72_hours(agent):
    customer_wrote(hours_ago=50, from_ad=True)
    assert queue(agent).status == MessageStatus.QUEUED


@pytest.mark.django_db
def test_templates_need_no_open_window(marketer):
    message = queue(marketer, payload=TEMPLATE, kind="template")
    assert message.window_override is False
    assert OutboundMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_support_agent_may_override_the_window_and_it_is_audited(agent):
    message = queue(agent, window_override=True)
    assert message.window_override is True
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.WINDOW_OVERRIDE, target_id=str(message.pk)
    ).exists()


@pytest.mark.django_db
def test_a_marketer_may_not_override_the_window(marketer):
    with pytest.raises(services.WindowClosedError):
        queue(marketer, window_override=True)
    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_the_window_permit_is_the_rule_queueing_applies(agent, marketer):
    def permit(user, kind="text", **kwargs):
        return services.window_permit(actor=Actor.of(user), kind=kind, msisdn=MSISDN, **kwargs)

    assert permit(marketer, kind="template") is False  # templates need no window
    with pytest.raises(services.WindowClosedError):
        permit(agent)
    with pytest.raises(services.WindowClosedError):
        permit(marketer, window_override=True)  # not theirs to override
    assert permit(agent, window_override=True) is True  # goes out on the override
    customer_wrote(hours_ago=1)
    assert permit(agent) is False
    assert not AuditEntry.objects.exists()  # asking writes nothing


@pytest.mark.django_db
def test_a_body_8x8_would_refuse_is_not_stored(marketer):
    bad = {**TEMPLATE, "content": {"template": {"name": "order_update"}}}  # no language
    with pytest.raises(services.InvalidPayloadError) as refused:
        queue(marketer, payload=bad, kind="template")
    assert "language" in str(refused.value)
    assert OutboundMessage.objects.count() == 0


# -- dispatch -------------------------------------------------------------------------------


@pytest.fixture
def queued(marketer) -> OutboundMessage:
    return queue(marketer, payload=TEMPLATE, kind="template")


@pytest.mark.django_db
def test_dispatch_sends_once_and_records_the_umid(queued, fake_8x8):
    fake = fake_8x8(accepted())
    services.message_dispatch(message_id=queued.pk)
    services.message_dispatch(message_id=queued.pk)  # a redelivered task changes nothing
    queued.refresh_from_db()
    assert queued.status == MessageStatus.ACCEPTED
    assert queued.umid == "6b1f0d7e-1b5a-4c1e-9a51-0d3f6c9a0001"
    assert queued.attempts == 1
    assert len(fake.requests) == 1
    sent = fake.requests[0]
    assert sent.url.path == "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/messages"
    assert httpx.Response(200, content=sent.content).json() == queued.payload
    assert contract_errors("send_message_request", normalise_message(queued.payload)) == []
    assert list(queued.events.values_list("status", flat=True)) == ["queued", "sending", "accepted"]
    # 8x8's own time for the acceptance, from its answer, not the time the answer reached us
    assert queued.accepted_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_rate_limited_send_goes_back_to_the_queue_for_a_retry(queued, fake_8x8):
    fake_8x8(
        error(429, 429, "Quota exceeded. Please try again in 3 second(s).", **{"Retry-After": "3"})
    )
    with pytest.raises(TransientError) as raised:
        services.message_dispatch(message_id=queued.pk)
    assert raised.value.retry_after == 3
    queued.refresh_from_db()
    assert queued.status == MessageStatus.QUEUED
    assert queued.error_code == 429


@pytest.mark.django_db
def test_a_refused_send_fails_with_8x8s_code(queued, fake_8x8):
    fake_8x8(error(400, 3038, "Template not found for provided name and language"))
    services.message_dispatch(message_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == MessageStatus.FAILED
    assert queued.error_code == 3038
    assert "Template not found" in queued.error_message


@pytest.mark.django_db
def test_a_timeout_after_sending_is_unknown_and_never_resent(queued, fake_8x8):
    fake = fake_8x8(httpx.ReadTimeout("read timed out"))
    services.message_dispatch(message_id=queued.pk)
    services.message_dispatch(message_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == MessageStatus.UNKNOWN
    assert len(fake.requests) == 1


@pytest.mark.django_db
def test_a_message_left_sending_by_a_dead_worker_becomes_unknown_not_resent(queued, fake_8x8):
    fake = fake_8x8()
    OutboundMessage.objects.filter(pk=queued.pk).update(status=MessageStatus.SENDING)
    services.message_dispatch(message_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == MessageStatus.UNKNOWN
    assert queued.status_detail == "worker_stopped"
    assert fake.requests == []


@pytest.mark.django_db
def test_dispatch_of_a_deleted_message_is_harmless(queued, fake_8x8):
    fake = fake_8x8()
    OutboundMessage.objects.filter(pk=queued.pk).delete()
    services.message_dispatch(message_id=queued.pk)
    assert fake.requests == []
