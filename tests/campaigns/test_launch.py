"""Launch freezes exactly what the check counted, once, in one transaction; the test send."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor
from campaigns.launch import LaunchRefused, campaign_launch, campaign_test_send
from campaigns.models import Campaign
from campaigns.presend import campaign_check
from messaging.models import OutboundMessage, SendJob
from tests.campaigns.conftest import list_campaign, members, numbers, opt_out, upload_campaign

pytestmark = pytest.mark.django_db


def test_launch_freezes_exactly_the_recipients_the_check_counted(template, marketer):
    rows = ["+6581000001,Ann", "+6581000002,Bo", "x1,Cy", "+6581000002,Di", "+6581000003,Ed"]
    csv = "phone,name\n" + "\n".join(rows)
    campaign = upload_campaign(template, csv)
    opt_out("+6581000003")
    check = campaign_check(campaign)
    launched = campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer))
    frozen = set(OutboundMessage.objects.filter(job=launched.job).values_list("msisdn", flat=True))
    assert frozen == {r.msisdn for r in check.recipients} == {"+6581000001", "+6581000002"}
    campaign.refresh_from_db()
    assert campaign.job == launched.job
    assert campaign.launched_by == marketer and campaign.launched_at is not None
    assert campaign.excluded_count == 3
    assert campaign.excluded_reasons == {"invalid_number": 1, "duplicate": 1, "opted_out": 1}


def test_launch_makes_a_running_job_with_the_campaigns_rate_and_category(template, marketer):
    campaign = list_campaign(template, members("All", numbers(3)), rate=40)
    job = campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer)).job
    assert (job.state, job.rate, job.category, job.created_by) == (
        SendJob.State.RUNNING,
        40,
        "marketing",
        marketer,
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CAMPAIGN_LAUNCH)
    assert entry.data["sent"] == 3 and entry.target_id == str(campaign.pk)


def test_a_scheduled_campaign_waits_for_its_time(template, marketer):
    later = timezone.now() + timedelta(hours=2)
    campaign = list_campaign(template, members("All", numbers(2)), start_at=later)
    job = campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer)).job
    assert job.state == SendJob.State.SCHEDULED and job.start_at == later


def test_quiet_hours_reach_the_frozen_messages_not_before(template, marketer):
    campaign = list_campaign(
        template,
        members("SG", ["+6581000001"], time_zone="Asia/Singapore"),
        start_at=datetime(2030, 1, 10, 23, 0, tzinfo=UTC),
        quiet_start=time(21, 0),
        quiet_end=time(8, 0),
    )
    job = campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer)).job
    message = OutboundMessage.objects.get(job=job)
    assert message.not_before == datetime(2030, 1, 11, 0, 0, tzinfo=UTC)


def test_launching_twice_makes_one_job(template, marketer):
    campaign = list_campaign(template, members("All", numbers(3)))
    first = campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer))
    second = campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer))
    assert second.again and second.job == first.job
    assert SendJob.objects.count() == 1
    assert OutboundMessage.objects.count() == 3


def test_a_changed_audience_refuses_the_launch_and_freezes_nothing(template, marketer):
    people = numbers(3)
    campaign = list_campaign(template, members("All", people))
    opt_out(people[0])
    with pytest.raises(LaunchRefused, match="2 would be sent now, not 3"):
        campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer), expected=3)
    assert not SendJob.objects.exists()
    campaign.refresh_from_db()
    assert campaign.is_draft


def test_rolling_back_the_launch_enqueues_nothing(
    template, marketer, django_capture_on_commit_callbacks
):
    campaign = list_campaign(template, members("All", numbers(3)))
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer))
        raise RuntimeError("the request failed after the launch")
    assert callbacks == []
    assert not SendJob.objects.exists() and not OutboundMessage.objects.exists()
    campaign.refresh_from_db()
    assert campaign.is_draft


def test_a_committed_launch_enqueues_its_pumps(
    template, marketer, django_capture_on_commit_callbacks, settings
):
    settings.BATCH_CONCURRENCY = 2
    campaign = list_campaign(template, members("All", numbers(3)))
    with django_capture_on_commit_callbacks() as callbacks:
        campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer))
    assert len(callbacks) == 2


def test_nobody_sendable_refuses_the_launch(template, marketer):
    people = numbers(1)
    opt_out(people[0])
    campaign = list_campaign(template, members("All", people))
    with pytest.raises(LaunchRefused, match="Nobody"):
        campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer))


def test_the_test_send_is_a_small_job_of_its_own_to_the_test_list(template, marketer):
    testers = members("Testers", ["+6589990001", "+6589990002"])
    campaign = list_campaign(template, members("All", numbers(5)), test_list=testers)
    sent = campaign_test_send(campaign=campaign, actor=Actor.of(marketer))
    assert set(sent.job.messages.values_list("msisdn", flat=True)) == {"+6589990001", "+6589990002"}
    assert sent.job.name == "Test: Spring sale"
    campaign.refresh_from_db()
    assert campaign.is_draft


def test_a_test_send_without_a_test_list_is_refused(template, marketer):
    campaign = list_campaign(template, members("All", numbers(1)))
    with pytest.raises(LaunchRefused, match="Test list"):
        campaign_test_send(campaign=campaign, actor=Actor.of(marketer))


@pytest.mark.django_db(transaction=True)
def test_two_launches_at_once_make_one_job(template, marketer):
    campaign = list_campaign(template, members("All", numbers(50)))
    results, errors = [], []

    def launch() -> None:
        try:
            results.append(campaign_launch(campaign_id=campaign.pk, actor=Actor.of(marketer)))
        except Exception as exc:  # the assertion below names it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=launch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert SendJob.objects.count() == 1
    assert OutboundMessage.objects.count() == 50
    assert sorted(r.again for r in results) == [False, True]
    assert Campaign.objects.get(pk=campaign.pk).job_id == SendJob.objects.get().pk
