"""The history out as CSV: the rows a history filter selects, written by a worker for download.

The export runs as the user who asked for it: only the messages their role may see, numbers
masked unless their role sees them in full. Rows are read newest first in keyset pages by id
(never OFFSET), so a million rows stream through in constant memory. Every cell is formula-safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from messaging.history import can_see_numbers, messages_filtered, number_masked
from messaging.models import OutboundMessage
from messaging.selectors import messages_visible_to
from tabular.jobs import job_execute
from tabular.models import ExportJob, JobState
from tabular.writing import EXPORTS, SafeWriter, media_file

PAGE = 2000
EXPORT_TASK = "messaging.history_tasks.history_export_task"
COLUMNS = [
    "queued_at",
    "kind",
    "template",
    "recipient",
    "campaign",
    "sent_by",
    "status",
    "status_detail",
    "error_code",
    "umid",
    "client_message_id",
    "sent_at",
    "delivered_at",
    "read_at",
    "failed_at",
]
FIELDS = (
    "id",
    "created_at",
    "kind",
    "template_name",
    "msisdn",
    "job__name",
    "sent_by__username",
    "status",
    "status_detail",
    "error_code",
    "umid",
    "client_message_id",
    "sent_at",
    "delivered_at",
    "read_at",
    "failed_at",
)


def history_csv_write(
    messages: QuerySet[OutboundMessage], file: IO[str], *, masked: bool, job_id: int | None = None
) -> int:
    """Write the messages to `file` as CSV, newest first; return how many rows were written."""
    writer = SafeWriter(file)
    writer.writerow(COLUMNS)
    page = messages.select_related("sent_by", "job").only(*FIELDS).order_by("-id")
    last: int | None = None
    written = 0
    while batch := list((page if last is None else page.filter(id__lt=last))[:PAGE]):
        for m in batch:
            writer.writerow(
                [
                    _when(m.created_at),
                    m.kind,
                    m.template_name or "",
                    number_masked(m.msisdn) if masked else m.msisdn,
                    m.job.name if m.job else "",
                    m.sent_by.username if m.sent_by else "",
                    m.status,
                    m.status_detail,
                    "" if m.error_code is None else m.error_code,
                    m.umid or "",
                    m.client_message_id,
                    _when(m.sent_at),
                    _when(m.delivered_at),
                    _when(m.read_at),
                    _when(m.failed_at),
                ]
            )
        written += len(batch)
        last = batch[-1].pk
        if job_id is not None:
            ExportJob.objects.filter(id=job_id).update(rows_done=written)
    return written


def _when(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def history_export_run(job: ExportJob) -> None:
    """Write the job's CSV under MEDIA_ROOT/exports/ and mark it done, with one audit entry."""
    user = job.created_by
    if user is None:  # the user was deleted since: nobody's view to export
        raise PermissionError("the user who asked for this export no longer exists")
    messages = messages_filtered(messages_visible_to(user), job.params or {})
    relative, path = media_file(EXPORTS)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as file:
        rows = history_csv_write(messages, file, masked=not can_see_numbers(user), job_id=job.pk)
    ExportJob.objects.filter(id=job.pk).update(
        state=JobState.DONE, file=relative, rows_done=rows, finished_at=timezone.now()
    )
    audit_record(
        action=AuditEntry.Action.EXPORT,
        summary=f"Exported {rows} messages from the history",
        actor=Actor.of(user),
        target=job,
        data={"rows": rows, "filters": job.params or {}},
    )


def history_export_execute(job_id: int) -> bool:
    """Run a queued history export once; False when another run has it already."""
    return job_execute(ExportJob, job_id, history_export_run)
