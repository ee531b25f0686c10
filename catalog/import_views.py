"""Products import pages: /catalog/products/import/..., the same pages as the contacts import."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from access.http import HtmxHttpRequest
from access.permissions import MANAGE_CATALOG, perm
from catalog import importing
from tabular import pages
from tabular.forms import UploadForm
from tabular.models import ImportJob

CAN_MANAGE = permission_required(perm(MANAGE_CATALOG), raise_exception=True)

PRODUCTS = pages.ImportKind(
    kind=ImportJob.Kind.PRODUCTS,
    noun="products",
    namespace="products-io",
    task_name=importing.IMPORT_TASK,
    targets_for=importing.targets_for,
    guess=importing.mapping_guess,
    errors_for=importing.mapping_errors,
    done_url="catalog:products",
)


@CAN_MANAGE
def import_upload(request: HttpRequest) -> HttpResponse:
    return pages.upload_page(
        request, PRODUCTS, UploadForm(request.POST or None, request.FILES or None)
    )


@CAN_MANAGE
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    return pages.mapping_page(request, PRODUCTS, pk)


@require_GET
@CAN_MANAGE
def import_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return pages.progress_page(request, PRODUCTS, pk)


@require_GET
@CAN_MANAGE
def import_report(request: HttpRequest, pk: int) -> FileResponse:
    return pages.report_download(request, PRODUCTS, pk)
