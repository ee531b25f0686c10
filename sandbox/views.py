"""The Sandbox page: counters, a phone per number, customer replies, settings and reset."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from sandbox import selectors, services
from sandbox.forms import CustomerReplyForm, SandboxConfigForm, TemplateQualityForm
from sandbox.http import sandbox_enabled
from sandbox.log import log_latest, log_write
from sandbox.permission import (
    may_change_settings,
    sandbox_page_permission,
    sandbox_settings_permission,
)
from sandbox.template_review import template_quality_set
from sandbox.webhooks import webhook_target

PAGE = "sandbox/index.html"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _live_context() -> dict[str, Any]:
    return {
        "accepted": selectors.accepted_count(),
        "duplicates": selectors.duplicate_count(),
        "rejected": selectors.rejected_count(),
        "phones": selectors.phones(),
        "rejections": selectors.recent_rejections(),
        "webhooks": selectors.recent_webhooks(),
        "templates_by_key": selectors.templates_by_key(),
    }


def _page_context(request: HttpRequest, form: SandboxConfigForm) -> dict[str, Any]:
    url, _ = webhook_target(form.instance)
    return {
        **_live_context(),
        "form": form,
        "webhook_url": url,
        "log_entries": log_latest(),
        "sandbox_templates": selectors.templates_live(),
        "can_change": may_change_settings(request.user),
    }


@sandbox_enabled
@sandbox_page_permission
def index(request: HtmxHttpRequest) -> HttpResponse:
    if request.htmx:
        # The page polls this to show receipts and replies as they happen.
        return render(request, f"{PAGE}#live", _live_context())
    return render(
        request, PAGE, _page_context(request, SandboxConfigForm(instance=services.config_get()))
    )


@sandbox_enabled
@sandbox_page_permission
@sandbox_settings_permission
@require_POST
def settings_update(request: HtmxHttpRequest) -> HttpResponse:
    form = SandboxConfigForm(request.POST, instance=services.config_get())
    saved = form.is_valid()
    if saved:
        services.config_update(**form.cleaned_data)
        log_write(
            request=request,
            what="Changed the sandbox settings",
            detail={"changed": form.changed_data},
        )
    if request.htmx:
        return render(request, f"{PAGE}#settings", {"form": form, "saved": saved})
    if saved:
        messages.success(request, "Sandbox settings saved.")
        return redirect("sandbox:index")
    return render(request, PAGE, _page_context(request, form), status=400)


@sandbox_enabled
@sandbox_page_permission
@require_POST
def reply(request: HtmxHttpRequest) -> HttpResponse:
    form = CustomerReplyForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.customer_reply(
                phone=form.cleaned_data["phone"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except services.ReplyImpossible as exc:
            error = str(exc)
    else:
        error = "; ".join(
            f"{name}: {' '.join(str(p) for p in problems)}"
            for name, problems in form.errors.items()
        )
    phone_number = str(request.POST.get("phone", ""))[:140]
    if request.htmx:
        context = {
            "phone": selectors.phone_get(phone_number),
            "reply_error": error,
            "templates_by_key": selectors.templates_by_key(),
        }
        return render(request, f"{PAGE}#phone", context)
    if error:
        messages.error(request, error)
    return redirect("sandbox:index")


@sandbox_enabled
@sandbox_page_permission
@sandbox_settings_permission
@require_POST
def reset(request: HtmxHttpRequest) -> HttpResponse:
    services.sandbox_reset()
    log_write(
        request=request,
        what="Reset the sandbox: messages, replies, webhooks, files, templates and products",
    )
    messages.success(request, "Sandbox reset: messages, replies and files are gone.")
    return redirect("sandbox:index")


@sandbox_enabled
@sandbox_page_permission
@sandbox_settings_permission
@require_POST
def template_quality(request: HttpRequest) -> HttpResponse:
    """Rate a template as Meta would; 8x8's template_quality_update goes to the product."""
    form = TemplateQualityForm(request.POST)
    template = None
    if form.is_valid():
        template = selectors.templates_live().filter(pk=form.cleaned_data["template"]).first()
    if template is None:
        messages.error(request, "No such template, or no quality chosen.")
        return redirect("sandbox:index")
    template_quality_set(template=template, score=form.cleaned_data["score"])
    log_write(
        request=request, what=f"Rated {template.name} ({template.language}) {template.quality}"
    )
    messages.success(request, f"Rated {template.name} {template.quality}: webhook posted.")
    return redirect("sandbox:index")
