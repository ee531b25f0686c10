"""Whether a number may be messaged, derived from the ledger: scopes, categories, the setting."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from audit.services import Actor
from recipients.models import OptEvent
from recipients.selectors import opt_out_notice, opt_out_rules, opted_out, opted_out_among
from recipients.services import opt_in, opt_out
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MSISDN = "+6591234567"
CATEGORIES = ["marketing", "utility", "service", "authentication"]


def blocked() -> list[str]:
    return [c for c in CATEGORIES if opted_out(MSISDN, category=c) is not None]


def test_a_number_never_opted_out_may_be_sent_anything():
    assert blocked() == []
    assert opt_out_notice(MSISDN, category="marketing") is None


def test_a_marketing_opt_out_stops_all_but_authentication_templates_only_when_allowed(settings):
    opt_out(msisdn=MSISDN, reason="STOP", source="keyword")
    assert blocked() == CATEGORIES
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    assert blocked() == ["marketing", "utility", "service"]


def test_an_opt_out_of_everything_stops_authentication_whatever_the_setting(settings):
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    opt_out(msisdn=MSISDN, reason="STOP ALL", source="keyword", scope="all")
    assert blocked() == CATEGORIES
    assert opted_out(MSISDN, category="AUTHENTICATION").scope == "all"


def test_an_opt_in_to_everything_ends_every_earlier_opt_out():
    opt_out(msisdn=MSISDN, reason="STOP ALL", source="keyword", scope="all")
    opt_out(msisdn=MSISDN, reason="STOP", source="keyword")
    opt_in(msisdn=MSISDN, reason="START", source="keyword")
    assert blocked() == []


def test_a_marketing_opt_in_does_not_undo_an_opt_out_of_everything():
    opt_out(msisdn=MSISDN, reason="STOP ALL", source="keyword", scope="all")
    opt_in(msisdn=MSISDN, reason="asked by phone", source="manual", scope="marketing")
    assert blocked() == CATEGORIES


def test_the_newest_event_wins_and_other_numbers_are_untouched():
    opt_out(msisdn=MSISDN, reason="STOP", source="keyword")
    opt_in(msisdn=MSISDN, reason="START", source="keyword")
    opt_out(msisdn=MSISDN, reason="BASTA", source="keyword")
    assert opted_out(MSISDN, category="marketing").reason == "BASTA"
    assert opted_out("+6590000000", category="marketing") is None


def test_the_sentence_says_when_and_how_the_number_opted_out():
    event = opt_out(msisdn=MSISDN, reason="STOP", source="keyword")
    OptEvent.objects.filter(pk=event.pk).update(at=datetime(2026, 12, 1, 9, tzinfo=UTC))
    state = opted_out(MSISDN, category="service")
    assert state.sentence() == (
        "+6591234567 opted out of marketing messages on 2026-12-01 (replied STOP); "
        "nothing was sent. They can opt back in by replying START."
    )
    assert opt_out_notice(MSISDN, category="service") == {
        "state": "opted-out",
        "text": "Opted out of marketing messages on 2026-12-01 (replied STOP): "
        "this message will be refused.",
    }


def test_receipt_and_manual_opt_outs_say_where_they_came_from():
    opt_out(msisdn=MSISDN, reason="131050", source="receipt", umid="u-1")
    assert "Meta 131050" in opted_out(MSISDN, category="marketing").why()
    user = UserFactory(username="mark")
    opt_out(
        msisdn=MSISDN, reason="asked by phone", source="manual", scope="all", actor=Actor.of(user)
    )
    assert opted_out(MSISDN, category="marketing").why() == "recorded by mark: asked by phone"


# -- many numbers at once -------------------------------------------------------------------


def random_ledger(count: int) -> list[str]:
    """`count` numbers, each with 0 to 5 opt-outs and opt-ins of random scopes and sources."""
    chance = random.Random(20261201)
    numbers = [f"+65920{n:05d}" for n in range(count)]
    for _ in range(count * 3):
        msisdn = chance.choice(numbers)
        record = chance.choice([opt_out, opt_in])
        record(
            msisdn=msisdn,
            reason=chance.choice(["STOP", "START", "asked"]),
            source=chance.choice(["keyword", "manual", "receipt"]),
            scope=chance.choice(["marketing", "all"]),
        )
    return numbers


@pytest.mark.parametrize("allow_authentication", [False, True])
def test_the_bulk_check_agrees_with_opted_out_for_every_number(settings, allow_authentication):
    settings.OPT_OUT_ALLOW_AUTHENTICATION = allow_authentication
    numbers = random_ledger(120)
    for category in CATEGORIES:
        one_by_one = {m: s for m in numbers if (s := opted_out(m, category=category))}
        assert opted_out_among(numbers, category=category) == one_by_one
    # The random ledger has both outcomes, so the comparison above means something.
    assert 0 < len(opted_out_among(numbers, category="marketing")) < len(numbers)


def test_the_bulk_check_keeps_opt_out_all_then_marketing_opt_in_out(settings):
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    opt_out(msisdn=MSISDN, reason="STOP ALL", source="keyword", scope="all")
    opt_in(msisdn=MSISDN, reason="asked", source="manual", scope="marketing")
    opt_out(msisdn="+6590000001", reason="STOP", source="keyword")
    found = opted_out_among([MSISDN, "+6590000001", "+6590000002"], category="authentication")
    assert {m: s.scope for m, s in found.items()} == {MSISDN: "all"}


def test_thousands_of_numbers_take_one_query(django_assert_num_queries):
    opt_out(msisdn="+6593000042", reason="STOP", source="keyword")
    numbers = [f"+65930{n:05d}" for n in range(4000)]
    with django_assert_num_queries(1):
        found = opted_out_among(numbers, category="marketing")
    assert list(found) == ["+6593000042"]


def test_the_rules_in_force_come_from_settings(settings):
    settings.OPT_OUT_KEYWORDS = ["STOP", "BAJA"]
    settings.OPT_IN_KEYWORDS = ["START"]
    settings.OPT_OUT_ALLOW_AUTHENTICATION = True
    rules = opt_out_rules()
    assert (rules.stop, rules.start, rules.allow_authentication) == (
        ["STOP", "BAJA"],
        ["START"],
        True,
    )
