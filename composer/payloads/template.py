"""What a registered template needs filled in, and the `content.template` that fills it.

A template is registered with 8x8 in its template-list format (HEADER/BODY/FOOTER/BUTTONS with
`{{1}}` placeholders); a send names it and supplies one parameter per placeholder. The form asks
for exactly the parameters `template_spec` lists, and `template_content` writes them the way 8x8's
own examples do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from composer.payloads.common import as_dict, as_list, clean_text

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
MEDIA_FORMATS = ("IMAGE", "VIDEO", "DOCUMENT")
HEADER_FORMATS = ("TEXT", "LOCATION", *MEDIA_FORMATS)
LOCATION_KEYS = ("latitude", "longitude", "name", "address")

# What a send supplies for each kind of template button.
URL_SUFFIX = "url"  # a URL button whose url ends in {{1}}: the text that replaces it
COUPON = "coupon"  # a COPY_CODE button: the code the customer copies
OTP = "otp"  # an authentication template's OTP button: the one-time code
PAYLOAD = "payload"  # a QUICK_REPLY button: what comes back when it is tapped (optional)


@dataclass(frozen=True)
class ButtonSpec:
    index: int
    type: str  # QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW…
    text: str
    parameter: str = ""  # "" when the button is fixed, else URL_SUFFIX, COUPON, OTP or PAYLOAD
    url: str = ""
    example: str = ""

    @property
    def field(self) -> str:
        return f"button_{self.index}"


@dataclass(frozen=True)
class TemplateSpec:
    """The parameters one registered template takes, read from its components."""

    name: str
    language: str
    category: str = ""
    header_format: str = ""  # "", TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION
    header_text: str = ""
    header_params: tuple[str, ...] = ()
    header_example: str = ""
    body_text: str = ""
    body_params: tuple[str, ...] = ()
    body_examples: tuple[str, ...] = ()
    footer_text: str = ""
    buttons: tuple[ButtonSpec, ...] = ()

    @property
    def key(self) -> str:
        return template_key(self.name, self.language)

    @property
    def header_media(self) -> str:
        """ "image", "video" or "document" when the header is media, else ""."""
        return self.header_format.lower() if self.header_format in MEDIA_FORMATS else ""

    def parameter_fields(self) -> list[str]:
        """The form fields (and state keys) this template reads, in the order they are shown."""
        fields: list[str] = []
        if self.header_format == "TEXT" and self.header_params:
            fields.append("header_text")
        elif self.header_media:
            fields.append("header_url")
        elif self.header_format == "LOCATION":
            fields.extend(f"header_{key}" for key in LOCATION_KEYS)
        fields.extend(f"body_{position}" for position in range(1, len(self.body_params) + 1))
        fields.extend(button.field for button in self.buttons if button.parameter)
        return fields


def template_key(name: str, language: str) -> str:
    """One string naming a template and language: WhatsApp codes never contain a colon."""
    return f"{language}:{name}"


def parse_template_key(key: object) -> tuple[str, str] | None:
    """(name, language) from a key made by `template_key`, or None."""
    if not isinstance(key, str) or ":" not in key:
        return None
    language, _, name = key.partition(":")
    return (name, language) if name and language else None


def placeholders(text: str) -> tuple[str, ...]:
    """The distinct placeholders of a text: {{1}}, {{2}} by number, named ones as they come."""
    found = list(dict.fromkeys(PLACEHOLDER.findall(text or "")))
    if all(name.isdigit() for name in found):
        found.sort(key=int)
    return tuple(found)


def fill(text: str, params: tuple[str, ...], values: list[str]) -> str:
    """The text with each placeholder replaced by its value (for length checks)."""
    lookup = dict(zip(params, values, strict=False))
    return PLACEHOLDER.sub(lambda match: lookup.get(match.group(1), match.group(0)), text or "")


def template_spec(template: Any) -> TemplateSpec:
    """Read a catalog.Template (or anything with name, language, category, components)."""
    header = body = footer = None
    buttons: list[Any] = []
    for component in as_list(getattr(template, "components", None)):
        component = as_dict(component)
        kind = str(component.get("type", "")).upper()
        if kind == "HEADER" and header is None:
            header = component
        elif kind == "BODY" and body is None:
            body = component
        elif kind == "FOOTER" and footer is None:
            footer = component
        elif kind == "BUTTONS":
            buttons.extend(as_list(component.get("buttons")))
    header = header or {}
    header_format = str(header.get("format", "")).upper() if header else ""
    header_text = str(header.get("text") or "")
    example = as_dict(header.get("example"))
    handles = as_list(example.get("headerHandle")) or as_list(example.get("headerText"))
    body = body or {}
    body_text = str(body.get("text") or "")
    body_examples = as_list(as_dict(body.get("example")).get("bodyText"))
    # 8x8 lists examples flat (["Monday", "10:00"]); Meta nests one list per sample.
    first_examples = (
        as_list(body_examples[0])
        if body_examples and isinstance(body_examples[0], list)
        else body_examples
    )
    return TemplateSpec(
        name=str(getattr(template, "name", "")),
        language=str(getattr(template, "language", "")),
        category=str(getattr(template, "category", "") or ""),
        header_format=header_format if header_format in HEADER_FORMATS else "",
        header_text=header_text,
        header_params=placeholders(header_text)[:1] if header_format == "TEXT" else (),
        header_example=str(handles[0]) if handles else "",
        body_text=body_text,
        body_params=placeholders(body_text),
        body_examples=tuple(str(value) for value in first_examples),
        footer_text=str((footer or {}).get("text") or ""),
        buttons=tuple(_button_spec(index, as_dict(item)) for index, item in enumerate(buttons)),
    )


def _button_spec(index: int, button: dict[str, Any]) -> ButtonSpec:
    # "QUICK_REPLY", "quick_reply" and "QuickReply" all name the same button type.
    kind = CAMEL_BOUNDARY.sub("_", str(button.get("type", ""))).upper()
    url = str(button.get("url") or "")
    examples = as_list(button.get("example"))
    parameter = {"COPY_CODE": COUPON, "OTP": OTP, "QUICK_REPLY": PAYLOAD}.get(kind, "")
    if kind == "URL" and PLACEHOLDER.search(url):
        parameter = URL_SUFFIX
    return ButtonSpec(
        index=index,
        type=kind,
        text=str(button.get("text") or ""),
        parameter=parameter,
        url=url,
        example=str(examples[0]) if examples else "",
    )


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
