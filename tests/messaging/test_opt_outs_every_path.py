"""The issue's opt-out test, end to end: a STOP inbound and a 131050 receipt, each through the real
webhook endpoint, opt a number out; a single send, an SMS-fallback send and the bulk check for
campaigns then refuse them before anything reaches 8x8; START opts back in; the ledger keeps all
four events in order."""

from __future__ import annotations

import json

import httpx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chatapps.client import reset_client, set_client
from composer.forms import post_data
from messaging import enqueue
from messaging.intake import webhook_events_apply_batch
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_dispatch
from recipients.models import OptEvent
from recipients.selectors import opted_out_among
from tests.chatapps.events import SECRET, inbound, receipt
from tests.chatapps.mock8x8 import make_client
from tests.factories import OutboundMessageFactory, TemplateFactory

pytestmark = pytest.mark.django_db

STOPPED = "+6591234567"  # replies STOP
REPORTED = "+6598765432"  # WhatsApp reports 131050 for them
SEND = reverse("composer:send")


@pytest.fixture
def to_8x8(monkeypatch) -> list[httpx.Request]:
    """Every request the product makes to 8x8; webhook events are applied as the worker would,
    and dispatches are only noted (a test runs them itself)."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"umid": "out-ok", "queued": True})

    def send_task(name: str, args: tuple) -> None:
        if name == enqueue.WEBHOOK_EVENTS_APPLY:
            webhook_events_apply_batch()

    monkeypatch.setattr(enqueue, "_send", send_task)
    set_client(make_client(handler))
    yield requests
    reset_client()


def webhook_post(body: dict, capture) -> None:
    with capture(execute=True):
        response = Client().post(
            "/webhooks/8x8/",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=SECRET,
        )
    assert response.status_code == 200


def says(msisdn: str, text: str) -> dict:
    stamp = timezone.now().isoformat().replace("+00:00", "Z")
    return inbound(msisdn=msisdn, text=text, timestamp=stamp)


def compose(client, msisdn: str, **typed):
    data = {"kind": "template", "msisdn": msisdn, "template": "en:order_update", **typed}
    return client.post(SEND, post_data({"body_1": "#52", **data}))


def test_stop_and_131050_opt_out_every_send_path_refuses_start_opts_back_in(
    marketer_client, to_8x8, django_capture_on_commit_callbacks
):
    TemplateFactory(name="order_update", language="en", category="MARKETING")
    webhook_post(says(STOPPED, "Stop!"), django_capture_on_commit_callbacks)
    earlier = OutboundMessageFactory(
        msisdn=REPORTED, status=MessageStatus.ACCEPTED, umid="out-131050"
    )
    failed = receipt(
        umid="out-131050",
        state="failed",
        detail="",
        error_code=1051,
        error_message="Recipient opted out of marketing messages",
        provider_error_code="131050",
    )
    webhook_post(failed, django_capture_on_commit_callbacks)
    assert OutboundMessage.objects.get(pk=earlier.pk).status == MessageStatus.FAILED

    for msisdn, why in ((STOPPED, "(replied Stop!)"), (REPORTED, "(Meta 131050)")):
        for typed in ({}, {"fallback_text": "Order #52 shipped (SMS)"}):
            html = compose(marketer_client, msisdn, **typed).content.decode()
            assert f"Not sent: {msisdn} opted out." in html
            assert why in html
    assert OutboundMessage.objects.count() == 1  # only the earlier message
    assert to_8x8 == []  # neither WhatsApp nor its SMS fallback went to 8x8
    everyone = [STOPPED, REPORTED, "+6590000001"]
    flagged = opted_out_among(everyone, category="marketing")
    assert {m: state.source for m, state in flagged.items()} == {
        STOPPED: "keyword",
        REPORTED: "receipt",
    }

    webhook_post(says(STOPPED, "START"), django_capture_on_commit_callbacks)
    webhook_post(says(REPORTED, "start"), django_capture_on_commit_callbacks)
    assert opted_out_among(everyone, category="marketing") == {}
    response = compose(marketer_client, STOPPED, fallback_text="Order #52 shipped (SMS)")
    assert response.status_code == 302
    sent = OutboundMessage.objects.get(msisdn=STOPPED)
    message_dispatch(message_id=sent.pk)
    assert [json.loads(r.content)["user"]["msisdn"] for r in to_8x8] == [STOPPED]
    assert json.loads(to_8x8[0].content)["content"]["fallbackText"] == "Order #52 shipped (SMS)"

    ledger = OptEvent.objects.order_by("at", "id")
    assert [(e.msisdn, e.kind, e.source, e.reason) for e in ledger] == [
        (STOPPED, "opt_out", "keyword", "Stop!"),
        (REPORTED, "opt_out", "receipt", "Recipient opted out of marketing messages"),
        (STOPPED, "opt_in", "keyword", "START"),
        (REPORTED, "opt_in", "keyword", "start"),
    ]
    assert ledger[1].umid == "out-131050"
