"""A message goes out through a real worker to the sandbox over HTTP, exactly once, and its status
follows the sandbox's delivery receipts to 'read'."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.services import Actor
from messaging.models import InboundMessage, MessageStatus, OutboundMessage, WebhookEvent
from messaging.sending import message_queue
from sandbox import selectors as sandbox
from sandbox.models import SandboxMessage
from sandbox.replies import customer_reply
from tests.conftest import wait_until

pytestmark = pytest.mark.worker

TEMPLATE = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#523534"}]}],
        }
    },
}


def status_of(message: OutboundMessage) -> str:
    message.refresh_from_db()
    return message.status


def test_a_template_is_sent_once_and_its_status_reaches_read(live_stack, marketer):
    message = message_queue(
        actor=Actor.of(marketer), kind="template", msisdn="+6591234567", payload=TEMPLATE
    )

    wait_until(lambda: status_of(message) == MessageStatus.READ, what="status read")

    message.refresh_from_db()
    assert message.umid
    assert message.attempts == 1
    assert [e.status for e in message.events.filter(applied=True)] == [
        "queued",
        "sending",
        "accepted",
        "delivered",
        "read",
    ]
    received = SandboxMessage.objects.get(client_message_id=message.client_message_id)
    assert received.umid == message.umid
    assert sandbox.accepted_count() == 1
    assert sandbox.duplicate_count() == 0
    assert WebhookEvent.objects.filter(umid=message.umid).count() >= 2


def test_free_form_to_a_number_outside_the_window_fails_with_8x8s_code(live_stack, agent):
    # The product believes the window is open (it holds a message from 23 h ago), but the customer
    # never wrote to WhatsApp's side: the sandbox, like WhatsApp, keeps its own record and refuses.
    InboundMessage.objects.create(
        umid="in-1",
        msisdn="+6591230000",
        type="Text",
        content={"text": "hi"},
        received_at=timezone.now() - timedelta(hours=23),
    )
    body = {"user": {"msisdn": "+6591230000"}, "type": "text", "content": {"text": "Hello"}}
    message = message_queue(actor=Actor.of(agent), kind="text", msisdn="+6591230000", payload=body)

    wait_until(lambda: status_of(message) == MessageStatus.UNDELIVERED, what="status undelivered")
    message.refresh_from_db()
    assert message.error_code == 1022
    assert message.provider_error_code == "131047"


def test_rate_limited_sends_are_retried_and_still_sent_exactly_once(live_stack, marketer):
    from sandbox.services import config_update

    config_update(rate_limit_percent=100, retry_after_seconds=1)
    numbers = [f"+659123400{i}" for i in range(3)]
    messages = [
        message_queue(
            actor=Actor.of(marketer),
            kind="template",
            msisdn=n,
            payload={**TEMPLATE, "user": {"msisdn": n}},
        )
        for n in numbers
    ]
    wait_until(
        lambda: OutboundMessage.objects.filter(error_code=429).count() == 3, what="429s recorded"
    )
    config_update(rate_limit_percent=0)
    for message in messages:
        wait_until(lambda m=message: status_of(m) == MessageStatus.READ, what="status read")
    assert sandbox.accepted_count() == 3
    assert sandbox.duplicate_count() == 0
    assert sandbox.sent_counts_by_client_message_id() == {}  # no clientMessageId accepted twice


def test_an_uploaded_image_goes_through_8x8s_file_store_and_is_sent(live_stack, agent):
    import httpx
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from composer.forms import post_data

    # The customer writes first, as on WhatsApp: the sandbox opens its own window for them and
    # its webhook opens ours.
    customer_reply(phone="+6591234567", kind="text", text="Can I see it?")
    wait_until(lambda: InboundMessage.objects.filter(msisdn="+6591234567").exists(), what="inbound")
    photo_bytes = b"\xff\xd8\xff\xe0" + b"JFIF-test-image" * 50
    browser = Client()
    browser.force_login(agent)
    data = {
        **post_data({"kind": "image", "msisdn": "+6591234567", "caption": "New *in*"}),
        "upload": SimpleUploadedFile("shirt.jpg", photo_bytes, content_type="image/jpeg"),
    }
    response = browser.post("/compose/send/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    message = OutboundMessage.objects.get()
    url = message.payload["content"]["url"]
    assert url.startswith(live_stack.url + "/sandbox/files/")
    downloaded = httpx.get(url, follow_redirects=True, timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == photo_bytes  # the sandbox stores and serves the upload

    wait_until(lambda: status_of(message) == MessageStatus.READ, what="status read")
    received = SandboxMessage.objects.get(client_message_id=message.client_message_id)
    assert received.body["content"] == {"url": url, "text": "New *in*"}
