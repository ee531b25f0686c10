"""window_state: 24 hours from the customer's newest message, 72 from an ad-started one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from messaging.models import InboundMessage
from messaging.window import window_state

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MSISDN = "+6591234567"


def wrote(hours_ago: float, *, from_ad: bool = False, msisdn: str = MSISDN) -> InboundMessage:
    return InboundMessage.objects.create(
        umid=str(uuid.uuid4()),
        msisdn=msisdn,
        type="Text",
        content={"text": "hi"},
        from_ad=from_ad,
        received_at=NOW - timedelta(hours=hours_ago),
    )


def test_a_number_that_never_wrote_is_unknown_and_closed():
    state = window_state(MSISDN, now=NOW)
    assert (state.open, state.known, state.closes_at, state.from_ad) == (False, False, None, False)


def test_the_window_is_open_for_24_hours_after_the_newest_message():
    wrote(30)
    wrote(23)
    state = window_state(MSISDN, now=NOW)
    assert (state.open, state.known, state.from_ad) == (True, True, False)
    assert state.closes_at == NOW + timedelta(hours=1)


def test_the_window_closes_after_24_hours():
    wrote(24.5)
    state = window_state(MSISDN, now=NOW)
    assert (state.open, state.known) == (False, True)
    assert state.closes_at == NOW - timedelta(hours=0.5)


def test_a_conversation_started_from_an_ad_stays_open_72_hours():
    wrote(48, from_ad=True)
    state = window_state(MSISDN, now=NOW)
    assert (state.open, state.from_ad) == (True, True)
    assert state.closes_at == NOW + timedelta(hours=24)


def test_an_ad_window_also_closes():
    wrote(73, from_ad=True)
    assert window_state(MSISDN, now=NOW).open is False


def test_a_later_plain_message_does_not_shorten_the_ad_window():
    wrote(40, from_ad=True)
    wrote(30)
    state = window_state(MSISDN, now=NOW)
    assert (state.open, state.from_ad, state.closes_at) == (True, True, NOW + timedelta(hours=32))


def test_other_numbers_do_not_count():
    wrote(1, msisdn="+6590000000")
    assert window_state(MSISDN, now=NOW).known is False


def test_it_takes_two_queries(django_assert_num_queries):
    wrote(1)
    with django_assert_num_queries(2):
        window_state(MSISDN, now=NOW)
