"""The composer and the opt-out ledger: a send to an opted-out number is refused on the page,
before any upload, and the notice shows as the number is typed."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from chatapps.client import ChatAppsClient, reset_client, set_client
from composer.forms import post_data
from messaging.models import OutboundMessage
from recipients.services import opt_in, opt_out
from tests.factories import InboundMessageFactory, TemplateFactory

SEND = reverse("composer:send")
PREVIEW = reverse("composer:preview")
HTMX = {"HTTP_HX_REQUEST": "true"}
MSISDN = "+6591234567"

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped():
    """The customer wrote an hour ago (their window is open), then replied STOP."""
    InboundMessageFactory(msisdn=MSISDN, received_at=timezone.now() - timedelta(hours=1))
    return opt_out(msisdn=MSISDN, reason="STOP", source="keyword", umid="in-stop")


def send(client, kind: str, typed: dict):
    return client.post(SEND, post_data({"kind": kind, "msisdn": MSISDN, **typed}))


def test_a_free_form_send_to_an_opted_out_number_is_refused_on_the_page(agent_client, stopped):
    response = send(agent_client, "text", {"text": "We are on it.", "fallback_text": "By SMS"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Not sent: {MSISDN} opted out." in html
    day = timezone.localtime(stopped.at).strftime("%Y-%m-%d")
    assert f"{MSISDN} opted out of marketing messages on {day} (replied STOP)" in html
    assert 'id="opt-out-notice"' in html
    assert "this message will be refused" in html
    assert "We are on it." in html  # what was typed is kept
    assert OutboundMessage.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.MESSAGE_SEND).exists()


def test_a_template_send_is_refused_too_and_goes_once_they_opt_back_in(marketer_client, stopped):
    template = TemplateFactory(name="order_update", language="en_GB")
    typed = {"template": f"en_GB:{template.name}", "body_1": "Jane"}
    assert send(marketer_client, "template", typed).status_code == 200
    assert OutboundMessage.objects.count() == 0
    opt_in(msisdn=MSISDN, reason="START", source="keyword")
    assert send(marketer_client, "template", typed).status_code == 302
    assert OutboundMessage.objects.count() == 1


def test_nothing_is_uploaded_for_a_message_to_an_opted_out_number(agent_client, stopped):
    calls: list[httpx.Request] = []

    def files_endpoint(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(201, json={"fileName": "a.jpeg", "token": "tok"})

    set_client(
        ChatAppsClient(
            base_url="https://chatapps.example",
            api_key="k",
            subaccount_id="Shop_WA",
            account_id="Shop",
            channel_id="c",
            transport=httpx.MockTransport(files_endpoint),
        )
    )
    photo = SimpleUploadedFile("shirt.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    try:
        data = {**post_data({"kind": "image", "msisdn": MSISDN, "caption": "New"}), "upload": photo}
        html = agent_client.post(SEND, data).content.decode()
    finally:
        reset_client()
    assert f"Not sent: {MSISDN} opted out." in html
    assert calls == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.FILE_UPLOAD).exists()
    assert OutboundMessage.objects.count() == 0


def test_the_live_preview_says_the_number_opted_out_as_it_is_typed(marketer_client, stopped):
    data = post_data({"kind": "text", "msisdn": "+65 9123 4567", "text": "Hi"})
    html = marketer_client.post(PREVIEW, data, **HTMX).content.decode()
    assert 'id="opt-out-notice" aria-live="polite" hx-swap-oob="true"' in html
    assert "Opted out of marketing messages on" in html
    assert "(replied STOP): this message will be refused." in html


def test_the_live_notice_is_empty_for_a_number_that_may_be_sent_to(marketer_client, stopped):
    data = post_data({"kind": "text", "msisdn": "+6598765432", "text": "Hi"})
    html = marketer_client.post(PREVIEW, data, **HTMX).content.decode()
    assert 'id="opt-out-notice" aria-live="polite" hx-swap-oob="true"></p>' in html


def test_the_live_notice_follows_the_authentication_setting(marketer_client, stopped, settings):
    TemplateFactory(name="login_code", language="en", category="AUTHENTICATION")
    data = post_data({"kind": "template", "msisdn": MSISDN, "template": "en:login_code"})
    html = marketer_client.post(PREVIEW, data, **HTMX).content.decode()
    assert "this message will be refused" in html
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    html = marketer_client.post(PREVIEW, data, **HTMX).content.decode()
    assert "this message will be refused" not in html


def test_the_compose_page_shows_the_notice_for_a_number_in_the_address(agent_client, stopped):
    html = agent_client.get(reverse("composer:compose"), {"msisdn": MSISDN}).content.decode()
    assert "Opted out of marketing messages on" in html
