"""Webhook bodies shaped like 8x8's: inbound (MO v3), delivery receipt (DR v9), template event."""

from __future__ import annotations

import uuid
from typing import Any

SECRET = "sandbox-webhook-secret"


def inbound(
    *,
    msisdn: str = "+6591234567",
    text: str = "Hello, is my order on its way?",
    timestamp: str = "2026-11-25T10:00:00.00Z",
    umid: str | None = None,
    **payload: Any,
) -> dict[str, Any]:
    return {
        "namespace": "ChatApps",
        "eventType": "inbound_message_received",
        "description": "ChatApps inbound message",
        "version": 3,
        "payload": {
            "umid": umid or str(uuid.uuid4()),
            "subAccountId": "ChatAppsDemo_WA",
            "timestamp": timestamp,
            "user": {"msisdn": msisdn, "channelUserId": "SG.1349120865530", "name": "Jane Tan"},
            "recipient": {
                "channel": "whatsapp",
                "channelId": "4f9478dd-b3db-475c-9e49-778d8c87046b",
            },
            "type": "Text",
            "content": {"text": text},
            **payload,
        },
    }


def receipt(
    *,
    umid: str,
    client_message_id: str = "",
    state: str = "delivered",
    detail: str = "delivered_to_recipient",
    error_code: int | None = None,
    error_message: str = "",
    provider_error_code: str = "",
    timestamp: str = "2026-11-25T10:00:05.00Z",
) -> dict[str, Any]:
    status: dict[str, Any] = {"state": state, "detail": detail, "timestamp": timestamp}
    if error_code is not None:
        status.update(errorCode=error_code, errorMessage=error_message)
    return {
        "namespace": "ChatApps",
        "eventType": "outbound_message_status_changed",
        "description": "ChatApps outbound message delivery receipt",
        "version": 9,
        "payload": {
            "umid": umid,
            "batchId": str(uuid.uuid4()),
            "clientMessageId": client_message_id,
            "subAccountId": "ChatAppsDemo_WA",
            "channel": "whatsapp",
            "user": {"msisdn": "+6591234567"},
            "status": status,
            "whatsapp": {"providerErrorCode": provider_error_code, "pricingCategory": "utility"},
        },
    }


def template_status(*, name: str, language: str, status: str) -> dict[str, Any]:
    return {
        "eventId": str(uuid.uuid4()),
        "timestamp": "2026-11-25T10:00:00.00Z",
        "provider": "WhatsApp",
        "businessAccountId": "1234567890",
        "accountId": "ChatAppsDemo",
        "eventType": "template_status_update",
        "eventDetails": {
            "templateId": "998877",
            "templateName": name,
            "templateLanguage": language,
            "meta": {"status": status, "reason": "NONE"},
        },
    }
