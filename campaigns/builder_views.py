"""The campaign builder's pages: build or edit a draft, its pre-send check, test send, launch,
and send to many from the composer. Thin: forms validate, campaigns' services act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from access.permissions import USE_CAMPAIGNS, perm
from audit.services import Actor
from campaigns.builder_pages import check_context, split_apply
from campaigns.forms import CampaignForm, SendToManyForm, campaign_initial
from campaigns.launch import LaunchRefused, campaign_launch, campaign_test_send
from campaigns.models import Campaign
from campaigns.services import campaign_save

FORM_PAGE = "campaigns/builder_form.html"
guard = permission_required(perm(USE_CAMPAIGNS), raise_exception=True)


def campaign_page_url(campaign: Campaign) -> str:
    """The campaign's own page once launched (the campaigns list while it does not exist)."""
    try:
        return reverse("campaigns:detail", args=[campaign.pk])
    except NoReverseMatch:
        return reverse("campaigns:index")


def _after_save(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if request.POST.get("then") == "edit":
        messages.success(request, f"Saved “{campaign.name}”.")
        return redirect("campaign-builder:edit", campaign.pk)
    return redirect("campaign-builder:check", campaign.pk)


@guard
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        campaign = campaign_save(
            actor=actor, campaign=None, fields=form.model_fields, upload=form.upload
        )
        return _after_save(request, campaign)
    return render(request, FORM_PAGE, {"form": form, "campaign": None})


@guard
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("template"), pk=pk)
    if not campaign.is_draft:
        return redirect(campaign_page_url(campaign))
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CampaignForm(
        *data, user=request.user, campaign=campaign, initial=campaign_initial(campaign)
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        campaign_save(actor=actor, campaign=campaign, fields=form.model_fields, upload=form.upload)
        return _after_save(request, campaign)
    context = {"form": form, "campaign": campaign, "uploaded": campaign.recipients.count()}
    return render(request, FORM_PAGE, context)


@guard
def campaign_check_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("template"), pk=pk)
    if not campaign.is_draft:
        return redirect(campaign_page_url(campaign))
    return render(request, "campaigns/builder_check.html", check_context(campaign))


@require_POST
@guard
def campaign_split(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk, job__isnull=True)
    refusal = split_apply(campaign=campaign, data=request.POST, actor=Actor.from_request(request))
    if refusal:
        messages.error(request, refusal)
    return redirect("campaign-builder:check", campaign.pk)


@require_POST
@guard
def campaign_test(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("template"), pk=pk)
    try:
        sent = campaign_test_send(campaign=campaign, actor=Actor.from_request(request))
    except LaunchRefused as refusal:
        messages.error(request, str(refusal))
    else:
        count = sent.check.sendable if sent.check else 0
        messages.success(request, f"Sent to {count} test number{'s' if count != 1 else ''}.")
    return redirect("campaign-builder:check", campaign.pk)


@require_POST
@guard
def campaign_launch_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    expected = request.POST.get("expected", "")
    if not expected.isdigit():
        messages.error(request, "Launch from the pre-send check, after reading its figures.")
        return redirect("campaign-builder:check", campaign.pk)
    try:
        launched = campaign_launch(
            campaign_id=campaign.pk, actor=Actor.from_request(request), expected=int(expected)
        )
    except LaunchRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("campaign-builder:check", campaign.pk)
    if not launched.again:
        messages.success(request, f"Launched “{campaign.name}”.")
    return redirect(campaign_page_url(launched.campaign))


@guard
def send_to_many(request: HttpRequest) -> HttpResponse:
    initial = {key: request.GET.get(key, "") for key in ("template", "draft")}
    if initial["draft"]:
        initial["message_source"] = Campaign.MessageSource.FREE_FORM
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = SendToManyForm(*data, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        name = f"Send to many · {timezone.localtime():%Y-%m-%d %H:%M}"
        campaign = campaign_save(
            actor=Actor.from_request(request),
            campaign=None,
            fields={**form.model_fields, "name": name},
            upload=form.upload,
        )
        return redirect("campaign-builder:check", campaign.pk)
    return render(request, "campaigns/builder_send_to_many.html", {"form": form})
