from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from access.permissions import VIEW_AUDIT, perm
from audit.exporting import audit_export
from audit.forms import AuditFilterForm
from audit.selectors import entries_filtered, entries_page
from audit.services import Actor


def _query(request: HttpRequest) -> str:
    """The filters as a query string, without the page position."""
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return query.urlencode()


@require_GET
@permission_required(perm(VIEW_AUDIT), raise_exception=True)
def audit_index(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        page = entries_page(
            entries_filtered(form.filters),
            after=form.cleaned_data["after"],
            before=form.cleaned_data["before"],
        )
    context = {"form": form, "page": page, "query": _query(request)}
    return render(request, "audit/index.html", context, status=200 if page is not None else 400)


@require_GET
@permission_required(perm(VIEW_AUDIT), raise_exception=True)
def audit_export_view(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/index.html", {"form": form, "page": None}, status=400)
    lines = audit_export(actor=Actor.from_request(request), filters=form.filters)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = f"audit-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
