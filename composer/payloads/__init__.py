"""The exact 8x8 request body, built from the composer's form data, and back.

The parts every kind shares live here: the envelope (recipient, `type`, `content`, SMS fallback)
and reading it back. What goes inside `content` is each kind's own builder, registered with the
kind in composer.kinds; `composer.kinds.payload_build(kind, data)` puts the two together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatapps.validation import normalise_message
from composer.payloads.common import as_dict, clean_text, message_text, msisdn_normalise, string
from composer.payloads.request import curl_command, messages_url, request_json
from composer.payloads.template import (
    TemplateSpec,
    parse_template_key,
    template_key,
    template_spec,
)

__all__ = [
    "ContentBuild",
    "ContentRead",
    "TemplateSpec",
    "body_envelope",
    "body_read",
    "curl_command",
    "messages_url",
    "msisdn_normalise",
    "parse_template_key",
    "request_json",
    "template_key",
    "template_spec",
]

# A kind's `content` from the form's fields. Every builder is given the chosen template's spec
# (None when there is none) so the registry calls them all alike; only templates read it.
ContentBuild = Callable[[dict[str, Any], TemplateSpec | None], dict[str, Any]]
# The inverse: the kind's own form fields back from a normalised `content`.
ContentRead = Callable[[dict[str, Any]], dict[str, Any]]

SMS_ENCODINGS = ("AUTO", "GSM7", "UCS2")


def body_envelope(
    *, message_type: str, content: dict[str, Any], data: dict[str, Any]
) -> dict[str, Any]:
    """The single-send body around a kind's `content`, with the SMS fallback the form asks for."""
    _add_sms_fallback(content, data)
    return {
        "user": {"msisdn": msisdn_normalise(data.get("msisdn"))},
        "type": message_type,
        "content": content,
    }


def _add_sms_fallback(content: dict[str, Any], data: dict[str, Any]) -> None:
    """`fallbackText` and `sms` go inside `content`, as 8x8's fallback sample shows."""
    text = message_text(data.get("fallback_text"))
    if not text:
        return
    content["fallbackText"] = text
    encoding = clean_text(data.get("sms_encoding")).upper()
    sms = {"encoding": encoding if encoding in SMS_ENCODINGS else "AUTO"}
    source = clean_text(data.get("sms_source"))
    if source:
        sms["source"] = source
    content["sms"] = sms


def body_read(payload: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """A body's normalised `content`, and the form fields every kind shares (recipient, SMS)."""
    body = normalise_message(payload) if isinstance(payload, dict) else {}
    content = as_dict(body.get("content"))
    sms = as_dict(content.get("sms"))
    shared = {
        "msisdn": str(as_dict(body.get("user")).get("msisdn") or ""),
        "fallback_text": string(content.get("fallbackText")),
        "sms_encoding": string(sms.get("encoding")) or "AUTO",
        "sms_source": string(sms.get("source")),
    }
    return content, shared
