"""The dashboard's numbers, from a roll-up rather than the messages themselves.

`dashboard_rollup` (beat: today and yesterday every minute, the last CHECK_DAYS hourly for late
receipts) counts each recent day's messages by sender, status and error code in one GROUP BY a
day and replaces that day's MessageDayCount rows in one transaction. The dashboard then sums a
few hundred rows whatever the size of the message table, so its figures are at most a minute
old; a message's status is still read live on its own page and in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from access.permissions import VIEW_ALL_HISTORY, perm
from chatapps.explain import explain_error
from messaging.history import can_see_numbers, number_masked
from messaging.models import (
    FINAL_FAILURES,
    InboundMessage,
    MessageDayCount,
    MessageStatus,
    OutboundMessage,
    SendJob,
)
from messaging.selectors import messages_visible_to

CHART_DAYS = 7
REASONS_SHOWN = 6
OPEN_WINDOW = timedelta(hours=24)
NOT_ATTEMPTED = {MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.CANCELLED}
DELIVERED = {MessageStatus.DELIVERED, MessageStatus.READ}


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def dashboard_rollup(*, days: int = 2, today: date | None = None) -> int:
    """Recount the last `days` days (today included); return how many rows were written.

    Running twice is harmless: each day's rows are replaced whole, in one transaction, so the
    dashboard never sees a day half counted.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    written = 0
    for back in range(days):
        day = today - timedelta(days=back)
        start, end = _day_bounds(day)
        groups = (
            OutboundMessage.objects.filter(created_at__gte=start, created_at__lt=end)
            .order_by()
            .values_list("sent_by_id", "status", "error_code")
            .annotate(n=Count("id"))
        )
        rows = [
            MessageDayCount(
                day=day,
                sender_id=sender,
                status=status,
                error_code=code if status in FINAL_FAILURES else None,
                count=n,
                counted_at=now,
            )
            for sender, status, code, n in groups
        ]
        with transaction.atomic():
            MessageDayCount.objects.filter(day=day).delete()
            MessageDayCount.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


BAR_BOTTOM, BAR_MAX = 190, 180  # the chart's baseline and tallest bar, in SVG units


@dataclass(frozen=True)
class DayBar:
    """One day of the chart: three bars, scaled to the busiest day, drawn as SVG rects."""

    index: int
    day: date
    total: int
    delivered: int
    failed: int
    top: int  # the busiest day's total

    @property
    def x(self) -> int:
        return self.index * 100

    def _px(self, n: int) -> int:
        return round(BAR_MAX * n / self.top) if self.top else 0

    @property
    def px_all(self) -> int:
        return self._px(self.total)

    @property
    def top_all(self) -> int:
        return BAR_BOTTOM - self.px_all

    @property
    def px_delivered(self) -> int:
        return self._px(self.delivered)

    @property
    def top_delivered(self) -> int:
        return BAR_BOTTOM - self.px_delivered

    @property
    def px_failed(self) -> int:
        return self._px(self.failed)

    @property
    def top_failed(self) -> int:
        return BAR_BOTTOM - self.px_failed


def dashboard_summary(*, user: Any) -> dict[str, Any]:
    """Today's and this week's sends, delivery and read rates, failures by reason, the last days
    as bars, active campaigns and open conversations: a handful of small queries."""
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    first = min(week_start, today - timedelta(days=CHART_DAYS - 1))
    counts = MessageDayCount.objects.filter(day__gte=first)
    if not user.has_perm(perm(VIEW_ALL_HISTORY)):
        counts = counts.filter(sender_id=user.pk)
    rows = list(
        counts.order_by().values_list("day", "status", "error_code").annotate(n=Sum("count"))
    )
    week = [(status, code, n) for day, status, code, n in rows if day >= week_start]
    sent_today = sum(n for day, _, _, n in rows if day == today)
    attempted = sum(n for status, _, n in week if status not in NOT_ATTEMPTED)
    delivered = sum(n for status, _, n in week if status in DELIVERED)
    read = sum(n for status, _, n in week if status == MessageStatus.READ)
    failed = sum(n for status, _, n in week if status in FINAL_FAILURES)
    return {
        "counts": [
            ("Sent today", sent_today),
            ("Sent this week", sum(n for _, _, n in week)),
            ("Delivery rate this week", _rate(delivered, attempted)),
            ("Read rate this week", _rate(read, delivered)),
            ("Failed this week", failed),
            ("Active campaigns", SendJob.objects.filter(state=SendJob.State.RUNNING).count()),
            ("Open conversations", _open_conversations()),
        ],
        "bars": _bars(rows, today),
        "reasons": _reasons(week),
        "counted_at": counts.order_by("-counted_at").values_list("counted_at", flat=True).first(),
        "recent": _recent(user),
    }


def _recent(user: Any) -> list[OutboundMessage]:
    recent = list(messages_visible_to(user).only(*RECENT_FIELDS)[:8])
    if not can_see_numbers(user):
        for message in recent:  # for showing only, never saved
            message.msisdn = number_masked(message.msisdn)
    return recent


RECENT_FIELDS = ("id", "created_at", "kind", "msisdn", "status", "sent_by__username")


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _open_conversations() -> int:
    """Numbers that wrote in the last 24 hours: their service window is open."""
    since = timezone.now() - OPEN_WINDOW
    return InboundMessage.objects.filter(received_at__gte=since).values("msisdn").distinct().count()


def _bars(rows: list[tuple[date, str, int | None, int]], today: date) -> list[DayBar]:
    days = [today - timedelta(days=back) for back in range(CHART_DAYS - 1, -1, -1)]
    totals = {d: [0, 0, 0] for d in days}
    for day, status, _, n in rows:
        if day in totals:
            totals[day][0] += n
            totals[day][1] += n if status in DELIVERED else 0
            totals[day][2] += n if status in FINAL_FAILURES else 0
    top = max((t[0] for t in totals.values()), default=0)
    return [
        DayBar(index, d, t, ok, bad, top) for index, (d, (t, ok, bad)) in enumerate(totals.items())
    ]


def _reasons(week: list[tuple[str, int | None, int]]) -> list[dict[str, Any]]:
    """This week's failures grouped by 8x8's error code, biggest first, with what it means."""
    by_code: dict[int | None, int] = {}
    for status, code, n in week:
        if status in FINAL_FAILURES:
            by_code[code] = by_code.get(code, 0) + n
    top = max(by_code.values(), default=0) or 1
    ranked = sorted(by_code.items(), key=lambda item: -item[1])[:REASONS_SHOWN]
    return [
        {
            "code": code,
            "count": n,
            "width": 100 * n / top,
            "explanation": explain_error(code) if code is not None else "No error code given.",
        }
        for code, n in ranked
    ]
