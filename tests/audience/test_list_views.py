"""Lists and segments pages: create, rename, delete (audited), live sizes, permissions."""

from __future__ import annotations

import pytest

from audience.services import tags_get
from audit.models import AuditEntry
from recipients.models import ContactList, ListMember, Segment
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/contacts/lists/", "/contacts/segments/"])
def test_agents_and_outsiders_are_refused(agent_client, outsider_client, path):
    assert agent_client.get(path).status_code == 403
    assert outsider_client.post(path, {"name": "x"}).status_code == 403


def test_a_list_is_created_renamed_and_deleted_with_an_audit_entry_each(marketer_client):
    marketer_client.post("/contacts/lists/", {"name": "News", "description": ""})
    news = ContactList.objects.get()
    member = ContactFactory()
    ListMember.objects.create(contact=member, contact_list=news)

    marketer_client.post(f"/contacts/lists/{news.pk}/", {"name": "Weekly news"})
    news.refresh_from_db()
    assert news.name == "Weekly news"
    marketer_client.post(f"/contacts/lists/{news.pk}/delete/")
    assert not ContactList.objects.exists() and not ListMember.objects.exists()
    member.refresh_from_db()  # the contact stays
    summaries = AuditEntry.objects.filter(action=AuditEntry.Action.AUDIENCE_CHANGE)
    assert sorted(summaries.values_list("summary", flat=True)) == [
        "Created the list News",
        "Deleted the list Weekly news",
        "Renamed the list News to Weekly news",
    ]


def test_a_duplicate_list_name_is_refused(marketer_client):
    ContactList.objects.create(name="News")
    response = marketer_client.post("/contacts/lists/", {"name": "News"})
    assert "Contact list with this Name already exists." in response.content.decode()
    assert ContactList.objects.count() == 1


def test_lists_show_their_live_size_and_link_to_the_filtered_page(marketer_client):
    news = ContactList.objects.create(name="News")
    ListMember.objects.bulk_create(
        [ListMember(contact=ContactFactory(), contact_list=news) for _ in range(3)]
    )
    page = marketer_client.get("/contacts/lists/").content.decode()
    assert '<td class="counter">3</td>' in page
    assert f"/contacts/?list={news.pk}" in page


def test_the_contacts_filter_is_saved_as_a_segment(marketer_client):
    response = marketer_client.post(
        "/contacts/segments/", {"name": "Open VIPs", "tag": "vip", "window": "open"}
    )
    assert response.status_code == 302
    segment = Segment.objects.get()
    assert segment.rules["tags"] == ["vip"] and segment.rules["window"] == "open"
    page = marketer_client.get("/contacts/segments/").content.decode()
    assert "/contacts/?tag=vip&amp;window=open" in page


def test_a_segment_needs_a_unique_name(marketer_client):
    Segment.objects.create(name="VIPs", rules={})
    response = marketer_client.post("/contacts/segments/", {"name": "VIPs", "tag": "vip"})
    assert response.status_code == 422
    assert "Name: a segment named &#x27;VIPs&#x27; already exists" in response.content.decode()


def test_a_segment_size_is_counted_live(marketer_client):
    segment = Segment.objects.create(name="VIPs", rules={"tags": ["vip"]})
    ContactFactory().tags.set(tags_get(["vip"]))
    assert (
        "1 contact<"
        in marketer_client.get(f"/contacts/segments/{segment.pk}/size/").content.decode()
    )
    ContactFactory().tags.set(tags_get(["vip"]))
    assert (
        "2 contacts"
        in marketer_client.get(f"/contacts/segments/{segment.pk}/size/").content.decode()
    )


def test_a_segment_is_edited_and_deleted(marketer_client):
    segment = Segment.objects.create(name="VIPs", rules={"tags": ["vip"]})
    page = marketer_client.get(f"/contacts/segments/{segment.pk}/").content.decode()
    assert 'value="vip"' in page
    marketer_client.post(
        f"/contacts/segments/{segment.pk}/", {"name": "Opted out", "opted_out": "yes"}
    )
    segment.refresh_from_db()
    assert (segment.name, segment.rules["opted_out"], segment.rules["tags"]) == (
        "Opted out",
        "yes",
        [],
    )
    marketer_client.post(f"/contacts/segments/{segment.pk}/delete/")
    assert not Segment.objects.exists()
