"""The dashboard: counts rolled up by day, sender, status and error code, and the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.dashboard import dashboard_rollup, dashboard_summary
from messaging.models import MessageDayCount, OutboundMessage, SendJob
from messaging.selectors import messages_visible_to
from tests.factories import InboundMessageFactory


def sent(user, status: str, **fields) -> OutboundMessage:
    return OutboundMessage.objects.create(
        kind="text", msisdn="+6591234567", payload={}, sent_by=user, status=status, **fields
    )


@pytest.mark.django_db
def test_the_dashboard_counts_today_and_the_week_from_the_roll_up(marketer, agent):
    for status in ("queued", "accepted", "delivered", "read", "failed", "undelivered"):
        sent(marketer, status, error_code=1003 if status == "failed" else None)
    sent(agent, "read")
    assert dict(dashboard_summary(user=marketer)["counts"])["Sent today"] == 0  # not counted yet
    dashboard_rollup()
    counts = dict(dashboard_summary(user=marketer)["counts"])
    assert counts["Sent today"] == 7
    assert counts["Sent this week"] == 7
    # delivered or read over attempted (queued is not attempted yet): 3 of 6
    assert counts["Delivery rate this week"] == "50.0%"
    # read over delivered or read: 2 of 3
    assert counts["Read rate this week"] == "66.7%"
    assert counts["Failed this week"] == 2


@pytest.mark.django_db
def test_a_receipt_moves_a_message_between_counts_at_the_next_roll_up(marketer):
    message = sent(marketer, "sent")
    dashboard_rollup()
    OutboundMessage.objects.filter(pk=message.pk).update(status="read")
    assert dashboard_rollup() == 1
    assert list(MessageDayCount.objects.values_list("status", "count")) == [("read", 1)]


@pytest.mark.django_db
def test_failures_are_grouped_by_error_code_with_their_explanation(marketer):
    for _ in range(3):
        sent(marketer, "failed", error_code=1003)
    sent(marketer, "undelivered", error_code=None)
    dashboard_rollup()
    reasons = dashboard_summary(user=marketer)["reasons"]
    assert [(r["code"], r["count"]) for r in reasons] == [(1003, 3), (None, 1)]
    assert reasons[0]["explanation"]


@pytest.mark.django_db
def test_older_days_are_counted_on_their_own_day_and_drawn_as_bars(marketer):
    old = sent(marketer, "delivered")
    OutboundMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    sent(marketer, "failed")
    dashboard_rollup(days=3)
    bars = dashboard_summary(user=marketer)["bars"]
    assert len(bars) == 7
    assert (bars[-1].total, bars[-1].failed) == (1, 1)
    assert (bars[-3].total, bars[-3].delivered) == (1, 1)
    assert bars[-1].px_all == 180 and bars[-2].px_all == 0


@pytest.mark.django_db
def test_running_campaigns_and_open_conversations_are_counted(marketer):
    SendJob.objects.create(name="Live", state=SendJob.State.RUNNING)
    SendJob.objects.create(name="Done", state=SendJob.State.DONE)
    InboundMessageFactory(msisdn="+6590000001")
    InboundMessageFactory(msisdn="+6590000001")
    InboundMessageFactory(msisdn="+6590000002", received_at=timezone.now() - timedelta(days=2))
    counts = dict(dashboard_summary(user=marketer)["counts"])
    assert counts["Active campaigns"] == 1
    assert counts["Open conversations"] == 1


@pytest.mark.django_db
def test_support_agents_see_only_their_own_messages(marketer, agent):
    sent(marketer, "read")
    own = sent(agent, "read")
    dashboard_rollup()
    assert list(messages_visible_to(agent)) == [own]
    assert dict(dashboard_summary(user=agent)["counts"])["Sent today"] == 1
    assert dict(dashboard_summary(user=marketer)["counts"])["Sent today"] == 2


def test_the_page_shows_numbers_and_charts(marketer_client, marketer):
    sent(marketer, "failed", error_code=1003)
    dashboard_rollup()
    html = marketer_client.get("/").content.decode()
    assert "Delivery rate this week" in html
    assert "<svg" in html and "Error 1003" in html
    assert "+6591234567" not in html  # marketers see numbers masked
