"""The send pipeline: queue a message, dispatch it once through 8x8, apply what 8x8 reports back.

A message moves through a status machine (see composer.models.STATUS_RANK). Every write that changes
status is a conditional UPDATE on the status it expects, so two workers, a retried task or a late
receipt can never move a message backwards or send it twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from accounts.permissions import OVERRIDE_WINDOW, perm
from audit.models import AuditEntry
from audit.services import audit_record
from chatapps.validation import validate_message
from composer.models import (
    STATUS_RANK,
    Draft,
    MessageEvent,
    MessageKind,
    MessageStatus,
    OutboundMessage,
)

logger = logging.getLogger(__name__)


class WindowClosedError(Exception):
    """Free-form to a customer whose 24 h (or 72 h) service window is not known to be open."""

    def __init__(self, *, msisdn: str, reason: str) -> None:
        super().__init__(reason)
        self.msisdn = msisdn
        self.reason = reason


class InvalidPayloadError(ValueError):
    """The body would be refused by 8x8; forms should have caught this first."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def _window_reason(msisdn: str) -> str | None:
    """None when free-form may go out; otherwise a sentence saying why not."""
    from chatapps.selectors import window_state

    state = window_state(msisdn)
    if state.open:
        return None
    if not state.known:
        return (
            f"{msisdn} has never written to us, so there is no open customer-service window. "
            "WhatsApp only delivers free-form messages within 24 hours of the customer's last "
            "message (72 hours after a click-to-WhatsApp ad); outside it, send an approved "
            "template."
        )
    closed = (
        timezone.localtime(state.closes_at).strftime("%Y-%m-%d %H:%M") if state.closes_at else "?"
    )
    return (
        f"The customer-service window with {msisdn} closed at {closed}. WhatsApp only delivers "
        "free-form messages within 24 hours of the customer's last message; send an approved "
        "template instead."
    )


def message_queue(
    *,
    user: Any,
    kind: str,
    msisdn: str,
    payload: dict[str, Any],
    window_override: bool = False,
    request: HttpRequest | None = None,
) -> OutboundMessage:
    """Store a message and hand it to a worker once the transaction commits.

    1. Free-form kinds need an open window, or an override by a user allowed to give one.
    2. The body is validated against 8x8's and WhatsApp's rules.
    3. The row, its first event and the audit entry are written together; dispatch is enqueued
       only after commit, so a worker never looks for a row that is not there yet.
    """
    overridden = False
    if kind in MessageKind.free_form():
        reason = _window_reason(msisdn)
        if reason is not None:
            if not (window_override and user.has_perm(perm(OVERRIDE_WINDOW))):
                raise WindowClosedError(msisdn=msisdn, reason=reason)
            overridden = True

    with transaction.atomic():
        message = OutboundMessage(
            kind=kind, msisdn=msisdn, sent_by=user, window_override=overridden
        )
        body = {**payload, "clientMessageId": message.client_message_id}
        problems = validate_message(body)
        if problems:
            raise InvalidPayloadError(problems)
        message.payload = body
        message.save()
        MessageEvent.objects.create(
            message=message, status=MessageStatus.QUEUED, source=MessageEvent.Source.COMPOSER
        )
        audit_record(
            action=AuditEntry.Action.MESSAGE_SEND,
            summary=f"Queued a {message.get_kind_display().lower()} message to {msisdn}",
            actor=user,
            request=request,
            target=message,
            data={"clientMessageId": message.client_message_id, "payload": body},
        )
        if overridden:
            audit_record(
                action=AuditEntry.Action.WINDOW_OVERRIDE,
                summary=f"Sent free-form to {msisdn} without a known open window",
                actor=user,
                request=request,
                target=message,
            )
        transaction.on_commit(lambda: _enqueue_dispatch(message.pk))
    return message


def _enqueue_dispatch(message_id: int) -> None:
    from composer.tasks import message_dispatch_task

    message_dispatch_task.delay(message_id)


def _record(message_id: int, status: str, source: str, detail: str = "", **data: Any) -> None:
    MessageEvent.objects.create(
        message_id=message_id, status=status, source=source, detail=detail[:200], data=data
    )


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
    from chatapps.client import get_client
    from chatapps.errors import PermanentError, TransientError, UnknownOutcomeError

    if not message_claim(message_id=message_id):
        return
    message = OutboundMessage.objects.get(id=message_id)
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
        _settle(message_id, MessageStatus.FAILED, error_code=exc.code, error_message=exc.message)
        return
    if result.rejected:
        _settle(
            message_id,
            MessageStatus.REJECTED,
            umid=result.umid,
            error_code=result.error_code,
            error_message=result.error_message or "",
        )
        return
    _settle(message_id, MessageStatus.ACCEPTED, umid=result.umid)


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
) -> None:
    fields: dict[str, Any] = {
        "status": status,
        "updated_at": timezone.now(),
        "status_detail": detail,
    }
    if umid:
        fields["umid"] = umid
    if status == MessageStatus.ACCEPTED:
        fields["accepted_at"] = timezone.now()
        fields["error_code"] = None
        fields["error_message"] = ""
    else:
        fields["error_code"] = error_code
        fields["error_message"] = error_message[:500]
    allowed = from_statuses or [MessageStatus.SENDING, MessageStatus.UNKNOWN]
    if OutboundMessage.objects.filter(id=message_id, status__in=allowed).update(**fields):
        _record(
            message_id, status, MessageEvent.Source.API, error_message or detail, umid=umid or ""
        )


# 8x8 receipt states onto our statuses. 'queued' in a receipt means 8x8 has the message.
RECEIPT_STATES = {
    "queued": MessageStatus.ACCEPTED,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.READ,
    "undelivered": MessageStatus.UNDELIVERED,
    "rejected": MessageStatus.REJECTED,
    "failed": MessageStatus.FAILED,
    "error": MessageStatus.FAILED,
}


def receipt_apply(
    *,
    umid: str,
    client_message_id: str,
    state: str,
    detail: str,
    error_code: int | None,
    error_message: str,
    provider_error_code: str,
    at: datetime | None,
    raw: dict[str, Any],
) -> bool:
    """Apply one delivery receipt. True when it moved the message forward.

    Receipts arrive out of order and more than once: only a state ranked above the current one is
    applied (read before delivered leaves 'read'), and the update is conditional on the statuses
    below it, so concurrent receipts cannot undo each other.
    """
    status = RECEIPT_STATES.get(state.lower())
    if status is None:
        return False
    message = _message_for_receipt(umid=umid, client_message_id=client_message_id)
    if message is None:
        logger.info(
            "receipt for unknown message umid=%s clientMessageId=%s", umid, client_message_id
        )
        return False
    rank = STATUS_RANK[status]
    lower = [s for s, r in STATUS_RANK.items() if r < rank]
    when = at or timezone.now()
    fields: dict[str, Any] = {
        "status": status,
        "status_detail": detail[:64],
        "updated_at": timezone.now(),
    }
    if umid and not message.umid:
        fields["umid"] = umid
    if status in (MessageStatus.DELIVERED, MessageStatus.READ) and message.delivered_at is None:
        fields["delivered_at"] = when
    if status == MessageStatus.READ:
        fields["read_at"] = when
    if status in (MessageStatus.UNDELIVERED, MessageStatus.REJECTED, MessageStatus.FAILED):
        fields["error_code"] = error_code
        fields["error_message"] = error_message[:500]
        fields["provider_error_code"] = provider_error_code[:20]
    applied = bool(OutboundMessage.objects.filter(id=message.pk, status__in=lower).update(**fields))
    MessageEvent.objects.create(
        message=message,
        status=status,
        source=MessageEvent.Source.RECEIPT,
        detail=(detail or error_message)[:200],
        applied=applied,
        data={
            "umid": umid,
            "errorCode": error_code,
            "providerErrorCode": provider_error_code,
            "raw": raw,
        },
    )
    return applied


def _message_for_receipt(*, umid: str, client_message_id: str) -> OutboundMessage | None:
    if umid:
        found = OutboundMessage.objects.filter(umid=umid).first()
        if found is not None:
            return found
    if client_message_id:
        return OutboundMessage.objects.filter(client_message_id=client_message_id).first()
    return None


@transaction.atomic
def draft_save(
    *,
    owner: Any,
    draft: Draft | None,
    name: str,
    kind: str,
    form_data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Draft:
    """Keep a composition as typed, valid or not: a new draft, or the owner's draft edited."""
    draft = draft or Draft(owner=owner)
    recipient = form_data.get("msisdn") or "no recipient yet"
    draft.kind = kind
    draft.form_data = form_data
    draft.name = name.strip() or f"{Draft(kind=kind).get_kind_display()} to {recipient}"[:120]
    draft.save()
    audit_record(
        action=AuditEntry.Action.DRAFT_SAVE,
        summary=f"Saved the draft “{draft.name}”",
        actor=owner,
        request=request,
        target=draft,
        data={"kind": draft.kind},
    )
    return draft
