"""Image, video, audio and document: one shape (a link or an upload, and a caption but for audio).

The four kinds share one form; what differs is WhatsApp's rules for the file (MEDIA_RULES, keyed
by the kind) and, for audio, that 8x8 takes no caption.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import CAPTION_LIMIT, MediaUrlField, text_field
from composer.forms.media import MEDIA_RULES, media_upload_check, resolve_media, upload_field
from composer.kinds.base import Kind
from composer.payloads import TemplateSpec
from composer.payloads.common import clean_text, message_text, string
from messaging.models import MessageKind


class MediaForm(ComposeForm):
    """A link to the media or an upload (through 8x8's file store), with an optional caption."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Insert the media fields first so the form reads top to bottom.
        noun = MEDIA_RULES[self.kind].noun
        media_fields: dict[str, forms.Field] = {
            "url": MediaUrlField(
                label=f"{noun.capitalize()} link",
                required=False,
                help_text="A public https:// link WhatsApp can download.",
            ),
            "upload": upload_field(self.kind),
        }
        if self.kind != MessageKind.AUDIO:
            media_fields["caption"] = text_field(
                CAPTION_LIMIT, label="Caption", required=False, rows=3, as_typed=True
            )
        self.fields = {"msisdn": self.fields.pop("msisdn"), **media_fields, **self.fields}

    def clean_upload(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("upload")
        if upload:
            media_upload_check(upload, media=self.kind)
        return upload

    def clean_composition(self, cleaned: dict[str, Any]) -> None:
        resolve_media(self, url_field="url", upload_field="upload", media=self.kind)

    def locate(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["content", "url", *_]:
                return Spot(field="url")
            case ["content", "text", *_]:
                return Spot(field="caption" if "caption" in self.fields else None)
        return None


def captioned_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    content = {"url": clean_text(data.get("url"))}
    caption = message_text(data.get("caption"))
    if caption:
        content["text"] = caption  # for image, video and file, 8x8's text is the caption
    return content


def captioned_form_data(content: dict[str, Any]) -> dict[str, Any]:
    return {"url": string(content.get("url")), "caption": string(content.get("text"))}


def audio_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    return {"url": clean_text(data.get("url"))}


def audio_form_data(content: dict[str, Any]) -> dict[str, Any]:
    return {"url": string(content.get("url"))}


IMAGE = Kind(
    value=MessageKind.IMAGE,
    icon="▣",
    description="A JPEG or PNG with a caption",
    form_class=MediaForm,
    fields_template="composer/kinds/media.html",
    message_type="image",
    content_build=captioned_content,
    content_read=captioned_form_data,
)
VIDEO = Kind(
    value=MessageKind.VIDEO,
    icon="▶",
    description="An MP4 or 3GP with a caption",
    form_class=MediaForm,
    fields_template="composer/kinds/media.html",
    message_type="video",
    content_build=captioned_content,
    content_read=captioned_form_data,
)
AUDIO = Kind(
    value=MessageKind.AUDIO,
    icon="♪",
    description="A voice note or audio file",
    form_class=MediaForm,
    fields_template="composer/kinds/media.html",
    message_type="audio",
    content_build=audio_content,
    content_read=audio_form_data,
)
DOCUMENT = Kind(
    value=MessageKind.DOCUMENT,
    icon="▤",
    description="A PDF or office file with a caption",
    form_class=MediaForm,
    fields_template="composer/kinds/media.html",
    message_type="file",  # 8x8 sends documents as "file"
    content_build=captioned_content,
    content_read=captioned_form_data,
)
KINDS = (IMAGE, VIDEO, AUDIO, DOCUMENT)
