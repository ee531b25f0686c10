"""Reading the audit trail: filtered, a page at a time by id, or all of it for an export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from audit.hashing import canonical_json
from audit.models import AuditEntry

PAGE_SIZE = 50


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def entries_filtered(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Entries matching the audit form's cleaned filters; dates are whole days, local time."""
    entries = AuditEntry.objects.all()
    if filters.get("actor"):
        entries = entries.filter(actor_username__icontains=filters["actor"])
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("target_type"):
        entries = entries.filter(target_type__iexact=filters["target_type"])
    if filters.get("target_id"):
        entries = entries.filter(target_id=filters["target_id"])
    if filters.get("date_from"):
        entries = entries.filter(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    return entries


@dataclass(frozen=True)
class EntryPage:
    rows: list[AuditEntry]
    has_newer: bool
    has_older: bool

    @property
    def older_than(self) -> int | None:
        return self.rows[-1].pk if self.has_older and self.rows else None

    @property
    def newer_than(self) -> int | None:
        return self.rows[0].pk if self.has_newer and self.rows else None


def entries_page(
    entries: QuerySet[AuditEntry],
    *,
    after: int | None = None,
    before: int | None = None,
    size: int = PAGE_SIZE,
) -> EntryPage:
    """Newest first by id, `size + 1` rows older than `after` (or newer than `before`): the
    hundredth page costs what the first does."""
    if before is not None:
        found = list(entries.filter(pk__gt=before).order_by("pk")[: size + 1])
        return EntryPage(list(reversed(found[:size])), len(found) > size, True)
    if after is not None:
        entries = entries.filter(pk__lt=after)
    found = list(entries.order_by("-pk")[: size + 1])
    return EntryPage(found[:size], after is not None, len(found) > size)


EXPORT_COLUMNS = [
    "id", "at", "actor", "actor_id", "role", "ip_address", "action", "summary", "target_type",
    "target_id", "data", "payload_hash",
]  # fmt: skip


def entries_rows(entries: QuerySet[AuditEntry], *, page: int = 1000) -> Iterator[list[Any]]:
    """Every matching entry as an export row, newest first, read `page` rows at a time by id."""
    rows = entries.order_by("-pk")
    last: int | None = None
    while batch := list((rows if last is None else rows.filter(pk__lt=last))[:page]):
        for entry in batch:
            yield [
                entry.pk, entry.at.isoformat(), entry.actor_username, entry.actor_id or "",
                entry.actor_role, entry.ip_address or "", entry.action, entry.summary,
                entry.target_type, entry.target_id, canonical_json(entry.data), entry.payload_hash,
            ]  # fmt: skip
        last = batch[-1].pk
