"""Interactive messages: reply buttons, lists, a single product and product lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import (
    BODY_LIMIT,
    FOOTER_LIMIT,
    HEADER_TEXT_LIMIT,
    LIST_BUTTON_LIMIT,
    MediaUrlField,
    text_field,
)
from composer.forms.formsets import ListSectionFormSet, ProductSectionFormSet, ReplyButtonFormSet
from composer.forms.media import media_upload_check, resolve_media
from composer.forms.simple import upload_field
from composer.forms.state import fill_ids
from messaging.models import MessageKind

HEADER_TYPES = [
    ("none", "No header"),
    ("text", "Text"),
    ("image", "Image"),
    ("video", "Video"),
    ("document", "Document"),
]


def body_field(*, required: bool = True) -> forms.CharField:
    return text_field(
        "body text", BODY_LIMIT, label="Body", rows=4, required=required, as_typed=True
    )


def footer_field() -> forms.CharField:
    return text_field(
        "footer text",
        FOOTER_LIMIT,
        label="Footer",
        required=False,
        help_text="Small grey text.",
        as_typed=True,
    )


def header_text_field(*, required: bool = False) -> forms.CharField:
    return text_field("header text", HEADER_TEXT_LIMIT, label="Header text", required=required)


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


class ButtonsForm(InteractiveForm):
    kind = MessageKind.BUTTONS
    fields_template = "composer/kinds/buttons.html"
    formset_classes = {"buttons": ReplyButtonFormSet}

    header_type = forms.ChoiceField(
        label="Header type", choices=HEADER_TYPES, initial="none", required=False
    )
    header_text = header_text_field()
    header_url = MediaUrlField(what="header link", label="Header media link", required=False)
    header_upload = upload_field("image", "video", "document")
    body = body_field()
    footer = footer_field()

    def complete_state(self, state: dict[str, Any]) -> dict[str, Any]:
        fill_ids(state.get("buttons") or [], "option")
        return state

    def clean_header_upload(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("header_upload")
        media = self.cleaned_data.get("header_type")
        if upload and media in ("image", "video", "document"):
            upload.checked_content_type = media_upload_check(upload, media=media)
        elif upload:
            raise forms.ValidationError("Choose an image, video or document header to upload")
        return upload

    def clean_composition(self, cleaned: dict[str, Any]) -> None:
        header_type = cleaned.get("header_type") or "none"
        if header_type == "text" and not cleaned.get("header_text"):
            self.add_error("header_text", "Header text is required for a text header.")
        if header_type in ("image", "video", "document"):
            resolve_media(
                self, url_field="header_url", upload_field="header_upload", media=header_type
            )

    def locate_action(self, key: str, rest: Tokens) -> Spot | None:
        if key != "buttons":
            return None
        match rest:
            case [int(index), "reply", str(field), *_]:
                return Spot(formset="buttons", index=index, field=field)
            case [int(index), *_]:
                return Spot(formset="buttons", index=index)
        return Spot(formset="buttons")


class ListForm(InteractiveForm):
    kind = MessageKind.LIST
    fields_template = "composer/kinds/list.html"
    formset_classes = {"sections": ListSectionFormSet}

    header_text = header_text_field()
    body = body_field()
    footer = footer_field()
    button = text_field(
        "list button label",
        LIST_BUTTON_LIMIT,
        label="Menu button label",
        help_text="The button that opens the list, e.g. “Book Slot”.",
    )

    def complete_state(self, state: dict[str, Any]) -> dict[str, Any]:
        sections = [s for s in state.get("sections") or [] if isinstance(s, dict)]
        fill_ids([row for s in sections for row in s.get("rows") or []], "row")
        return state

    def locate_action(self, key: str, rest: Tokens) -> Spot | None:
        if key == "sections":
            return section_spot("sections", "rows", rest)
        return super().locate_action(key, rest)


def catalog_field() -> forms.CharField:
    return forms.CharField(
        label="Catalog id",
        widget=forms.TextInput(attrs={"list": "catalog-ids", "autocomplete": "off"}),
        help_text="The catalog connected to your WhatsApp Business Account (Commerce Manager).",
        error_messages={"required": "Catalog id is required."},
    )


class ProductForm(InteractiveForm):
    kind = MessageKind.PRODUCT
    fields_template = "composer/kinds/product.html"

    catalog_id = catalog_field()
    product_retailer_id = forms.CharField(
        label="Product",
        widget=forms.TextInput(attrs={"list": "catalog-products", "autocomplete": "off"}),
        help_text="Pick from the catalog by name, or type a retailer id.",
        error_messages={"required": "Product retailer id is required."},
    )
    body = body_field(required=False)
    footer = footer_field()


class ProductListForm(InteractiveForm):
    kind = MessageKind.PRODUCT_LIST
    fields_template = "composer/kinds/product_list.html"
    formset_classes = {"sections": ProductSectionFormSet}

    catalog_id = catalog_field()
    header_text = header_text_field(required=True)
    body = body_field()
    footer = footer_field()
    product_retailer_id = forms.CharField(
        label="Lead product",
        required=False,
        widget=forms.TextInput(attrs={"list": "catalog-products", "autocomplete": "off"}),
        help_text="8x8's product-list example also names one product here; usually left empty.",
    )

    def locate_action(self, key: str, rest: Tokens) -> Spot | None:
        if key == "sections":
            return section_spot("sections", "products", rest)
        return super().locate_action(key, rest)
