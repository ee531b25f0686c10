"""The page where a template's parameters are mapped to contact fields, attributes or values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from access.permissions import MANAGE_TEMPLATES, perm
from audit.services import Actor
from catalog.mapping_forms import mapping_forms
from catalog.models import Template
from catalog.parameters import template_mapping_save
from catalog.services import template_summary

MAPPING_PAGE = "catalog/template_mapping.html"


@require_http_methods(["GET", "POST"])
@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def template_mapping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Template, pk=pk)
    rows = mapping_forms(template, request.POST if request.method == "POST" else None)
    if request.method == "POST" and all([row.is_valid() for row in rows]):
        mappings = {row.parameter.key: row.mapping() for row in rows}
        template_mapping_save(
            actor=Actor.from_request(request), template=template, mappings=mappings
        )
        messages.success(request, f"Saved the parameter mapping of {template.name}.")
        return redirect("catalog:templates")
    context = {
        "template": template,
        "rows": rows,
        "rows_invalid": any(row.errors for row in rows),
        "summary": template_summary(template),
    }
    return render(request, MAPPING_PAGE, context)
