"""What the inbox's pages show, built from the request: the views stay a few lines each."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from access.permissions import SEND_SINGLE, perm
from composer.forms import ComposeForm
from composer.forms.state import can_add
from composer.kinds import KINDS, compose_form, kind_get
from composer.live import catalog_options
from inbox.forms import AssignForm, NoteForm
from inbox.models import QuickReply
from inbox.rows import thread_rows
from inbox.selectors import (
    FILTERS,
    contact_panel,
    conversation_window,
    conversations_page,
    notes_of,
    quick_replies,
)
from inbox.thread import thread_read
from messaging.models import Conversation, MessageKind
from messaging.sending import OptedOutError, WindowClosedError
from messaging.window import RULE

K = MessageKind
# The kinds the reply box offers while the window is open, in the composer's order; a template
# is always offered, and is the only kind once the window has closed.
OPEN_KINDS: list[str] = [
    K.TEXT,
    K.IMAGE,
    K.VIDEO,
    K.AUDIO,
    K.DOCUMENT,
    K.BUTTONS,
    K.LIST,
    K.PRODUCT,
]
OPEN_KINDS += [K.PRODUCT_LIST, K.TEMPLATE]


def list_context(request: HttpRequest) -> dict[str, Any]:
    which = request.GET.get("filter", "all")
    which = which if which in FILTERS else "all"
    page = conversations_page(user=request.user, which=which, after=request.GET.get("after", ""))
    return {"page": page, "which": which, "filters": FILTERS}


def reply_kinds(conversation: Conversation) -> list[str]:
    return OPEN_KINDS if conversation_window(conversation).open else [K.TEMPLATE]


def reply_kind(request: HttpRequest, conversation: Conversation) -> str:
    """The kind asked for, if the window allows it; else the first the window allows."""
    allowed = reply_kinds(conversation)
    asked = request.POST.get("kind") or request.GET.get("kind") or ""
    return asked if asked in allowed else allowed[0]


def reply_form(request: HttpRequest, conversation: Conversation) -> ComposeForm:
    """The reply box, empty (a quick reply's text in it when one was picked) or as posted.

    The recipient is always the conversation's number, whatever the request carries.
    """
    kind = reply_kind(request, conversation)
    if request.method == "POST":
        data = request.POST.copy()
        data["msisdn"] = conversation.msisdn
        return compose_form(kind, data, request.FILES)
    initial: dict[str, Any] = {"msisdn": conversation.msisdn}
    quick = request.GET.get("quick", "")
    if kind == K.TEXT and quick.isdigit():
        reply = QuickReply.objects.filter(pk=int(quick)).first()
        initial["text"] = reply.text if reply else ""
    return compose_form(kind, initial=initial)


def thread_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    """What the thread's poll redraws: its messages only, not the reply box or the panel."""
    thread = thread_read(msisdn=conversation.msisdn, before=request.GET.get("before", ""))
    return {"conversation": conversation, "thread": thread, "rows": thread_rows(thread)}


def conversation_context(
    request: HttpRequest,
    conversation: Conversation,
    *,
    form: ComposeForm | None = None,
    refusal: OptedOutError | WindowClosedError | None = None,
    note_form: NoteForm | None = None,
    assign_form: AssignForm | None = None,
) -> dict[str, Any]:
    form = form or reply_form(request, conversation)
    window = conversation_window(conversation)
    state = form.raw_state()
    context: dict[str, Any] = {
        "window": window,
        "window_rule": RULE,
        **thread_context(request, conversation),
        "panel": contact_panel(conversation.msisdn),
        "notes": notes_of(conversation),
        "note_form": note_form or NoteForm(),
        "assign_form": assign_form
        or AssignForm(user=request.user, initial={"assignee": conversation.assigned_to_id}),
        "quick_replies": quick_replies(),
        "form": form,
        "kind": form.kind,
        "kind_cards": [KINDS[k] for k in reply_kinds(conversation)],
        "kind_label": kind_get(form.kind).label,
        "can_send": request.user.has_perm(perm(SEND_SINGLE)),
        "window_closed": refusal if isinstance(refusal, WindowClosedError) else None,
        "opted_out": refusal if isinstance(refusal, OptedOutError) else None,
        "can_add": {
            target: can_add(form.kind, state, target)
            for target in ("buttons", "sections", "rows", "products")
        },
    }
    if form.kind in (K.PRODUCT, K.PRODUCT_LIST):
        context.update(catalog_options())
    return context
