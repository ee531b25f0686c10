"""What the interactive kinds' forms share: header, body and footer fields, and finding problems."""

from __future__ import annotations

from django import forms

from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import BODY_LIMIT, FOOTER_LIMIT, HEADER_TEXT_LIMIT, text_field

HEADER_TYPES = [
    ("none", "No header"),
    ("text", "Text"),
    ("image", "Image"),
    ("video", "Video"),
    ("document", "Document"),
]


def body_field(*, required: bool = True) -> forms.CharField:
    return text_field(BODY_LIMIT, label="Body", rows=4, required=required, as_typed=True)


def footer_field() -> forms.CharField:
    return text_field(
        FOOTER_LIMIT,
        label="Footer",
        required=False,
        help_text="Small grey text.",
        as_typed=True,
    )


def header_text_field(*, required: bool = False) -> forms.CharField:
    return text_field(HEADER_TEXT_LIMIT, label="Header text", required=required)


class InteractiveForm(ComposeForm):
    """Header, body and footer sit in the same place in every interactive message."""

    def locate(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["content", "interactive", "header", "type", *_]:
                return Spot(field="header_type" if "header_type" in self.fields else "header_text")
            case ["content", "interactive", "header", "text", *_]:
                return Spot(field="header_text")
            case ["content", "interactive", "header", str(), *_] if "header_url" in self.fields:
                return Spot(field="header_url")
            case ["content", "interactive", "header", *_]:
                return Spot(field="header_text")
            case ["content", "interactive", ("body" | "footer") as part, *_]:
                return Spot(field=part)
            case ["content", "interactive", "action", str(key), *rest]:
                return self.locate_action(key, rest)
        return None

    def locate_action(self, key: str, rest: Tokens) -> Spot | None:
        return Spot(field=key) if key in self.fields else None


def section_spot(formset: str, nested: str, rest: Tokens) -> Spot:
    """A problem inside sections[i].rows[j].field (or products), as a formset spot."""
    match rest:
        case [int(section), str(key), int(row), str(field), *_] if key == nested:
            return Spot(formset=formset, index=section, row=row, field=field)
        case [int(section), str(key), int(row), *_] if key == nested:
            return Spot(formset=formset, index=section, row=row)
        case [int(section), str(field), *_]:
            return Spot(formset=formset, index=section, field=field)
    return Spot(formset=formset)


def catalog_field() -> forms.CharField:
    return forms.CharField(
        label="Catalog id",
        widget=forms.TextInput(attrs={"list": "catalog-ids", "autocomplete": "off"}),
        help_text="The catalog connected to your WhatsApp Business Account (Commerce Manager).",
        error_messages={"required": "Catalog id is required."},
    )
