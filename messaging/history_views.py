"""The history's export pages: start a CSV of the filtered history, watch it, download it."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from access.http import HtmxHttpRequest
from access.permissions import VIEW_HISTORY, perm
from messaging.forms import HistoryFilterForm
from messaging.history import filter_choices
from messaging.history_export import EXPORT_TASK
from tabular import pages
from tabular.jobs import FINISHED, visible_jobs
from tabular.models import ExportJob
from tabular.services import export_create

CAN_VIEW = permission_required(perm(VIEW_HISTORY), raise_exception=True)
KIND = ExportJob.Kind.MESSAGES


@CAN_VIEW
def export_start(request: HttpRequest) -> HttpResponse:
    """GET: the filters to export with (from the history page's query); POST: queue the CSV."""
    data = request.POST if request.method == "POST" else request.GET
    filters = HistoryFilterForm(data or None, choices=filter_choices())
    if request.method == "POST" and (filters.is_valid() or not data):
        job = export_create(
            kind=KIND, params=filters.params(), user=request.user, task_name=EXPORT_TASK
        )
        return redirect("messaging:history-export-job", job.pk)
    recent = visible_jobs(ExportJob.objects.filter(kind=KIND), request.user)[:5]
    return render(request, "messaging/history_export.html", {"filters": filters, "recent": recent})


@require_GET
@CAN_VIEW
def export_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = pages.export_for(request, KIND, pk)
    context = {"job": job, "finished": job.state in FINISHED}
    template = "messaging/history_export_job.html"
    return render(request, template + "#progress" if request.htmx else template, context)


@require_GET
@CAN_VIEW
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = pages.export_for(request, KIND, pk)
    return pages.csv_download(job.file, f"messages-{job.created_at:%Y-%m-%d}-{job.pk}.csv")
