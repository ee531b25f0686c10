"""Contacts appear by themselves: one per number, from a message sent to a typed number and from
a message a customer sends, so history, inbox and contacts agree."""

from __future__ import annotations

import pytest

from audit.services import Actor
from messaging import enqueue
from messaging.intake import webhook_event_apply, webhook_events_store
from messaging.models import InboundMessage, OutboundMessage
from messaging.sending import message_queue
from recipients.models import Contact
from tests.chatapps.events import inbound
from tests.factories import InboundMessageFactory

pytestmark = pytest.mark.django_db
NUMBER = "+6591234567"
TEXT = {"user": {"msisdn": NUMBER}, "type": "text", "content": {"text": "Hello"}}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(enqueue, "_send", lambda name, args: None)


def test_a_sent_message_makes_exactly_one_contact(marketer):
    InboundMessageFactory(msisdn=NUMBER)  # the window is open, so free-form may go
    for _ in range(2):
        message_queue(actor=Actor.of(marketer), kind="text", msisdn=NUMBER, payload=TEXT)
    assert list(Contact.objects.values_list("msisdn", flat=True)) == [NUMBER]
    assert OutboundMessage.objects.filter(msisdn=Contact.objects.get().msisdn).count() == 2


def test_an_inbound_message_makes_exactly_one_contact_named_from_the_profile():
    for umid in ("u1", "u2"):
        events, _ = webhook_events_store(body=inbound(msisdn=NUMBER, umid=umid))
        webhook_event_apply(event_id=events[0].id)
    contact = Contact.objects.get()
    assert (contact.msisdn, contact.name) == (NUMBER, "Jane Tan")
    assert InboundMessage.objects.filter(msisdn=contact.msisdn).count() == 2


def test_an_unusual_number_becomes_a_contact_with_a_warning():
    events, _ = webhook_events_store(body=inbound(msisdn="+9991234567", umid="u3"))
    webhook_event_apply(event_id=events[0].id)
    assert "not a number in use" in Contact.objects.get().number_warning
