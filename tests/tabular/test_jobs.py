"""Jobs: claimed once, counters per chunk, failures recorded, each user sees their own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tabular.jobs import Outcome, import_run, job_claim, job_execute, visible_jobs
from tabular.models import ExportJob, ImportJob, JobState
from tabular.reading import Row
from tests.importing import import_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


class Recorder:
    """A handler that takes every row, rejects the ones whose first cell is 'bad'."""

    def __init__(self):
        self.chunks: list[list[int]] = []
        self.finished = None

    def chunk(self, rows: list[Row]) -> Outcome:
        self.chunks.append([r.line for r in rows])
        outcome = Outcome()
        for row in rows:
            if row.cells[0] == "bad":
                outcome.reject(row, "it says bad")
            else:
                outcome.imported += 1
        return outcome

    def finish(self, totals):
        self.finished = totals


def test_a_queued_job_is_claimed_once():
    job = import_job(b"a\n1\n")
    assert job_claim(ImportJob, job.pk) is True
    assert job_claim(ImportJob, job.pk) is False
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and job.started_at is not None


def test_a_job_abandoned_while_running_can_be_claimed_again_with_fresh_counters():
    job = import_job(b"a\n1\n", state=JobState.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - timedelta(hours=2), imported=7
    )
    assert job_claim(ImportJob, job.pk) is True
    job.refresh_from_db()
    assert job.imported == 0


def test_a_job_running_now_is_not_claimed_again():
    job = import_job(b"a\n1\n", state=JobState.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now())
    assert job_claim(ImportJob, job.pk) is False


@pytest.mark.parametrize("state", [JobState.UPLOADED, JobState.DONE, JobState.FAILED])
def test_jobs_not_queued_are_never_claimed(state):
    assert job_claim(ImportJob, import_job(b"a\n1\n", state=state).pk) is False


def test_running_writes_counters_per_chunk_and_ends_done(monkeypatch):
    monkeypatch.setattr("tabular.jobs.CHUNK_ROWS", 3)
    job = import_job(b"a,b\n1,x\nbad,y\n3,z\n4,w\n5,v,\n")
    handler = Recorder()
    totals = import_run(job, handler)
    assert handler.chunks == [[2, 3, 4], [5, 6]]
    assert (totals.imported, totals.rejected) == (4, 1)
    assert handler.finished == totals
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.imported, job.rejected) == (JobState.DONE, 5, 4, 1)
    assert job.report.startswith("imports/")


def test_a_failure_marks_the_job_failed_with_a_sentence_never_running():
    job = import_job(b"a\n1\n")

    def broken(job):
        raise RuntimeError("boom")

    assert job_execute(ImportJob, job.pk, broken) is True
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "The job stopped on an unexpected error: RuntimeError."
    assert job.finished_at is not None


def test_a_missing_upload_fails_the_job_saying_so():
    job = import_job(b"a\n1\n")
    ImportJob.objects.filter(pk=job.pk).update(file="imports/gone.csv")
    job_execute(ImportJob, job.pk, lambda job: import_run(job, Recorder()))
    job.refresh_from_db()
    assert (job.state, job.error) == (
        JobState.FAILED,
        "The uploaded file is no longer on the server; upload it again.",
    )


def test_users_see_their_own_jobs_and_admins_see_all(admin, marketer, agent):
    mine = ExportJob.objects.create(kind=ExportJob.Kind.CONTACTS, created_by=marketer)
    theirs = ExportJob.objects.create(kind=ExportJob.Kind.CONTACTS, created_by=agent)
    assert list(visible_jobs(ExportJob.objects.all(), marketer)) == [mine]
    assert set(visible_jobs(ExportJob.objects.all(), admin)) == {mine, theirs}
