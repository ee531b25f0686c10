"""The contacts page: permissions, filters, keyset links, and bulk actions from it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audience import bulk
from audience.models import BulkAction
from audience.services import tags_get
from audit.models import AuditEntry
from messaging import enqueue
from recipients.models import ContactList, ContactTag, ListMember, OptEvent
from recipients.selectors import opt_states
from tests.factories import ContactFactory, InboundMessageFactory

pytestmark = pytest.mark.django_db
URL = "/contacts/"


@pytest.fixture
def sent(monkeypatch):
    """Tasks the page hands to the broker, recorded instead of sent."""
    queued: list[tuple[str, tuple]] = []
    monkeypatch.setattr(enqueue, "_send", lambda name, args: queued.append((name, args)))
    return queued


def test_it_needs_a_login(client):
    assert client.get(URL).status_code == 302


def test_an_outsider_is_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403
    assert outsider_client.post("/contacts/bulk/", {"action": "tag_add"}).status_code == 403


def test_an_agent_sees_contacts_but_no_bulk_actions(agent_client):
    ContactFactory(msisdn="+6591234567")
    page = agent_client.get(URL).content.decode()
    assert "+6591234567" in page
    assert 'name="ids"' not in page
    assert agent_client.post("/contacts/bulk/", {"action": "tag_add"}).status_code == 403


def test_rows_show_tags_lists_opt_out_and_window(marketer_client):
    contact = ContactFactory(msisdn="+6591234567", number_warning="odd number")
    contact.tags.set(tags_get(["vip"]))
    ListMember.objects.create(contact=contact, contact_list=ContactList.objects.create(name="News"))
    InboundMessageFactory(msisdn=contact.msisdn)
    OptEvent.objects.create(msisdn=contact.msisdn, kind="opt_out", scope="all", source="manual")

    page = marketer_client.get(URL).content.decode()
    for text in ("vip", "News", "Out of everything", "Open until", "Warning: odd number"):
        assert text in page, text


def test_filters_narrow_the_rows(marketer_client):
    ContactFactory(msisdn="+6591110001", name="Jane").tags.set(tags_get(["vip"]))
    ContactFactory(msisdn="+6591110002", name="Ahmad")

    page = marketer_client.get(URL, {"tag": "VIP"}).content.decode()
    assert "+6591110001" in page and "+6591110002" not in page
    page = marketer_client.get(URL, {"q": "ahmad"}).content.decode()
    assert "+6591110002" in page and "+6591110001" not in page


def test_a_bad_filter_names_the_field_and_the_rule(marketer_client):
    page = marketer_client.get(URL, {"attr": "no-equals", "opted_out": "maybe"}).content.decode()
    assert "Attribute: &#x27;no-equals&#x27; is not key=value" in page
    assert "Opted out: Select a valid choice" in page


def test_next_and_previous_links_carry_ids_not_offsets(marketer_client):
    made = [ContactFactory(msisdn=f"+659200{i:04d}") for i in range(55)]
    first = marketer_client.get(URL).content.decode()
    oldest_shown = made[5].pk
    assert f"after={oldest_shown}" in first and "before=" not in first
    assert "More contacts match." in first

    second = marketer_client.get(URL, {"after": oldest_shown}).content.decode()
    assert made[0].msisdn in second and made[6].msisdn not in second
    assert f"before={made[4].pk}" in second and "after=" not in second


def test_the_page_reads_a_fixed_number_of_queries(marketer_client):
    for i in range(50):
        ContactFactory(msisdn=f"+659200{i:04d}").tags.set(tags_get(["vip"]))
    marketer_client.get(URL)  # session and permission caches warm
    with CaptureQueriesContext(connection) as captured:
        assert marketer_client.get(URL, {"tag": "vip"}).status_code == 200
    # Transaction control (PostgreSQL's SET LOCAL block for the page read) is not a read.
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")
    reads = [q for q in captured.captured_queries if not q["sql"].startswith(control)]
    assert len(reads) <= 14


def test_bulk_tagging_the_ticked_contacts(marketer_client, marketer):
    picked = [ContactFactory(msisdn=f"+659200{i:04d}") for i in range(3)]
    response = marketer_client.post(
        "/contacts/bulk/",
        {"action": "tag_add", "tag": "VIP", "ids": [picked[0].pk, picked[1].pk], "filter": ""},
    )
    assert response.status_code == 302
    assert set(ContactTag.objects.values_list("contact_id", flat=True)) == {
        picked[0].pk,
        picked[1].pk,
    }
    action = BulkAction.objects.get()
    assert (action.state, action.changed, action.message) == ("done", 2, "Tagged 2 contacts 'vip'.")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CONTACTS_BULK)
    assert entry.actor == marketer and entry.data["changed"] == 2


def test_bulk_needs_what_each_action_needs(marketer_client):
    contact = ContactFactory()
    response = marketer_client.post(
        "/contacts/bulk/", {"action": "opt_out", "ids": [contact.pk]}, follow=True
    )
    assert "Reason: say why they are opted out" in response.content.decode()
    response = marketer_client.post("/contacts/bulk/", {"action": "tag_add"}, follow=True)
    assert "Tick some contacts, or choose every match" in response.content.decode()
    assert not BulkAction.objects.exists()


def test_every_match_of_a_small_filter_runs_at_once_into_a_new_list(marketer_client, sent):
    for i in range(4):
        ContactFactory(msisdn=f"+659200{i:04d}", name="Jane" if i % 2 else "Ahmad")
    marketer_client.post(
        "/contacts/bulk/",
        {"action": "list_add", "new_list": "Janes", "every_match": "on", "filter": "q=jane"},
    )
    janes = ContactList.objects.get(name="Janes")
    assert ListMember.objects.filter(contact_list=janes).count() == 2
    assert sent == []


def test_every_match_of_a_large_filter_goes_to_a_worker_in_chunks(
    marketer_client, sent, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(bulk, "SYNC_LIMIT", 2)
    monkeypatch.setattr(bulk, "CHUNK", 2)
    made = [ContactFactory(msisdn=f"+659200{i:04d}") for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        marketer_client.post(
            "/contacts/bulk/",
            {
                "action": "opt_out",
                "reason": "Asked on the phone",
                "scope": "all",
                "every_match": "on",
                "filter": "",
            },
        )
    action = BulkAction.objects.get()
    assert action.state == "queued" and sent == [(bulk.BULK_ACTION_STEP, (action.pk,))]
    while bulk.bulk_step(action_id=action.pk):
        pass
    action.refresh_from_db()
    assert (action.state, action.done, action.changed) == ("done", 5, 5)
    assert all(set(opt_states(c.msisdn)) == {"all", "marketing"} for c in made)
    assert set(OptEvent.objects.values_list("source", flat=True)) == {"bulk"}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CONTACTS_BULK).count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECIPIENT_OPT).count() == 0
    assert "Opted 5 contacts out of everything" in marketer_client.get(URL).content.decode()
