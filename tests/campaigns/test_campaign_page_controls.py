"""Pause, resume, cancel and retry-failed from the campaign page: POST only, CSRF, the permission,
the job's state changed by the engine, and one audit entry each."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import Campaign
from messaging.models import MessageStatus as S
from messaging.models import OutboundMessage, SendJob
from tests.campaigns.campaign_pages import launched, move

pytestmark = pytest.mark.django_db
State = SendJob.State


@pytest.fixture(autouse=True)
def no_pumps(monkeypatch):
    """Resuming and retrying start pumps on the broker; these tests look at the rows only."""
    started: list[int] = []
    monkeypatch.setattr(
        "messaging.jobs.enqueue_on_commit", lambda task, job_id: started.append(job_id)
    )
    return started


def post(client: Client, name: str, campaign: Campaign, **headers):
    return client.post(reverse(name, args=[campaign.pk]), headers=headers)


def state_of(campaign: Campaign) -> str:
    return SendJob.objects.get(pk=campaign.job_id).state


def actions() -> list[str]:
    """The campaign actions audited (logging in is audited too)."""
    entries = AuditEntry.objects.filter(target_type="Campaign").order_by("id")
    return list(entries.values_list("action", flat=True))


def test_pause_then_resume(marketer_client, marketer, no_pumps):
    campaign = launched(5, owner=marketer)
    response = post(marketer_client, "campaigns:pause", campaign)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert state_of(campaign) == State.PAUSED
    page = marketer_client.get(response["Location"]).content.decode()
    assert "Paused by mark-marketing." in page and "Resume" in page

    post(marketer_client, "campaigns:resume", campaign)
    assert state_of(campaign) == State.RUNNING
    assert no_pumps  # the engine started pumps again
    assert actions() == [AuditEntry.Action.CAMPAIGN_PAUSE, AuditEntry.Action.CAMPAIGN_RESUME]
    entry = AuditEntry.objects.filter(target_type="Campaign").first()
    assert entry.target_type == "Campaign" and entry.target_id == str(campaign.pk)
    assert entry.actor == marketer and "Spring sale" in entry.summary


def test_pausing_a_paused_campaign_changes_nothing_and_says_so(marketer_client, marketer):
    campaign = launched(2, owner=marketer, state=State.PAUSED)
    response = post(marketer_client, "campaigns:pause", campaign)
    page = marketer_client.get(response["Location"]).content.decode()
    assert "Only a running campaign can be paused." in page
    assert state_of(campaign) == State.PAUSED and actions() == []


def test_cancel_cancels_what_was_not_sent(admin_client_, marketer):
    campaign = launched(6, owner=marketer)
    move(campaign, 2, S.DELIVERED)
    post(admin_client_, "campaigns:cancel", campaign)
    assert state_of(campaign) == State.CANCELLED
    statuses = sorted(
        OutboundMessage.objects.filter(job=campaign.job).values_list("status", flat=True)
    )
    assert statuses == [S.CANCELLED] * 4 + [S.DELIVERED] * 2
    entry = AuditEntry.objects.get(target_type="Campaign")
    assert entry.action == AuditEntry.Action.CAMPAIGN_CANCEL and entry.data["cancelled"] == 4


def test_cancelling_twice_audits_once(marketer_client, marketer):
    campaign = launched(2, owner=marketer)
    post(marketer_client, "campaigns:cancel", campaign)
    response = post(marketer_client, "campaigns:cancel", campaign)
    assert "can be cancelled" in marketer_client.get(response["Location"]).content.decode()
    assert actions() == [AuditEntry.Action.CAMPAIGN_CANCEL]


def test_retry_failed_queues_only_the_retryable_failures(marketer_client, marketer, no_pumps):
    campaign = launched(6, owner=marketer, state=State.DONE)
    move(campaign, 2, S.FAILED, status_detail="gave_up", error_code=2000)
    move(campaign, 1, S.REJECTED, status_detail="opted_out")
    move(campaign, 1, S.FAILED, error_code=1002)  # 8x8 refused the number: never retried
    move(campaign, 2, S.DELIVERED)
    page = marketer_client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Retry 2 failed" in page

    post(marketer_client, "campaigns:retry-failed", campaign)
    statuses = OutboundMessage.objects.filter(job=campaign.job).values_list("status", flat=True)
    assert sorted(statuses) == sorted([S.QUEUED] * 2 + [S.REJECTED, S.FAILED] + [S.DELIVERED] * 2)
    assert state_of(campaign) == State.RUNNING and no_pumps
    entry = AuditEntry.objects.get(target_type="Campaign")
    assert entry.action == AuditEntry.Action.CAMPAIGN_RETRY and entry.data["retried"] == 2


def test_a_cancelled_campaign_is_not_retried(marketer_client, marketer):
    campaign = launched(2, owner=marketer, state=State.CANCELLED)
    move(campaign, 2, S.FAILED, status_detail="gave_up")
    post(marketer_client, "campaigns:retry-failed", campaign)
    assert OutboundMessage.objects.filter(job=campaign.job, status=S.QUEUED).count() == 0
    assert actions() == []


def test_htmx_gets_the_live_part_back_with_the_outcome(marketer_client, marketer):
    campaign = launched(3, owner=marketer)
    response = post(marketer_client, "campaigns:pause", campaign, HX_Request="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="campaign-progress"')
    assert "Paused. Messages already on their way to 8x8 still go." in html
    assert 'id="campaign-state">Paused<' in html


@pytest.mark.parametrize(
    "name", ["campaigns:pause", "campaigns:resume", "campaigns:cancel", "campaigns:retry-failed"]
)
def test_a_control_refuses_get(marketer_client, marketer, name):
    campaign = launched(1, owner=marketer)
    assert marketer_client.get(reverse(name, args=[campaign.pk])).status_code == 405
    assert state_of(campaign) == State.RUNNING


@pytest.mark.parametrize(
    "name", ["campaigns:pause", "campaigns:resume", "campaigns:cancel", "campaigns:retry-failed"]
)
def test_a_control_refuses_a_role_without_campaigns(agent_client, outsider_client, marketer, name):
    campaign = launched(1, owner=marketer)
    assert post(agent_client, name, campaign).status_code == 403
    assert post(outsider_client, name, campaign).status_code == 403
    assert state_of(campaign) == State.RUNNING and actions() == []


def test_a_control_needs_the_csrf_token(marketer):
    campaign = launched(1, owner=marketer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(marketer)
    assert post(client, "campaigns:cancel", campaign).status_code == 403
    assert state_of(campaign) == State.RUNNING


def test_a_control_on_a_draft_says_it_was_not_launched(marketer_client, marketer):
    draft = Campaign.objects.create(name="Draft", created_by=marketer)
    response = post(marketer_client, "campaigns:cancel", draft)
    page = marketer_client.get(response["Location"]).content.decode()
    assert "This campaign has not been launched yet." in page
