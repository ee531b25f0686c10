"""Contacts import and export pages: /contacts/import/... and /contacts/export/...

The pages themselves are tabular's, shared with the products import; these views say which
kind, hold the permission and keep every job to its owner (or an admin).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from access.http import HtmxHttpRequest
from access.permissions import MANAGE_RECIPIENTS, perm
from audience.import_forms import ContactsUploadForm, ExportForm
from audience.importing import EXPORT_TASK, IMPORT_TASK
from recipients import importing
from recipients.models import ContactList, ListMember
from tabular import pages
from tabular.jobs import FINISHED, visible_jobs
from tabular.models import ExportJob, ImportJob
from tabular.services import export_create

CAN_MANAGE = permission_required(perm(MANAGE_RECIPIENTS), raise_exception=True)


def _list_details(job: ImportJob) -> dict[str, Any]:
    """The list the import fills and its size now, for the progress page."""
    list_id = (job.options or {}).get("list_id")
    contact_list = ContactList.objects.filter(id=list_id).first() if list_id else None
    if contact_list is None:
        return {}
    size = ListMember.objects.filter(contact_list=contact_list).count()
    return {"contact_list": contact_list, "list_size": size}


CONTACTS = pages.ImportKind(
    kind=ImportJob.Kind.CONTACTS,
    noun="contacts",
    namespace="contacts-io",
    task_name=IMPORT_TASK,
    targets_for=importing.targets_for,
    guess=importing.mapping_guess,
    errors_for=importing.mapping_errors,
    done_url="audience:contacts",
    details=_list_details,
)


@CAN_MANAGE
def import_upload(request: HttpRequest) -> HttpResponse:
    return pages.upload_page(
        request, CONTACTS, ContactsUploadForm(request.POST or None, request.FILES or None)
    )


@CAN_MANAGE
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    return pages.mapping_page(request, CONTACTS, pk)


@require_GET
@CAN_MANAGE
def import_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return pages.progress_page(request, CONTACTS, pk)


@require_GET
@CAN_MANAGE
def import_report(request: HttpRequest, pk: int) -> FileResponse:
    return pages.report_download(request, CONTACTS, pk)


@CAN_MANAGE
def export_start(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = export_create(
            kind=ExportJob.Kind.CONTACTS,
            params=form.params(),
            user=request.user,
            task_name=EXPORT_TASK,
        )
        return redirect("contacts-io:export-job", job.pk)
    recent = visible_jobs(ExportJob.objects.filter(kind=ExportJob.Kind.CONTACTS), request.user)[:5]
    return render(request, "audience/export.html", {"form": form, "recent": recent})


@require_GET
@CAN_MANAGE
def export_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = pages.export_for(request, ExportJob.Kind.CONTACTS, pk)
    context = {"job": job, "finished": job.state in FINISHED}
    template = "audience/export_job.html"
    return render(request, template + "#progress" if request.htmx else template, context)


@require_GET
@CAN_MANAGE
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = pages.export_for(request, ExportJob.Kind.CONTACTS, pk)
    return pages.csv_download(job.file, f"contacts-{job.created_at:%Y-%m-%d}-{job.pk}.csv")
