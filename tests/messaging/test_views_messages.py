"""A sent message's page (live status, timeline, duplicate) and the history list."""

from __future__ import annotations

import re

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


# -- History ------------------------------------------------------------------------------------


def test_history_filters_by_status_kind_and_recipient(marketer_client, marketer):
    sent(marketer, status=MessageStatus.DELIVERED)
    failed = sent(marketer, kind="text", status=MessageStatus.FAILED)
    OutboundMessage.objects.filter(pk=failed.pk).update(msisdn="+6598765432")
    url = reverse("messaging:history")
    assert "+6598765432" in marketer_client.get(url, {"status": "failed"}).content.decode()
    assert "+6598765432" not in marketer_client.get(url, {"kind": "list"}).content.decode()
    html = marketer_client.get(url, {"msisdn": "+65 9876"}).content.decode()
    assert "+6598765432" in html
    assert "+6591234567" not in html


def test_history_pages_by_25_with_a_fixed_number_of_queries(
    marketer_client, marketer, django_assert_num_queries
):
    for _ in range(30):
        sent(marketer)
    url = reverse("messaging:history")
    # session, user, user and group permissions, the role badge's groups, count, one page of
    # messages with their senders joined: the same for 5 rows or 25.
    with django_assert_num_queries(7):
        first = marketer_client.get(url, {"kind": "list"})
    with django_assert_num_queries(7):
        response = marketer_client.get(url, {"page": 2, "kind": "list"})
    assert len(re.findall(r'href="/messages/\d+/"', first.content.decode())) == 25
    assert response.status_code == 200
    assert "Page 2 of 2" in response.content.decode()
    assert len(re.findall(r'href="/messages/\d+/"', response.content.decode())) == 5


def test_agents_see_only_their_own_history(agent_client, agent, marketer):
    sent(agent)
    theirs = sent(marketer)
    OutboundMessage.objects.filter(pk=theirs.pk).update(msisdn="+6511112222")
    html = agent_client.get(reverse("messaging:history")).content.decode()
    assert "+6591234567" in html
    assert "+6511112222" not in html


def test_history_is_refused_to_users_without_a_role(outsider_client):
    assert outsider_client.get(reverse("messaging:history")).status_code == 403
