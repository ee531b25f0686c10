from __future__ import annotations

import pytest

from messaging.models import OutboundMessage
from messaging.selectors import dashboard_summary, messages_visible_to


def sent(user, status: str) -> OutboundMessage:
    return OutboundMessage.objects.create(
        kind="text", msisdn="+6591234567", payload={}, sent_by=user, status=status
    )


@pytest.mark.django_db
def test_the_dashboard_counts_todays_messages_by_outcome(marketer, agent):
    for status in ("queued", "accepted", "delivered", "read", "failed", "undelivered"):
        sent(marketer, status)
    sent(agent, "read")
    counts = dict(dashboard_summary(user=marketer)["counts"])
    assert counts == {"Sent today": 7, "In flight": 2, "Delivered or read": 3, "Failed": 2}


@pytest.mark.django_db
def test_support_agents_see_only_their_own_messages(marketer, agent):
    sent(marketer, "read")
    own = sent(agent, "read")
    assert list(messages_visible_to(agent)) == [own]
    assert dict(dashboard_summary(user=agent)["counts"])["Sent today"] == 1
    assert messages_visible_to(marketer).count() == 2
