"""Starting import and export jobs: the upload kept and inspected, the mapping saved, the queue."""

from __future__ import annotations

import logging
import shutil
from functools import partial
from pathlib import Path
from typing import Any

from celery import current_app
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tabular.models import ExportJob, ImportJob, JobState
from tabular.reading import CsvRefused, Inspection, csv_inspect, size_check
from tabular.writing import IMPORTS, media_file, media_path

logger = logging.getLogger(__name__)


def job_enqueue(task_name: str, job_id: int) -> None:
    """Hand the job to a worker once the transaction commits (at once outside one).

    The same rule as messaging.enqueue, kept here because tabular sits below messaging. A broker
    that is down is logged, not raised: the job stays visibly 'queued' and can be queued again.
    """
    transaction.on_commit(partial(_send, task_name, job_id))


def _send(task_name: str, job_id: int) -> None:
    try:
        current_app.send_task(task_name, args=(job_id,))
    except Exception:  # any broker or network failure: see job_enqueue
        logger.exception("could not enqueue %s(%s)", task_name, job_id)


def import_upload(
    *, kind: str, upload: UploadedFile, options: dict[str, Any], user: Any = None
) -> tuple[ImportJob, Inspection]:
    """Keep an uploaded CSV under MEDIA_ROOT/imports/ and inspect it. Raises CsvRefused.

    The size cap is checked on the upload's declared size before anything is written or parsed.
    """
    size_check(upload.size or 0)
    relative, path = media_file(IMPORTS)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        inspection = csv_inspect(path)
    except CsvRefused:
        path.unlink(missing_ok=True)
        raise
    job = ImportJob.objects.create(
        kind=kind,
        original_name=(upload.name or "upload.csv")[-255:],
        file=relative,
        size=path.stat().st_size,
        encoding=inspection.encoding,
        delimiter=inspection.delimiter,
        header=inspection.header,
        options=options,
        rows_total=inspection.rows_estimate,
        created_by=user,
    )
    return job, inspection


def import_inspection(job: ImportJob) -> Inspection:
    """The preview the mapping page shows, read again from the stored upload."""
    return csv_inspect(media_path(job.file))


def import_queue(*, job: ImportJob, mapping: dict[str, str], task_name: str) -> bool:
    """Save the column mapping and queue the import; False when it was already queued."""
    queued = ImportJob.objects.filter(id=job.pk, state=JobState.UPLOADED).update(
        mapping=mapping, state=JobState.QUEUED, queued_at=timezone.now()
    )
    if queued:
        job_enqueue(task_name, job.pk)
    return queued == 1


def export_create(*, kind: str, params: dict[str, Any], user: Any, task_name: str) -> ExportJob:
    job = ExportJob.objects.create(kind=kind, params=params, created_by=user)
    job_enqueue(task_name, job.pk)
    return job


def import_from_path(
    *, kind: str, source: Path, mapping: dict[str, str] | None = None, options: dict[str, Any]
) -> tuple[ImportJob, Inspection]:
    """An ImportJob for a file on disk (the commands' way in), checked as an upload is."""
    size_check(source.stat().st_size)
    relative, path = media_file(IMPORTS)
    shutil.copyfile(source, path)
    try:
        inspection = csv_inspect(path)
    except CsvRefused:
        path.unlink(missing_ok=True)
        raise
    job = ImportJob.objects.create(
        kind=kind,
        original_name=source.name[-255:],
        file=relative,
        size=path.stat().st_size,
        encoding=inspection.encoding,
        delimiter=inspection.delimiter,
        header=inspection.header,
        mapping=mapping or {},
        options=options,
        rows_total=inspection.rows_estimate,
        state=JobState.QUEUED,
    )
    return job, inspection
