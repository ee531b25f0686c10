"""Template messages: the registered template's text with the body's parameters filled in.

A catalog template's ``components`` are in 8x8's template-list shape (HEADER with a format, BODY and
FOOTER text, BUTTONS); the message body only carries parameters. Without the template, the
parameters themselves are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from phone import lenient
from phone.formatting import PLACEHOLDER, whatsapp_format, whatsapp_format_filled
from phone.media import location, media
from phone.model import Button, Media, MessageView

# 8x8 documents subType by name, and one example sends the number 1 (a URL button): the enum order.
SUBTYPES_BY_NUMBER = ["quickreply", "url", "copycode", "flow", "voicecall"]
HEADER_MEDIA = {"image", "video", "document", "gif"}
# WhatsApp labels a coupon's button itself, whatever the template registered; an OTP button
# shows the template's own text, with Meta's default when the template has none.
COUPON_LABEL = "Copy offer code"
OTP_COPY_LABEL = "Copy code"


@dataclass
class SentParameters:
    """What the message body supplies for each part of the template."""

    header: Mapping[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    buttons: dict[int, tuple[str, Mapping[str, Any]]] = field(default_factory=dict)
    has_cards: bool = False


def template_view(content: Mapping[str, Any], *, template: Any) -> MessageView:
    spec = lenient.obj(content.get("template"))
    sent = sent_parameters(spec)
    components = template_components(template)
    if components is not None:
        view = _with_template(components, sent)
    else:
        view = _without_template(spec, sent)
    if sent.has_cards:
        view.notes.append("Carousel cards are not shown in this preview")
    return view


def sent_parameters(spec: Mapping[str, Any]) -> SentParameters:
    sent = SentParameters()
    for raw in lenient.items(spec.get("components")):
        component = lenient.obj(raw)
        kind = lenient.key(component.get("type")) or "body"
        parameters = [lenient.obj(p) for p in lenient.items(component.get("parameters"))]
        if kind == "header":
            sent.header = parameters[0] if parameters else {}
        elif kind == "body":
            sent.body = [parameter_text(p) for p in parameters]
        elif kind == "button":
            index = lenient.integer(component.get("index"), len(sent.buttons))
            subtype = _subtype(component.get("subType", component.get("sub_type")))
            sent.buttons[index] = (subtype, parameters[0] if parameters else {})
        elif kind == "carousel" or "cards" in component:
            sent.has_cards = True
    return sent


def template_components(template: Any) -> list[Mapping[str, Any]] | None:
    """Components of a catalog.Template, a template-list item dict, or a bare list; else None."""
    if template is None:
        return None
    raw = template if isinstance(template, list) else lenient.field(template, "components")
    if not isinstance(raw, list):
        return None
    return [lenient.obj(component) for component in raw]


def parameter_text(parameter: Mapping[str, Any]) -> str:
    for name in ("text", "couponCode", "coupon_code", "payload"):
        value = lenient.text(parameter.get(name))
        if value:
            return value
    return ""


def _subtype(value: Any) -> str:
    number = lenient.integer(value, -1)
    if 0 <= number < len(SUBTYPES_BY_NUMBER):
        return SUBTYPES_BY_NUMBER[number]
    return lenient.key(value)


def _with_template(components: list[Mapping[str, Any]], sent: SentParameters) -> MessageView:
    view = MessageView(stack_replies=False)
    used_body = 0
    for component in components:
        kind = lenient.key(component.get("type"))
        if kind == "header":
            view.header = _template_header(component, sent.header)
        elif kind == "body":
            text = lenient.text(component.get("text"))
            values, used_body = _fill(text, sent.body)
            view.body = whatsapp_format_filled(text, values) if text.strip() else ""
        elif kind == "footer":
            view.footer = whatsapp_format(lenient.text(component.get("text")))
        elif kind == "buttons":
            for index, raw in enumerate(lenient.items(component.get("buttons"))):
                button = _template_button(lenient.obj(raw), sent.buttons.get(index))
                target = view.reply_buttons if button.kind == "reply" else view.inline_buttons
                target.append(button)
    if not view.body:
        view.body_missing = "Template body"
    if len(sent.body) > used_body:
        view.notes.append(f"{len(sent.body)} body parameters sent, the template uses {used_body}")
    return view


def _fill(text: str, values: list[str]) -> tuple[dict[str, str | None], int]:
    """Map each {{key}} to its sent value: {{n}} by number, named keys in order of appearance."""
    filled: dict[str, str | None] = {}
    named_seen = 0
    for match in PLACEHOLDER.finditer(text):
        key = match.group(1)
        if key in filled:
            continue
        if key.isdigit():
            position = int(key) - 1
        else:
            position, named_seen = named_seen, named_seen + 1
        filled[key] = values[position] if 0 <= position < len(values) else None
    return filled, len(filled)


def _template_header(component: Mapping[str, Any], parameter: Mapping[str, Any]) -> Media:
    kind = lenient.key(component.get("format")) or "text"
    if kind == "text":
        text = lenient.text(component.get("text"))
        values, _ = _fill(text, [parameter_text(parameter)] if parameter else [])
        if not text.strip():
            return Media(kind="text", missing="Header text missing")
        return Media(kind="text", text=whatsapp_format_filled(text, values))
    if kind == "location":
        return location(parameter.get("location"))
    if kind in HEADER_MEDIA:
        shown_kind = "video" if kind == "gif" else kind
        # The validator reads "url" only, and takes a scheme-less host there: so does the preview.
        return media(shown_kind, parameter.get("url"), allow_bare_host=True)
    return Media(kind="text", missing=f"Unsupported header format “{component.get('format')}”")


def _template_button(
    button: Mapping[str, Any], sent: tuple[str, Mapping[str, Any]] | None
) -> Button:
    kind = lenient.key(button.get("type"))
    label = lenient.text(button.get("text")).strip()
    value = parameter_text(sent[1]) if sent else ""
    if kind == "quickreply":
        return Button(kind="reply", label=label or "Quick reply", missing=not label)
    if kind == "url":
        url = lenient.text(button.get("url"))
        detail = PLACEHOLDER.sub(lambda m: value or m.group(0), url)
        return Button(kind="url", label=label or "Visit website", detail=detail)
    if kind == "phonenumber":
        number = lenient.text(button.get("phoneNumber") or button.get("phone_number"))
        return Button(kind="phone", label=label or "Call", detail=number)
    if kind == "copycode":
        return Button(kind="copy", label=COUPON_LABEL, detail=value)
    if kind == "otp":
        copies = lenient.key(button.get("otpType") or "copycode") == "copycode"
        return Button(
            kind="copy", label=label or (OTP_COPY_LABEL if copies else "Autofill"), detail=value
        )
    if kind == "voicecall":
        return Button(kind="phone", label=label or "Call")
    return Button(kind="flow", label=label or "Open")


def _without_template(spec: Mapping[str, Any], sent: SentParameters) -> MessageView:
    view = MessageView(stack_replies=False)
    name = lenient.text(spec.get("name")).strip()
    language = lenient.text(spec.get("language")).strip()
    if name:
        view.notes.append(
            f"Template “{name}” ({language or 'no language'}) is not in the catalog: "
            "showing its parameters only"
        )
    else:
        view.notes.append("Choose a template")
    view.header = _header_from_parameter(sent.header) if sent.header else None
    if sent.body:
        view.body = _parameter_list(sent.body)
    else:
        view.body_missing = "Template text"
    for index in sorted(sent.buttons):
        subtype, parameter = sent.buttons[index]
        value = parameter_text(parameter)
        if subtype == "quickreply":
            view.reply_buttons.append(Button(kind="reply", label=value or "Quick reply"))
        elif subtype == "url":
            view.inline_buttons.append(Button(kind="url", label="Visit website", detail=value))
        elif subtype == "copycode":  # only coupons are sent so: an OTP code goes in a url button
            view.inline_buttons.append(Button(kind="copy", label=COUPON_LABEL, detail=value))
        elif subtype == "voicecall":
            view.inline_buttons.append(Button(kind="phone", label="Call"))
        else:
            view.inline_buttons.append(Button(kind="flow", label=f"Button {index + 1}"))
    return view


def _header_from_parameter(parameter: Mapping[str, Any]) -> Media:
    kind = lenient.key(parameter.get("type"))
    if kind == "location":
        return location(parameter.get("location"))
    if kind in HEADER_MEDIA:
        return media("video" if kind == "gif" else kind, parameter.get("url"), allow_bare_host=True)
    text = parameter_text(parameter)
    return Media(kind="text", text=text, missing="" if text else "Header parameter missing")


def _parameter_list(values: list[str]) -> SafeString:
    return format_html_join(
        "",
        '<span class="wa-param-row"><span class="wa-param-key">{}</span> {}</span>',
        (
            (
                f"{{{{{position}}}}}",
                format_html('<span class="wa-param">{}</span>', value)
                if value
                else format_html('<span class="wa-param wa-param-missing">{}</span>', "empty"),
            )
            for position, value in enumerate(values, start=1)
        ),
    )
