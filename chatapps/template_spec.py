"""What a registered template takes: its parameters, read from 8x8's template-list format.

A template is registered with 8x8 in its template-list format (HEADER/BODY/FOOTER/BUTTONS with
`{{1}}` placeholders); a send names it and supplies one parameter per placeholder. The composer
asks for exactly the parameters `template_spec` lists, and a template's parameter mapping (see
catalog.parameters) is keyed by the same names, so both read them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chatapps.loose import as_dict, as_list

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


# WhatsApp's limits on what a send fills in (Meta's template pages): the header and body count
# the text with its parameters filled in; a URL button's link, whole, at most 2000 characters.
HEADER_TEXT_LIMIT = 60
BODY_LIMIT = 1024
BUTTON_URL_LIMIT = 2000
COUPON_CODE_LIMIT = 20
PAYLOAD_LIMIT = 256
MEDIA_URL_LIMIT = 2000


def unfilled_length(text: str) -> int:
    """How long a text is with its placeholders removed: what its parameters must share."""
    return len(PLACEHOLDER.sub("", text or ""))
