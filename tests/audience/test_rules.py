"""Every rule of a contacts filter, and opt-out and window state derived exactly as elsewhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audience.rules import CLOSED, NO, OPEN, YES, Rules, contacts_matching
from audience.services import tags_get
from audit.services import Actor
from messaging.window import window_state
from recipients.models import ContactList, ListMember, OptEvent
from recipients.selectors import opt_states
from recipients.services import opt_in, opt_out
from tests.factories import ContactFactory, InboundMessageFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db

A, B, C = "+6591110001", "+6591110002", "+6591110003"


def numbers(rules: Rules) -> set[str]:
    return set(contacts_matching(rules).values_list("msisdn", flat=True))


@pytest.fixture
def three():
    return [
        ContactFactory(msisdn=A, name="Jane Tan", attributes={"city": "Singapore"}),
        ContactFactory(msisdn=B, name="Ahmad Ali", attributes={"city": "Jakarta"}),
        ContactFactory(msisdn=C, name="", attributes={}),
    ]


def test_empty_rules_match_everyone(three):
    assert Rules().is_empty()
    assert numbers(Rules()) == {A, B, C}


@pytest.mark.parametrize(
    "q, expected",
    [
        ("jane", {A}),
        ("+6591110002", {B}),
        ("110003", {C}),
        ("9111 0001", {A}),
        ("city=jakarta", {B}),
        ("city=", set()),
        ("nobody", set()),
    ],
)
def test_search_reads_numbers_by_digits_attributes_by_key_and_otherwise_names(three, q, expected):
    assert numbers(Rules(q=q)) == expected


def test_tags_lists_and_attributes_each_filter(three):
    three[0].tags.set(tags_get(["VIP"]))
    newsletter = ContactList.objects.create(name="Newsletter")
    ListMember.objects.create(contact=three[1], contact_list=newsletter)

    assert numbers(Rules(tags=["vip"])) == {A}
    assert numbers(Rules(lists=[newsletter.pk])) == {B}
    assert numbers(Rules(attributes={"city": "Singapore"})) == {A}
    assert numbers(Rules(attributes={"city": "singapore"})) == set()  # exact, as templates use it


def test_several_rules_must_all_hold(three):
    three[0].tags.set(tags_get(["vip"]))
    three[1].tags.set(tags_get(["vip"]))
    assert numbers(Rules(tags=["vip"], attributes={"city": "Jakarta"})) == {B}


def test_opted_out_follows_the_ledger_and_an_opt_in_ends_it(three, admin):
    actor = Actor.of(admin)
    opt_out(msisdn=A, reason="asked", source=OptEvent.Source.MANUAL, actor=actor)
    opt_out(msisdn=B, reason="asked", source=OptEvent.Source.MANUAL, actor=actor)
    opt_in(msisdn=B, reason="came back", source=OptEvent.Source.MANUAL, actor=actor)

    assert numbers(Rules(opted_out=YES)) == {A}
    assert numbers(Rules(opted_out=NO)) == {B, C}


def test_opting_out_of_everything_then_in_to_marketing_stays_opted_out(three, admin):
    actor = Actor.of(admin)
    opt_out(msisdn=A, reason="stop all", source="manual", actor=actor, scope=OptEvent.Scope.ALL)
    opt_in(msisdn=A, reason="marketing ok", source="manual", actor=actor, scope="marketing")

    assert set(opt_states(A)) == {"all"}  # the composer's view of the same ledger
    assert numbers(Rules(opted_out=YES)) == {A}


def test_a_marketing_opt_in_ends_a_marketing_opt_out(three, admin):
    actor = Actor.of(admin)
    opt_out(msisdn=A, reason="stop", source="manual", actor=actor)
    opt_in(msisdn=A, reason="start", source="manual", actor=actor, scope="marketing")

    assert opt_states(A) == {}
    assert numbers(Rules(opted_out=YES)) == set()


def test_an_opt_in_at_the_same_instant_counts_as_later_by_id(three, admin):
    actor = Actor.of(admin)
    out = opt_out(msisdn=A, reason="stop", source="manual", actor=actor)
    back = opt_in(msisdn=A, reason="start", source="manual", actor=actor)
    OptEvent.objects.filter(pk=back.pk).update(at=out.at)

    assert opt_states(A) == {}
    assert numbers(Rules(opted_out=YES)) == set()


def test_the_window_is_open_24_hours_after_a_message_or_72_after_an_ad(three):
    now = timezone.now()
    InboundMessageFactory(msisdn=A, received_at=now - timedelta(hours=23))
    InboundMessageFactory(msisdn=B, received_at=now - timedelta(hours=25))
    InboundMessageFactory(msisdn=C, received_at=now - timedelta(hours=48), from_ad=True)

    assert numbers(Rules(window=OPEN)) == {A, C}
    assert numbers(Rules(window=CLOSED)) == {B}
    assert {n for n in (A, B, C) if window_state(n).open} == {A, C}  # the one rule, both ways


def test_an_ad_window_closes_after_72_hours(three):
    InboundMessageFactory(msisdn=A, received_at=timezone.now() - timedelta(hours=73), from_ad=True)
    assert numbers(Rules(window=OPEN)) == set()
    assert A in numbers(Rules(window=CLOSED))


def test_never_written_to_leaves_out_numbers_we_sent_to(three):
    OutboundMessageFactory(msisdn=A)
    assert numbers(Rules(never_messaged=True)) == {B, C}


def test_rules_survive_json_and_drop_what_is_malformed():
    rules = Rules(q="x", tags=["vip"], lists=[3], attributes={"k": "v"}, opted_out=YES)
    assert Rules.from_dict(rules.to_dict()) == rules
    garbage = {"tags": "vip", "lists": ["a", "7"], "opted_out": "maybe", "attributes": [1]}
    assert Rules.from_dict(garbage) == Rules(lists=[7])
    assert Rules.from_dict(None) == Rules()


def test_rules_become_the_query_that_shows_them():
    rules = Rules(tags=["vip"], lists=[3], attributes={"city": "X"}, window=OPEN)
    assert rules.query_pairs() == [
        ("tag", "vip"),
        ("list", "3"),
        ("attr", "city=X"),
        ("window", "open"),
    ]
