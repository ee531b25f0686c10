"""Reads behind the campaigns list and the campaign page, cheap at 100,000+ messages a campaign.

Every figure is counted from the job's message rows (never kept where it could drift): one
GROUP BY status for the counters and the funnel, one GROUP BY reason for the failures. Recipients
are paged by id (keyset: never OFFSET, never COUNT), and the export reads them the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from chatapps.explain import explain_error
from messaging.jobs import RETRYABLE_DETAILS, job_counts
from messaging.models import FINAL_FAILURES, MessageStatus, OutboundMessage, SendJob

S = MessageStatus
State = SendJob.State
LIST_PAGE_SIZE = 25
RECIPIENTS_PAGE_SIZE = 50
EXPORT_PAGE = 2000
DRAFT = "draft"
ACTIVE_STATES = {State.SCHEDULED, State.RUNNING, State.PAUSED}
# Receipts keep arriving after the last message left: the page keeps polling this long after a
# job ends while some of its messages can still change status (delivered, then read).
RECEIPT_WATCH = timedelta(minutes=30)

# The page's counters, each the statuses it adds up (a message is in exactly one).
COUNTER_STATUSES: dict[str, tuple[str, ...]] = {
    "queued": (S.QUEUED, S.SENDING),
    "submitted": (S.ACCEPTED, S.SENT),
    "delivered": (S.DELIVERED,),
    "read": (S.READ,),
    "failed": (S.UNDELIVERED, S.REJECTED, S.FAILED),
    "unknown": (S.UNKNOWN,),
    "cancelled": (S.CANCELLED,),
}
COUNTER_LABELS = {
    "queued": "Queued",
    "submitted": "Submitted",
    "delivered": "Delivered",
    "read": "Read",
    "failed": "Failed",
    "unknown": "Unknown",
    "cancelled": "Cancelled",
    "excluded": "Excluded",
}
# Statuses after which nothing more will be heard of a message.
SETTLED = {S.READ, S.CANCELLED, *FINAL_FAILURES}
EXCLUSION_LABELS = {
    "opted_out": "Opted out",
    "invalid_number": "Invalid number",
    "duplicate": "Duplicate",
    "missing_parameter": "Missing parameter value",
    "window_closed": "Customer-service window closed",
    "undeliverable_recently": "Undeliverable in the last 30 days",
}


@dataclass(frozen=True)
class Counters:
    """A job's messages by counter, and what the progress bar and the funnel show."""

    by_status: dict[str, int]
    excluded: int = 0

    def count(self, counter: str) -> int:
        if counter == "excluded":
            return self.excluded
        return sum(self.by_status.get(s, 0) for s in COUNTER_STATUSES[counter])

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def left_queue(self) -> int:
        return self.total - self.count("queued")

    @property
    def percent(self) -> int:
        """Share of the messages that have left the queue; 100 only when every one has."""
        return self.left_queue * 100 // self.total if self.total else 0

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        return [(key, COUNTER_LABELS[key], self.count(key)) for key in COUNTER_LABELS]

    @property
    def funnel(self) -> list[tuple[str, str, int]]:
        """How far messages got, each step counting those that went further: a read message
        was delivered and submitted too; an undelivered one was submitted, then failed."""
        n = self.by_status.get
        read = n(S.READ, 0)
        delivered = n(S.DELIVERED, 0) + read
        submitted = self.count("submitted") + delivered + n(S.UNDELIVERED, 0)
        return [
            ("submitted", "Submitted to 8x8", submitted),
            ("delivered", "Delivered", delivered),
            ("read", "Read", read),
            ("failed", "Failed", self.count("failed")),
        ]

    @property
    def funnel_chart(self) -> dict[str, Any]:
        """The funnel as the chart script reads it (from a json_script tag)."""
        return {
            "labels": [label for _, label, _ in self.funnel],
            "values": [value for _, _, value in self.funnel],
        }

    @property
    def unsettled(self) -> int:
        return self.total - sum(self.by_status.get(s, 0) for s in SETTLED)


@dataclass(frozen=True)
class FailureGroup:
    """The job's failed messages that share one reason, with the reason in plain words."""

    error_code: int | None
    provider_error_code: str
    status_detail: str
    count: int
    explanation: str

    @property
    def key(self) -> str:
        """The drill-down's `reason` filter for this group (see reason_parse)."""
        code = "" if self.error_code is None else str(self.error_code)
        return f"{code}:{self.provider_error_code}:{self.status_detail}"

    @property
    def retryable(self) -> bool:
        return self.status_detail in RETRYABLE_DETAILS


@dataclass(frozen=True)
class CampaignProgress:
    """Everything the live part of the campaign page shows."""

    campaign: Campaign
    counters: Counters
    failures: list[FailureGroup]
    exclusions: list[tuple[str, int]]
    live: bool

    @property
    def state(self) -> str:
        return campaign_state(self.campaign)

    @property
    def retryable(self) -> int:
        return sum(f.count for f in self.failures if f.retryable)


def campaign_state(campaign: Campaign) -> str:
    """draft, scheduled, running, paused, cancelled or done."""
    return DRAFT if campaign.job is None else campaign.job.state


def campaigns_visible(user: Any) -> QuerySet[Campaign]:
    """Every campaign, for whoever may use campaigns: they are the marketing team's shared work."""
    return Campaign.objects.select_related("job", "created_by", "launched_by")


def campaign_failures(*, job: SendJob) -> list[FailureGroup]:
    """The job's failures grouped by reason, most frequent first (one GROUP BY)."""
    rows = (
        OutboundMessage.objects.filter(job=job, status__in=FINAL_FAILURES)
        .order_by()
        .values("error_code", "provider_error_code", "status_detail")
        .annotate(n=Count("id"))
    )
    groups = [
        FailureGroup(
            error_code=row["error_code"],
            provider_error_code=row["provider_error_code"],
            status_detail=row["status_detail"],
            count=row["n"],
            explanation=_explain(
                row["error_code"], row["provider_error_code"], row["status_detail"]
            ),
        )
        for row in rows
    ]
    return sorted(groups, key=lambda g: (-g.count, g.key))


def _explain(code: int | None, provider: str, detail: str) -> str:
    if code is None and not provider:
        return DETAIL_EXPLANATIONS.get(detail, "8x8 gave no error code.")
    return explain_error(code, provider)


# Reasons the engine records itself, with no code from 8x8.
DETAIL_EXPLANATIONS = {
    "opted_out": "The recipient opted out of these messages, so it was not sent.",
    "gave_up": "8x8 could not be reached after several tries. Retrying may send it.",
}


def campaign_progress(*, campaign: Campaign, now: datetime | None = None) -> CampaignProgress:
    """Counters, failures and exclusions of a launched or draft campaign: two queries."""
    job = campaign.job
    counts = job_counts(job=job) if job is not None else {}
    counters = Counters(counts, excluded=campaign.excluded_count)
    failures = campaign_failures(job=job) if job is not None and counters.count("failed") else []
    reasons = campaign.excluded_reasons if isinstance(campaign.excluded_reasons, dict) else {}
    exclusions = [
        (EXCLUSION_LABELS.get(k, k.replace("_", " ")), int(v)) for k, v in reasons.items()
    ]
    return CampaignProgress(campaign, counters, failures, exclusions, _live(job, counters, now))


def _live(job: SendJob | None, counters: Counters, now: datetime | None) -> bool:
    """Whether the page should keep asking: the job is under way, or has just ended and some
    of its messages still wait for receipts."""
    if job is None:
        return False
    if job.state in ACTIVE_STATES:
        return True
    ended = job.finished_at or job.started_at or job.created_at
    recent = ended >= (now or timezone.now()) - RECEIPT_WATCH
    return recent and counters.unsettled > 0


# -- the campaigns list ----------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    state: str
    percent: int | None  # None: a draft has no progress


def campaigns_page(*, user: Any, page: str | None) -> tuple[Page[Campaign], list[CampaignRow]]:
    """A page of campaigns, newest first, with state and progress: three queries whatever the
    page holds (count, rows, one GROUP BY for the progress of jobs not yet done)."""
    found = campaigns_visible(user).order_by("-created_at", "-id")
    current = Paginator(found, LIST_PAGE_SIZE).get_page(page)
    campaigns = list(current.object_list)
    counting = [c.job_id for c in campaigns if c.job is not None and c.job.state != State.DONE]
    by_job: dict[int, dict[str, int]] = {}
    if counting:
        rows = (
            OutboundMessage.objects.filter(job_id__in=counting)
            .order_by()
            .values("job_id", "status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            by_job.setdefault(row["job_id"], {})[row["status"]] = row["n"]
    return current, [_row(c, by_job) for c in campaigns]


def _row(campaign: Campaign, by_job: dict[int, dict[str, int]]) -> CampaignRow:
    state = campaign_state(campaign)
    if campaign.job_id is None:
        return CampaignRow(campaign, state, None)
    if state == State.DONE:
        return CampaignRow(campaign, state, 100)
    return CampaignRow(campaign, state, Counters(by_job.get(campaign.job_id, {})).percent)


# -- recipients: the drill-down and the export -------------------------------------------------


@dataclass(frozen=True)
class Reason:
    error_code: int | None
    provider_error_code: str
    status_detail: str


def reason_parse(key: str) -> Reason | None:
    """'1022:131047:' → Reason(1022, '131047', ''); None when the key is not one."""
    parts = key.split(":", 2)
    if len(parts) != 3 or (parts[0] and not parts[0].isdigit()) or len(parts[0]) > 9:
        return None
    code = int(parts[0]) if parts[0] else None
    return Reason(code, parts[1][:20], parts[2][:64])


def recipients_matching(
    *, job: SendJob, counter: str = "", reason: Reason | None = None
) -> QuerySet[OutboundMessage]:
    """The job's messages in one counter (e.g. failed) and of one failure reason, if given."""
    messages = OutboundMessage.objects.filter(job=job)
    if counter in COUNTER_STATUSES:
        statuses = COUNTER_STATUSES[counter]
        messages = (
            messages.filter(status__in=statuses)
            if len(statuses) > 1
            else messages.filter(status=statuses[0])
        )
    if reason is not None:
        messages = messages.filter(
            error_code=reason.error_code,
            provider_error_code=reason.provider_error_code,
            status_detail=reason.status_detail,
        )
    return messages


@dataclass(frozen=True)
class RecipientPage:
    rows: list[OutboundMessage]
    has_next: bool
    has_previous: bool

    @property
    def next_after(self) -> int | None:
        return self.rows[-1].pk if self.has_next and self.rows else None

    @property
    def previous_before(self) -> int | None:
        return self.rows[0].pk if self.has_previous and self.rows else None


RECIPIENT_FIELDS = (
    "id", "msisdn", "status", "status_detail", "error_code", "provider_error_code",
    "error_message", "umid", "accepted_at", "delivered_at", "read_at", "failed_at",
)  # fmt: skip


def recipients_page(
    messages: QuerySet[OutboundMessage],
    *,
    after: int | None = None,
    before: int | None = None,
    size: int | None = None,
) -> RecipientPage:
    """A page of messages in the order they were frozen: `size + 1` rows read after (or before)
    an id, so the page costs the same on the first page and the two-thousandth."""
    size = size or RECIPIENTS_PAGE_SIZE
    rows = messages.only(*RECIPIENT_FIELDS)
    if before is not None:
        found = list(rows.filter(pk__lt=before).order_by("-pk")[: size + 1])
        return RecipientPage(list(reversed(found[:size])), True, len(found) > size)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    found = list(rows.order_by("pk")[: size + 1])
    return RecipientPage(found[:size], len(found) > size, after is not None)


EXPORT_COLUMNS = [
    "phone", "status", "reason", "error_code", "whatsapp_error_code", "explanation",
    "error_message", "umid", "client_message_id", "accepted_at", "sent_at", "delivered_at",
    "read_at", "failed_at",
]  # fmt: skip
_EXPORT_FIELDS = (
    "id", "msisdn", "status", "status_detail", "error_code", "provider_error_code",
    "error_message", "umid", "client_message_id", "accepted_at", "sent_at", "delivered_at",
    "read_at", "failed_at",
)  # fmt: skip


def results_rows(*, job: SendJob, page: int | None = None) -> Iterator[list[Any]]:
    """Every message of the job as an export row, read `page` rows at a time by id, so a
    campaign of any size goes out in constant memory."""
    page = page or EXPORT_PAGE
    explained: dict[tuple[int | None, str, str], str] = {}
    last = 0
    messages = OutboundMessage.objects.filter(job=job).order_by("pk").values_list(*_EXPORT_FIELDS)
    while batch := list(messages.filter(pk__gt=last)[:page]):
        for _pk, msisdn, status, detail, code, provider, error, umid, cmid, *times in batch:
            explanation = ""
            if status in FINAL_FAILURES:
                key = (code, provider, detail)
                if key not in explained:
                    explained[key] = _explain(code, provider, detail)
                explanation = explained[key]
            yield [msisdn, status, detail, code, provider, explanation, error, umid, cmid] + [
                _when(t) for t in times
            ]
        if len(batch) < page:
            return  # a short page is the last: no query for an empty one
        last = batch[-1][0]


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""
