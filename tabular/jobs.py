"""Running an import or an export as a job: claimed once, progress in counters, failure recorded.

The machinery knows nothing of contacts or products. A `RowHandler` says what its columns can be
mapped to and takes the rows in chunks: it validates and normalises them, writes the good ones in
bulk and says what happened to each of the others. The job's counters are written once a chunk,
never once a row, so a 100,000-row import costs the progress bar about fifty small UPDATEs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from access.roles import ADMIN, role_of
from tabular.models import ExportJob, ImportJob, JobState
from tabular.reading import CsvRefused, Row, rows_read
from tabular.writing import RejectReport, cell_unsafe, media_path

logger = logging.getLogger(__name__)

CHUNK_ROWS = 2000
# A job still 'running' this long after it started lost its worker (killed, out of memory): a
# redelivered task may claim it again rather than leave it running forever.
STALE_AFTER = timedelta(hours=1)
REJECTED, DUPLICATE = "rejected", "duplicate"
FINISHED = (JobState.DONE, JobState.FAILED)
Job = TypeVar("Job", ImportJob, ExportJob)


@dataclass
class Outcome:
    """What a handler did with one chunk. `reports` are (line, outcome, reason) for the report."""

    imported: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    reports: list[tuple[Row, str, str]] = field(default_factory=list)

    def reject(self, row: Row, reason: str) -> None:
        self.rejected += 1
        self.reports.append((row, REJECTED, reason))

    def skip(self, row: Row, reason: str = "") -> None:
        """A row not written: a duplicate in the file (reported) or one already stored (not)."""
        self.skipped += 1
        if reason:
            self.reports.append((row, DUPLICATE, reason))


class RowHandler(Protocol):
    """What an importable kind of row plugs into the machinery with."""

    def chunk(self, rows: list[Row]) -> Outcome:
        """Validate, de-duplicate and write these rows (in the caller's transaction)."""
        ...

    def finish(self, totals: Totals) -> None:
        """Anything after the last chunk (the handler's audit entry)."""
        ...


@dataclass(frozen=True)
class Totals:
    imported: int
    updated: int
    skipped: int
    rejected: int

    def __str__(self) -> str:
        return (
            f"imported {self.imported}, updated {self.updated}, "
            f"skipped {self.skipped} (repeated or unchanged), rejected {self.rejected}"
        )


def visible_jobs(queryset: QuerySet[Job], user: Any) -> QuerySet[Job]:
    """The jobs a user may see, and download the files of: their own; an admin sees all."""
    if getattr(user, "is_superuser", False) or role_of(user) == ADMIN:
        return queryset
    return queryset.filter(created_by=user)


def job_claim(model: type[ImportJob] | type[ExportJob], job_id: int) -> bool:
    """Move a queued (or abandoned) job to running; False when another run already has it."""
    stale = Q(state=JobState.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
    if model is ExportJob:
        abandoned = Q(state=JobState.RUNNING, created_at__lt=timezone.now() - STALE_AFTER)
        return (
            ExportJob.objects.filter(Q(state=JobState.QUEUED) | abandoned, id=job_id).update(
                state=JobState.RUNNING, error="", rows_done=0
            )
            == 1
        )
    fields = {"state": JobState.RUNNING, "started_at": timezone.now(), "error": ""}
    counters = {"rows_done": 0, "imported": 0, "updated": 0, "skipped": 0, "rejected": 0}
    return (
        ImportJob.objects.filter(Q(state=JobState.QUEUED) | stale, id=job_id).update(
            **fields, **counters
        )
        == 1
    )


def job_fail(model: type[ImportJob] | type[ExportJob], job_id: int, error: str) -> None:
    model.objects.filter(id=job_id).exclude(state=JobState.DONE).update(
        state=JobState.FAILED, error=error[:500], finished_at=timezone.now()
    )


def _mapped_rows(job: ImportJob) -> Iterator[Row]:
    """The job's rows, each cell taken back from formula-safe form, padded to the header."""
    width = len(job.header)
    path = media_path(job.file)
    for line, cells in rows_read(Path(path), encoding=job.encoding, delimiter=job.delimiter):
        # The apostrophe test first: it is the rare case, and this runs for every cell.
        cells = [cell_unsafe(c) if c[:1] == "'" else c for c in cells]
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        yield Row(line, cells)


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_run(job: ImportJob, handler: RowHandler) -> Totals:
    """Feed the job's file to the handler chunk by chunk; record counters, report and the end.

    1. Each chunk is written in its own transaction, so the page sees progress as it happens and
       a failure keeps what was already imported (importing again updates or skips those rows).
    2. Rows with more cells than the header are refused here, for every kind of handler.
    3. Rejected and duplicate rows go to the report CSV with their line and reason.
    """
    report = RejectReport(job.header)
    counts = {"imported": 0, "updated": 0, "skipped": 0, "rejected": 0}
    done = 0
    width = len(job.header)
    try:
        for rows in _chunks(_mapped_rows(job)):
            outcome = Outcome()
            fitting = []
            for row in rows:
                if len(row.cells) == width:
                    fitting.append(row)
                elif any(c.strip() for c in row.cells[width:]):
                    outcome.reject(row, f"the row has {len(row.cells)} cells; the header {width}")
                else:
                    fitting.append(Row(row.line, row.cells[:width]))
            with transaction.atomic():
                handled = handler.chunk(fitting)
            for name in counts:
                counts[name] += getattr(outcome, name) + getattr(handled, name)
            for row, what, reason in sorted(
                outcome.reports + handled.reports, key=lambda r: r[0].line
            ):
                report.add(line=row.line, outcome=what, reason=reason, cells=row.cells)
            done += len(rows)
            ImportJob.objects.filter(id=job.pk).update(rows_done=done, **counts)
    finally:
        report.close()
    totals = Totals(**counts)
    handler.finish(totals)
    ImportJob.objects.filter(id=job.pk).update(
        state=JobState.DONE,
        rows_done=done,
        rows_total=done,
        report=report.relative,
        finished_at=timezone.now(),
        **counts,
    )
    return totals


def job_execute(
    model: type[ImportJob] | type[ExportJob], job_id: int, work: Callable[[Any], object]
) -> bool:
    """Claim the job, do the work, and on any error mark it failed with a sentence; never left
    running. Running twice is harmless: the second claim fails and nothing happens.
    """
    if not job_claim(model, job_id):
        return False
    job = model.objects.get(id=job_id)
    try:
        work(job)
    except CsvRefused as exc:
        job_fail(model, job_id, str(exc))
    except FileNotFoundError:
        job_fail(model, job_id, "The uploaded file is no longer on the server; upload it again.")
    except Exception as exc:
        logger.exception("%s %s failed", model.__name__, job_id)
        # Logged in full for the operator; the page shows the job failed and how, never a trace.
        job_fail(model, job_id, f"The job stopped on an unexpected error: {type(exc).__name__}.")
    return True
