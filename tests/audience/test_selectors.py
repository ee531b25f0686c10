"""A keyset page with its per-row extras in a fixed number of queries; audiences; sizes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audience.rules import Rules
from audience.selectors import (
    LIST,
    SEGMENT,
    audience_choices,
    audience_contacts,
    contact_messages,
    contacts_page,
    list_sizes,
    segment_size,
)
from audience.services import tags_get
from audit.services import Actor
from recipients.models import Contact, ContactList, ListMember, OptEvent, Segment
from recipients.services import opt_out
from tests.factories import ContactFactory, InboundMessageFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db


def make_contacts(n: int) -> list[Contact]:
    return [ContactFactory(msisdn=f"+659200{i:04d}") for i in range(n)]


def test_pages_walk_newest_first_without_gaps_or_repeats():
    made = make_contacts(7)
    first = contacts_page(Rules(), size=3)
    second = contacts_page(Rules(), after=first.next_after, size=3)
    third = contacts_page(Rules(), after=second.next_after, size=3)

    seen = [r.contact.pk for p in (first, second, third) for r in p.rows]
    assert seen == sorted((c.pk for c in made), reverse=True)
    assert (first.has_previous, first.has_next, third.has_next) == (False, True, False)
    back = contacts_page(Rules(), before=second.previous_before, size=3)
    assert [r.contact.pk for r in back.rows] == [r.contact.pk for r in first.rows]
    assert back.has_previous is False


CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL")


def test_a_page_costs_the_same_queries_for_one_row_or_fifty(admin):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            contacts_page(Rules())
        # On PostgreSQL the page read runs in its own block with SET LOCAL (no parallel
        # workers); inside the test's transaction that block adds a savepoint and its release.
        return sum(not q["sql"].startswith(CONTROL) for q in captured.captured_queries)

    ContactFactory()
    one = queries()
    for contact in make_contacts(60):
        contact.tags.set(tags_get(["vip", "new"]))
        InboundMessageFactory(msisdn=contact.msisdn)
        opt_out(msisdn=contact.msisdn, reason="r", source="manual", actor=Actor.of(admin))
    assert queries() == one == 5


def test_rows_show_opt_out_window_and_last_message():
    contact = ContactFactory(msisdn="+6591234567")
    wrote = timezone.now() - timedelta(hours=2)
    InboundMessageFactory(msisdn=contact.msisdn, received_at=wrote, from_ad=True)
    opt_out(msisdn=contact.msisdn, reason="r", source="manual", scope=OptEvent.Scope.ALL)

    row = contacts_page(Rules()).rows[0]
    assert row.last_inbound == wrote
    assert row.window.open and row.window.from_ad
    assert row.window.closes_at == wrote + timedelta(hours=72)
    assert row.opted_out_of == "everything"


def test_messages_both_ways_merge_by_time_and_say_when_there_are_more(admin):
    now = timezone.now()
    number = "+6591234567"
    for hours in (1, 3, 5):
        InboundMessageFactory(msisdn=number, received_at=now - timedelta(hours=hours))
    for hours in (2, 4):
        message = OutboundMessageFactory(msisdn=number, sent_by=admin)
        type(message).objects.filter(pk=message.pk).update(created_at=now - timedelta(hours=hours))

    shown = contact_messages(user=admin, msisdn=number, limit=4)
    assert [m.direction for m in shown.messages] == ["in", "out", "in", "out"]
    assert shown.more is True
    assert contact_messages(user=admin, msisdn=number, limit=5).more is False


def test_an_agent_sees_only_the_outbound_messages_they_sent(agent, admin):
    number = "+6591234567"
    OutboundMessageFactory(msisdn=number, sent_by=admin)
    mine = OutboundMessageFactory(msisdn=number, sent_by=agent)
    InboundMessageFactory(msisdn=number)

    shown = contact_messages(user=agent, msisdn=number)
    assert {(m.direction, m.pk) for m in shown.messages if m.direction == "out"} == {
        ("out", mine.pk)
    }
    assert len(shown.messages) == 2


def test_lists_and_segments_are_audiences_with_live_sizes():
    contacts = make_contacts(3)
    newsletter = ContactList.objects.create(name="Newsletter")
    ListMember.objects.bulk_create(
        [ListMember(contact=c, contact_list=newsletter) for c in contacts[:2]]
    )
    contacts[2].tags.set(tags_get(["vip"]))
    vips = Segment.objects.create(name="VIPs", rules={"tags": ["vip"]})

    assert list_sizes() == {newsletter.pk: 2}
    assert segment_size(vips) == 1
    assert [(a.kind, a.name, a.key) for a in audience_choices()] == [
        (LIST, "Newsletter", f"list:{newsletter.pk}"),
        (SEGMENT, "VIPs", f"segment:{vips.pk}"),
    ]
    assert set(audience_contacts(LIST, newsletter.pk)) == set(contacts[:2])
    assert list(audience_contacts(SEGMENT, vips.pk)) == [contacts[2]]
    assert list(audience_contacts(SEGMENT, 999)) == []
    assert list(audience_contacts("campaign", newsletter.pk)) == []
