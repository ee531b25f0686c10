"""Sending from the composer: what gets stored, what is refused, and the 24-hour window."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from catalog.models import Template
from composer.forms import post_data
from messaging.models import InboundMessage, OutboundMessage

SEND = reverse("composer:send")
MSISDN = "+6591234567"


def customer_wrote(msisdn: str = MSISDN, *, hours_ago: float = 1) -> None:
    """The customer's last message, which opens (or, long enough ago, closed) their window."""
    InboundMessage.objects.create(
        umid=f"in-{msisdn}-{hours_ago}",
        msisdn=msisdn,
        type="Text",
        content={"text": "hi"},
        received_at=timezone.now() - timedelta(hours=hours_ago),
    )


def send(client, kind: str, typed: dict[str, Any], **extra: Any):
    return client.post(SEND, post_data({"kind": kind, "msisdn": MSISDN, **typed, **extra}))


@pytest.fixture
def order_update(db) -> Template:
    return Template.objects.create(
        name="order_update",
        language="en_GB",
        status="APPROVED",
        components=[{"type": "BODY", "text": "Your order {{1}} is on its way."}],
    )


def test_a_template_send_stores_one_message_with_the_exact_body(
    marketer_client, marketer, order_update
):
    response = send(
        marketer_client, "template", {"template": "en_GB:order_update", "body_1": "#52"}
    )
    message = OutboundMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:message", args=[message.pk])
    assert message.kind == "template"
    assert message.msisdn == MSISDN
    assert message.sent_by == marketer
    assert message.payload == {
        "user": {"msisdn": MSISDN},
        "type": "template",
        "content": {
            "template": {
                "name": "order_update",
                "language": "en_GB",
                "components": [{"type": "body", "parameters": [{"type": "text", "text": "#52"}]}],
            }
        },
        "clientMessageId": message.client_message_id,
    }
    assert AuditEntry.objects.filter(action=AuditEntry.Action.MESSAGE_SEND).count() == 1


def test_free_form_inside_the_window_is_stored(agent_client):
    customer_wrote(hours_ago=2)
    response = send(agent_client, "text", {"text": "We are on it."})
    assert response.status_code == 302
    message = OutboundMessage.objects.get()
    assert message.payload["content"] == {"text": "We are on it."}
    assert message.window_override is False


def test_free_form_with_no_known_window_is_refused_with_an_explanation(marketer_client):
    response = send(marketer_client, "text", {"text": "Hello"})
    html = response.content.decode()
    assert response.status_code == 200
    assert OutboundMessage.objects.count() == 0
    assert "WhatsApp only delivers free-form messages within 24 hours" in html
    assert f"{reverse('composer:compose')}?kind=template&amp;msisdn=%2B6591234567" in html
    assert "Hello</textarea>" in html  # nothing typed is lost
    assert 'name="window_override"' not in html  # marketers cannot override


def test_free_form_after_the_window_closed_is_refused(agent_client):
    customer_wrote(hours_ago=30)
    html = send(agent_client, "text", {"text": "Hello"}).content.decode()
    assert OutboundMessage.objects.count() == 0
    assert "customer-service window with +6591234567 closed" in html


def test_an_agent_is_offered_the_audited_override(agent_client):
    html = send(agent_client, "text", {"text": "Hello"}).content.decode()
    assert 'name="window_override"' in html
    assert "I know the window is open: send anyway (audited)" in html


def test_an_agent_may_override_the_window_and_it_is_audited(agent_client, agent):
    response = send(
        agent_client, "text", {"text": "As promised on the phone"}, window_override=True
    )
    message = OutboundMessage.objects.get()
    assert response.status_code == 302
    assert message.window_override is True
    entry = AuditEntry.objects.get(action=AuditEntry.Action.WINDOW_OVERRIDE)
    assert entry.actor == agent
    assert entry.target_id == str(message.pk)


def test_a_marketer_cannot_override_the_window_by_posting_the_box(marketer_client):
    send(marketer_client, "text", {"text": "Sneaky"}, window_override=True)
    assert OutboundMessage.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.WINDOW_OVERRIDE).exists()


@pytest.mark.parametrize(
    ("kind", "typed", "field", "message"),
    [
        ("text", {"msisdn": "12345", "text": "x"}, "msisdn", "is not an international number"),
        ("text", {"text": "x" * 4097}, "text", "Message is 4097 characters; WhatsApp allows 4096"),
        (
            "image",
            {"url": "http://a.example/i.jpg", "caption": "c" * 1025},
            "caption",
            "Caption is 1025 characters; WhatsApp allows 1024",
        ),
        (
            "video",
            {"url": "ftp://a.example/v.mp4"},
            "url",
            "&#x27;ftp:&#x27; links are not allowed",
        ),
        (
            "buttons",
            {"body": "b", "buttons": [{"title": "x" * 23}]},
            "buttons-0-title",
            "Button title is 23 characters; WhatsApp allows 20",
        ),
        (
            "buttons",
            {"body": "b", "buttons": [{"title": "Yes"}, {"title": "Yes"}]},
            "buttons-1-title",
            "button title &#x27;Yes&#x27; is used twice; each must be unique",
        ),
        (
            "buttons",
            {"body": "b", "buttons": [{"title": t} for t in "ABCD"]},
            None,
            "at most 3 reply buttons (got 4); WhatsApp allows 3",
        ),
        (
            "list",
            {
                "body": "b",
                "button": "Open",
                "sections": [{"rows": [{"title": f"r{n}"} for n in range(11)]}],
            },
            None,
            "at most 10 rows",
        ),
        (
            "product_list",
            {
                "catalog_id": "1",
                "header_text": "h",
                "body": "b",
                "sections": [{"products": [{"product_retailer_id": f"p{n}"} for n in range(31)]}],
            },
            None,
            "at most 30 products across all sections (got 31); WhatsApp allows 30",
        ),
        ("location", {"latitude": "100", "longitude": "1"}, "latitude", "between -90 and 90"),
    ],
)
def test_a_message_over_a_limit_is_refused_naming_it_and_nothing_is_stored(
    agent_client, kind, typed, field, message
):
    customer_wrote()
    response = send(agent_client, kind, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert OutboundMessage.objects.count() == 0
    if field:
        assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', html)


def test_a_template_send_with_a_missing_parameter_is_refused(marketer_client, order_update):
    html = send(marketer_client, "template", {"template": "en_GB:order_update"}).content.decode()
    assert "Body {{1}} is required: template order_update needs it." in html
    assert OutboundMessage.objects.count() == 0


def test_a_template_send_with_an_extra_parameter_is_refused(marketer_client, order_update):
    typed = {"template": "en_GB:order_update", "body_1": "#1", "body_2": "extra"}
    html = send(marketer_client, "template", typed).content.decode()
    assert "order_update (en_GB) takes no body {{2}}" in html
    assert OutboundMessage.objects.count() == 0


def test_sending_needs_the_send_permission_and_a_post(marketer_client, outsider_client):
    assert marketer_client.get(SEND).status_code == 405
    assert send(outsider_client, "text", {"text": "x"}).status_code == 403
    assert OutboundMessage.objects.count() == 0


def test_an_uploaded_image_is_sent_through_8x8s_file_store_and_audited(agent_client, agent):
    import httpx
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chatapps.client import ChatAppsClient, reset_client, set_client

    def files_endpoint(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v1/subaccounts/Shop_WA/files"
        return httpx.Response(201, json={"fileName": "a350.jpeg", "token": "tok"})

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
    customer_wrote()
    photo = SimpleUploadedFile("shirt.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    try:
        data = {
            **post_data({"kind": "image", "msisdn": MSISDN, "caption": "New in"}),
            "upload": photo,
        }
        response = agent_client.post(SEND, data)
    finally:
        reset_client()
    assert response.status_code == 302
    message = OutboundMessage.objects.get()
    assert message.payload["content"] == {
        "url": "https://chatapps.example/files/a350.jpeg?token=tok",
        "text": "New in",
    }
    assert AuditEntry.objects.filter(action=AuditEntry.Action.FILE_UPLOAD, actor=agent).exists()
