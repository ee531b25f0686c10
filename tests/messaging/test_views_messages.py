"""A sent message's page (live status, timeline, duplicate); the history list is in
test_views_history.py."""

from __future__ import annotations

from django.urls import reverse

from catalog.models import Template
from composer.forms import post_data
from composer.kinds import compose_form, form_data_from_payload
from messaging.models import MessageEvent, MessageStatus, OutboundMessage

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST_BODY = {
    "user": {"msisdn": "+6591234567"},
    "type": "interactive",
    "content": {
        "interactive": {
            "type": "list",
            "header": {"type": "text", "text": "Sessions"},
            "body": {"text": "Pick a slot"},
            "action": {
                "button": "Book Slot",
                "sections": [
                    {"title": "Mon", "rows": [{"id": "s1", "title": "9:00", "description": "1h"}]},
                    {"title": "Tue", "rows": [{"id": "s2", "title": "10:00"}]},
                ],
            },
        },
        "fallbackText": "Reply with a time",
        "sms": {"encoding": "AUTO", "source": "TechStore"},
    },
}


def sent(
    user, *, kind="list", payload=None, status=MessageStatus.QUEUED, **fields
) -> OutboundMessage:
    message = OutboundMessage.objects.create(
        kind=kind,
        msisdn="+6591234567",
        payload={**(payload or LIST_BODY), "clientMessageId": "c-1"},
        sent_by=user,
        status=status,
        **fields,
    )
    MessageEvent.objects.create(message=message, status=MessageStatus.QUEUED, source="composer")
    return message


def test_the_message_page_shows_who_sent_what_and_the_exact_body(agent_client, agent):
    message = sent(agent, umid="2c3f-umid")
    html = agent_client.get(reverse("messaging:message", args=[message.pk])).content.decode()
    assert "Reply buttons" not in html
    assert "List to +6591234567" in html
    assert agent.get_username() in html
    assert "2c3f-umid" in html
    assert "&quot;clientMessageId&quot;: &quot;c-1&quot;" in html
    assert 'data-copy-target="#message-payload"' in html


def test_a_message_that_is_not_final_polls_its_status_fragment(agent_client, agent):
    message = sent(agent, status=MessageStatus.ACCEPTED)
    url = reverse("messaging:message", args=[message.pk])
    html = agent_client.get(url, **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="message-status"')
    assert 'hx-trigger="every 1s"' in html
    assert "<html" not in html


def test_a_read_message_stops_polling(agent_client, agent):
    message = sent(agent, status=MessageStatus.READ)
    html = agent_client.get(
        reverse("messaging:message", args=[message.pk]), **HTMX
    ).content.decode()
    assert "Read" in html
    assert 'hx-trigger="every 1s"' not in html  # the status stopped polling


def test_a_failed_message_explains_its_error_in_plain_words(agent_client, agent):
    message = sent(
        agent,
        status=MessageStatus.UNDELIVERED,
        error_code=1022,
        provider_error_code="131047",
        error_message="Re-engagement message",
    )
    html = agent_client.get(reverse("messaging:message", args=[message.pk])).content.decode()
    assert "Error 1022" in html
    assert "131047" in html
    assert 'hx-trigger="every 1s"' not in html  # the status stopped polling
    assert "24" in html  # the explainer names the 24-hour window


def test_an_agent_cannot_see_another_users_message(agent_client, marketer):
    message = sent(marketer)
    assert agent_client.get(reverse("messaging:message", args=[message.pk])).status_code == 404


def test_a_marketer_sees_everyones_messages(marketer_client, agent):
    message = sent(agent)
    assert marketer_client.get(reverse("messaging:message", args=[message.pk])).status_code == 200


def test_duplicate_opens_the_composer_prefilled_and_round_trips_to_the_same_body(
    agent_client, agent
):
    message = sent(agent)
    html = agent_client.get(reverse("composer:compose"), {"duplicate": message.pk}).content.decode()
    assert 'name="kind" value="list"' in html
    assert 'value="Book Slot"' in html
    assert 'value="9:00"' in html
    assert "Reply with a time</textarea>" in html
    # What the page is prefilled with, submitted as is, builds the body that was sent.
    state = form_data_from_payload(message.kind, message.payload)
    form = compose_form("list", post_data(state))
    assert form.is_valid(), form.errors
    assert form.payload == LIST_BODY


def test_duplicating_a_template_message_refills_its_parameters(marketer_client, marketer):
    Template.objects.create(
        name="promo",
        language="en_US",
        status="APPROVED",
        components=[
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Use {{1}}"},
            {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy"}]},
        ],
    )
    payload = {
        "user": {"msisdn": "+6591234567"},
        "type": "template",
        "content": {
            "template": {
                "name": "promo",
                "language": "en_US",
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": "PROMO321"}]},
                    {
                        "type": "header",
                        "parameters": [{"type": "image", "url": "https://a.example/p.jpg"}],
                    },
                    {
                        "type": "button",
                        "subType": "copyCode",
                        "index": 0,
                        "parameters": [{"type": "couponCode", "couponCode": "SAVE10"}],
                    },
                ],
            }
        },
    }
    message = sent(marketer, kind="template", payload=payload)
    html = marketer_client.get(
        reverse("composer:compose"), {"duplicate": message.pk}
    ).content.decode()
    assert 'value="PROMO321"' in html
    assert 'value="https://a.example/p.jpg"' in html
    assert 'value="SAVE10"' in html
    form = compose_form("template", post_data(form_data_from_payload("template", payload)))
    assert form.is_valid(), form.errors
    assert form.payload == payload


def test_an_agent_cannot_duplicate_another_users_message(agent_client, marketer):
    message = sent(marketer)
    response = agent_client.get(reverse("composer:compose"), {"duplicate": message.pk})
    assert response.status_code == 404
