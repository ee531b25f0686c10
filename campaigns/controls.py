"""What a person does to a launched campaign: pause, resume, cancel, retry its failures, export
its results. Each is audited, and each is harmless to repeat: the engine's conditional updates
make a second pause (or a pause of a finished job) change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from campaigns.models import Campaign
from campaigns.selectors import EXPORT_COLUMNS, results_rows
from messaging.jobs import job_cancel, job_pause, job_resume, job_retry_failed
from messaging.models import SendJob
from tabular.writing import csv_lines

A = AuditEntry.Action
State = SendJob.State


@dataclass(frozen=True)
class ControlResult:
    changed: bool
    message: str


def _audit(campaign: Campaign, action: str, summary: str, actor: Actor, **data: int) -> None:
    audit_record(
        action=action,
        summary=f"{summary}: {campaign.name}",
        actor=actor,
        target=campaign,
        data={"job": campaign.job_id or 0, **data},
    )


NOT_LAUNCHED = ControlResult(False, "This campaign has not been launched yet.")


def campaign_pause(*, campaign: Campaign, actor: Actor) -> ControlResult:
    """Stop claiming chunks; those already on their way to 8x8 finish."""
    if campaign.job is None:
        return NOT_LAUNCHED
    who = actor.user.get_username() if actor.user is not None else "the system"
    with transaction.atomic():
        if not job_pause(job=campaign.job, reason=f"Paused by {who}."):
            return ControlResult(False, "Only a running campaign can be paused.")
        _audit(campaign, A.CAMPAIGN_PAUSE, "Paused the campaign", actor)
    return ControlResult(True, "Paused. Messages already on their way to 8x8 still go.")


def campaign_resume(*, campaign: Campaign, actor: Actor) -> ControlResult:
    if campaign.job is None:
        return NOT_LAUNCHED
    with transaction.atomic():
        if not job_resume(job=campaign.job):
            return ControlResult(False, "Only a paused campaign can be resumed.")
        _audit(campaign, A.CAMPAIGN_RESUME, "Resumed the campaign", actor)
    return ControlResult(True, "Resumed.")


def campaign_cancel(*, campaign: Campaign, actor: Actor) -> ControlResult:
    """Cancel every message not yet sent; those sent keep their status."""
    if campaign.job is None:
        return NOT_LAUNCHED
    with transaction.atomic():
        state_before = campaign.job.state
        cancelled = job_cancel(job=campaign.job)
        campaign.job.refresh_from_db(fields=["state"])
        if campaign.job.state == state_before:
            return ControlResult(
                False, "Only a scheduled, running or paused campaign can be cancelled."
            )
        _audit(campaign, A.CAMPAIGN_CANCEL, "Cancelled the campaign", actor, cancelled=cancelled)
    return ControlResult(
        True, f"Cancelled: {cancelled} message{'s'[: cancelled != 1]} will not be sent."
    )


def campaign_retry_failed(*, campaign: Campaign, actor: Actor) -> ControlResult:
    """Queue again only the failures a later try may fix (never opt-outs or 8x8's refusals)."""
    if campaign.job is None:
        return NOT_LAUNCHED
    # A cancelled job's messages would wait in the queue for pumps that never come.
    if campaign.job.state in (State.CANCELLED, State.SCHEDULED):
        return ControlResult(False, "A cancelled or scheduled campaign's failures are not retried.")
    with transaction.atomic():
        retried = job_retry_failed(job=campaign.job)
        if not retried:
            return ControlResult(False, "No failed message can be retried.")
        _audit(campaign, A.CAMPAIGN_RETRY, "Retried failed messages", actor, retried=retried)
    return ControlResult(True, f"Queued again: {retried} message{'s'[: retried != 1]}.")


def campaign_results_export(*, campaign: Campaign, actor: Actor) -> Iterator[str]:
    """Audit the export now, and return the campaign's results as CSV text to stream."""
    _audit(campaign, A.EXPORT, "Exported the results of the campaign", actor)
    return _results_csv(campaign)


def _results_csv(campaign: Campaign) -> Iterator[str]:
    if campaign.job is None:
        return csv_lines(EXPORT_COLUMNS, [])
    return csv_lines(EXPORT_COLUMNS, results_rows(job=campaign.job))
