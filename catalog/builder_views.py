"""The template builder and a template's own page: build, preview, lint, submit; follow, copy into
a new version, delete, or open in the composer.

The builder posts to itself: "Submit to 8x8" lints and submits; "Check and preview" and "Add a
button" re-render the bound form (all without JavaScript). htmx posts the form to the preview
view on each change and swaps in the phone and the lint findings.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from access.permissions import MANAGE_TEMPLATES, perm
from audit.services import Actor
from catalog.authoring import (
    SubmitRefused,
    draft_from_template,
    list_components,
    preview_payload,
    template_remove,
    template_submit,
)
from catalog.builder_forms import (
    TemplateBuilderForm,
    builder_check,
    button_formset,
    draft_of,
    language_options,
)
from catalog.models import Template
from catalog.template_history import template_history
from catalog.template_lint import TemplateDraft, template_lint
from catalog.template_rules import BUTTONS_MAX_FORMS, auth_body
from chatapps.errors import ChatAppsError
from chatapps.template_spec import template_key
from phone import render_payload_preview

BUILDER_PAGE = "catalog/template_builder.html"


def _phone(draft: TemplateDraft) -> SafeString:
    return render_payload_preview(preview_payload(draft), template=list_components(draft))


def _live(form: TemplateBuilderForm, buttons: Any) -> dict[str, Any]:
    """The preview and every lint finding for what the forms hold now (valid or not)."""
    form.is_valid()
    buttons.is_valid()
    draft = draft_of(form, buttons)
    return {"phone_preview": _phone(draft), "findings": template_lint(draft)}


def _initial(draft: TemplateDraft) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    fields = {k: v for k, v in draft.__dict__.items() if k not in ("buttons", "body_samples")}
    fields["body_samples"] = "\n".join(draft.body_samples)
    return fields, [dict(b.__dict__) for b in draft.buttons]


def _with_more_buttons(data: QueryDict) -> QueryDict:
    data = data.copy()
    count = data.get("buttons-TOTAL_FORMS", "0")
    shown = int(count) if count.isdigit() else 0
    data["buttons-TOTAL_FORMS"] = str(min(shown + 1, BUTTONS_MAX_FORMS))
    return data


def _builder_page(request: HttpRequest, form: TemplateBuilderForm, buttons: Any) -> HttpResponse:
    context = {
        "form": form,
        "buttons": buttons,
        "languages": language_options(),
        "auth_bodies": [auth_body(security=False), auth_body(security=True)],
        **_live(form, buttons),
    }
    return render(request, BUILDER_PAGE, context)


@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def template_new(request: HttpRequest) -> HttpResponse:
    """The builder: empty, or a copy of `?from=<id>` under a new name (its new version)."""
    if request.method != "POST":
        initial: dict[str, Any] = {"category": "UTILITY", "language": "en"}
        rows: list[dict[str, Any]] = []
        source = request.GET.get("from", "")
        if source.isdigit():
            initial, rows = _initial(draft_from_template(get_object_or_404(Template, pk=source)))
        form = TemplateBuilderForm(initial=initial)
        return _builder_page(request, form, button_formset(initial=rows))
    data = _with_more_buttons(request.POST) if "add_button" in request.POST else request.POST
    form, buttons = TemplateBuilderForm(data), button_formset(data)
    if request.POST.get("action") != "submit":
        return _builder_page(request, form, buttons)
    draft = builder_check(form, buttons)
    if draft is not None:
        try:
            template = template_submit(actor=Actor.from_request(request), draft=draft)
        except SubmitRefused as refused:
            form.add_error(refused.field or None, refused.message)
        else:
            messages.success(request, f"Submitted {template.name}: 8x8 lists it as pending review.")
            return redirect("catalog:template-detail", pk=template.pk)
    return _builder_page(request, form, buttons)


@require_POST
@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def template_preview(request: HttpRequest) -> HttpResponse:
    """The phone preview and lint findings of the builder's form (htmx, on each change)."""
    form, buttons = TemplateBuilderForm(request.POST), button_formset(request.POST)
    return render(request, f"{BUILDER_PAGE}#live", _live(form, buttons))


@require_GET
@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Template, pk=pk)
    query = urlencode(
        {"kind": "template", "template": template_key(template.name, template.language)}
    )
    context = {
        "template": template,
        "history": template_history(template),
        "phone_preview": render_payload_preview(
            preview_payload(draft_from_template(template)), template=template
        ),
        "compose_url": reverse("composer:compose") + "?" + query,
        "new_version_url": reverse("catalog:template-new") + f"?from={template.pk}",
    }
    return render(request, "catalog/template_detail.html", context)


@require_POST
@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def template_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Template, pk=pk)
    try:
        template_remove(actor=Actor.from_request(request), template=template)
    except ChatAppsError as exc:
        messages.error(request, f"Not deleted: 8x8 refused. {exc.explanation} ({exc.message})")
        return redirect("catalog:template-detail", pk=template.pk)
    messages.success(request, f"Deleted {template.name} at 8x8 and here.")
    return redirect("catalog:templates")
