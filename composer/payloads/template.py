"""The `content.template` that fills a registered template's parameters, and reading it back.

What a template takes is read by chatapps.template_spec (re-exported here); the form asks for
exactly the parameters `template_spec` lists, and `template_content` writes them the way 8x8's own
examples do.
"""

from __future__ import annotations

from typing import Any

from chatapps.template_spec import (
    COUPON,
    LOCATION_KEYS,
    OTP,
    PAYLOAD,
    PLACEHOLDER,
    URL_SUFFIX,
    ButtonSpec,
    TemplateSpec,
    fill,
    parse_template_key,
    placeholders,
    template_key,
    template_spec,
)
from composer.payloads.common import as_dict, as_list, clean_text

__all__ = [
    "COUPON",
    "LOCATION_KEYS",
    "OTP",
    "PAYLOAD",
    "PLACEHOLDER",
    "URL_SUFFIX",
    "ButtonSpec",
    "TemplateSpec",
    "fill",
    "parse_template_key",
    "placeholders",
    "template_content",
    "template_form_data",
    "template_key",
    "template_spec",
]


def template_content(data: dict[str, Any], spec: TemplateSpec) -> dict[str, Any]:
    """`content` of a template send: the name, language and a component per filled part.

    The body comes first, then the header, then buttons: the order of 8x8's own examples (its
    call-to-action sample sends exactly that), which 8x8 and WhatsApp read by type, not position.
    """
    components: list[dict[str, Any]] = []
    body_values = [clean_text(data.get(f"body_{n}")) for n in range(1, len(spec.body_params) + 1)]
    if body_values:
        parameters = [{"type": "text", "text": value} for value in body_values]
        components.append({"type": "body", "parameters": parameters})
    header = _header_parameter(data, spec)
    if header is not None:
        components.append({"type": "header", "parameters": [header]})
    for button in spec.buttons:
        component = _button_component(data, button, body_values)
        if component is not None:
            components.append(component)
    template: dict[str, Any] = {"name": spec.name, "language": spec.language}
    if components:
        template["components"] = components
    return {"template": template}


def _header_parameter(data: dict[str, Any], spec: TemplateSpec) -> dict[str, Any] | None:
    if spec.header_format == "TEXT" and spec.header_params:
        return {"type": "text", "text": clean_text(data.get("header_text"))}
    if spec.header_media:
        return {"type": spec.header_media, "url": clean_text(data.get("header_url"))}
    if spec.header_format == "LOCATION":
        # Coordinates go as the text typed: 8x8's location-header example sends strings.
        location = {key: clean_text(data.get(f"header_{key}")) for key in LOCATION_KEYS}
        for optional in ("name", "address"):
            if not location[optional]:
                del location[optional]
        return {"type": "location", "location": location}
    return None


def _button_component(
    data: dict[str, Any], button: ButtonSpec, body_values: list[str]
) -> dict[str, Any] | None:
    value = clean_text(data.get(button.field))
    if button.parameter in (URL_SUFFIX, OTP):
        if button.parameter == OTP and not value and body_values:
            # An authentication template repeats the code of its body in the copy button.
            value = body_values[0]
        # 8x8 fills an OTP button like a URL button (its sample writes subType 1 = Url).
        parameter = {"type": "text", "text": value}
        sub_type = "url"
    elif button.parameter == COUPON:
        parameter, sub_type = {"type": "couponCode", "couponCode": value}, "copyCode"
    elif button.parameter == PAYLOAD and value:
        parameter, sub_type = {"type": "payload", "payload": value}, "quickReply"
    else:
        return None
    return {
        "type": "button",
        "subType": sub_type,
        "index": button.index,
        "parameters": [parameter],
    }


def template_form_data(content: dict[str, Any]) -> dict[str, Any]:
    """The template form's fields back from a (normalised) `content` built by `template_content`."""
    template = as_dict(content.get("template"))
    data: dict[str, Any] = {
        "template": template_key(str(template.get("name", "")), str(template.get("language", "")))
    }
    for component in as_list(template.get("components")):
        component = as_dict(component)
        kind = str(component.get("type", "body")).lower()
        parameters = [as_dict(item) for item in as_list(component.get("parameters"))]
        if kind == "body":
            for position, parameter in enumerate(parameters, start=1):
                data[f"body_{position}"] = _string(parameter.get("text"))
        elif kind == "header" and parameters:
            data.update(_header_fields(parameters[0]))
        elif kind == "button" and parameters:
            parameter = parameters[0]
            value = next(
                (parameter[key] for key in ("text", "couponCode", "payload") if key in parameter),
                "",
            )
            data[f"button_{_index(component.get('index'))}"] = _string(value)
    return data


def _header_fields(parameter: dict[str, Any]) -> dict[str, str]:
    kind = str(parameter.get("type", "")).lower()
    if kind == "text":
        return {"header_text": _string(parameter.get("text"))}
    if kind == "location":
        location = as_dict(parameter.get("location"))
        return {f"header_{key}": _string(location.get(key)) for key in LOCATION_KEYS}
    return {"header_url": _string(parameter.get("url"))}


def _index(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _string(value: object) -> str:
    return "" if value is None else str(value)
