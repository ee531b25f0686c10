"""Lists (static) and segments (saved filters), each with its live size."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from access.permissions import MANAGE_RECIPIENTS, perm
from audience.forms import ContactListForm, SegmentForm
from audience.rules import Rules
from audience.selectors import list_sizes, lists_with_sizes, segment_size
from audience.services import list_delete, list_save, segment_delete, segment_save
from audit.services import Actor
from recipients.models import ContactList, Segment

MANAGE = perm(MANAGE_RECIPIENTS)


@permission_required(MANAGE, raise_exception=True)
def lists_index(request: HttpRequest) -> HttpResponse:
    form = ContactListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = list_save(
            actor=Actor.from_request(request),
            name=form.cleaned_data["name"].strip(),
            description=form.cleaned_data["description"].strip(),
        )
        messages.success(request, f"Created the list {created.name}.")
        return redirect("audience:lists")
    return render(request, "audience/lists.html", {"rows": lists_with_sizes(), "form": form})


@permission_required(MANAGE, raise_exception=True)
def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact_list = get_object_or_404(ContactList, pk=pk)
    form = ContactListForm(request.POST or None, instance=contact_list)
    if request.method == "POST" and form.is_valid():
        list_save(
            actor=Actor.from_request(request),
            contact_list=contact_list,
            name=form.cleaned_data["name"].strip(),
            description=form.cleaned_data["description"].strip(),
        )
        messages.success(request, f"Saved the list {contact_list.name}.")
        return redirect("audience:lists")
    context = {
        "contact_list": contact_list,
        "size": list_sizes([contact_list.pk]).get(contact_list.pk, 0),
        "form": form,
    }
    return render(request, "audience/list_edit.html", context)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def list_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    contact_list = get_object_or_404(ContactList, pk=pk)
    list_delete(actor=Actor.from_request(request), contact_list=contact_list)
    messages.success(request, f"Deleted the list {contact_list.name}; its contacts stay.")
    return redirect("audience:lists")


def _segment_initial(segment: Segment) -> dict[str, object]:
    rules = Rules.from_dict(segment.rules)
    return {
        "name": segment.name,
        "description": segment.description,
        "q": rules.q,
        "tag": rules.tags[0] if rules.tags else "",
        "list": rules.lists[0] if rules.lists else None,
        "attr": next((f"{k}={v}" for k, v in sorted(rules.attributes.items())), ""),
        "opted_out": rules.opted_out,
        "window": rules.window,
        "never_messaged": rules.never_messaged,
    }


def segment_url(segment: Segment) -> str:
    """The contacts page showing the segment's members."""
    query = Rules.from_dict(segment.rules).to_query()
    return reverse("audience:contacts") + "?" + urlencode(query, doseq=True)


@permission_required(MANAGE, raise_exception=True)
def segments_index(request: HttpRequest) -> HttpResponse:
    """Segments, their sizes counted as the page loads them; POST saves the filter posted."""
    form = SegmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        segment = segment_save(
            actor=Actor.from_request(request),
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"].strip(),
            rules=form.rules().to_dict(),
        )
        messages.success(request, f"Saved the segment {segment.name}.")
        return redirect("audience:segments")
    rows = [(s, segment_url(s)) for s in Segment.objects.all()]
    status = 422 if form.is_bound else 200
    return render(request, "audience/segments.html", {"rows": rows, "form": form}, status=status)


@permission_required(MANAGE, raise_exception=True)
def segment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk)
    form = SegmentForm(request.POST or None, segment=segment, initial=_segment_initial(segment))
    if request.method == "POST" and form.is_valid():
        segment_save(
            actor=Actor.from_request(request),
            segment=segment,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"].strip(),
            rules=form.rules().to_dict(),
        )
        messages.success(request, f"Saved the segment {segment.name}.")
        return redirect("audience:segments")
    context = {"segment": segment, "form": form, "url": segment_url(segment)}
    return render(request, "audience/segment_edit.html", context)


@require_GET
@permission_required(MANAGE, raise_exception=True)
def segment_size_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The segment's live size, as a fragment (the segments page loads one per segment)."""
    segment = get_object_or_404(Segment, pk=pk)
    return render(
        request, "audience/_segment_size.html", {"segment": segment, "size": segment_size(segment)}
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def segment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk)
    segment_delete(actor=Actor.from_request(request), segment=segment)
    messages.success(request, f"Deleted the segment {segment.name}.")
    return redirect("audience:segments")
