"""Contacts imports and exports as the page, the worker and the commands run them."""

from __future__ import annotations

from audience.exporting import ExportScopeError, contacts_export_run
from audit.services import Actor
from recipients.importing import contacts_import_for
from tabular.jobs import Totals, import_run, job_execute, job_fail
from tabular.models import ExportJob, ImportJob

IMPORT_TASK = "audience.tasks.contacts_import_task"
EXPORT_TASK = "audience.tasks.contacts_export_task"
COMMAND_LINE = Actor(username="manage.py (command line)")


def import_actor(job: ImportJob) -> Actor:
    """Who the audit entry names: the person who uploaded, else the command line."""
    return Actor.of(job.created_by) if job.created_by is not None else COMMAND_LINE


def contacts_import_job(job: ImportJob) -> Totals:
    return import_run(job, contacts_import_for(job, actor=import_actor(job)))


def contacts_import_execute(job_id: int) -> bool:
    """Run a queued contacts import once; False when another run has it already."""
    return job_execute(ImportJob, job_id, contacts_import_job)


def contacts_export_execute(job_id: int) -> bool:
    def work(job: ExportJob) -> None:
        try:
            contacts_export_run(job)
        except ExportScopeError as exc:
            job_fail(ExportJob, job.pk, str(exc))

    return job_execute(ExportJob, job_id, work)
