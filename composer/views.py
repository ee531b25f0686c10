"""The composer: compose any kind, preview it live, send it, follow it; drafts and history.

Every page works without JavaScript; htmx only swaps fragments of the same templates in place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from access.http import HtmxHttpRequest
from access.permissions import COMPOSE, OVERRIDE_WINDOW, SEND_SINGLE, perm
from audit.services import Actor
from composer import services
from composer.forms import ComposeForm, DraftForm, state_edit
from composer.forms.state import can_add
from composer.kinds import KINDS, compose_form, form_data_from_payload, kind_get
from composer.live import catalog_options, live_context
from composer.models import Draft
from messaging.models import MessageKind
from messaging.selectors import messages_visible_to
from messaging.sending import InvalidPayloadError, OptedOutError, WindowClosedError


def _kind(request: HttpRequest) -> str:
    """The kind the request is about; an unknown one is text (see composer.kinds.kind_get)."""
    return kind_get(request.POST.get("kind") or request.GET.get("kind")).value


def _pk(value: str | None) -> int:
    """An id from the query string; anything that is not one is a 404, never a 500."""
    if value is None or not value.isdigit():
        raise Http404("No such id")
    return int(value)


def _customer_view(request: HttpRequest) -> bool:
    """The preview as the customer's phone shows it (?customer_view=1, or the form's checkbox)."""
    value = request.POST.get("customer_view") or request.GET.get("customer_view") or ""
    return value.lower() in {"1", "on", "true"}


def _draft(request: HttpRequest) -> Draft | None:
    """The user's own draft being edited, if the form carries one."""
    draft_id = request.POST.get("draft") or request.GET.get("draft")
    if not draft_id:
        return None
    return get_object_or_404(Draft, pk=_pk(draft_id), owner_id=request.user.pk)


def _refusal_context(refusal: OptedOutError | WindowClosedError | None) -> dict[str, Any]:
    """Why the send just tried was not queued, under the name compose.html shows it by."""
    return {
        "window_closed": refusal if isinstance(refusal, WindowClosedError) else None,
        "opted_out": refusal if isinstance(refusal, OptedOutError) else None,
    }


def compose_page_context(
    request: HttpRequest,
    form: ComposeForm,
    *,
    draft: Draft | None = None,
    draft_form: DraftForm | None = None,
    refusal: OptedOutError | WindowClosedError | None = None,
    live: bool = True,
) -> dict[str, Any]:
    """Everything composer/compose.html shows around `form` (the live parts unless live=False)."""
    kind = form.kind
    state = form.raw_state()
    msisdn = str(state.get("msisdn") or "")
    context: dict[str, Any] = {
        "form": form,
        "kind": kind,
        "kind_label": kind_get(kind).label,
        "kind_cards": KINDS.values(),
        "free_form": kind in MessageKind.free_form(),
        "msisdn_query": urlencode({"msisdn": msisdn}) if msisdn else "",
        "draft": draft,
        "draft_form": draft_form
        or DraftForm(prefix="draft", instance=draft, initial={"name": draft.name if draft else ""}),
        **_refusal_context(refusal),
        "template_link": reverse("composer:compose")
        + "?"
        + urlencode({"kind": "template", "msisdn": msisdn}),
        "can_send": request.user.has_perm(perm(SEND_SINGLE)),
        "can_override": request.user.has_perm(perm(OVERRIDE_WINDOW)),
        "customer_view": _customer_view(request),
        "can_add": {
            target: can_add(kind, state, target)
            for target in ("buttons", "sections", "rows", "products")
        },
    }
    if kind in (MessageKind.PRODUCT, MessageKind.PRODUCT_LIST):
        context.update(catalog_options())
    if live:
        context.update(live_context(form))
    return context


def _page(
    request: HttpRequest,
    form: ComposeForm,
    *,
    draft: Draft | None = None,
    draft_form: DraftForm | None = None,
    refusal: OptedOutError | WindowClosedError | None = None,
) -> HttpResponse:
    """The composer page; `refusal` is why the send just tried was not queued, shown above it."""
    context = compose_page_context(
        request, form, draft=draft, draft_form=draft_form, refusal=refusal
    )
    return render(request, "composer/compose.html", context)


def _refusal_show(form: ComposeForm, refusal: InvalidPayloadError) -> None:
    """Put 8x8's objections on the fields; keep an uploaded file's link so it is not re-sent."""
    if isinstance(refusal, services.RefusedAfterUploadError):
        form.upload_kept(refusal.uploaded_url)
    for problem in refusal.problems:
        form.attach_problem(problem)


@require_GET
@permission_required(perm(COMPOSE), raise_exception=True)
def compose(request: HttpRequest) -> HttpResponse:
    """The composer, empty, from a draft (?draft=), or copying a sent message (?duplicate=)."""
    kind, initial = _kind(request), {}
    draft = _draft(request)
    if draft is not None:
        kind, initial = draft.kind, dict(draft.form_data)
    elif "duplicate" in request.GET:
        message = get_object_or_404(
            messages_visible_to(request.user), pk=_pk(request.GET["duplicate"])
        )
        kind, initial = message.kind, form_data_from_payload(message.kind, message.payload)
    else:
        initial = {key: request.GET[key] for key in ("msisdn", "template") if key in request.GET}
    return _page(request, compose_form(kind, initial=initial), draft=draft)


@require_POST
@permission_required(perm(SEND_SINGLE), raise_exception=True)
def send(request: HttpRequest) -> HttpResponse:
    """Queue what was composed: opt-outs and the window first, then any upload, then the message."""
    form = compose_form(_kind(request), request.POST, request.FILES)
    draft = _draft(request)
    if not form.is_valid():
        return _page(request, form, draft=draft)
    assert form.payload is not None
    try:
        message = services.message_compose_send(
            actor=Actor.from_request(request),
            kind=form.kind,
            msisdn=form.cleaned_data["msisdn"],
            payload=form.payload,
            upload=form.pending_upload,
            window_override=form.cleaned_data.get("window_override", False),
        )
    except (OptedOutError, WindowClosedError) as refusal:
        return _page(request, form, draft=draft, refusal=refusal)
    except services.UploadRefusedError as refusal:
        form.upload_refused(str(refusal))
        return _page(request, form, draft=draft)
    except InvalidPayloadError as refusal:
        _refusal_show(form, refusal)
        return _page(request, form, draft=draft)
    messages.success(request, f"Queued the {message.get_kind_display().lower()} message.")
    return redirect("messaging:message", pk=message.pk)


@require_POST
@permission_required(perm(COMPOSE), raise_exception=True)
def preview(request: HtmxHttpRequest) -> HttpResponse:
    """The phone preview and Request tab for what is typed so far (htmx, on every change)."""
    form = compose_form(_kind(request), request.POST)
    if not request.htmx:
        # Without JavaScript the "Update preview" button lands here: show the whole page.
        unbound = compose_form(form.kind, initial=form.raw_state())
        return _page(request, unbound, draft=_draft(request))
    return render(request, "composer/compose.html#live", {**live_context(form), "oob": True})


@require_POST
@permission_required(perm(COMPOSE), raise_exception=True)
def rows(request: HtmxHttpRequest) -> HttpResponse:
    """Add or remove a button, section, row or product; or just redraw the form (no JS)."""
    kind = _kind(request)
    typed = compose_form(kind, request.POST)
    state = state_edit(kind, typed.raw_state(), request.POST.get("action", ""))
    form = compose_form(kind, initial=state)
    if request.htmx and not form.formsets:
        return HttpResponse(status=204)  # this kind has no rows: nothing to swap
    if request.htmx:
        context = compose_page_context(request, form, live=False)
        response = render(request, f"{form.fields_template}#rows", context)
        return trigger_client_event(response, "composer-changed")  # refresh the preview
    return _page(request, form, draft=_draft(request))


@require_GET
@permission_required(perm(COMPOSE), raise_exception=True)
def template_fields(request: HtmxHttpRequest) -> HttpResponse:
    """The parameter fields of the chosen template (htmx swaps them in when the picker changes)."""
    key = request.GET.get("template", "")
    if not request.htmx:
        query = urlencode({"kind": "template", "template": key})
        return redirect(f"{reverse('composer:compose')}?{query}")
    initial = {"template": key, "msisdn": request.GET.get("msisdn", "")}
    form = compose_form(MessageKind.TEMPLATE, initial=initial)
    return render(request, "composer/kinds/template.html#params", {"form": form})


@require_POST
@permission_required(perm(COMPOSE), raise_exception=True)
def draft_save(request: HttpRequest) -> HttpResponse:
    """Keep what is typed (valid or not) as a draft of the user's own."""
    form = compose_form(_kind(request), request.POST)
    draft = _draft(request)
    draft_form = DraftForm(request.POST, prefix="draft", instance=draft)
    if not draft_form.is_valid():
        return _page(request, form, draft=draft, draft_form=draft_form)
    draft = services.draft_save(
        actor=Actor.from_request(request),
        draft=draft,
        name=draft_form.cleaned_data.get("name") or "",
        kind=form.kind,
        form_data=form.raw_state(),
    )
    messages.success(request, f"Saved the draft “{draft.name}”.")
    if request.FILES:
        messages.warning(request, "Files are not kept in drafts: attach it again before sending.")
    return redirect(f"{reverse('composer:compose')}?draft={draft.pk}")


@require_GET
@permission_required(perm(COMPOSE), raise_exception=True)
def drafts(request: HttpRequest) -> HttpResponse:
    own = Draft.objects.filter(owner_id=request.user.pk)
    return render(request, "composer/drafts.html", {"drafts": own})


@require_POST
@permission_required(perm(COMPOSE), raise_exception=True)
def draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk, owner_id=request.user.pk)
    draft.delete()
    messages.success(request, f"Deleted the draft “{draft.name}”.")
    return redirect("composer:drafts")
