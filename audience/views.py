"""The contacts page, bulk actions on it, and one contact's page with its forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from access.http import HtmxHttpRequest
from access.permissions import MANAGE_RECIPIENTS, VIEW_CONTACTS, perm
from audience.bulk import bulk_start
from audience.forms import (
    AttributeFormSet,
    BulkForm,
    ContactCreateForm,
    ContactEditForm,
    MembershipForm,
    OptForm,
    filter_rules,
)
from audience.models import BulkAction
from audience.selectors import (
    MESSAGES_SHOWN,
    bulk_actions_recent,
    contact_ledger,
    contact_lists,
    contact_messages,
    contacts_page,
    rows_for,
)
from audience.services import (
    contact_create,
    contact_list_add,
    contact_list_remove,
    contact_tag_names,
    contact_update,
    list_save,
)
from audit.services import Actor
from messaging.window import window_state
from recipients.models import Contact, OptEvent, Tag
from recipients.numbers import default_country
from recipients.services import opt_in, opt_out

CONTACTS_PAGE = "audience/contacts.html"
CONTACT_PAGE = "audience/contact.html"


def _cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return query.urlencode()


@require_GET
@permission_required(perm(VIEW_CONTACTS), raise_exception=True)
def contacts_index(request: HtmxHttpRequest) -> HttpResponse:
    """Filter, page by id (after=/before=), tick rows, act on them or on every match."""
    filters, rules = filter_rules(request.GET)
    page = contacts_page(
        rules, after=_cursor(request.GET.get("after")), before=_cursor(request.GET.get("before"))
    )
    context = {
        "filters": filters,
        "rules": rules,
        "page": page,
        "query": _query_without_cursor(request),
        "filter_fields": rules.query_pairs(),
        "bulk_form": BulkForm(initial={"filter": _query_without_cursor(request)}),
        "bulk_actions": bulk_actions_recent(request.user),
        "tag_names": Tag.objects.values_list("name", flat=True)[:200],
        "can_manage": request.user.has_perm(perm(MANAGE_RECIPIENTS)),
    }
    return render(request, CONTACTS_PAGE, context)


@require_POST
@permission_required(perm(MANAGE_RECIPIENTS), raise_exception=True)
def bulk(request: HtmxHttpRequest) -> HttpResponse:
    """A bulk action on the ticked contacts, or on every match of the filter it was posted from."""
    form = BulkForm(request.POST)
    back = reverse("audience:contacts") + "?" + (request.POST.get("filter") or "")[:2000]
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect(back)
    data = form.cleaned_data
    actor = Actor.from_request(request)
    contact_list = data["contact_list"]
    if data["action"] == BulkAction.Kind.LIST_ADD and contact_list is None:
        contact_list = list_save(actor=actor, name=data["new_list"].strip())
    action = bulk_start(
        actor=actor,
        kind=data["action"],
        ids=None if data["every_match"] else data["ids"],
        rules=filter_rules(data["filter"])[1] if data["every_match"] else None,
        tag=data["tag"],
        contact_list=contact_list,
        scope=data["scope"],
        reason=data["reason"].strip(),
    )
    if action.is_finished:
        messages.success(request, action.message)
    else:
        messages.info(request, "Working through every match in the background; see below.")
    return redirect(back)


def _flash_errors(request: HttpRequest, form: BulkForm) -> None:
    """The bulk form lives on the contacts page: its errors are said there, naming the field."""
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@require_GET
@permission_required(perm(MANAGE_RECIPIENTS), raise_exception=True)
def bulk_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One bulk action's progress (htmx polls it while it runs)."""
    action = get_object_or_404(BulkAction.objects.filter(created_by=request.user.pk), pk=pk)
    return render(request, "audience/_bulk_action.html", {"action": action})


def _contact_context(request: HttpRequest, contact: Contact, **forms: Any) -> dict[str, Any]:
    limit = _cursor(request.GET.get("messages")) or MESSAGES_SHOWN
    attributes = [{"key": k, "value": v} for k, v in sorted(contact.attributes.items())]
    initial = {
        "name": contact.name,
        "language": contact.language,
        "time_zone": contact.time_zone,
        "tags": ", ".join(contact_tag_names(contact)),
    }
    return {
        "contact": contact,
        "row": rows_for([contact])[0],
        "window": window_state(contact.msisdn),
        "ledger": contact_ledger(contact.msisdn),
        "lists": contact_lists(contact),
        "conversation": contact_messages(user=request.user, msisdn=contact.msisdn, limit=limit),
        "more_messages": limit * 5,
        "edit_form": forms.get("edit_form") or ContactEditForm(initial=initial),
        "attribute_forms": forms.get("attribute_forms") or AttributeFormSet(initial=attributes),
        "opt_form": forms.get("opt_form") or OptForm(),
        "membership_form": forms.get("membership_form") or MembershipForm(),
    }


@require_GET
@permission_required(perm(VIEW_CONTACTS), raise_exception=True)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    return render(request, CONTACT_PAGE, _contact_context(request, contact))


@permission_required(perm(MANAGE_RECIPIENTS), raise_exception=True)
def contact_new(request: HttpRequest) -> HttpResponse:
    form = ContactCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = contact_create(
            actor=Actor.from_request(request),
            msisdn=form.cleaned_data["msisdn"],
            name=form.cleaned_data["name"].strip(),
            warning=form.warning,
        )
        messages.success(request, f"Added {contact.msisdn}.")
        if contact.number_warning:
            messages.warning(request, contact.number_warning)
        return redirect("audience:contact", contact.pk)
    context = {"form": form, "default_country": default_country()}
    return render(request, "audience/contact_new.html", context)


@require_POST
@permission_required(perm(MANAGE_RECIPIENTS), raise_exception=True)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    form = ContactEditForm(request.POST)
    attribute_forms = AttributeFormSet(request.POST)
    if form.is_valid() and attribute_forms.is_valid():
        data = {**form.cleaned_data, "attributes": attribute_forms.attributes()}  # type: ignore[attr-defined]
        contact_update(actor=Actor.from_request(request), contact=contact, data=data)
        messages.success(request, f"Saved {contact.msisdn}.")
        return redirect("audience:contact", contact.pk)
    context = _contact_context(request, contact, edit_form=form, attribute_forms=attribute_forms)
    return render(request, CONTACT_PAGE, context, status=422)


@require_POST
@permission_required(perm(VIEW_CONTACTS), raise_exception=True)
def contact_opt(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an opt-out or opt-in the customer asked for, in the ledger, as this person."""
    contact = get_object_or_404(Contact, pk=pk)
    form = OptForm(request.POST)
    if not form.is_valid():
        context = _contact_context(request, contact, opt_form=form)
        return render(request, CONTACT_PAGE, context, status=422)
    record = opt_out if form.cleaned_data["kind"] == "opt_out" else opt_in
    event = record(
        msisdn=contact.msisdn,
        reason=form.cleaned_data["reason"].strip(),
        source=OptEvent.Source.MANUAL,
        actor=Actor.from_request(request),
        scope=form.cleaned_data["scope"],
    )
    messages.success(request, f"Recorded: {event}.")
    return redirect("audience:contact", contact.pk)


@require_POST
@permission_required(perm(MANAGE_RECIPIENTS), raise_exception=True)
def contact_membership(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    form = MembershipForm(request.POST)
    if not form.is_valid():
        context = _contact_context(request, contact, membership_form=form)
        return render(request, CONTACT_PAGE, context, status=422)
    contact_list, actor = form.cleaned_data["contact_list"], Actor.from_request(request)
    if form.cleaned_data["remove"]:
        contact_list_remove(actor=actor, contact=contact, contact_list=contact_list)
        messages.success(request, f"Removed from {contact_list.name}.")
    else:
        changed = contact_list_add(actor=actor, contact=contact, contact_list=contact_list)
        messages.success(request, f"{'Added to' if changed else 'Already in'} {contact_list.name}.")
    return redirect("audience:contact", contact.pk)
