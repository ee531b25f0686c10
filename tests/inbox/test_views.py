"""The inbox pages: who may see what, and the window rule (every inbound kind drawn in the
thread: test_inbound_kinds.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.conversations import conversation_inbound
from messaging.models import Conversation, InboundMessage, OutboundMessage

pytestmark = pytest.mark.django_db

CUSTOMER = "+6591234567"


def inbound(content, *, type_="Text", ago=timedelta(minutes=5), umid="u1"):
    message = InboundMessage.objects.create(
        umid=umid,
        msisdn=CUSTOMER,
        type=type_,
        content=content,
        received_at=timezone.now() - ago,
    )
    conversation_inbound(message=message)
    return message


def test_it_refuses_a_marketer(marketer_client):
    assert marketer_client.get("/inbox/").status_code == 403


def test_it_lists_a_conversation_with_its_unread_count(agent_client):
    inbound({"text": "Hello there"})
    response = agent_client.get("/inbox/")
    assert response.status_code == 200
    assert b"Hello there" in response.content
    assert Conversation.objects.get().unread_count == 1


def test_opening_it_resets_unread(agent_client):
    inbound({"text": "Hello there"})
    convo = Conversation.objects.get()
    assert agent_client.get(f"/inbox/{convo.pk}/").status_code == 200
    convo.refresh_from_db()
    assert convo.unread_count == 0


def test_an_agent_cannot_send_free_form_outside_the_window(agent_client):
    inbound({"text": "old"}, ago=timedelta(hours=30))
    convo = Conversation.objects.get()
    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()
    assert "Only an approved template can be sent" in page
    response = agent_client.post(
        f"/inbox/{convo.pk}/reply/",
        {"kind": "text", "msisdn": CUSTOMER, "text": "hi", "window_override": "on"},
    )
    assert response.status_code == 200
    assert not OutboundMessage.objects.exists()


def test_an_agent_replies_inside_the_window(agent_client):
    inbound({"text": "hi"})
    convo = Conversation.objects.get()
    response = agent_client.post(
        f"/inbox/{convo.pk}/reply/", {"kind": "text", "msisdn": "+10000000000", "text": "hello"}
    )
    assert response.status_code == 302
    message = OutboundMessage.objects.get()
    assert message.msisdn == CUSTOMER  # the conversation's number, whatever was posted
    convo.refresh_from_db()
    assert convo.last_direction == "out"


def test_an_agent_does_not_see_a_colleagues_conversation(agent_client, admin):
    inbound({"text": "hi"})
    Conversation.objects.update(assigned_to=admin)
    convo = Conversation.objects.get()
    assert agent_client.get(f"/inbox/{convo.pk}/").status_code == 404
    assert CUSTOMER.encode() not in agent_client.get("/inbox/").content
