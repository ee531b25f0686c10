"""Up to three reply buttons, under an optional text or media header."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from composer.forms.base import Spot, Tokens
from composer.forms.fields import MediaUrlField
from composer.forms.formsets import ReplyButtonFormSet
from composer.forms.interactive import (
    HEADER_TYPES,
    InteractiveForm,
    body_field,
    footer_field,
    header_text_field,
)
from composer.forms.media import media_upload_check, resolve_media, upload_field
from composer.forms.state import fill_ids
from composer.kinds.base import Kind
from composer.payloads.interactive import buttons_content, buttons_form_data
from messaging.models import MessageKind


class ButtonsForm(InteractiveForm):
    formset_classes = {"buttons": ReplyButtonFormSet}

    header_type = forms.ChoiceField(
        label="Header type", choices=HEADER_TYPES, initial="none", required=False
    )
    header_text = header_text_field()
    header_url = MediaUrlField(label="Header media link", required=False)
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
            media_upload_check(upload, media=media)
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


KIND = Kind(
    value=MessageKind.BUTTONS,
    icon="◉",
    description="Up to 3 reply buttons",
    form_class=ButtonsForm,
    fields_template="composer/kinds/buttons.html",
    message_type="interactive",
    content_build=buttons_content,
    content_read=buttons_form_data,
)
