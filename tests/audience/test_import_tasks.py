"""The import and export tasks through a real worker: the job runs once, however often sent."""

from __future__ import annotations

import pytest

from audience.importing import EXPORT_TASK, IMPORT_TASK
from audience.tasks import contacts_import_task
from chatapps_admin.celery import app
from recipients.importing import mapping_guess
from recipients.models import Contact
from tabular.models import ExportJob, ImportJob, JobState
from tests.conftest import wait_until
from tests.importing import import_job

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("media_root")]


def test_an_import_sent_twice_runs_once(celery_worker):
    job = import_job(b"phone\n+6591234567\n+6591234568\n", guess=mapping_guess)
    app.send_task(IMPORT_TASK, args=(job.pk,))
    app.send_task(IMPORT_TASK, args=(job.pk,))
    wait_until(
        lambda: ImportJob.objects.filter(pk=job.pk, state=JobState.DONE).exists(),
        what="the import to finish",
    )
    job.refresh_from_db()
    assert (job.imported, job.skipped) == (2, 0)  # a second run would have skipped both
    assert Contact.objects.count() == 2


def test_an_export_runs_on_the_worker(celery_worker):
    Contact.objects.create(msisdn="+6591234567")
    job = ExportJob.objects.create(kind=ExportJob.Kind.CONTACTS)
    app.send_task(EXPORT_TASK, args=(job.pk,))
    wait_until(
        lambda: ExportJob.objects.filter(pk=job.pk, state=JobState.DONE).exists(),
        what="the export to finish",
    )
    job.refresh_from_db()
    assert job.rows_done == 1 and job.file.startswith("exports/")


@pytest.mark.django_db
def test_a_task_for_a_job_already_done_does_nothing():
    job = import_job(b"phone\n+6591234567\n", guess=mapping_guess, state=JobState.DONE)
    assert contacts_import_task(job.pk) is False
    assert not Contact.objects.exists()
