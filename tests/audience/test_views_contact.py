"""One contact's page: what it shows, and its forms (edit, lists, opt-out and opt-in, create)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from recipients.models import Contact, ContactList, ListMember, OptEvent
from recipients.selectors import opt_states
from tests.factories import ContactFactory, InboundMessageFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db
NUMBER = "+6591234567"


@pytest.fixture
def contact():
    return ContactFactory(msisdn=NUMBER, attributes={"city": "Singapore"})


def url(contact, rest=""):
    return f"/contacts/{contact.pk}/{rest}"


def test_an_outsider_is_refused(outsider_client, contact):
    assert outsider_client.get(url(contact)).status_code == 403


def test_it_shows_messages_both_ways_and_the_ledger(marketer_client, marketer, contact):
    InboundMessageFactory(msisdn=NUMBER, content={"text": "Where is my parcel?"})
    OutboundMessageFactory(msisdn=NUMBER, sent_by=marketer)
    OptEvent.objects.create(
        msisdn=NUMBER, kind="opt_out", scope="marketing", source="keyword", reason="STOP", umid="u1"
    )
    page = marketer_client.get(url(contact)).content.decode()
    for text in ("Where is my parcel?", "Hello", "from them", "to them", "STOP", "u1", "Singapore"):
        assert text in page, text
    assert "Opted out of marketing" in page


def test_more_messages_are_a_link_away(marketer_client, contact):
    now = timezone.now()
    for n in range(25):
        InboundMessageFactory(msisdn=NUMBER, received_at=now - timedelta(minutes=n))
    page = marketer_client.get(url(contact)).content.decode()
    assert "?messages=100" in page
    assert page.count('class="in"') == 20
    assert (
        marketer_client.get(url(contact), {"messages": "100"}).content.decode().count('class="in"')
        == 25
    )


def test_an_agent_records_an_opt_out_the_customer_asked_for(agent_client, agent, contact):
    response = agent_client.post(
        url(contact, "opt/"), {"kind": "opt_out", "scope": "all", "reason": "Called us"}
    )
    assert response.status_code == 302
    event = OptEvent.objects.get()
    assert (event.source, event.actor, event.scope) == ("manual", agent, "all")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECIPIENT_OPT).count() == 1
    agent_client.post(url(contact, "opt/"), {"kind": "opt_in", "scope": "all", "reason": "Back"})
    assert opt_states(NUMBER) == {}


def test_an_opt_out_needs_a_reason(agent_client, contact):
    response = agent_client.post(url(contact, "opt/"), {"kind": "opt_out", "scope": "all"})
    assert response.status_code == 422
    assert "Reason: This field is required." in response.content.decode()
    assert not OptEvent.objects.exists()


def test_an_agent_cannot_edit_a_contact(agent_client, contact):
    assert agent_client.post(url(contact, "edit/"), {"name": "X"}).status_code == 403


def edit_data(**fields):
    data = {
        "name": "Jane Tan",
        "language": "en",
        "time_zone": "Asia/Singapore",
        "tags": "VIP, newsletter",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-key": "city",
        "form-0-value": "Jakarta",
        "form-1-key": "tier",
        "form-1-value": "gold",
    }
    return {**data, **fields}


def test_editing_saves_details_tags_and_attributes(marketer_client, contact):
    assert marketer_client.post(url(contact, "edit/"), edit_data()).status_code == 302
    contact.refresh_from_db()
    assert (contact.time_zone, contact.attributes) == (
        "Asia/Singapore",
        {"city": "Jakarta", "tier": "gold"},
    )
    assert sorted(contact.tags.values_list("name", flat=True)) == ["newsletter", "vip"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CONTACT_CHANGE)
    assert "attributes" in entry.data["changes"] and "tags" in entry.data["changes"]


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"time_zone": "Mars/Olympus"}, "Time zone: &#x27;Mars/Olympus&#x27; is not a time zone"),
        ({"language": "english!"}, "Language: &#x27;english!&#x27; is not a language code"),
        ({"form-1-key": "city"}, "attribute row 2: &#x27;city&#x27; is there twice"),
        ({"form-1-key": ""}, "attribute row 2: a value needs a key"),
    ],
)
def test_editing_names_the_field_and_the_rule(marketer_client, contact, fields, error):
    response = marketer_client.post(url(contact, "edit/"), edit_data(**fields))
    assert response.status_code == 422
    assert error in response.content.decode()
    contact.refresh_from_db()
    assert contact.attributes == {"city": "Singapore"}


def test_adding_to_and_removing_from_a_list(marketer_client, contact):
    news = ContactList.objects.create(name="News")
    marketer_client.post(url(contact, "lists/"), {"contact_list": news.pk})
    assert ListMember.objects.filter(contact=contact, contact_list=news).exists()
    marketer_client.post(url(contact, "lists/"), {"contact_list": news.pk, "remove": "on"})
    assert not ListMember.objects.exists()


def test_creating_a_contact_normalises_a_national_number(marketer_client, settings):
    settings.CONTACTS_DEFAULT_COUNTRY = "SG"
    response = marketer_client.post("/contacts/new/", {"msisdn": "9123 4567", "name": "Jane"})
    contact = Contact.objects.get()
    assert response["Location"] == f"/contacts/{contact.pk}/"
    assert (contact.msisdn, contact.number_warning) == ("+6591234567", "")


def test_an_unusual_number_is_kept_with_a_warning(marketer_client):
    response = marketer_client.post("/contacts/new/", {"msisdn": "+999 1234567"}, follow=True)
    assert Contact.objects.get().number_warning.startswith("+9991234567 is not a number in use")
    assert "kept as written" in response.content.decode()


@pytest.mark.parametrize(
    "typed, error",
    [
        ("12ab", "&#x27;12ab&#x27; is not a phone number"),
        ("91234567", "has no country code"),
        (NUMBER, "+6591234567 is already a contact"),
    ],
)
def test_a_bad_or_known_number_is_refused_saying_why(marketer_client, contact, typed, error):
    response = marketer_client.post("/contacts/new/", {"msisdn": typed})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Contact.objects.count() == 1
