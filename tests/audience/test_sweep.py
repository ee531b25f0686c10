"""Stalled background work gets its task again: a bulk action, import or export whose task was
lost (broker down at commit, worker killed before taking it) does not stay "Queued" for ever."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audience.importing import EXPORT_TASK, IMPORT_TASK
from audience.models import BulkAction
from audience.sweep import QUIET, background_sweep
from audience.tasks import bulk_action_step_task
from catalog.importing import IMPORT_TASK as PRODUCTS_IMPORT_TASK
from recipients.models import Contact, ContactTag
from tabular.jobs import STALE_AFTER
from tabular.models import ExportJob, ImportJob, JobState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch):
    """The tasks handed to the broker, as (name, id)."""
    tasks: list[tuple[str, int]] = []
    monkeypatch.setattr("messaging.enqueue._send", lambda name, args: tasks.append((name, args[0])))
    monkeypatch.setattr("tabular.services._send", lambda name, job_id: tasks.append((name, job_id)))
    return tasks


def action(state: str, *, still_for: timedelta) -> BulkAction:
    created = BulkAction.objects.create(
        kind=BulkAction.Kind.TAG_ADD, tag="vip", cursor=1, state=state
    )
    BulkAction.objects.filter(pk=created.pk).update(updated_at=timezone.now() - still_for)
    return created


def import_job(kind: str, state: str, **times) -> ImportJob:
    return ImportJob.objects.create(
        kind=kind, state=state, original_name="people.csv", file="imports/x.csv", **times
    )


def test_a_bulk_action_that_has_not_moved_gets_its_next_step_again(sent):
    stalled = action(BulkAction.State.RUNNING, still_for=QUIET + timedelta(seconds=5))
    lost = action(BulkAction.State.QUEUED, still_for=timedelta(hours=3))
    action(BulkAction.State.RUNNING, still_for=timedelta(seconds=10))  # a worker is on it
    action(BulkAction.State.DONE, still_for=timedelta(hours=3))

    assert background_sweep()["actions"] == 2
    step = "audience.tasks.bulk_action_step_task"
    assert sorted(sent) == sorted([(step, stalled.pk), (step, lost.pk)])


def test_an_import_queued_long_ago_is_queued_again_under_its_own_kind(sent):
    now = timezone.now()
    contacts = import_job("contacts", JobState.QUEUED, queued_at=now - timedelta(minutes=10))
    products = import_job("products", JobState.QUEUED, queued_at=now - timedelta(minutes=10))
    import_job("contacts", JobState.QUEUED, queued_at=now)  # just queued: its task is on its way
    import_job("contacts", JobState.UPLOADED)  # waiting for its mapping, not for a worker

    background_sweep()

    assert sorted(sent) == sorted([(IMPORT_TASK, contacts.pk), (PRODUCTS_IMPORT_TASK, products.pk)])


def test_a_running_import_or_export_is_taken_over_only_once_stale(sent):
    now = timezone.now()
    dead = import_job(
        "contacts", JobState.RUNNING, started_at=now - STALE_AFTER - timedelta(minutes=1)
    )
    import_job("contacts", JobState.RUNNING, started_at=now - timedelta(minutes=30))
    export = ExportJob.objects.create(kind=ExportJob.Kind.CONTACTS, state=JobState.QUEUED)
    ExportJob.objects.filter(pk=export.pk).update(created_at=now - timedelta(minutes=5))
    ExportJob.objects.create(kind=ExportJob.Kind.CONTACTS, state=JobState.QUEUED)  # just made

    assert background_sweep() == {"actions": 0, "imports": 1, "exports": 1}
    assert sorted(sent) == sorted([(IMPORT_TASK, dead.pk), (EXPORT_TASK, export.pk)])


def test_a_lost_bulk_action_resent_by_the_sweep_is_finished_by_its_task(sent):
    """The re-sent step really does the work: run it as a worker would."""
    contacts = Contact.objects.bulk_create(Contact(msisdn=f"+659100000{i}") for i in range(3))
    lost = action(BulkAction.State.QUEUED, still_for=timedelta(hours=1))
    BulkAction.objects.filter(pk=lost.pk).update(
        cursor=contacts[-1].pk + 1, contact_ids=[c.pk for c in contacts]
    )

    background_sweep()
    for _name, action_id in list(sent):
        bulk_action_step_task(action_id)

    lost.refresh_from_db()
    assert lost.state == BulkAction.State.DONE
    assert ContactTag.objects.count() == 3
