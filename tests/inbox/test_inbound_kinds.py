"""Every kind of customer message 8x8 posts reaches the thread: the webhook stores the event,
the worker's batch applies it, and the conversation page draws it by its kind (user text escaped,
anything unknown shown raw, never an error)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from messaging import enqueue
from messaging.intake import webhook_events_apply_batch
from messaging.models import Conversation, InboundMessage, WebhookEvent
from tests.chatapps.events import SECRET, inbound

pytestmark = pytest.mark.django_db

CUSTOMER = "+6591230000"
BUTTON = {"type": "button_reply", "button_reply": {"id": "slot-9", "title": "Nine o'clock"}}
LIST_PICK = {
    "type": "list_reply",
    "list_reply": {"id": "row-2", "title": "Tuesday", "description": "2 PM to 3 PM"},
}
CART = {
    "type": "order",
    "order": {
        "catalogId": "cat-1",
        "text": "For the weekend",
        "productItems": [
            {"productRetailerId": "sku-41", "quantity": 2, "itemPrice": 12.5, "currency": "SGD"},
            {"productRetailerId": "sku-77", "quantity": 1, "itemPrice": 4, "currency": "SGD"},
        ],
    },
}

# (8x8's type, its content, what the thread shows, each as it appears in the page's HTML)
KINDS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("Text", {"text": "Where is <b>my</b> order?"}, ["Where is &lt;b&gt;my&lt;/b&gt; order?"]),
    (
        "Image",
        {"url": "https://media.example.com/p.jpg", "text": "This one"},
        ['href="https://media.example.com/p.jpg"', "Open the image", "This one"],
    ),
    (
        "Video",
        {"url": "https://media.example.com/v.mp4"},
        ['href="https://media.example.com/v.mp4"', "Open the video"],
    ),
    (
        "Audio",
        {"url": "https://media.example.com/voice.ogg"},
        ['href="https://media.example.com/voice.ogg"', "Open the audio"],
    ),
    (
        "File",
        {"url": "https://media.example.com/invoice.pdf", "text": "invoice.pdf"},
        ['href="https://media.example.com/invoice.pdf"', "Open the file", "invoice.pdf"],
    ),
    (
        "Document",
        {"url": "https://media.example.com/terms.pdf"},
        ['href="https://media.example.com/terms.pdf"', "Open the document"],
    ),
    (
        "Location",
        {"location": {"latitude": 1.2834, "longitude": 103.8607, "name": "Marina Bay"}},
        ["Location", "1.2834, 103.8607", "Marina Bay"],
    ),
    ("Interactive", {"interactive": BUTTON}, ["Tapped", "Nine o&#x27;clock", "slot-9"]),
    ("Interactive", {"interactive": LIST_PICK}, ["Picked", "Tuesday", "2 PM to 3 PM", "row-2"]),
    (
        "Interactive",
        {"interactive": CART},
        ["Cart", "2 items", "For the weekend", "2 × sku-41 at 12.5 SGD", "1 × sku-77 at 4 SGD"],
    ),
    (
        "Reaction",
        {"reaction": {"emoji": "<3", "messageId": "x"}},
        ["Reaction", "shown as received", "&quot;emoji&quot;: &quot;&lt;3&quot;"],
    ),
    (
        "Image",
        {"url": "javascript:alert(1)"},  # not a web link: shown raw, never a link
        ["shown as received", "javascript:alert(1)"],
    ),
]


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def deliver(body: dict[str, Any]) -> None:
    response = Client().post(
        "/webhooks/8x8/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=SECRET,
    )
    assert response.status_code == 200
    assert webhook_events_apply_batch() == 1


@pytest.mark.parametrize(
    ("type_", "content", "shown"), KINDS, ids=[f"{k[0]}-{i}" for i, k in enumerate(KINDS)]
)
def test_each_kind_is_stored_and_drawn_in_the_thread(agent_client, type_, content, shown):
    deliver(inbound(msisdn=CUSTOMER, type=type_, content=content, umid="in-1"))

    assert WebhookEvent.objects.get().state == "applied"
    message = InboundMessage.objects.get()
    assert (message.msisdn, message.type, message.content) == (CUSTOMER, type_, content)
    convo = Conversation.objects.get(msisdn=CUSTOMER)
    assert convo.unread_count == 1
    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()
    bubble = page[page.index('data-umid="in-1"') :]
    bubble = bubble[: bubble.index("</div>")]
    for part in shown:
        assert part in bubble, part
    assert 'href="javascript:' not in bubble


def test_a_content_that_is_not_an_object_is_kept_and_shown_raw(agent_client):
    deliver(inbound(msisdn=CUSTOMER, type="Text", content=["not", "an", "object"], umid="in-1"))

    assert InboundMessage.objects.get().content == {"value": ["not", "an", "object"]}
    convo = Conversation.objects.get(msisdn=CUSTOMER)
    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()
    assert "shown as received" in page
    assert "&quot;not&quot;" in page


def test_every_kind_in_one_conversation_keeps_its_order(agent_client):
    for n, (type_, content, _) in enumerate(KINDS):
        stamp = f"2026-11-25T10:{n:02d}:00.00Z"
        deliver(
            inbound(msisdn=CUSTOMER, type=type_, content=content, umid=f"in-{n}", timestamp=stamp)
        )

    convo = Conversation.objects.get(msisdn=CUSTOMER)
    assert convo.unread_count == len(KINDS)
    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()
    positions = [page.index(f'data-umid="in-{n}"') for n in range(len(KINDS))]
    assert positions == sorted(positions)  # oldest first, as a chat reads
