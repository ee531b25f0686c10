"""The exact 8x8 request body for each message kind, built from the composer's form data, and back.

`payload_build(kind, data)` takes the form's fields (cleaned data, or the raw text of a half-filled
form for the live preview: it never raises) and returns the single-send body. Formset parts are
lists of dicts under the formset's name ("buttons", "sections" → "rows" / "products").
`form_data_from_payload(kind, payload)` is its inverse, used to duplicate a sent message:
`payload_build(kind, form_data_from_payload(kind, body)) == body` for every body built here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatapps.validation import normalise_message
from composer.payloads.common import (
    as_dict,
    as_number,
    clean_text,
    message_text,
    msisdn_normalise,
    number_text,
)
from composer.payloads.interactive import (
    buttons_content,
    interactive_form_data,
    list_content,
    product_content,
    product_list_content,
)
from composer.payloads.request import curl_command, messages_url, request_json
from composer.payloads.template import (
    TemplateSpec,
    parse_template_key,
    template_content,
    template_form_data,
    template_key,
    template_spec,
)
from messaging.models import MessageKind

__all__ = [
    "MESSAGE_TYPE",
    "TemplateSpec",
    "curl_command",
    "form_data_from_payload",
    "messages_url",
    "msisdn_normalise",
    "parse_template_key",
    "payload_build",
    "request_json",
    "template_key",
    "template_spec",
]

# The 8x8 `type` each kind is sent as (documents are "file"; the interactive kinds share one).
MESSAGE_TYPE: dict[str, str] = {
    MessageKind.TEXT: "text",
    MessageKind.IMAGE: "image",
    MessageKind.VIDEO: "video",
    MessageKind.AUDIO: "audio",
    MessageKind.DOCUMENT: "file",
    MessageKind.LOCATION: "location",
    MessageKind.TEMPLATE: "template",
    MessageKind.BUTTONS: "interactive",
    MessageKind.LIST: "interactive",
    MessageKind.PRODUCT: "interactive",
    MessageKind.PRODUCT_LIST: "interactive",
}
SMS_ENCODINGS = ("AUTO", "GSM7", "UCS2")


def _text_content(data: dict[str, Any]) -> dict[str, Any]:
    return {"text": message_text(data.get("text"))}


def _media_content(data: dict[str, Any]) -> dict[str, Any]:
    content = {"url": clean_text(data.get("url"))}
    caption = message_text(data.get("caption"))
    if caption:
        content["text"] = caption  # for image, video and file, 8x8's text is the caption
    return content


def _audio_content(data: dict[str, Any]) -> dict[str, Any]:
    return {"url": clean_text(data.get("url"))}


def _location_content(data: dict[str, Any]) -> dict[str, Any]:
    # Numbers, as 8x8's schema types them (its template example's strings are kept there only).
    location: dict[str, Any] = {
        "latitude": as_number(data.get("latitude")),
        "longitude": as_number(data.get("longitude")),
    }
    for key in ("name", "address"):
        value = clean_text(data.get(key))
        if value:
            location[key] = value
    return {"location": location}


CONTENT_BUILDERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    MessageKind.TEXT: _text_content,
    MessageKind.IMAGE: _media_content,
    MessageKind.VIDEO: _media_content,
    MessageKind.DOCUMENT: _media_content,
    MessageKind.AUDIO: _audio_content,
    MessageKind.LOCATION: _location_content,
    MessageKind.BUTTONS: buttons_content,
    MessageKind.LIST: list_content,
    MessageKind.PRODUCT: product_content,
    MessageKind.PRODUCT_LIST: product_list_content,
}


def payload_build(
    kind: str, data: dict[str, Any], *, template: TemplateSpec | None = None
) -> dict[str, Any]:
    """The single-send body for `kind` from the form's fields (see the module docstring)."""
    if kind == MessageKind.TEMPLATE:
        content = _template_content(data, template)
    else:
        content = CONTENT_BUILDERS.get(kind, _text_content)(data)
    _add_sms_fallback(content, data)
    return {
        "user": {"msisdn": msisdn_normalise(data.get("msisdn"))},
        "type": MESSAGE_TYPE.get(kind, "text"),
        "content": content,
    }


def _template_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    if template is not None:
        return template_content(data, template)
    # No registered template chosen (yet): name what was picked so the preview has something.
    name, language = parse_template_key(data.get("template")) or ("", "")
    return {"template": {"name": name, "language": language}}


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


def form_data_from_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The composer's fields that build `payload` again (see the module docstring)."""
    body = normalise_message(payload) if isinstance(payload, dict) else {}
    content = as_dict(body.get("content"))
    data: dict[str, Any] = {"msisdn": str(as_dict(body.get("user")).get("msisdn") or "")}
    if kind == MessageKind.TEXT:
        data["text"] = _string(content.get("text"))
    elif kind in (MessageKind.IMAGE, MessageKind.VIDEO, MessageKind.DOCUMENT, MessageKind.AUDIO):
        data["url"] = _string(content.get("url"))
        if kind != MessageKind.AUDIO:
            data["caption"] = _string(content.get("text"))
    elif kind == MessageKind.LOCATION:
        location = as_dict(content.get("location"))
        data.update({key: number_text(location.get(key)) for key in ("latitude", "longitude")})
        data.update({key: _string(location.get(key)) for key in ("name", "address")})
    elif kind == MessageKind.TEMPLATE:
        data.update(template_form_data(content))
    else:
        data.update(interactive_form_data(content))
    sms = as_dict(content.get("sms"))
    data["fallback_text"] = _string(content.get("fallbackText"))
    data["sms_encoding"] = _string(sms.get("encoding")) or "AUTO"
    data["sms_source"] = _string(sms.get("source"))
    return data


def _string(value: object) -> str:
    return "" if value is None else str(value)
