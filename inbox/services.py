"""What a support agent does in the inbox: open a conversation (the customer's blue ticks),
assign it, reply, write notes and keep quick replies."""

from __future__ import annotations

import logging
from typing import Any

from audit.services import Actor
from chatapps.client import get_client
from chatapps.errors import PermanentError
from composer.forms import ComposeForm
from composer.services import message_compose_send
from inbox.models import Note, QuickReply
from messaging.enqueue import enqueue_on_commit
from messaging.models import Conversation, InboundMessage, OutboundMessage

logger = logging.getLogger(__name__)

INBOUND_READ = "inbox.tasks.inbound_read_task"


def conversation_open(*, conversation: Conversation) -> bool:
    """Someone is reading the conversation: nothing is unread any more, and 8x8 is told.

    The reset is a conditional UPDATE (unread > 0 → 0), so of two agents opening it at once, or
    a page polling while open, only one asks 8x8, and only when something new came in. The
    newest inbound message is marked read: WhatsApp then shows every earlier one read too.
    Returns whether 8x8 will be asked.
    """
    if not Conversation.objects.filter(pk=conversation.pk, unread_count__gt=0).update(
        unread_count=0
    ):
        return False
    conversation.unread_count = 0
    newest = (
        InboundMessage.objects.filter(msisdn=conversation.msisdn)
        .order_by("-received_at", "-id")
        .values_list("umid", flat=True)
        .first()
    )
    if newest is None:
        return False
    enqueue_on_commit(INBOUND_READ, newest)
    return True


def inbound_read(*, umid: str) -> bool:
    """Mark one inbound message read through 8x8 (the client); False when 8x8 refused for good.

    Running twice is harmless: 8x8 answers 200 for a message already read. A refusal that will
    not change (404: 8x8 no longer knows the message) is logged, not retried; transient errors
    are raised for the task to retry.
    """
    try:
        get_client().mark_read(umid)
    except PermanentError as exc:
        logger.warning("8x8 did not mark %s read: %s", umid, exc)
        return False
    return True


def conversation_assign(*, conversation: Conversation, assignee: Any) -> None:
    """Give the conversation to `assignee` (a user allowed the inbox; the form checked), or None."""
    Conversation.objects.filter(pk=conversation.pk).update(assigned_to=assignee)
    conversation.assigned_to = assignee


def reply_send(*, actor: Actor, conversation: Conversation, form: ComposeForm) -> OutboundMessage:
    """Send what the reply box holds to the conversation's number.

    Never with the window override: outside the window the inbox sends templates only (the
    composer's service raises WindowClosedError for a free-form kind, before any upload).
    """
    assert form.payload is not None
    return message_compose_send(
        actor=actor,
        kind=form.kind,
        msisdn=conversation.msisdn,
        payload=form.payload,
        upload=form.pending_upload,
        window_override=False,
    )


def note_add(*, actor: Actor, conversation: Conversation, text: str) -> Note:
    return Note.objects.create(conversation=conversation, author=actor.user, text=text)


def quick_reply_save(*, actor: Actor, title: str, text: str) -> QuickReply:
    reply, _ = QuickReply.objects.update_or_create(
        title=title, defaults={"text": text, "created_by": actor.user}
    )
    return reply


def quick_reply_delete(*, reply: QuickReply) -> None:
    reply.delete()
