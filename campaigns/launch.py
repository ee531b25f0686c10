"""Launching a campaign, and sending it to its test list first, through the send-job engine.

A launch is one transaction: the campaign row is locked (a second launch, from a double click
or another tab, waits and then finds the job), the check is computed again, exactly the
recipients it counts are frozen into a new SendJob, the campaign records the job and what was
left out, the launch is audited, and job_launch enqueues its pumps on commit, so a rollback
anywhere leaves a draft and enqueues nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from campaigns.models import Campaign
from campaigns.presend import Check, CheckRefused, campaign_check, message_category
from messaging.jobs import job_freeze, job_launch
from messaging.models import SendJob


class LaunchRefused(CheckRefused):
    """The launch did not happen; the sentence says why (nothing was frozen or enqueued)."""


@dataclass(frozen=True)
class Launched:
    campaign: Campaign
    job: SendJob
    check: Check | None  # None when the campaign had already been launched
    again: bool = False


def _freeze(job: SendJob, check: Check) -> int:
    """Write the check's recipients, one multi-row freeze per kind (window split: two)."""
    frozen = 0
    for kind in dict.fromkeys(kind for kind, *_ in check.outgoing()):
        messages = (
            (msisdn, body, not_before)
            for k, msisdn, body, not_before in check.outgoing()
            if k == kind
        )
        frozen += job_freeze(job=job, kind=kind, messages=messages)
    return frozen


def _job_for(campaign: Campaign, *, actor: Actor, name: str, test: bool = False) -> SendJob:
    return SendJob.objects.create(
        name=name[:200],
        category=message_category(campaign),
        start_at=None if test else campaign.start_at,
        rate=campaign.rate,
        created_by=actor.user,
    )


def campaign_launch(*, campaign_id: int, actor: Actor, expected: int | None = None) -> Launched:
    """Launch the campaign (see the module); `expected` is the sendable count the person saw:
    when the audience changed since, nothing is launched and LaunchRefused says so."""
    with transaction.atomic():
        campaign = (
            Campaign.objects.select_for_update(of=("self",))
            .select_related("template", "split_template")
            .get(pk=campaign_id)
        )
        if campaign.job_id is not None:
            return Launched(campaign, campaign.job, None, again=True)  # type: ignore[arg-type]
        check = campaign_check(campaign)
        if expected is not None and check.sendable != expected:
            raise LaunchRefused(
                f"The audience changed since the check: {check.sendable} would be sent now, "
                f"not {expected}. Look at the check again before launching."
            )
        if not check.sendable:
            raise LaunchRefused("Nobody in the audience can be sent this message.")
        job = _job_for(campaign, actor=actor, name=campaign.name)
        frozen = _freeze(job, check)
        claimed = Campaign.objects.filter(pk=campaign.pk, job__isnull=True).update(
            job=job,
            launched_by=actor.user,
            launched_at=timezone.now(),
            excluded_count=check.excluded_count,
            excluded_reasons=dict(check.excluded),
        )
        if not claimed:  # launched meanwhile by a writer the lock did not stop (SQLite)
            transaction.set_rollback(True)
            campaign.refresh_from_db()
            return Launched(campaign, campaign.job, None, again=True)  # type: ignore[arg-type]
        audit_record(
            action=AuditEntry.Action.CAMPAIGN_LAUNCH,
            summary=f"Launched the campaign “{campaign.name}” to {frozen} recipients",
            actor=actor,
            target=campaign,
            data={
                "job": job.pk,
                "sent": frozen,
                "excluded": dict(check.excluded),
                "start_at": campaign.start_at.isoformat() if campaign.start_at else None,
            },
        )
        job_launch(job=job)
    campaign.refresh_from_db()
    job.refresh_from_db()
    return Launched(campaign, job, check)


def campaign_test_send(*, campaign: Campaign, actor: Actor) -> Launched:
    """Send the campaign's message to its test list now, as a small SendJob of its own (quiet
    hours and schedule do not apply: the point is to see it at once)."""
    if campaign.test_list_id is None:
        raise LaunchRefused("Test list: choose a list of test numbers in the builder first.")
    with transaction.atomic():
        check = campaign_check(campaign, test_list_id=campaign.test_list_id)
        if not check.sendable:
            raise LaunchRefused("Nobody on the test list can be sent this message.")
        job = _job_for(campaign, actor=actor, name=f"Test: {campaign.name}", test=True)
        frozen = _freeze(job, check)
        audit_record(
            action=AuditEntry.Action.CAMPAIGN_TEST,
            summary=f"Sent the campaign “{campaign.name}” to {frozen} test numbers",
            actor=actor,
            target=campaign,
            data={"job": job.pk, "sent": frozen, "excluded": dict(check.excluded)},
        )
        job_launch(job=job)
    job.refresh_from_db()
    return Launched(campaign, job, check)
