"""Background work whose task never reached a worker is handed out again.

A bulk action, import or export is committed first and its task sent after; a broker that was
down at that moment (or a worker killed before it took the task) would leave it "Queued" for
ever. Beat runs `background_sweep` every minute: anything unfinished that has not moved for
QUIET gets its task again. That is always safe: a bulk step locks its action and carries on from
its cursor, and an import or export is claimed by one run only (tabular.jobs.job_claim), taking
over a running one only once it is stale.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from audience import bulk
from audience.importing import EXPORT_TASK, IMPORT_TASK
from audience.models import BulkAction
from catalog.importing import IMPORT_TASK as PRODUCTS_IMPORT_TASK
from messaging.enqueue import enqueue_on_commit
from messaging.history_export import EXPORT_TASK as HISTORY_EXPORT_TASK
from tabular.jobs import STALE_AFTER
from tabular.models import ExportJob, ImportJob, JobState
from tabular.services import job_enqueue

# Longer than any one step or chunk takes, so work in hand is not handed out twice needlessly.
QUIET = timedelta(minutes=2)
IMPORT_TASKS: dict[str, str] = {
    ImportJob.Kind.CONTACTS: IMPORT_TASK,
    ImportJob.Kind.PRODUCTS: PRODUCTS_IMPORT_TASK,
}
# Products exports are streamed by the page itself and never queued.
EXPORT_TASKS: dict[str, str] = {
    ExportJob.Kind.CONTACTS: EXPORT_TASK,
    ExportJob.Kind.MESSAGES: HISTORY_EXPORT_TASK,
}


def background_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Re-send the task of every stalled bulk action, import and export; how many of each."""
    now = now or timezone.now()
    still = now - QUIET
    actions = BulkAction.objects.filter(
        state__in=[BulkAction.State.QUEUED, BulkAction.State.RUNNING], updated_at__lt=still
    ).values_list("pk", flat=True)
    for action_id in actions:
        enqueue_on_commit(bulk.BULK_ACTION_STEP, action_id)
    stale = now - STALE_AFTER
    imports = ImportJob.objects.filter(
        Q(state=JobState.QUEUED, queued_at__lt=still)
        | Q(state=JobState.RUNNING, started_at__lt=stale)
    ).values_list("pk", "kind")
    for job_id, kind in imports:
        job_enqueue(IMPORT_TASKS[kind], job_id)
    exports = ExportJob.objects.filter(
        Q(state=JobState.QUEUED, created_at__lt=still)
        | Q(state=JobState.RUNNING, created_at__lt=stale),
        kind__in=EXPORT_TASKS,
    ).values_list("pk", "kind")
    for job_id, kind in exports:
        job_enqueue(EXPORT_TASKS[kind], job_id)
    return {"actions": len(actions), "imports": len(imports), "exports": len(exports)}
