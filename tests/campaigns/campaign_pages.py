"""Launched campaigns for the campaign page's tests: a Campaign with a SendJob whose messages are
frozen in bulk by the engine, then moved to the statuses a test needs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from messaging import jobs
from messaging.models import MessageStatus, OutboundMessage, SendJob

TEMPLATE = {
    "type": "template",
    "content": {"template": {"name": "spring_sale", "language": "en", "components": []}},
}


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"+6581{i:06d}" for i in range(start, start + n)]


def launched(
    n: int,
    *,
    owner=None,
    name: str = "Spring sale",
    state: str = SendJob.State.RUNNING,
    excluded: dict[str, int] | None = None,
) -> Campaign:
    """A campaign whose n messages are frozen and queued, its job in `state`."""
    job = SendJob.objects.create(name=name, state=state, rate=0, created_by=owner)
    jobs.job_freeze(
        job=job,
        kind="template",
        messages=((m, {"user": {"msisdn": m}, **TEMPLATE}) for m in numbers(n)),
    )
    excluded = excluded or {}
    return Campaign.objects.create(
        name=name,
        job=job,
        created_by=owner,
        launched_by=owner,
        launched_at=timezone.now(),
        excluded_count=sum(excluded.values()),
        excluded_reasons=excluded,
    )


def queued(campaign: Campaign) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(job=campaign.job, status=MessageStatus.QUEUED)


def move(campaign: Campaign, count: int, status: str, **fields) -> list[int]:
    """Move `count` of the campaign's queued messages (lowest ids first) to `status`."""
    ids = list(queued(campaign).order_by("id").values_list("id", flat=True)[:count])
    OutboundMessage.objects.filter(id__in=ids).update(status=status, **fields)
    return ids
