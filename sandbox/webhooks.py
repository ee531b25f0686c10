"""The webhooks 8x8 posts, in its exact formats, and the one function that posts them.

Builders are pure (a model instance in, a dict out) so tests can compare shapes without HTTP.
Formats: delivery receipt version 9 and inbound message version 3 (8x8, from 2026-07-07).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import phonenumbers
from django.conf import settings

from sandbox.http import api_timestamp
from sandbox.models import SandboxConfig, SandboxInbound, SandboxMessage

NAMESPACE = "ChatApps"
RECEIPT_EVENT = "outbound_message_status_changed"
RECEIPT_DESCRIPTION = "ChatApps outbound message delivery receipt"
RECEIPT_VERSION = 9
INBOUND_EVENT = "inbound_message_received"
INBOUND_DESCRIPTION = "ChatApps inbound message"
INBOUND_VERSION = 3
# 8x8 retries a webhook that failed (timeout, connection error, 4xx, 5xx) after 1, 10, 30, 90 s.
RETRY_SCHEDULE = (1, 10, 30, 90)
# 8x8 expects the 200 within 5 seconds.
TIMEOUT_SECONDS = 5.0
WEBHOOK_PATH = "/webhooks/8x8/"


def product_origin() -> str:
    """scheme://host:port of the product (PUBLIC_BASE_URL): the only place the sandbox posts to.

    The sandbox runs inside the product's server, so a webhook to any other address would let
    whoever can set it make the server call internal addresses, carrying the webhook secret.
    """
    return origin(settings.PUBLIC_BASE_URL)


def origin(url: str) -> str:
    """A URL's scheme://host:port, with the default port written out ("" when it has no host)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return ""
    if not parts.hostname or parts.scheme.lower() not in ("http", "https"):
        return ""
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}:{port}"


def is_product_url(url: str) -> bool:
    return bool(url) and origin(url) == product_origin()


def webhook_target(config: SandboxConfig) -> tuple[str, str]:
    """Where webhooks go and the Authorization value they carry (config, else settings).

    A configured URL counts only on the product's own origin (the form refuses others; a row
    written before that rule is ignored rather than obeyed).
    """
    default = settings.PUBLIC_BASE_URL.rstrip("/") + WEBHOOK_PATH
    url = config.webhook_url if is_product_url(config.webhook_url) else default
    secrets = settings.CHATAPPS_WEBHOOK_SECRETS
    authorization = config.webhook_authorization or (secrets[0] if secrets else "")
    return url, authorization


def number_region(msisdn: str) -> str:
    """The ISO country of an E.164 number's calling code ("+65…" → "SG"), or "" when unknown."""
    try:
        code = phonenumbers.parse(msisdn, None).country_code
    except phonenumbers.NumberParseException:
        return ""
    region = phonenumbers.region_code_for_country_code(code) if code else ""
    return region if region.isalpha() and region != phonenumbers.UNKNOWN_REGION else ""


def customer_bsuid(msisdn: str) -> str:
    """A stable WhatsApp business-scoped user id for a number, e.g. 'SG.13491208655302741918'."""
    digits = int.from_bytes(hashlib.sha256(msisdn.encode()).digest()[:8], "big")
    return f"{number_region(msisdn) or 'US'}.{digits}"


def receipt_body(message: SandboxMessage, *, at: datetime) -> dict[str, Any]:
    """A v9 delivery receipt for the message's current state."""
    status: dict[str, Any] = {"state": message.state}
    if message.detail:
        status["detail"] = message.detail
    status["timestamp"] = api_timestamp(at)
    if message.error_code is not None:
        status["errorCode"] = message.error_code
        status["errorMessage"] = message.error_message
    whatsapp: dict[str, Any] = {}
    if message.provider_error_code:
        whatsapp["providerErrorCode"] = message.provider_error_code
    whatsapp["pricingCategory"] = message.pricing_category or "service"
    payload: dict[str, Any] = {"umid": message.umid, "batchId": message.batch_id}
    if message.client_message_id:
        payload["clientMessageId"] = message.client_message_id
    if message.client_batch_id:
        payload["clientBatchId"] = message.client_batch_id
    payload.update(
        {
            "subAccountId": settings.CHATAPPS_SUBACCOUNT_ID,
            "channel": "whatsapp",
            "user": {
                "msisdn": message.msisdn,
                "channelUserId": message.channel_user_id or customer_bsuid(message.msisdn),
            },
            "status": status,
            "whatsapp": whatsapp,
        }
    )
    if message.detail == "delivered_to_recipient":
        content = message.body.get("content") if isinstance(message.body, dict) else None
        payload["outboundContent"] = content if isinstance(content, dict) else {}
    return {
        "namespace": NAMESPACE,
        "eventType": RECEIPT_EVENT,
        "description": RECEIPT_DESCRIPTION,
        "version": RECEIPT_VERSION,
        "payload": payload,
    }


def inbound_body(inbound: SandboxInbound) -> dict[str, Any]:
    """A v3 inbound message webhook for a customer's message."""
    payload: dict[str, Any] = {
        "umid": inbound.umid,
        "subAccountId": settings.CHATAPPS_SUBACCOUNT_ID,
        "timestamp": api_timestamp(inbound.created_at),
        "user": {
            "msisdn": inbound.msisdn,
            "channelUserId": inbound.channel_user_id or customer_bsuid(inbound.msisdn),
            "name": inbound.profile_name,
        },
        "recipient": {"channel": "whatsapp", "channelId": settings.CHATAPPS_CHANNEL_ID},
        "type": inbound.type,
        "content": inbound.content,
    }
    if inbound.reply_to_umid:
        payload["replyToUmid"] = inbound.reply_to_umid
    return {
        "namespace": NAMESPACE,
        "eventType": INBOUND_EVENT,
        "description": INBOUND_DESCRIPTION,
        "version": INBOUND_VERSION,
        "payload": payload,
    }


def webhook_post(
    *,
    url: str,
    body: dict[str, Any],
    authorization: str,
    timeout: float = TIMEOUT_SECONDS,
    client: httpx.Client | None = None,
) -> tuple[int | None, str]:
    """POST one webhook: (HTTP status, "") when answered, (None, what went wrong) when not.

    Only to the product's own origin (see product_origin), never following a redirect away.
    """
    if not is_product_url(url):
        return None, f"Not posted: the sandbox only posts to this product ({product_origin()})."
    headers = {"Content-Type": "application/json", "User-Agent": "8x8-chatapps-sandbox"}
    if authorization:
        headers["Authorization"] = authorization
    try:
        # `client`: one with its own transport, e.g. in-process before the server listens.
        post = client.post if client is not None else httpx.post
        response = post(url, json=body, headers=headers, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    return response.status_code, ""
