"""The sandbox posting real webhooks to the real endpoint: inbound messages and receipts applied."""

from __future__ import annotations

import pytest

from chatapps.client import ChatAppsClient
from messaging import intake as services
from messaging.models import (
    InboundMessage,
    MessageKind,
    MessageStatus,
    OutboundMessage,
    WebhookEvent,
)
from messaging.window import window_state
from sandbox.models import SandboxMessage
from sandbox.services import (
    config_get,
    customer_reply,
    sandbox_webhooks_deliver_now,
    webhook_deliver,
)

pytestmark = pytest.mark.django_db(transaction=True)

CUSTOMER = "+6591234567"


@pytest.fixture(autouse=True)
def inline_work(monkeypatch, live_server, settings):
    """No broker: the sandbox's schedule is driven by hand, and events apply as they arrive."""
    settings.SANDBOX_ENABLED = True
    settings.PUBLIC_BASE_URL = live_server.url
    monkeypatch.setattr("sandbox.schedule.enqueue", lambda task, *args, countdown=0: None)
    monkeypatch.setattr(
        "messaging.enqueue._send",
        lambda name, args: services.webhook_events_apply_batch(),
    )
    config_get()


def test_a_customer_reply_arrives_as_an_inbound_message_that_opens_the_window():
    inbound = customer_reply(
        phone=CUSTOMER, kind="text", text="Hi, where is my order?", schedule=False
    )
    hook = webhook_deliver(webhook_id=inbound.webhooks.get().pk)
    assert hook.last_status == 200, hook.last_error
    stored = InboundMessage.objects.get(umid=inbound.umid)
    assert (stored.msisdn, stored.content["text"]) == (CUSTOMER, "Hi, where is my order?")
    assert WebhookEvent.objects.get().state == "applied"
    assert window_state(CUSTOMER).open is True


def test_a_webhook_with_the_wrong_secret_is_refused_and_stored_nowhere(settings):
    config = config_get()
    config.webhook_authorization = "not-the-secret"
    config.save()
    inbound = customer_reply(phone=CUSTOMER, kind="text", text="hello", schedule=False)
    hook = webhook_deliver(webhook_id=inbound.webhooks.get().pk)
    assert hook.last_status == 401
    assert hook.delivered_at is None
    assert WebhookEvent.objects.count() == 0


def test_receipts_for_a_sent_message_move_it_to_read(settings):
    client = ChatAppsClient(
        base_url=settings.PUBLIC_BASE_URL + "/sandbox",
        api_key=settings.CHATAPPS_API_KEY,
        subaccount_id=settings.CHATAPPS_SUBACCOUNT_ID,
        account_id=settings.CHATAPPS_ACCOUNT_ID,
        channel_id=settings.CHATAPPS_CHANNEL_ID,
    )
    customer_reply(phone=CUSTOMER, kind="text", text="hi", schedule=False)  # opens the window
    message = OutboundMessage.objects.create(
        kind=MessageKind.TEXT, msisdn=CUSTOMER, payload={}, status=MessageStatus.SENDING
    )
    result = client.send_message(
        {
            "user": {"msisdn": CUSTOMER},
            "clientMessageId": message.client_message_id,
            "type": "text",
            "content": {"text": "It ships today."},
        }
    )
    OutboundMessage.objects.filter(pk=message.pk).update(
        umid=result.umid, status=MessageStatus.ACCEPTED
    )
    hooks = sandbox_webhooks_deliver_now(SandboxMessage.objects.get(umid=result.umid))
    assert hooks and all(h.last_status == 200 for h in hooks), [h.last_error for h in hooks]
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
    assert message.delivered_at is not None and message.read_at is not None
