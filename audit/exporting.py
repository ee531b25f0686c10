"""The audit trail as CSV: the filtered entries, streamed, every cell formula-safe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from audit.models import AuditEntry
from audit.selectors import EXPORT_COLUMNS, entries_filtered, entries_rows
from audit.services import Actor, audit_record
from tabular.writing import csv_lines


def audit_export(*, actor: Actor, filters: dict[str, Any]) -> Iterator[str]:
    """Audit the export (with its filters and how many rows it holds) now, and return the CSV
    text to stream."""
    entries = entries_filtered(filters)
    count = entries.count()
    shown = {key: str(value) for key, value in filters.items()}
    audit_record(
        action=AuditEntry.Action.EXPORT,
        summary=f"Exported {count} audit entries" + (f" ({_describe(shown)})" if shown else ""),
        actor=actor,
        data={"rows": count, "kind": "audit", "filters": shown},
    )
    return csv_lines(EXPORT_COLUMNS, entries_rows(entries))


def _describe(filters: dict[str, str]) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in sorted(filters.items()))
