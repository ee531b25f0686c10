"""Webhooks from 8x8: store each event once, apply it in the background.

Storing and applying are split so the endpoint answers within 8x8's 5-second limit whatever the
database or the worker is doing. Each event moves pending -> processing -> applied | ignored |
failed; a worker claims it with a conditional UPDATE, so a retried task or a second worker finds
nothing to do, and every apply step is itself idempotent (unique umid, status ranks).

Click-to-WhatsApp ads: 8x8's spec documents no ad marker on inbound messages. Meta's own webhook
puts one on the message as `referral` (`source_type: "ad"`, `ctwa_clid`), so an inbound payload
counts as ad-started when `referral` (at the payload, in `content`, or in `context`) is an object
with `source_type`/`sourceType` "ad" or a `ctwa_clid`/`ctwaClid`.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from catalog.template_history import template_quality_apply, template_status_apply
from chatapps.loose import as_dict, as_int, as_text, as_time
from messaging.conversations import conversation_inbound
from messaging.enqueue import WEBHOOK_APPLY_KEY, WEBHOOK_EVENTS_APPLY, enqueue_coalesced
from messaging.models import InboundMessage, WebhookEvent
from messaging.receipts_bulk import Receipt, receipts_apply
from messaging.webhook_bodies import event_problem
from messaging.webhook_store import event_fingerprint, events_claim, events_insert
from recipients.services import contact_touch, keyword_apply

NOTHING_CHANGED = "Changed nothing: unknown message, or it already had a later state."
# A worker that has held an event this long has died; another may take it over.
CLAIM_TIMEOUT = timedelta(minutes=5)

State = WebhookEvent.State
Kind = WebhookEvent.Kind


class WebhookBodyError(ValueError):
    """The body is JSON but not an event (or a list of events)."""


def webhook_authorize(*, header: str, secrets: Iterable[str]) -> bool:
    """True when the Authorization header equals one of the secrets, compared verbatim.

    8x8 sends its configured `httpAuthorization` value as is, so the secret is the whole header
    value ("Bearer abc" if that is what was configured). Every secret is compared, in constant
    time, so the answer's timing reveals neither which one matched nor how much of it.
    """
    given = header.encode()
    matched = False
    for secret in secrets:
        if secret and hmac.compare_digest(given, secret.encode()):
            matched = True
    return matched and bool(header)


def webhook_events_store(*, body: Any) -> tuple[list[WebhookEvent], int]:
    """Store each event of a webhook body once; return (new events, duplicates ignored).

    The body is one event object, or a list of them. New events are written in one INSERT
    (messaging.webhook_store), and a batch apply is asked for, not one task per event; with
    Redis, one task per window of requests (enqueue_coalesced), so a receipt storm costs the
    broker a few messages a second, not one a request.
    """
    events = body if isinstance(body, list) else [body]
    if not events or not all(isinstance(e, dict) for e in events):
        raise WebhookBodyError("The body must be a JSON object (or a list of objects).")
    for number, event in enumerate(events, start=1):
        problem = event_problem(event)
        if problem:  # one bad event refuses the lot: 8x8 sends a list as one delivery
            where = f"Event {number} of {len(events)}: " if isinstance(body, list) else ""
            raise WebhookBodyError(where + problem)
    unique: dict[str, dict[str, Any]] = {}
    for event in events:
        unique.setdefault(event_fingerprint(event), event)
    stored = events_insert(list(unique.values()))
    if stored:
        # A broker that is down loses nothing: the sweep task applies stored events.
        enqueue_coalesced(WEBHOOK_EVENTS_APPLY, key=WEBHOOK_APPLY_KEY)
    return stored, len(events) - len(stored)


def webhook_events_claim(*, limit: int) -> list[WebhookEvent]:
    """Take up to `limit` pending events, oldest first; workers on other machines skip them.

    Events a dead worker held go back to pending through the sweep (webhook_events_reclaim).
    """
    return events_claim(limit=limit, now=timezone.now())


def webhook_events_apply_batch(*, limit: int = 1000) -> int:
    """Apply up to `limit` pending events; return how many were taken.

    Receipts go through receipts_bulk together (a few statements for the lot); inbound messages
    and template events one by one, each in its own savepoint, so one bad event fails alone.
    """
    events = webhook_events_claim(limit=limit)
    outcomes: dict[int, tuple[str, str]] = {}
    try:
        _apply_claimed(events, outcomes)
    except OperationalError:
        # The database was briefly away (locked, restarting): what was not applied goes back to
        # pending for the task's retry. Marked failed, it would never be applied again.
        _finish_many(outcomes)
        _release([e.pk for e in events if e.pk not in outcomes])
        raise
    _finish_many(outcomes)
    return len(events)


def _apply_claimed(events: list[WebhookEvent], outcomes: dict[int, tuple[str, str]]) -> None:
    """Apply claimed events into `outcomes`; an OperationalError stops it and propagates."""
    receipts = [e for e in events if e.kind == Kind.RECEIPT]
    if receipts:
        try:
            outcomes.update(_apply_receipts(receipts))
        except OperationalError:
            raise
        except Exception as exc:
            _finish_many({e.pk: (State.FAILED, f"{type(exc).__name__}: {exc}") for e in receipts})
            raise
    for event in events:
        if event.kind == Kind.RECEIPT:
            continue
        try:
            with transaction.atomic():
                outcomes[event.pk] = _apply(event)
        except OperationalError:
            raise
        except Exception as exc:  # recorded on the event, for a person to read
            outcomes[event.pk] = (State.FAILED, f"{type(exc).__name__}: {exc}")


def _release(ids: list[int]) -> None:
    WebhookEvent.objects.filter(id__in=ids, state=State.PROCESSING).update(
        state=State.PENDING, claimed_at=None
    )


def _apply_receipts(events: list[WebhookEvent]) -> dict[int, tuple[str, str]]:
    # The event keeps the whole body: each message event points to it instead of a second copy.
    parsed = [
        (event.pk, _receipt(as_dict(event.body), raw={"webhookEvent": event.pk}))
        for event in events
    ]
    usable = [(pk, receipt) for pk, receipt in parsed if receipt is not None]
    outcomes: dict[int, tuple[str, str]] = {
        pk: (State.IGNORED, "Receipt without a state.") for pk, r in parsed if r is None
    }
    results = receipts_apply([receipt for _, receipt in usable])
    for (pk, _), applied in zip(usable, results, strict=True):
        outcomes[pk] = (State.APPLIED, "") if applied else (State.IGNORED, NOTHING_CHANGED)
    return outcomes


def _finish_many(outcomes: dict[int, tuple[str, str]]) -> None:
    """Each event takes its final state: one UPDATE per distinct (state, note)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for event_id, outcome in outcomes.items():
        groups.setdefault(outcome, []).append(event_id)
    now = timezone.now()
    for (state, note), ids in groups.items():
        WebhookEvent.objects.filter(id__in=ids, state=State.PROCESSING).update(
            state=state, error=note[:500], processed_at=now
        )


def webhook_event_claim(*, event_id: int) -> bool:
    """Take an event for applying. False when another worker holds it or it is done."""
    now = timezone.now()
    claimable = Q(state__in=[State.PENDING, State.FAILED]) | Q(
        state=State.PROCESSING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    return bool(
        WebhookEvent.objects.filter(claimable, id=event_id).update(
            state=State.PROCESSING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def webhook_event_apply(*, event_id: int) -> str | None:
    """Apply one stored event; return its final state, or None when it was not ours to apply.

    Running twice is harmless: the second run cannot claim an applied event. A missing row is a
    no-op. An error marks the event failed (with the error) and is re-raised so the task retries.
    """
    if not webhook_event_claim(event_id=event_id):
        return None
    event = WebhookEvent.objects.get(id=event_id)
    try:
        with transaction.atomic():
            state, note = _apply(event)
            _finish(event_id, state, note)
    except Exception as exc:
        _finish(event_id, State.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    return state


def _finish(event_id: int, state: str, note: str) -> None:
    WebhookEvent.objects.filter(id=event_id, state=State.PROCESSING).update(
        state=state, error=note[:500], processed_at=timezone.now()
    )


def _apply(event: WebhookEvent) -> tuple[str, str]:
    body = event.body if isinstance(event.body, dict) else {}
    if event.kind == Kind.INBOUND:
        return _apply_inbound(body, fallback_time=event.received_at)
    if event.kind == Kind.RECEIPT:
        return _apply_receipt(body)
    if event.kind == Kind.TEMPLATE:
        return _apply_template(body)
    return State.IGNORED, f"Nothing to do for event type {event.event_type or '(none)'}."


def _msisdn(user: dict[str, Any], payload: dict[str, Any]) -> str:
    """E.164 with '+'. Older formats (no `version`) put the number's digits in channelUserId."""
    raw = as_text(user.get("msisdn"), 40).replace(" ", "")
    if not raw and "version" not in payload:
        legacy = as_text(user.get("channelUserId"), 40)
        raw = legacy if legacy.isdigit() else ""
    if raw and raw.isdigit():
        raw = "+" + raw
    return raw[:20]


def is_from_ad(payload: dict[str, Any]) -> bool:
    """Whether an inbound payload carries a click-to-WhatsApp ad referral (see module docstring)."""
    places = (payload, as_dict(payload.get("content")), as_dict(payload.get("context")))
    for place in places:
        referral = as_dict(place.get("referral"))
        source = str(referral.get("source_type") or referral.get("sourceType") or "").lower()
        if source == "ad" or referral.get("ctwa_clid") or referral.get("ctwaClid"):
            return True
    return False


def _apply_inbound(body: dict[str, Any], *, fallback_time: datetime) -> tuple[str, str]:
    payload = as_dict(body.get("payload"))
    user = as_dict(payload.get("user"))
    umid = as_text(payload.get("umid"), 64)
    if not umid:
        return State.IGNORED, "Inbound message without a umid."
    msisdn = _msisdn(user, payload)
    if not msisdn:
        return State.IGNORED, "Inbound message without a phone number (BSUID only)."
    content = payload.get("content")
    message, created = InboundMessage.objects.get_or_create(
        umid=umid,
        defaults={
            "msisdn": msisdn,
            "channel_user_id": as_text(user.get("channelUserId"), 140),
            "profile_name": as_text(user.get("name"), 200),
            "type": as_text(payload.get("type") or "Text", 30),
            "content": content if isinstance(content, dict) else {"value": content},
            "from_ad": is_from_ad(payload),
            "reply_to_umid": as_text(payload.get("replyToUmid"), 64),
            "received_at": as_time(payload.get("timestamp")) or fallback_time,
        },
    )
    if not created:
        return State.APPLIED, "Already stored."
    contact_touch(msisdn=msisdn, name=message.profile_name)
    conversation_inbound(message=message)
    text = as_dict(message.content).get("text")
    if message.type.lower() == "text" and isinstance(text, str):
        # A reply of just STOP (or START) changes the ledger, once: only when first stored.
        keyword_apply(msisdn=msisdn, text=text, umid=umid)
    return State.APPLIED, ""


def _receipt(body: dict[str, Any], *, raw: dict[str, Any] | None = None) -> Receipt | None:
    """The receipt a receipt event carries, or None when it has no state."""
    payload = as_dict(body.get("payload"))
    status = as_dict(payload.get("status"))
    whatsapp = as_dict(payload.get("whatsapp"))
    state = as_text(status.get("state"), 30)
    if not state:
        return None
    return Receipt(
        umid=as_text(payload.get("umid"), 64),
        client_message_id=as_text(payload.get("clientMessageId"), 50),
        state=state,
        detail=as_text(status.get("detail"), 64),
        error_code=as_int(status.get("errorCode")),
        error_message=as_text(status.get("errorMessage"), 500),
        provider_error_code=as_text(whatsapp.get("providerErrorCode"), 20),
        at=as_time(status.get("timestamp")),
        raw=body if raw is None else raw,
    )


def _apply_receipt(body: dict[str, Any]) -> tuple[str, str]:
    receipt = _receipt(body)
    if receipt is None:
        return State.IGNORED, "Receipt without a state."
    (applied,) = receipts_apply([receipt])
    return (State.APPLIED, "") if applied else (State.IGNORED, NOTHING_CHANGED)


def _apply_template(body: dict[str, Any]) -> tuple[str, str]:
    """A template event (8x8's CABM webhooks): the registry takes the status or quality."""
    event_type = body.get("eventType")
    details = as_dict(body.get("eventDetails"))
    meta = as_dict(details.get("meta"))
    name = as_text(details.get("templateName"), 512)
    language = as_text(details.get("templateLanguage"), 15)
    at = as_time(body.get("timestamp"))
    if event_type == "template_status_update":
        status = as_text(meta.get("status"), 30)
        if not name or not status:
            return State.IGNORED, "Template event without a name or status."
        reason = as_text(meta.get("reason"), 200)
        found = template_status_apply(
            name=name, language=language, status=status, reason=reason, at=at
        )
    elif event_type == "template_quality_update":
        quality = as_text(meta.get("newQualityScore"), 30)
        if not name or not quality:
            return State.IGNORED, "Template event without a name or quality score."
        found = template_quality_apply(name=name, language=language, quality=quality, at=at)
    else:
        return State.IGNORED, f"Recorded only: {event_type or 'business event'}."
    if not found:
        return (
            State.IGNORED,
            f"Template {name} ({language or 'any language'}) is not synced here yet.",
        )
    return State.APPLIED, ""


def webhook_events_reclaim() -> list[int]:
    """Events a dead worker held (claimed longer than CLAIM_TIMEOUT ago) go back to pending, so
    the next claim takes them; returns their ids."""
    stale = WebhookEvent.objects.filter(
        state=State.PROCESSING, claimed_at__lt=timezone.now() - CLAIM_TIMEOUT
    )
    ids = list(stale.order_by("id").values_list("id", flat=True)[:500])
    WebhookEvent.objects.filter(id__in=ids, state=State.PROCESSING).update(
        state=State.PENDING, claimed_at=None
    )
    return ids


def webhook_events_pending(*, older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    """Ids of events stored but never applied (their enqueue was lost), oldest first."""
    cutoff = timezone.now() - older_than
    lost = WebhookEvent.objects.filter(state=State.PENDING, received_at__lt=cutoff)
    return list(lost.order_by("id").values_list("id", flat=True)[:500])
