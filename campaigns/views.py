"""The campaigns list and a campaign's page: live progress, failures, recipients, controls."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from access.http import HtmxHttpRequest
from access.permissions import USE_CAMPAIGNS, perm
from audit.services import Actor
from campaigns import controls
from campaigns.models import Campaign
from campaigns.page_forms import RecipientFilterForm
from campaigns.selectors import (
    campaign_progress,
    campaigns_page,
    campaigns_visible,
    recipients_matching,
    recipients_page,
)

PAGE = "campaigns/campaign.html"
guard = permission_required(perm(USE_CAMPAIGNS), raise_exception=True)


def _url(name: str, *args: object) -> str | None:
    """A page another part of the product may not serve yet (the builder): None until it does."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(campaigns_visible(request.user), pk=pk)


@require_GET
@guard
def campaigns(request: HttpRequest) -> HttpResponse:
    page, rows = campaigns_page(user=request.user, page=request.GET.get("page"))
    context = {"page": page, "rows": rows, "new_url": _url("campaign-builder:new")}
    return render(request, "campaigns/campaigns.html", context)


@require_GET
@guard
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    context = {
        "progress": campaign_progress(campaign=campaign),
        "edit_url": _url("campaign-builder:edit", campaign.pk) if campaign.is_draft else None,
    }
    return render(request, PAGE, context)


@require_GET
@guard
def campaign_progress_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """What the page polls: the live part alone (a plain GET gets it too, e.g. to debug)."""
    progress = campaign_progress(campaign=_campaign(request, pk))
    return render(request, f"{PAGE}#progress", {"progress": progress})


Control = Callable[..., controls.ControlResult]


def _control(request: HtmxHttpRequest, pk: int, control: Control) -> HttpResponse:
    """Run one control; htmx gets the live part back with the outcome, a plain POST a redirect."""
    campaign = _campaign(request, pk)
    result = control(campaign=campaign, actor=Actor.from_request(request))
    if request.htmx:
        campaign = _campaign(request, pk)  # its job's state has just changed
        context = {"progress": campaign_progress(campaign=campaign), "outcome": result}
        return render(request, f"{PAGE}#progress", context)
    (messages.success if result.changed else messages.warning)(request, result.message)
    return redirect("campaigns:detail", pk)


@require_POST
@guard
def campaign_pause(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _control(request, pk, controls.campaign_pause)


@require_POST
@guard
def campaign_resume(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _control(request, pk, controls.campaign_resume)


@require_POST
@guard
def campaign_cancel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _control(request, pk, controls.campaign_cancel)


@require_POST
@guard
def campaign_retry_failed(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _control(request, pk, controls.campaign_retry_failed)


@require_GET
@guard
def campaign_recipients(request: HttpRequest, pk: int) -> HttpResponse:
    """Each recipient's message, by status and failure reason, a keyset page at a time."""
    campaign = _campaign(request, pk)
    form = RecipientFilterForm(request.GET or None)
    page = None
    if campaign.job is not None:
        found = recipients_matching(job=campaign.job, **form.filters())
        cursor = form.page()
        page = recipients_page(found, after=cursor["after"], before=cursor["before"])
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    context = {"campaign": campaign, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "campaigns/recipients.html", context)


@require_GET
@guard
def campaign_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    campaign = _campaign(request, pk)
    lines = controls.campaign_results_export(campaign=campaign, actor=Actor.from_request(request))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = f"campaign-{campaign.pk}-results.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
