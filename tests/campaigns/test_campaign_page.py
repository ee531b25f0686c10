"""The campaign page: counters, funnel and failures counted from the job's real message rows,
the live part it polls, and what it costs whatever the campaign's size."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from messaging.models import MessageStatus as S
from messaging.models import SendJob
from tests.campaigns.campaign_pages import launched, move

pytestmark = pytest.mark.django_db
EXCLUDED = {"opted_out": 4, "duplicate": 3}


def mixed_campaign(owner) -> Campaign:
    """100 messages in every status a campaign passes through."""
    campaign = launched(100, owner=owner, excluded=EXCLUDED)
    move(campaign, 5, S.SENDING)
    move(campaign, 20, S.ACCEPTED)
    move(campaign, 5, S.SENT)
    move(campaign, 30, S.DELIVERED)
    move(campaign, 15, S.READ)
    move(campaign, 6, S.UNDELIVERED, error_code=1022, provider_error_code="131047")
    move(campaign, 3, S.REJECTED, error_code=3038)
    move(campaign, 2, S.FAILED, status_detail="gave_up", error_code=2000)
    move(campaign, 2, S.UNKNOWN, status_detail="timeout_after_send")
    move(campaign, 2, S.CANCELLED)
    return campaign  # 10 left queued


def counters(response) -> dict[str, int]:
    counts = response.context["progress"].counters
    return {key: value for key, _, value in counts.rows}


def test_it_counts_every_counter_from_the_messages(marketer_client, marketer):
    campaign = mixed_campaign(marketer)
    response = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.status_code == 200
    assert counters(response) == {
        "queued": 15,
        "submitted": 25,
        "delivered": 30,
        "read": 15,
        "failed": 11,
        "unknown": 2,
        "cancelled": 2,
        "excluded": 7,
    }
    assert response.context["progress"].counters.percent == 85
    html = response.content.decode()
    assert 'data-count="failed">11<' in html and 'value="85"' in html


def test_the_funnel_counts_each_step_with_those_that_went_further(marketer_client, marketer):
    campaign = mixed_campaign(marketer)
    response = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    funnel = {key: value for key, _, value in response.context["progress"].counters.funnel}
    # submitted: accepted + sent + delivered + read + undelivered (8x8 took them, then failed)
    assert funnel == {"submitted": 76, "delivered": 45, "read": 15, "failed": 11}
    html = response.content.decode()
    assert 'data-funnel="delivered">45<' in html  # the table readable without JavaScript
    chart = json.loads(html.split('id="funnel-data" type="application/json">')[1].split("<")[0])
    assert chart["values"] == [76, 45, 15, 11]
    assert chart["labels"][0] == "Submitted to 8x8"


def test_failures_are_grouped_by_reason_with_the_explanation(marketer_client, marketer):
    campaign = mixed_campaign(marketer)
    response = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk]))
    failures = response.context["progress"].failures
    assert [(f.error_code, f.provider_error_code, f.status_detail, f.count) for f in failures] == [
        (1022, "131047", "", 6),
        (3038, "", "", 3),
        (2000, "", "gave_up", 2),
    ]
    html = response.content.decode()
    assert "The customer-service window is closed" in html
    assert "No template has this name and language" in html
    assert f"/campaigns/{campaign.pk}/recipients/?status=failed&amp;reason=1022%3A131047%3A" in html
    assert response.context["progress"].retryable == 2


def test_it_shows_who_the_pre_send_check_left_out_and_why(marketer_client, marketer):
    campaign = launched(3, owner=marketer, excluded=EXCLUDED)
    html = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'Opted out</th><td class="numbers">4<' in html
    assert 'Duplicate</th><td class="numbers">3<' in html
    assert 'In all</th><td class="numbers">7<' in html


def test_the_live_part_polls_every_two_seconds_while_the_job_runs(marketer_client, marketer):
    campaign = launched(4, owner=marketer)
    url = reverse("campaigns:progress", args=[campaign.pk])
    response = marketer_client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="campaign-progress"')
    assert "<html" not in html
    assert f'hx-get="{url}" hx-trigger="every 2s"' in html
    move(campaign, 4, S.READ)
    assert 'data-count="read">4<' in marketer_client.get(url).content.decode()


def test_polling_stops_once_the_job_is_done_and_nothing_can_change(marketer_client, marketer):
    campaign = launched(2, owner=marketer, state=SendJob.State.DONE)
    SendJob.objects.filter(pk=campaign.job_id).update(finished_at=timezone.now())
    move(campaign, 2, S.DELIVERED)
    url = reverse("campaigns:progress", args=[campaign.pk])
    # Delivered messages may still be read: a job that just ended keeps polling for receipts.
    assert 'hx-trigger="every 2s"' in marketer_client.get(url).content.decode()
    SendJob.objects.filter(pk=campaign.job_id).update(
        finished_at=timezone.now() - timedelta(hours=2)
    )
    assert "hx-trigger" not in marketer_client.get(url).content.decode()


def test_a_cancelled_job_whose_messages_are_settled_is_not_polled(marketer_client, marketer):
    campaign = launched(2, owner=marketer, state=SendJob.State.CANCELLED)
    SendJob.objects.filter(pk=campaign.job_id).update(finished_at=timezone.now())
    move(campaign, 2, S.CANCELLED)
    url = reverse("campaigns:detail", args=[campaign.pk])
    html = marketer_client.get(url).content.decode()
    assert "hx-trigger" not in html and "Cancelled" in html


def test_a_draft_says_nothing_is_sent_yet(marketer_client, marketer):
    draft = Campaign.objects.create(name="Autumn", created_by=marketer)
    response = marketer_client.get(reverse("campaigns:detail", args=[draft.pk]))
    assert response.status_code == 200
    assert "nothing is sent until it is launched" in response.content.decode()
    assert response.context["progress"].state == "draft"


@pytest.mark.parametrize("name", ["campaigns:detail", "campaigns:progress"])
def test_a_role_without_campaigns_is_refused(agent_client, outsider_client, marketer, name):
    campaign = launched(1, owner=marketer)
    url = reverse(name, args=[campaign.pk])
    assert agent_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 403


def test_an_unknown_campaign_is_a_404(marketer_client):
    assert marketer_client.get(reverse("campaigns:detail", args=[999999])).status_code == 404


def test_user_text_is_escaped(marketer_client, marketer):
    campaign = launched(1, owner=marketer, name="<script>alert(1)</script>")
    html = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def queries_for(client, campaign) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_campaign_size(marketer_client, marketer):
    small = launched(3, owner=marketer, name="Small")
    move(small, 1, S.FAILED, error_code=2000, status_detail="gave_up")
    move(small, 1, S.DELIVERED)
    big = launched(3000, owner=marketer, name="Big")
    move(big, 700, S.FAILED, error_code=2000, status_detail="gave_up")
    move(big, 50, S.UNDELIVERED, error_code=1022)
    move(big, 1000, S.DELIVERED)
    assert queries_for(marketer_client, small) == queries_for(marketer_client, big)
    # The session, the user, their permissions (two), their role for the menu, the campaign
    # with its job and people, one GROUP BY for the counters and one for the failures.
    assert queries_for(marketer_client, big) == 8
