"""The support inbox: conversations newest first, each with its thread, reply box, notes and the
customer's contact panel. The list, the thread and the navigation's badge refresh themselves by
htmx polling; everything also works with a plain reload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.http import HtmxHttpRequest
from access.permissions import SEND_SINGLE, USE_INBOX, perm
from audit.services import Actor
from composer.services import UploadRefusedError
from inbox import pages, services
from inbox.forms import AssignForm, NoteForm, QuickReplyForm
from inbox.models import QuickReply
from inbox.selectors import conversations_visible_to, quick_replies, unread_conversations
from messaging.models import Conversation
from messaging.sending import InvalidPayloadError, OptedOutError, WindowClosedError

INBOX = perm(USE_INBOX)


def _conversation(request: HttpRequest, pk: int) -> Conversation:
    """The conversation, if the user's role lets them see it (404 otherwise, as if none)."""
    return get_object_or_404(conversations_visible_to(request.user), pk=pk)


@require_GET
@permission_required(INBOX, raise_exception=True)
def index(request: HtmxHttpRequest) -> HttpResponse:
    """The conversations; htmx polls the list part so new ones appear without a reload."""
    template = "inbox/index.html#list" if request.htmx else "inbox/index.html"
    return render(request, template, pages.list_context(request))


@require_GET
@permission_required(INBOX, raise_exception=True)
def badge(request: HttpRequest) -> HttpResponse:
    """The navigation's count of unread conversations (polled by every page)."""
    return render(request, "inbox/_badge.html", {"unread": unread_conversations(request.user)})


@require_GET
@permission_required(INBOX, raise_exception=True)
def conversation(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A conversation: opening it (or its thread polling) marks the customer's messages read."""
    convo = _conversation(request, pk)
    services.conversation_open(conversation=convo)
    if request.htmx and request.GET.get("part") == "thread":
        # Drawn without the request: the thread needs no navigation or role, which the
        # context processors would look up again on every poll.
        thread = render_to_string(
            "inbox/conversation.html#thread", pages.thread_context(request, convo)
        )
        return HttpResponse(thread)
    return render(request, "inbox/conversation.html", pages.conversation_context(request, convo))


@require_POST
@permission_required(INBOX, raise_exception=True)
@permission_required(perm(SEND_SINGLE), raise_exception=True)
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the reply box's message; free-form only while the window is open, never overridden."""
    convo = _conversation(request, pk)
    form = pages.reply_form(request, convo)
    if not form.is_valid():
        return _conversation_page(request, convo, form=form)
    try:
        message = services.reply_send(
            actor=Actor.from_request(request), conversation=convo, form=form
        )
    except (OptedOutError, WindowClosedError) as refusal:
        return _conversation_page(request, convo, form=form, refusal=refusal)
    except UploadRefusedError as refusal:
        form.upload_refused(str(refusal))
        return _conversation_page(request, convo, form=form)
    except InvalidPayloadError as refusal:
        for problem in refusal.problems:
            form.attach_problem(problem)
        return _conversation_page(request, convo, form=form)
    messages.success(request, f"Queued the {message.get_kind_display().lower()} reply.")
    return redirect("inbox:conversation", pk=convo.pk)


def _conversation_page(request: HttpRequest, convo: Conversation, **parts: object) -> HttpResponse:
    context = pages.conversation_context(request, convo, **parts)  # type: ignore[arg-type]
    return render(request, "inbox/conversation.html", context, status=200)


@require_POST
@permission_required(INBOX, raise_exception=True)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    convo = _conversation(request, pk)
    form = AssignForm(request.POST, user=request.user)
    if not form.is_valid():
        return _conversation_page(request, convo, assign_form=form)
    services.conversation_assign(conversation=convo, assignee=form.cleaned_data["assignee"])
    who = form.cleaned_data["assignee"]
    messages.success(request, f"Assigned to {who.get_username()}." if who else "Unassigned.")
    return redirect("inbox:conversation", pk=convo.pk)


@require_POST
@permission_required(INBOX, raise_exception=True)
def note(request: HttpRequest, pk: int) -> HttpResponse:
    convo = _conversation(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _conversation_page(request, convo, note_form=form)
    services.note_add(
        actor=Actor.from_request(request), conversation=convo, text=form.cleaned_data["text"]
    )
    messages.success(request, "Added the note.")
    return redirect("inbox:conversation", pk=convo.pk)


@require_http_methods(["GET", "POST"])
@permission_required(INBOX, raise_exception=True)
def quick_replies_page(request: HttpRequest) -> HttpResponse:
    """The team's saved answers, and a form to add one."""
    form = QuickReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.quick_reply_save(
            actor=Actor.from_request(request),
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, f"Saved the quick reply “{form.cleaned_data['title']}”.")
        return redirect("inbox:quick-replies")
    context = {"form": form, "quick_replies": quick_replies()}
    return render(request, "inbox/quick_replies.html", context)


@require_POST
@permission_required(INBOX, raise_exception=True)
def quick_reply_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reply_ = get_object_or_404(QuickReply, pk=pk)
    services.quick_reply_delete(reply=reply_)
    messages.success(request, f"Deleted the quick reply “{reply_.title}”.")
    return redirect("inbox:quick-replies")
