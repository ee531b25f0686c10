"""The send pipeline: queue a message, then claim and dispatch it once through 8x8.

A message moves through a status machine (see messaging.models.STATUS_RANK). Every write that
changes status is a conditional UPDATE on the status it expects, so two workers, a retried task or
a late receipt can never move a message backwards or send it twice. Receipts: messaging.receipts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from access.permissions import OVERRIDE_WINDOW, perm
from audit.models import AuditEntry
from audit.services import Actor, audit_record
from catalog.models import Template
from chatapps.client import get_client
from chatapps.errors import PermanentError, TransientError, UnknownOutcomeError
from chatapps.loose import as_time
from chatapps.validation import authentication_code_problems, validate_message
from messaging.conversations import conversation_outbound
from messaging.enqueue import MESSAGE_DISPATCH, enqueue_on_commit
from messaging.models import MessageEvent, MessageKind, MessageStatus, OutboundMessage
from messaging.receipts import step_time_record
from messaging.window import window_refusal
from recipients.selectors import AUTHENTICATION, MARKETING, SERVICE, opted_out
from recipients.services import contact_touch


class WindowClosedError(Exception):
    """Free-form to a customer whose 24 h (or 72 h) service window is not known to be open."""

    def __init__(self, *, msisdn: str, reason: str) -> None:
        super().__init__(reason)
        self.msisdn = msisdn
        self.reason = reason


class OptedOutError(Exception):
    """The number opted out of what this message is; the sentence says when and how."""

    def __init__(self, msisdn: str, reason: str) -> None:
        super().__init__(reason)
        self.msisdn = msisdn
        self.reason = reason


class InvalidPayloadError(ValueError):
    """The body would be refused by 8x8; forms should have caught this first."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def send_category(*, kind: str, payload: dict[str, Any]) -> str:
    """What a message is, for the opt-out ledger: free-form, or its template's category.

    A template not synced here counts as marketing, the category an opt-out stops most surely.
    """
    if kind != MessageKind.TEMPLATE:
        return SERVICE
    name, language = _template_key(payload)
    category = (
        Template.objects.filter(name=name, language=language)
        .values_list("category", flat=True)
        .first()
    )
    return (category or MARKETING).lower()


def recipient_permit(*, kind: str, msisdn: str, payload: dict[str, Any]) -> str:
    """OptedOutError when `msisdn` opted out of this kind of message; asked before anything else.
    Returns the message's category (send_category), so callers need not look it up again.

    The SMS fallback rides in the same body, so refusing the message refuses it too.
    """
    category = send_category(kind=kind, payload=payload)
    state = opted_out(msisdn, category=category)
    if state is not None:
        raise OptedOutError(msisdn, state.sentence())
    return category


def window_permit(*, actor: Actor, kind: str, msisdn: str, window_override: bool = False) -> bool:
    """Whether `kind` may go to `msisdn` now: WindowClosedError if not, True if only by override.

    Free-form kinds need an open window, or an override by a user allowed to give one; callers
    that must do work before queueing (an upload) ask first, so that work is not done in vain.
    """
    if kind not in MessageKind.free_form():
        return False
    reason = window_refusal(msisdn)
    if reason is None:
        return False
    if not (window_override and actor.user.has_perm(perm(OVERRIDE_WINDOW))):
        raise WindowClosedError(msisdn=msisdn, reason=reason)
    return True


def message_queue(
    *,
    actor: Actor,
    kind: str,
    msisdn: str,
    payload: dict[str, Any],
    window_override: bool = False,
) -> OutboundMessage:
    """Store a message and hand it to a worker once the transaction commits.

    1. A number that opted out of this kind of message is refused (OptedOutError).
    2. Free-form kinds need an open window, or an override by a user allowed to give one.
    3. The body is validated against 8x8's and WhatsApp's rules.
    4. The row, its first event and the audit entry are written together (and the number becomes
       a contact); dispatch is enqueued only after commit, so a worker never looks for a row that
       is not there yet.
    """
    category = recipient_permit(kind=kind, msisdn=msisdn, payload=payload)
    overridden = window_permit(
        actor=actor, kind=kind, msisdn=msisdn, window_override=window_override
    )
    with transaction.atomic():
        message = OutboundMessage(
            kind=kind, msisdn=msisdn, sent_by=actor.user, window_override=overridden
        )
        body = {**payload, "clientMessageId": message.client_message_id}
        problems = validate_message(body)
        if category == AUTHENTICATION:  # only its template's category says the code's limit
            problems += authentication_code_problems(body)
        if problems:
            raise InvalidPayloadError(problems)
        message.payload = body
        message.save()
        contact_touch(msisdn=msisdn)
        conversation_outbound(message=message)
        MessageEvent.objects.create(
            message=message, status=MessageStatus.QUEUED, source=MessageEvent.Source.COMPOSER
        )
        audit_record(
            action=AuditEntry.Action.MESSAGE_SEND,
            summary=f"Queued a {message.get_kind_display().lower()} message to {msisdn}",
            actor=actor,
            target=message,
            data={"clientMessageId": message.client_message_id, "payload": body},
        )
        if overridden:
            audit_record(
                action=AuditEntry.Action.WINDOW_OVERRIDE,
                summary=f"Sent free-form to {msisdn} without a known open window",
                actor=actor,
                target=message,
            )
        enqueue_on_commit(MESSAGE_DISPATCH, message.pk)
    return message


def _record(message_id: int, status: str, source: str, detail: str = "", **data: Any) -> None:
    MessageEvent.objects.create(
        message_id=message_id, status=status, source=source, detail=detail[:200], data=data
    )


def _template_key(body: dict[str, Any]) -> tuple[str, str]:
    """(name, language) of the template a body sends; empty strings when it names none."""
    content = body.get("content")
    spec = content.get("template") if isinstance(content, dict) else None
    if not isinstance(spec, dict):
        return "", ""
    return str(spec.get("name", "")), str(spec.get("language", ""))


def message_claim(*, message_id: int) -> bool:
    """Take a queued message for sending. False means another worker has it or it is done.

    A message found still 'sending' was claimed by a worker that died mid-call: whether 8x8 got
    the request cannot be known, so it becomes 'unknown' and waits for a receipt instead of being
    sent a second time.
    """
    claimed = OutboundMessage.objects.filter(id=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if claimed:
        _record(message_id, MessageStatus.SENDING, MessageEvent.Source.WORKER)
        return True
    orphaned = OutboundMessage.objects.filter(id=message_id, status=MessageStatus.SENDING).update(
        status=MessageStatus.UNKNOWN, status_detail="worker_stopped", updated_at=timezone.now()
    )
    if orphaned:
        _record(
            message_id,
            MessageStatus.UNKNOWN,
            MessageEvent.Source.WORKER,
            "A worker stopped during the call; waiting for 8x8's receipt to confirm.",
        )
    return False


def message_dispatch(*, message_id: int) -> None:
    """Send one claimed message through the 8x8 client and record the outcome.

    Transient errors (429, 5xx, connection refused) put the message back in the queue and are
    re-raised so the task retries; permanent ones fail it; a timeout after the request was sent
    marks it unknown, to be settled by the receipt that carries its clientMessageId.
    """
    if not message_claim(message_id=message_id):
        return
    message = OutboundMessage.objects.get(id=message_id)
    # The customer may have opted out since this was queued (a STOP while it waited in a
    # backlog): the ledger is asked again, and nothing leaves for them.
    category = send_category(kind=message.kind, payload=message.payload)
    state = opted_out(message.msisdn, category=category)
    if state is not None:
        _settle(
            message_id, MessageStatus.REJECTED, detail="opted_out", error_message=state.sentence()
        )
        return
    try:
        result = get_client().send_message(message.payload)
    except TransientError as exc:
        OutboundMessage.objects.filter(id=message_id, status=MessageStatus.SENDING).update(
            status=MessageStatus.QUEUED, error_code=exc.code, error_message=str(exc)[:500]
        )
        _record(message_id, MessageStatus.QUEUED, MessageEvent.Source.API, f"Will retry: {exc}")
        raise
    except UnknownOutcomeError as exc:
        _settle(
            message_id, MessageStatus.UNKNOWN, detail="timeout_after_send", error_message=str(exc)
        )
        return
    except PermanentError as exc:
        _settle(
            message_id,
            MessageStatus.FAILED,
            error_code=exc.code,
            error_message=exc.message,
            at=as_time(exc.timestamp),
        )
        return
    if result.rejected:
        _settle(
            message_id,
            MessageStatus.REJECTED,
            umid=result.umid,
            error_code=result.error_code,
            error_message=result.error_message or "",
            at=as_time(result.timestamp),
        )
        return
    _settle(message_id, MessageStatus.ACCEPTED, umid=result.umid, at=as_time(result.timestamp))


def message_give_up(*, message_id: int, reason: str) -> None:
    """Retries are exhausted: the message failed without 8x8 ever accepting it."""
    _settle(
        message_id, MessageStatus.FAILED, error_message=reason, from_statuses=[MessageStatus.QUEUED]
    )


def _settle(
    message_id: int,
    status: str,
    *,
    umid: str | None = None,
    detail: str = "",
    error_code: int | None = None,
    error_message: str = "",
    from_statuses: list[str] | None = None,
    at: datetime | None = None,
) -> None:
    """Record 8x8's answer, if the message still waits for one; `at` is 8x8's time for it."""
    fields: dict[str, Any] = {
        "status": status,
        "updated_at": timezone.now(),
        "status_detail": detail,
    }
    if umid:
        fields["umid"] = umid
    if status == MessageStatus.ACCEPTED:
        fields["error_code"] = None
        fields["error_message"] = ""
    else:
        fields["error_code"] = error_code
        fields["error_message"] = error_message[:500]
    allowed = from_statuses or [MessageStatus.SENDING, MessageStatus.UNKNOWN]
    if OutboundMessage.objects.filter(id=message_id, status__in=allowed).update(**fields):
        if status != MessageStatus.UNKNOWN:
            step_time_record(message_id=message_id, status=status, at=at or timezone.now())
        _record(
            message_id, status, MessageEvent.Source.API, error_message or detail, umid=umid or ""
        )
