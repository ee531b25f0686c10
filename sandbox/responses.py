"""The JSON bodies the sandbox API answers with, in 8x8's shapes (pure: rows in, dicts out)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from sandbox.http import api_timestamp
from sandbox.models import SandboxMessage, SandboxTemplate
from sandbox.template_store import LANGUAGE_NAMES
from sandbox.webhooks import number_region

CONTENT_TYPES = {
    "text": "Text",
    "image": "Image",
    "audio": "Audio",
    "video": "Video",
    "file": "File",
    "location": "Location",
    "template": "Template",
}
INTERACTIVE_CONTENT_TYPES = {"button": "Buttons", "list": "List"}
MASKED = "**MASKED**"
E164 = re.compile(r"\+[1-9][0-9]{3,14}")
COUNTRY = re.compile(r"[A-Za-z]{2}")


def user_echo(message: SandboxMessage) -> dict[str, Any]:
    """The `user` object as the request gave it, each field a string.

    Only what was understood is echoed: a null, a number or an msisdn that reads as no phone
    number is left out (8x8's schema types every field as a string), never handed back as it came.
    """
    user = message.body.get("user") if isinstance(message.body, dict) else None
    user = user if isinstance(user, dict) else {}
    echo: dict[str, Any] = {}
    msisdn = user.get("msisdn")
    if isinstance(msisdn, str) and E164.fullmatch(message.msisdn or ""):
        echo["msisdn"] = msisdn
    elif not user and message.msisdn:
        echo["msisdn"] = message.msisdn
    country = user.get("country")
    if isinstance(country, str) and COUNTRY.fullmatch(country):
        echo["country"] = country
    if message.channel_user_id:
        echo["channelUserId"] = message.channel_user_id
    return echo


def message_status(message: SandboxMessage) -> dict[str, Any]:
    status: dict[str, Any] = {"state": message.state}
    if message.detail:
        status["detail"] = message.detail
    if message.error_code is not None:
        status["errorCode"] = message.error_code
        status["errorMessage"] = message.error_message
    status["timestamp"] = api_timestamp(message.updated_at or message.created_at)
    return status


def single_response(message: SandboxMessage) -> dict[str, Any]:
    """The answer to a single send, and one item of a batch answer."""
    body: dict[str, Any] = {"umid": message.umid, "user": user_echo(message)}
    if message.client_message_id:
        body["clientMessageId"] = message.client_message_id
    status: dict[str, Any] = {
        "state": message.state,
        "timestamp": api_timestamp(message.created_at),
    }
    if message.error_code is not None:
        status["errorCode"] = message.error_code
        status["errorMessage"] = message.error_message
    body["status"] = status
    return body


def batch_response(
    *, batch_id: str, client_batch_id: str, messages: list[SandboxMessage], include: bool
) -> dict[str, Any]:
    rejected = sum(m.state == SandboxMessage.State.REJECTED for m in messages)
    body: dict[str, Any] = {"batchId": batch_id}
    if client_batch_id:
        body["clientBatchId"] = client_batch_id
    body["acceptedCount"] = len(messages) - rejected
    body["rejectedCount"] = rejected
    if include:
        body["messages"] = [single_response(m) for m in messages]
    return body


def mask(value: str) -> str:
    """Hide the last four characters, as 8x8 shows numbers: +63922110xxxx."""
    return value[:-4] + "xxxx" if len(value) > 4 else "xxxx"


def message_details(message: SandboxMessage) -> dict[str, Any]:
    """GET .../messages/{umid}: one record (WhatsApp, step 1), content and number masked."""
    record: dict[str, Any] = {
        "umid": message.umid,
        "subAccountId": settings.CHATAPPS_SUBACCOUNT_ID,
        "channel": "WhatsApp",
        "channelId": settings.CHATAPPS_CHANNEL_ID,
        "direction": "Outbound",
        "status": message_status(message),
        "contentType": content_type(message),
        "createdAt": api_timestamp(message.created_at),
        "step": 1,
    }
    country = _country(message.msisdn)
    if country:
        record["country"] = country
    user: dict[str, Any] = {}
    if message.msisdn:
        user["msisdn"] = mask(message.msisdn)
    if message.channel_user_id:
        user["channelUserId"] = mask(message.channel_user_id)
    record["user"] = user
    record["content"] = MASKED
    if message.client_message_id:
        record["clientMessageId"] = message.client_message_id
    if message.client_batch_id:
        record["clientBatchId"] = message.client_batch_id
    record["batchId"] = message.batch_id
    return {"data": [record]}


def content_type(message: SandboxMessage) -> str:
    if message.type == "interactive":
        return INTERACTIVE_CONTENT_TYPES.get(message.interactive_type, "Interactive")
    return CONTENT_TYPES.get(message.type, "Text")


def _country(msisdn: str) -> str:
    return number_region(msisdn) if re.fullmatch(r"\+[0-9]{4,15}", msisdn or "") else ""


def template_item(template: SandboxTemplate) -> dict[str, Any]:
    """One entry of GET .../templates."""
    return {
        "channelId": settings.CHATAPPS_CHANNEL_ID,
        "channelName": "Sandbox WhatsApp",
        "templateName": template.name,
        "language": template.language,
        "languageName": LANGUAGE_NAMES.get(template.language, template.language),
        "components": template.components,
        "category": template.category,
        "categoryName": template.category.title(),
        "status": template.status,
        "statusName": template.status.title(),
        "createdAt": api_timestamp(template.created_at),
        "updatedAt": api_timestamp(template.updated_at),
    }
