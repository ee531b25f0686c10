"""What the sandbox does: accept or reject sends, move messages along their timetable, post
webhooks, simulate customer replies, and reset.

Timetable of an accepted message: queued, then after `delivered_after_seconds` either delivered
(detail delivered_to_recipient) or undelivered (the number lists in SandboxConfig decide), then
after a further `read_after_seconds` read. Each step is a conditional UPDATE from the state it
expects, so a task that runs twice sends no second webhook.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import phonenumbers
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from sandbox import checks
from sandbox.checks import Problem, batch_item_problems, merged_messages, normalise
from sandbox.config import config_get, config_update
from sandbox.files import files_delete_all
from sandbox.http import problems_text
from sandbox.media_check import media_refused
from sandbox.message_store import messages_insert
from sandbox.models import (
    SandboxConfig,
    SandboxInbound,
    SandboxMessage,
    SandboxProduct,
    SandboxRequest,
    SandboxTemplate,
    SandboxWebhook,
)
from sandbox.product_store import products_seed
from sandbox.replies import REPLY_KINDS, ReplyImpossible, customer_reply
from sandbox.schedule import receipts_schedule, webhooks_schedule
from sandbox.template_store import template_finder, template_send_problems, templates_seed
from sandbox.webhooks import (
    is_product_url,
    receipt_body,
    webhook_post,
    webhook_target,
)

# Settings live in sandbox.config and replies in sandbox.replies; callers find them here too.
__all__ = [
    "REPLY_KINDS",
    "ReplyImpossible",
    "config_get",
    "config_update",
    "customer_reply",
]

DELIVERED = "delivered"
READ = "read"
STEPS = (DELIVERED, READ)
WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Fate:
    """How a message ends: delivered, or undelivered with 8x8's and Meta's error codes."""

    state: str
    detail: str
    error_code: int | None = None
    error_message: str = ""
    provider_error_code: str = ""


DELIVERED_FATE = Fate(SandboxMessage.State.DELIVERED, "delivered_to_recipient")
UNREACHABLE_FATE = Fate(
    SandboxMessage.State.UNDELIVERED, "rejected_by_operator", 15, "Invalid destination"
)
OUTSIDE_WINDOW_FATE = Fate(
    SandboxMessage.State.UNDELIVERED,
    "undelivered_to_recipient",
    1022,
    "Re-engagement message: more than 24 hours have passed since the customer last replied",
    "131047",
)
MEDIA_FATE = Fate(
    SandboxMessage.State.UNDELIVERED,
    "undelivered_to_recipient",
    1027,
    "Media upload error: the file is not of the message's type",
    "131053",
)
OPTED_OUT_FATE = Fate(
    SandboxMessage.State.UNDELIVERED,
    "undelivered_to_recipient",
    1051,
    "The recipient has chosen to stop receiving marketing messages from this business",
    "131050",
)


# -- settings ------------------------------------------------------------------------------------


def number_set(text: str) -> set[str]:
    """The numbers in a free-text list, as digits only, so "+65 9123 4567" matches "+6591234567"."""
    return {
        re.sub(r"\D", "", item) for item in re.split(r"[\n,;]+", text) if re.sub(r"\D", "", item)
    }


# -- sends ---------------------------------------------------------------------------------------


class SendLookups:
    """What sends look up while one request is handled, each asked of the database at most once:
    the settings row and the templates by (name, language).

    The settings row is fetched on first need, as before: a batch that rejects every message
    creates (and seeds) nothing. Per request only, since templates change through the API.
    """

    def __init__(self) -> None:
        self._config: SandboxConfig | None = None
        self.template = template_finder()
        # A batch's messages share its defaults' content object: normalised and judged once.
        self.contents: dict[int, tuple[object, dict[str, Any]]] = {}
        self._template_problems: dict[int, tuple[object, list[Problem]]] = {}

    def template_problems(self, normalised: dict[str, Any]) -> list[Problem]:
        """template_send_problems, asked once per content object (problems depend on no other
        part of the message)."""
        content = normalised.get("content")
        known = self._template_problems.get(id(content))
        if known is None or known[0] is not content:
            problems = template_send_problems(normalised, find=self.template)
            known = self._template_problems[id(content)] = (content, problems)
        return list(known[1])

    def config(self) -> SandboxConfig:
        if self._config is None:
            self._config = config_get()  # the first use seeds the template store
        return self._config


def message_problems(body: object, *, validation: list[Problem] | None = None) -> list[Problem]:
    """Why 8x8 would refuse this message: the request's own rules, then the template store."""
    problems, _ = _message_check(body, validation=validation, lookups=SendLookups())
    return problems


def _message_check(
    body: object, *, validation: list[Problem] | None, lookups: SendLookups
) -> tuple[list[Problem], dict[str, Any] | None]:
    """message_problems, plus the normalised message when there are none (None otherwise)."""
    problems = checks.message_problems(body) if validation is None else validation
    if problems or not isinstance(body, dict):
        return problems, None
    normalised = normalise(body, shared=lookups.contents)
    if normalised.get("type") == "template":
        lookups.config()
        problems = lookups.template_problems(normalised)
    return problems, (None if problems else normalised)


def message_accept(
    *, body: dict[str, Any], batch_id: str = "", client_batch_id: str = "", schedule: bool = True
) -> SandboxMessage:
    """Store an accepted message and (when `schedule`) start its timetable once the
    transaction commits."""
    lookups = SendLookups()
    message = _accepted(
        normalise(body), lookups, batch_id=batch_id, client_batch_id=client_batch_id
    )
    _duplicates_mark([message])
    message.save()
    if schedule:
        countdown = lookups.config().delivered_after_seconds
        receipts_schedule([message.pk], DELIVERED, countdown=countdown)
    return message


def message_reject(
    *, body: object, problems: list[Problem], batch_id: str = "", client_batch_id: str = ""
) -> SandboxMessage:
    """Record a refused message (it counts as rejected and never reaches a phone)."""
    message = _rejected(body, problems, batch_id=batch_id, client_batch_id=client_batch_id)
    message.save()
    return message


def batch_send(*, body: dict[str, Any]) -> tuple[str, list[SandboxMessage]]:
    """Accept or reject each message of a (whole-request valid) batch, in one transaction.

    The database work does not grow with the batch: one read of the settings, one per template
    used, one for the clientMessageIds seen before, and the rows inserted together.
    """
    batch_id = str(uuid.uuid4())
    client_batch_id = (
        body.get("clientBatchId") if isinstance(body.get("clientBatchId"), str) else ""
    ) or ""
    item_problems = batch_item_problems(body)
    lookups = SendLookups()
    messages = []
    # Judging and building happen before the transaction: on SQLite it holds the write lock from
    # its first statement, and the other requests' writes wait for it.
    for index, item in enumerate(merged_messages(body)):
        validation = item_problems.get(index, [])
        problems, normalised = _message_check(item, validation=validation, lookups=lookups)
        if normalised is None:
            problems = problems or [Problem("", "not a message", 1000)]
            message = _rejected(item, problems, batch_id=batch_id, client_batch_id=client_batch_id)
        else:
            message = _accepted(
                normalised, lookups, batch_id=batch_id, client_batch_id=client_batch_id
            )
        messages.append(message)
    accepted = [m for m in messages if m.state == SandboxMessage.State.QUEUED]
    countdown = lookups.config().delivered_after_seconds if accepted else 0
    with transaction.atomic():
        _duplicates_mark(messages)
        # Rows are inserted in request order; the primary keys come back (RETURNING on SQLite
        # 3.35+ and PostgreSQL), and the receipts task needs them.
        messages_insert(messages)
        if accepted:
            # One timetable task for the batch; each receipt is still its own webhook.
            receipts_schedule([m.pk for m in accepted], DELIVERED, countdown=countdown)
    return batch_id, messages


def _accepted(
    normalised: dict[str, Any], lookups: SendLookups, *, batch_id: str, client_batch_id: str
) -> SandboxMessage:
    """An unsaved, queued message from a normalised message that passed every check."""
    lookups.config()
    message = _message_build(normalised, batch_id=batch_id, client_batch_id=client_batch_id)
    message.pricing_category = _pricing_category(normalised, lookups)
    return message


def _rejected(
    body: object, problems: list[Problem], *, batch_id: str, client_batch_id: str
) -> SandboxMessage:
    """An unsaved, rejected message: the body as sent and why it was refused."""
    readable = body if isinstance(body, dict) else {"body": body}
    message = _message_build(readable, batch_id=batch_id, client_batch_id=client_batch_id)
    message.state = SandboxMessage.State.REJECTED
    message.error_code = problems[0].code
    message.error_message = problems_text(problems)[:1000]
    return message


def _duplicates_mark(messages: list[SandboxMessage]) -> None:
    """Flag each accepted message whose clientMessageId was accepted before: in an earlier
    request or earlier in this list. Rejected messages never count.

    8x8 does not deduplicate: a repeated clientMessageId is accepted and sent again.
    """
    accepted = [
        m for m in messages if m.state == SandboxMessage.State.QUEUED and m.client_message_id
    ]
    seen = _client_message_ids_accepted({m.client_message_id for m in accepted})
    for message in accepted:
        message.is_duplicate = message.client_message_id in seen
        seen.add(message.client_message_id)


def _client_message_ids_accepted(ids: set[str]) -> set[str]:
    """Which of these clientMessageIds some stored, not rejected, message already has."""
    wanted = sorted(ids)
    limit = connections[SandboxMessage.objects.db].features.max_query_params
    size = limit - 1 if limit else len(wanted)  # one parameter goes to the state
    found: set[str] = set()
    for start in range(0, len(wanted), size or 1):
        found.update(
            SandboxMessage.objects.filter(client_message_id__in=wanted[start : start + size])
            .exclude(state=SandboxMessage.State.REJECTED)
            .values_list("client_message_id", flat=True)
        )
    return found


def _message_build(body: dict[str, Any], *, batch_id: str, client_batch_id: str) -> SandboxMessage:
    user = body.get("user")
    user = user if isinstance(user, dict) else {}
    client_message_id = body.get("clientMessageId")
    channel_user_id = user.get("channelUserId")
    kind = body.get("type")
    return SandboxMessage(
        umid=str(uuid.uuid4()),
        batch_id=batch_id or str(uuid.uuid4()),
        client_batch_id=client_batch_id[:100],
        client_message_id=client_message_id[:50] if isinstance(client_message_id, str) else "",
        msisdn=e164(user.get("msisdn"), user.get("country")),
        channel_user_id=channel_user_id[:140] if isinstance(channel_user_id, str) else "",
        type=kind[:20] if isinstance(kind, str) else "",
        body=body,
    )


def e164(msisdn: object, country: object) -> str:
    """The number in E.164 (a national number is read in user.country), or "" when unreadable."""
    if not isinstance(msisdn, str):
        return ""
    if msisdn.startswith("+") or not isinstance(country, str):
        return msisdn[:20]
    try:
        parsed = phonenumbers.parse(msisdn, country.upper())
    except phonenumbers.NumberParseException:
        return msisdn[:20]
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)[:20]


def _pricing_category(body: dict[str, Any], lookups: SendLookups) -> str:
    if body.get("type") != "template":
        return "service"
    template = body["content"]["template"]
    stored = lookups.template(template.get("name"), template.get("language"))
    return stored.category.lower() if stored is not None else "service"


# -- the timetable -------------------------------------------------------------------------------


def message_fate(message: SandboxMessage, config: SandboxConfig) -> Fate:
    """Where the message ends up, from the number lists as they are at delivery time."""
    digits = re.sub(r"\D", "", message.msisdn)
    if digits in number_set(config.unreachable_numbers):
        return UNREACHABLE_FATE
    # WhatsApp keeps each customer's service window itself: free-form reaches only a customer
    # who wrote in the last 24 hours, whatever the sender believed. The setting closes it early.
    if message.type != "template" and (
        not _window_open(message.msisdn) or digits in number_set(config.outside_window_numbers)
    ):
        return OUTSIDE_WINDOW_FATE
    if message.pricing_category == "marketing" and digits in number_set(config.opted_out_numbers):
        return OPTED_OUT_FATE
    if media_refused(message):
        return MEDIA_FATE
    return DELIVERED_FATE


def _window_open(msisdn: str) -> bool:
    """A customer who wrote in the last 24 hours may get free-form messages."""
    since = timezone.now() - WINDOW
    return SandboxInbound.objects.filter(msisdn=msisdn, created_at__gte=since).exists()


def receipt_advance(*, message_id: int, step: str) -> SandboxMessage | None:
    """Move one message to the step's state; None when it is gone or already moved on."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    message = SandboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return None
    if step == DELIVERED:
        fate = message_fate(message, config_get())
        moved = SandboxMessage.objects.filter(
            pk=message_id, state=SandboxMessage.State.QUEUED
        ).update(
            state=fate.state,
            detail=fate.detail,
            error_code=fate.error_code,
            error_message=fate.error_message,
            provider_error_code=fate.provider_error_code,
            updated_at=timezone.now(),
        )
    else:
        moved = SandboxMessage.objects.filter(
            pk=message_id, state=SandboxMessage.State.DELIVERED
        ).update(state=SandboxMessage.State.READ, detail="", updated_at=timezone.now())
    if not moved:
        return None
    message.refresh_from_db()
    return message


def receipts_advance(
    *, message_ids: list[int], step: str, schedule: bool = True
) -> list[SandboxWebhook]:
    """Advance messages one step, record a receipt webhook for each that moved, and (when
    `schedule`) post them and plan the next step through Celery."""
    config = config_get()
    hooks, delivered = [], []
    for message_id in message_ids:
        message = receipt_advance(message_id=message_id, step=step)
        if message is None:
            continue
        if message.state == SandboxMessage.State.DELIVERED:
            delivered.append(message.pk)
        if config.webhooks_enabled:
            hooks.append(_receipt_webhook(message, config))
    if schedule:
        webhooks_schedule([hook.pk for hook in hooks])
        if delivered:
            receipts_schedule(delivered, READ, countdown=config.read_after_seconds)
    return hooks


def _receipt_webhook(message: SandboxMessage, config: SandboxConfig) -> SandboxWebhook:
    url, authorization = webhook_target(config)
    # A per-message dlrCallbackUrl overrides the configured webhook, as at 8x8. Anywhere but the
    # product itself it is recorded, carries no secret, and webhook_post refuses to send it.
    override = message.body.get("dlrCallbackUrl") if isinstance(message.body, dict) else None
    if isinstance(override, str) and override:
        url, authorization = override[:500], (authorization if is_product_url(override) else "")
    return SandboxWebhook.objects.create(
        kind=SandboxWebhook.Kind.RECEIPT,
        message=message,
        url=url,
        authorization=authorization,
        body=receipt_body(message, at=message.updated_at),
    )


def webhook_deliver(
    *, webhook_id: int, client: httpx.Client | None = None
) -> SandboxWebhook | None:
    """Post one webhook once (through `client` when given). The attempt is counted before the
    POST; a delivered webhook is not posted again, so a task that runs twice is harmless."""
    hook = SandboxWebhook.objects.filter(pk=webhook_id).first()
    if hook is None or hook.delivered_at is not None:
        return hook
    SandboxWebhook.objects.filter(pk=webhook_id).update(attempts=F("attempts") + 1)
    status, error = webhook_post(
        url=hook.url, body=hook.body, authorization=hook.authorization, client=client
    )
    ok = status is not None and 200 <= status < 300
    if status is not None and not ok:
        error = f"answered HTTP {status}"
    SandboxWebhook.objects.filter(pk=webhook_id).update(
        last_status=status, last_error=error[:500], delivered_at=timezone.now() if ok else None
    )
    hook.refresh_from_db()
    return hook


def sandbox_webhooks_deliver_now(message: SandboxMessage) -> list[SandboxWebhook]:
    """Run a message's whole timetable at once and post each receipt once: for tests and
    demos without a worker. Returns the webhooks with their outcome."""
    hooks = []
    for step in STEPS:
        hooks += receipts_advance(message_ids=[message.pk], step=step, schedule=False)
    delivered = [webhook_deliver(webhook_id=hook.pk) for hook in hooks]
    message.refresh_from_db()
    return [hook for hook in delivered if hook is not None]


# -- reset ---------------------------------------------------------------------------------------


def sandbox_reset() -> None:
    """Forget every message, reply, webhook and file, and put the seed templates and products back.
    The settings (timetable, number lists, faults) are kept."""
    with transaction.atomic():
        SandboxWebhook.objects.all().delete()
        SandboxRequest.objects.all().delete()
        SandboxInbound.objects.all().delete()
        SandboxMessage.objects.all().delete()
        SandboxTemplate.objects.all().delete()
        SandboxProduct.objects.all().delete()
        templates_seed()
        products_seed()
    files_delete_all()
