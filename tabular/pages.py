"""The import pages every kind shares (upload, mapping, progress, report), as plain functions the
kinds' views call with their own ImportKind: contacts in audience, products in catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from tabular.forms import MappingForm, UploadForm
from tabular.jobs import FINISHED, visible_jobs
from tabular.models import ExportJob, ImportJob, JobState
from tabular.reading import DELIMITER_NAMES, CsvRefused
from tabular.services import import_inspection, import_queue, import_upload
from tabular.writing import media_path

ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "Latin-1 (Windows)"}


@dataclass(frozen=True)
class ImportKind:
    kind: str  # ImportJob.Kind
    noun: str  # "contacts", "products"
    namespace: str  # of the kind's URL names: upload, mapping, progress, report
    task_name: str
    targets_for: Callable[[str], list[tuple[str, str]]]
    guess: Callable[[list[str]], list[str]]
    errors_for: Callable[[dict[int, str], list[str]], list[str]]
    done_url: str  # where the imported rows are listed
    details: Callable[[ImportJob], dict[str, Any]] = lambda job: {}  # for the progress page

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)


def job_for(request: HttpRequest, kind: ImportKind, pk: int) -> ImportJob:
    """The user's own job of this kind (an admin's: anyone's); anything else is a 404."""
    jobs = visible_jobs(ImportJob.objects.filter(kind=kind.kind), request.user)
    return get_object_or_404(jobs, pk=pk)


def upload_page(request: HttpRequest, kind: ImportKind, form: UploadForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            job, _ = import_upload(
                kind=kind.kind,
                upload=form.cleaned_data["file"],
                options=form.options(),
                user=request.user,
            )
        except CsvRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(kind.url("mapping", job.pk))
    context = {"form": form, "kind": kind, "recent": _recent(request, kind)}
    return render(request, "tabular/import_upload.html", context)


def _recent(request: HttpRequest, kind: ImportKind) -> list[ImportJob]:
    return list(visible_jobs(ImportJob.objects.filter(kind=kind.kind), request.user)[:5])


def mapping_page(request: HttpRequest, kind: ImportKind, pk: int) -> HttpResponse:
    job = job_for(request, kind, pk)
    if job.state != JobState.UPLOADED:
        return redirect(kind.url("progress", job.pk))
    try:
        inspection = import_inspection(job)
    except (CsvRefused, FileNotFoundError):
        raise Http404("The uploaded file is gone; upload it again.") from None
    form = MappingForm(
        request.POST or None,
        header=job.header,
        guesses=kind.guess(job.header),
        targets_for=kind.targets_for,
        errors_for=kind.errors_for,
    )
    if request.method == "POST" and form.is_valid():
        import_queue(job=job, mapping=form.mapping(), task_name=kind.task_name)
        return redirect(kind.url("progress", job.pk))
    context = {
        "job": job,
        "kind": kind,
        "form": form,
        "preview": inspection.preview,
        "columns": list(zip(job.header, form, strict=False)),
        "encoding": ENCODING_NAMES.get(job.encoding, job.encoding),
        "delimiter": DELIMITER_NAMES.get(job.delimiter, job.delimiter),
    }
    return render(request, "tabular/import_mapping.html", context)


def progress_page(request: Any, kind: ImportKind, pk: int) -> HttpResponse:
    job = job_for(request, kind, pk)
    context = {"job": job, "kind": kind, "finished": job.state in FINISHED, **kind.details(job)}
    template = "tabular/import_progress.html"
    return render(request, template + "#progress" if request.htmx else template, context)


def csv_download(path: str, filename: str) -> FileResponse:
    """A stored CSV as an attachment (never shown inline); a missing file is a 404."""
    try:
        file = media_path(path).open("rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404("The file is no longer on the server.") from None
    return FileResponse(file, as_attachment=True, filename=filename, content_type="text/csv")


def report_download(request: HttpRequest, kind: ImportKind, pk: int) -> FileResponse:
    job = job_for(request, kind, pk)
    if not job.report:
        raise Http404("This import rejected no rows.")
    stem = job.original_name.rsplit(".", 1)[0] or kind.noun
    return csv_download(job.report, f"{stem}-rejected-rows.csv")


def export_for(request: HttpRequest, kind: str, pk: int) -> ExportJob:
    return get_object_or_404(visible_jobs(ExportJob.objects.filter(kind=kind), request.user), pk=pk)
