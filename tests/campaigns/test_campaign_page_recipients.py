"""The per-recipient drill-down: keyset pages in freeze order, filters by status and by failure
reason, bad parameters answered with the rule they broke, and the same cost on any page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import selectors
from campaigns.models import Campaign
from messaging.models import MessageStatus as S
from messaging.models import OutboundMessage
from tests.campaigns.campaign_pages import launched, move, numbers

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(selectors, "RECIPIENTS_PAGE_SIZE", 4)


def get(client, campaign: Campaign, **params):
    return client.get(reverse("campaigns:recipients", args=[campaign.pk]), params)


def shown(response) -> list[str]:
    return [m.msisdn for m in response.context["page"].rows]


def test_it_pages_forward_and_back_by_id(marketer_client, marketer, small_pages):
    campaign = launched(10, owner=marketer)
    first = get(marketer_client, campaign)
    assert shown(first) == numbers(4)
    page = first.context["page"]
    assert not page.has_previous and page.next_after is not None
    second = get(marketer_client, campaign, after=page.next_after)
    assert shown(second) == numbers(4, start=4)
    third = get(marketer_client, campaign, after=second.context["page"].next_after)
    assert shown(third) == numbers(2, start=8) and third.context["page"].next_after is None
    back = get(marketer_client, campaign, before=third.context["page"].previous_before)
    assert shown(back) == numbers(4, start=4)
    assert f"after={page.next_after}" in first.content.decode()


def test_it_filters_by_status_group(marketer_client, marketer):
    campaign = launched(8, owner=marketer)
    move(campaign, 2, S.DELIVERED)
    move(campaign, 1, S.UNDELIVERED, error_code=1022)
    move(campaign, 1, S.REJECTED, error_code=3038)
    failed = get(marketer_client, campaign, status="failed")
    assert shown(failed) == numbers(2, start=2)
    assert shown(get(marketer_client, campaign, status="delivered")) == numbers(2)
    assert shown(get(marketer_client, campaign, status="queued")) == numbers(4, start=4)


def test_it_filters_by_failure_reason_as_the_failures_table_links_it(marketer_client, marketer):
    campaign = launched(6, owner=marketer)
    move(campaign, 2, S.UNDELIVERED, error_code=1022, provider_error_code="131047")
    move(campaign, 2, S.FAILED, error_code=2000, status_detail="gave_up")
    page = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    key = page.context["progress"].failures[0].key
    assert key == "1022:131047:"
    assert shown(get(marketer_client, campaign, status="failed", reason=key)) == numbers(2)
    gave_up = get(marketer_client, campaign, status="failed", reason="2000::gave_up")
    assert shown(gave_up) == numbers(2, start=2)
    assert "Only the failures for one reason" in gave_up.content.decode()


@pytest.mark.parametrize(
    "params, error",
    [
        ({"status": "nonsense"}, "Select a valid choice"),
        ({"reason": "abc:def"}, "reason must be code:whatsapp code:detail"),
        ({"after": "-3"}, "greater than or equal to 0"),
        ({"before": "x"}, "Enter a whole number"),
    ],
)
def test_bad_parameters_are_answered_not_crashed(marketer_client, marketer, params, error):
    campaign = launched(3, owner=marketer)
    response = get(marketer_client, campaign, **params)
    assert response.status_code == 200
    assert error in response.content.decode()


def test_a_draft_has_no_recipients_yet(marketer_client, marketer):
    draft = Campaign.objects.create(name="Draft", created_by=marketer)
    response = get(marketer_client, draft)
    assert response.status_code == 200 and response.context["page"] is None


def test_a_role_without_campaigns_is_refused(agent_client, marketer):
    assert get(agent_client, launched(1, owner=marketer)).status_code == 403


def test_a_deep_page_costs_what_the_first_does(marketer_client, marketer):
    campaign = launched(1200, owner=marketer)
    last_ids = OutboundMessage.objects.filter(job=campaign.job).order_by("-id")
    deep = last_ids.values_list("id", flat=True)[60]
    counts = []
    for params in ({}, {"after": deep}, {"status": "queued", "after": deep}):
        with CaptureQueriesContext(connection) as queries:
            response = get(marketer_client, campaign, **params)
        assert len(response.context["page"].rows) == 50
        counts.append(len(queries))
        page_sql = [q["sql"] for q in queries if "messaging_outboundmessage" in q["sql"]]
        assert len(page_sql) == 1
        assert "OFFSET" not in page_sql[0] and "COUNT(" not in page_sql[0]
    assert len(set(counts)) == 1
