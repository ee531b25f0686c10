"""The opt-out ledger on the message lifecycle: STOP and START replies, 131050 receipts, and the
refusal of every send to an opted-out number before anything is stored."""

from __future__ import annotations

import pytest
from django.utils import timezone

from audit.services import Actor
from chatapps.client import reset_client, set_client
from messaging import enqueue
from messaging.intake import webhook_event_apply, webhook_events_store
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import OptedOutError, message_dispatch, message_queue, send_category
from recipients.models import Contact, OptEvent
from tests.chatapps.events import inbound, receipt
from tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

MSISDN = "+6591234567"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def now_stamp() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


def webhook(body: dict) -> None:
    events, _ = webhook_events_store(body=body)
    assert webhook_event_apply(event_id=events[0].id) == "applied"


def customer_says(text: str) -> None:
    webhook(inbound(msisdn=MSISDN, text=text, timestamp=now_stamp()))


def template_body(name: str, language: str = "en") -> dict:
    return {
        "user": {"msisdn": MSISDN},
        "type": "template",
        "content": {"template": {"name": name, "language": language, "components": []}},
    }


TEXT = {"user": {"msisdn": MSISDN}, "type": "text", "content": {"text": "Your order shipped."}}


def queue(user, payload=TEXT, kind="text") -> OutboundMessage:
    return message_queue(actor=Actor.of(user), kind=kind, msisdn=MSISDN, payload=payload)


def test_stop_then_a_131050_receipt_then_start_each_land_in_the_ledger_in_order(marketer):
    order_update = TemplateFactory(name="order_update", category="UTILITY")
    customer_says("Stop!")
    with pytest.raises(OptedOutError) as refusal:
        queue(marketer)
    assert refusal.value.msisdn == MSISDN
    assert "opted out of marketing messages on" in refusal.value.reason
    assert "(replied Stop!)" in refusal.value.reason
    assert OutboundMessage.objects.count() == 0

    customer_says("START")
    sent = queue(marketer, template_body(order_update.name), kind="template")
    webhook(
        receipt(
            umid="out-umid-1",
            client_message_id=sent.client_message_id,
            state="failed",
            detail="",
            error_code=1051,
            error_message="Recipient opted out of marketing messages",
            provider_error_code="131050",
        )
    )
    sent.refresh_from_db()
    assert sent.status == MessageStatus.FAILED
    with pytest.raises(OptedOutError, match="Meta 131050"):
        queue(marketer, template_body(order_update.name), kind="template")
    assert OutboundMessage.objects.count() == 1

    customer_says("start")
    assert queue(marketer).pk is not None
    assert OutboundMessage.objects.count() == 2
    ledger = OptEvent.objects.order_by("at", "id")
    assert [(e.kind, e.source, e.reason) for e in ledger] == [
        ("opt_out", "keyword", "Stop!"),
        ("opt_in", "keyword", "START"),
        ("opt_out", "receipt", "Recipient opted out of marketing messages"),
        ("opt_in", "keyword", "start"),
    ]
    assert ledger[2].umid == "out-umid-1"


def test_a_131050_receipt_reported_twice_is_one_opt_out(marketer):
    customer_says("hello")
    sent = queue(marketer)
    OutboundMessage.objects.filter(pk=sent.pk).update(umid="out-umid-2")
    failed = receipt(
        umid="out-umid-2", state="failed", error_code=1051, provider_error_code="131050"
    )
    webhook(failed)
    # Another event about the same message: it moves nothing, and opts out no second time.
    events, _ = webhook_events_store(body={**failed, "description": "retried"})
    assert webhook_event_apply(event_id=events[0].id) == "ignored"
    event = OptEvent.objects.get()
    assert (event.msisdn, event.source, event.umid) == (MSISDN, "receipt", "out-umid-2")


def test_a_receipt_for_another_failure_opts_nobody_out(marketer):
    customer_says("hello")
    sent = queue(marketer)
    webhook(
        receipt(
            umid="u",
            client_message_id=sent.client_message_id,
            state="failed",
            error_code=1022,
            provider_error_code="131047",
        )
    )
    assert not OptEvent.objects.exists()


def test_the_sms_fallback_is_refused_with_its_message(marketer):
    customer_says("STOP")
    body = {**TEXT, "content": {"text": "Hi", "fallbackText": "Hi by SMS"}}
    with pytest.raises(OptedOutError):
        queue(marketer, body)
    assert OutboundMessage.objects.count() == 0


def test_an_inbound_sentence_that_starts_with_stop_changes_nothing(marketer):
    customer_says("stop by tomorrow, please")
    assert not OptEvent.objects.exists()
    assert queue(marketer).pk is not None


def test_a_stop_redelivered_is_applied_once():
    body = inbound(msisdn=MSISDN, text="STOP", umid="in-stop")
    webhook(body)
    webhook({**body, "description": "redelivered"})
    assert OptEvent.objects.count() == 1


def test_authentication_templates_pass_a_marketing_opt_out_only_when_allowed(settings, marketer):
    otp = TemplateFactory(name="login_code", category="AUTHENTICATION")
    customer_says("STOP")
    with pytest.raises(OptedOutError):
        queue(marketer, template_body(otp.name), kind="template")
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    assert queue(marketer, template_body(otp.name), kind="template").pk is not None
    with pytest.raises(OptedOutError):
        queue(marketer)
    customer_says("STOP ALL")
    with pytest.raises(OptedOutError, match="opted out of all messages"):
        queue(marketer, template_body(otp.name), kind="template")


def test_the_category_of_a_send_is_its_templates_or_service_for_free_form():
    TemplateFactory(name="promo", category="MARKETING")
    assert send_category(kind="text", payload=TEXT) == "service"
    assert send_category(kind="template", payload=template_body("promo")) == "marketing"
    assert send_category(kind="template", payload=template_body("unknown")) == "marketing"


def test_an_inbound_message_and_a_send_make_the_number_a_contact(marketer):
    customer_says("hello")
    assert Contact.objects.get().name == "Jane Tan"
    other = "+6598765432"
    TemplateFactory(name="order_update")
    message_queue(
        actor=Actor.of(marketer),
        kind="template",
        msisdn=other,
        payload={**template_body("order_update"), "user": {"msisdn": other}},
    )
    assert set(Contact.objects.values_list("msisdn", flat=True)) == {MSISDN, other}


def test_a_message_queued_before_the_customer_opted_out_is_not_sent(marketer):
    TemplateFactory(name="order_update", category="UTILITY")
    message = queue(marketer, payload=template_body("order_update"), kind="template")
    customer_says("STOP")  # arrives while the message waits in the queue
    sent: list[dict] = []

    class Recording:
        def send_message(self, body: dict) -> None:
            sent.append(body)

        def close(self) -> None:
            """reset_client() closes the client it forgets."""

    set_client(Recording())  # type: ignore[arg-type]
    try:
        message_dispatch(message_id=message.pk)
    finally:
        reset_client()

    message.refresh_from_db()
    assert sent == []
    assert (message.status, message.status_detail) == (MessageStatus.REJECTED, "opted_out")
    assert "opted out" in message.error_message
