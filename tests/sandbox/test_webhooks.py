"""Webhook bodies match 8x8's formats key for key, and they arrive at a real HTTP receiver."""

from __future__ import annotations

import re

import pytest

from sandbox import services
from sandbox.models import SandboxMessage, SandboxWebhook
from sandbox.webhooks import (
    customer_bsuid,
    inbound_body,
    is_product_url,
    receipt_body,
    webhook_post,
    webhook_target,
)
from tests.sandbox import bodies

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ")
ENVELOPE = {"namespace", "eventType", "description", "version", "payload"}


def accept(body: dict, **kwargs) -> SandboxMessage:
    return services.message_accept(body=body, **kwargs)


def test_a_delivered_receipt_has_8x8s_v9_shape_with_the_outbound_content(db, window_open):
    message = accept(bodies.text(client_message_id="cm-1"), client_batch_id="b-1")
    services.receipt_advance(message_id=message.pk, step="delivered")
    message.refresh_from_db()

    body = receipt_body(message, at=message.updated_at)

    assert set(body) == ENVELOPE
    assert body["namespace"] == "ChatApps"
    assert body["eventType"] == "outbound_message_status_changed"
    assert body["description"] == "ChatApps outbound message delivery receipt"
    assert body["version"] == 9
    payload = body["payload"]
    assert set(payload) == {
        "umid", "batchId", "clientMessageId", "clientBatchId", "subAccountId", "channel", "user",
        "status", "whatsapp", "outboundContent",
    }  # fmt: skip
    assert payload["umid"] == message.umid
    assert payload["clientMessageId"] == "cm-1"
    assert payload["clientBatchId"] == "b-1"
    assert payload["subAccountId"] == "ChatAppsDemo_WA"
    assert payload["channel"] == "whatsapp"
    assert payload["user"]["msisdn"] == bodies.CUSTOMER
    assert re.fullmatch(r"[A-Z]{2}\.[0-9]+", payload["user"]["channelUserId"])
    assert set(payload["status"]) == {"state", "detail", "timestamp"}
    assert payload["status"]["state"] == "delivered"
    assert payload["status"]["detail"] == "delivered_to_recipient"
    assert TIMESTAMP.fullmatch(payload["status"]["timestamp"])
    assert payload["whatsapp"] == {"pricingCategory": "service"}
    assert payload["outboundContent"] == {"text": "Hello"}


def test_a_read_receipt_carries_no_outbound_content(db, window_open):
    message = accept(bodies.text())
    services.receipt_advance(message_id=message.pk, step="delivered")
    read = services.receipt_advance(message_id=message.pk, step="read")

    payload = receipt_body(read, at=read.updated_at)["payload"]

    assert payload["status"]["state"] == "read"
    assert "outboundContent" not in payload
    assert "clientMessageId" not in payload


def test_an_undelivered_receipt_carries_the_error_and_metas_code(db):
    services.config_update(outside_window_numbers=bodies.CUSTOMER)
    message = accept(bodies.text())
    moved = services.receipt_advance(message_id=message.pk, step="delivered")

    payload = receipt_body(moved, at=moved.updated_at)["payload"]

    assert payload["status"]["state"] == "undelivered"
    assert payload["status"]["errorCode"] == 1022
    assert isinstance(payload["status"]["errorMessage"], str)
    assert payload["whatsapp"] == {"providerErrorCode": "131047", "pricingCategory": "service"}
    assert "outboundContent" not in payload


def test_a_template_receipt_is_priced_in_the_templates_category(db):
    message = accept(bodies.order_update())
    moved = services.receipt_advance(message_id=message.pk, step="delivered")

    assert receipt_body(moved, at=moved.updated_at)["payload"]["whatsapp"]["pricingCategory"] == (
        "utility"
    )


def test_an_inbound_message_has_8x8s_v3_shape(db):
    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="text", text="Hi there")

    body = inbound_body(inbound)

    assert set(body) == ENVELOPE
    assert body["eventType"] == "inbound_message_received"
    assert body["description"] == "ChatApps inbound message"
    assert body["version"] == 3
    payload = body["payload"]
    assert set(payload) == {
        "umid",
        "subAccountId",
        "timestamp",
        "user",
        "recipient",
        "type",
        "content",
    }
    assert TIMESTAMP.fullmatch(payload["timestamp"])
    assert set(payload["user"]) == {"msisdn", "channelUserId", "name"}
    assert payload["user"]["msisdn"] == bodies.CUSTOMER
    assert payload["recipient"] == {
        "channel": "whatsapp",
        "channelId": "4f9478dd-b3db-475c-9e49-778d8c87046b",
    }
    assert payload["type"] == "Text"
    assert payload["content"] == {"text": "Hi there"}


def test_a_button_reply_names_the_tapped_button_and_the_message_it_answers(db):
    message = accept(bodies.REPLY_BUTTONS)

    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="button")

    payload = inbound_body(inbound)["payload"]
    assert payload["type"] == "Interactive"
    assert payload["content"] == {
        "interactive": {
            "type": "button_reply",
            "button_reply": {"id": "option-1", "title": "contact-us"},
        }
    }
    assert payload["replyToUmid"] == message.umid


def test_the_bsuid_is_stable_and_names_the_numbers_country(db):
    assert customer_bsuid("+6591234567") == customer_bsuid("+6591234567")
    assert customer_bsuid("+6591234567").startswith("SG.")
    assert customer_bsuid("+447700900123").startswith("GB.")


# -- real HTTP -----------------------------------------------------------------------------------


def test_a_messages_whole_timetable_arrives_at_the_receiver_with_the_authorization_header(
    receiver, window_open
):
    message = accept(bodies.text(client_message_id="cm-1"))

    hooks = services.sandbox_webhooks_deliver_now(message)

    assert [hook.last_status for hook in hooks] == [200, 200]
    assert all(hook.delivered_at is not None for hook in hooks)
    assert [b["payload"]["status"]["state"] for b in receiver.bodies] == ["delivered", "read"]
    assert {b["payload"]["umid"] for b in receiver.bodies} == {message.umid}
    assert receiver.requests[0]["headers"]["Authorization"] == "test-secret"
    assert receiver.requests[0]["path"] == "/webhooks/8x8/"
    message.refresh_from_db()
    assert message.state == "read"


def test_an_unreachable_number_gets_one_undelivered_receipt_and_is_never_read(receiver):
    services.config_update(unreachable_numbers="+65 9123 4567")
    message = accept(bodies.text())

    services.sandbox_webhooks_deliver_now(message)

    [body] = receiver.bodies
    assert body["payload"]["status"] == {
        "state": "undelivered",
        "detail": "rejected_by_operator",
        "timestamp": body["payload"]["status"]["timestamp"],
        "errorCode": 15,
        "errorMessage": "Invalid destination",
    }
    message.refresh_from_db()
    assert message.state == "undelivered"


def test_a_customer_reply_arrives_as_an_inbound_webhook(receiver):
    inbound = services.customer_reply(
        phone=bodies.CUSTOMER, kind="text", text="Hello?", schedule=False
    )

    hook = services.webhook_deliver(webhook_id=inbound.webhooks.get().pk)

    assert hook.last_status == 200
    [body] = receiver.bodies
    assert body["eventType"] == "inbound_message_received"
    assert body["payload"]["umid"] == inbound.umid


def test_a_failed_post_is_recorded_and_not_marked_delivered(receiver):
    receiver.statuses = [500]
    message = accept(bodies.text())
    [hook] = services.receipts_advance(message_ids=[message.pk], step="delivered", schedule=False)

    hook = services.webhook_deliver(webhook_id=hook.pk)

    assert (hook.attempts, hook.last_status, hook.delivered_at) == (1, 500, None)
    assert hook.last_error == "answered HTTP 500"


def test_a_delivered_webhook_is_not_posted_twice(receiver):
    message = accept(bodies.text())
    [hook] = services.receipts_advance(message_ids=[message.pk], step="delivered", schedule=False)

    services.webhook_deliver(webhook_id=hook.pk)
    services.webhook_deliver(webhook_id=hook.pk)

    assert len(receiver.requests) == 1
    assert SandboxWebhook.objects.get().attempts == 1


def test_posting_to_nowhere_returns_no_status_and_says_why(db, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:9"  # the product is down
    status, error = webhook_post(url="http://127.0.0.1:9/", body={}, authorization="x", timeout=1)

    assert status is None
    assert "ConnectError" in error


def test_a_dlr_callback_url_on_the_message_overrides_the_configured_webhook(receiver, window_open):
    services.config_update(webhook_url="http://127.0.0.1:9/never/")
    message = accept({**bodies.text(), "dlrCallbackUrl": receiver.url})

    services.sandbox_webhooks_deliver_now(message)

    assert len(receiver.requests) == 2


def test_receipts_and_replies_are_stored_by_the_products_own_webhook_endpoint(
    live_server, monkeypatch, settings, window_open
):
    from messaging.models import WebhookEvent

    settings.PUBLIC_BASE_URL = live_server.url
    applied = []
    monkeypatch.setattr("messaging.enqueue._send", lambda name, args: applied.append(name))
    services.config_update(webhook_url=f"{live_server.url}/webhooks/8x8/")
    message = accept(bodies.REPLY_BUTTONS)

    hooks = services.sandbox_webhooks_deliver_now(message)
    inbound = services.customer_reply(phone=bodies.CUSTOMER, kind="button", schedule=False)
    reply = services.webhook_deliver(webhook_id=inbound.webhooks.get().pk)

    assert [hook.last_status for hook in hooks] == [200, 200]
    assert reply.last_status == 200
    stored = {(event.kind, event.umid) for event in WebhookEvent.objects.all()}
    assert stored == {("receipt", message.umid), ("inbound", inbound.umid)}
    # One batch apply a request: two receipts and the reply.
    assert len(applied) == 3


def test_a_webhook_to_another_address_is_never_posted_and_carries_no_secret(
    db, monkeypatch, window_open
):
    posted = []
    monkeypatch.setattr("sandbox.webhooks.httpx.post", lambda *a, **k: posted.append((a, k)))
    message = accept({**bodies.text(), "dlrCallbackUrl": "http://169.254.169.254/latest/"})

    hooks = services.sandbox_webhooks_deliver_now(message)

    assert posted == []
    assert [hook.url for hook in hooks] == ["http://169.254.169.254/latest/"] * 2
    assert [hook.authorization for hook in hooks] == ["", ""]
    assert all("only posts to this product" in hook.last_error for hook in hooks)


def test_a_stored_webhook_url_on_another_address_is_ignored_for_the_products_own(db, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    config = services.config_update(webhook_url="http://10.0.0.1:8080/hook")  # an old row

    assert webhook_target(config)[0] == "http://127.0.0.1:8000/webhooks/8x8/"


@pytest.mark.parametrize(
    ("url", "ours"),
    [
        ("http://127.0.0.1:8000/webhooks/8x8/", True),
        ("http://127.0.0.1:80/webhooks/8x8/", False),
        ("http://localhost:8000/webhooks/8x8/", False),
        ("https://127.0.0.1:8000/webhooks/8x8/", False),
        ("http://127.0.0.1:8000@evil.example/", False),
        ("file:///etc/passwd", False),
        ("not a url", False),
    ],
)
def test_only_the_products_exact_origin_counts_as_its_own(settings, url, ours):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"

    assert is_product_url(url) is ours
