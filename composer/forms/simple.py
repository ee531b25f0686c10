"""Free-form text, media (image, video, audio, document) and location messages."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile

from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    CoordinateField,
    MediaUrlField,
    text_field,
)
from composer.forms.media import MEDIA_RULES, media_upload_check, resolve_media
from messaging.models import MessageKind


class TextForm(ComposeForm):
    kind = MessageKind.TEXT
    fields_template = "composer/kinds/text.html"

    text = text_field(
        "text",
        TEXT_LIMIT,
        label="Message",
        rows=6,
        as_typed=True,
        help_text="WhatsApp formatting works: *bold*, _italic_, ~strike~, ```monospace```.",
    )

    def locate(self, tokens: Tokens) -> Spot | None:
        return Spot(field="text") if tokens[:2] == ["content", "text"] else None


def upload_field(*media: str) -> forms.FileField:
    """A file input offering the types WhatsApp takes for `media` (one or several kinds)."""
    rules = [MEDIA_RULES[name] for name in media]
    described = "; ".join(
        f"{rule.noun}s: {rule.described} up to {rule.max_bytes // 2**20} MB" for rule in rules
    )
    field = forms.FileField(
        label="…or upload a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(rule.accept for rule in rules)}),
        help_text=described[:1].upper() + described[1:] + ".",
    )
    field.either_or = True  # type: ignore[attr-defined]
    return field


class MediaForm(ComposeForm):
    """A link to the media or an upload (through 8x8's file store), with an optional caption."""

    fields_template = "composer/kinds/media.html"
    media_kind: ClassVar[str] = "image"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Insert the media fields first so the form reads top to bottom.
        noun = MEDIA_RULES[self.media_kind].noun
        media_fields: dict[str, forms.Field] = {
            "url": MediaUrlField(
                what=f"{noun} link",
                label=f"{noun.capitalize()} link",
                required=False,
                help_text="A public https:// link WhatsApp can download.",
            ),
            "upload": upload_field(self.media_kind),
        }
        if self.kind != MessageKind.AUDIO:
            media_fields["caption"] = text_field(
                "caption", CAPTION_LIMIT, label="Caption", required=False, rows=3, as_typed=True
            )
        self.fields = {"msisdn": self.fields.pop("msisdn"), **media_fields, **self.fields}

    def clean_upload(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("upload")
        if upload:
            upload.checked_content_type = media_upload_check(upload, media=self.media_kind)
        return upload

    def clean_composition(self, cleaned: dict[str, Any]) -> None:
        resolve_media(self, url_field="url", upload_field="upload", media=self.media_kind)

    def locate(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["content", "url", *_]:
                return Spot(field="url")
            case ["content", "text", *_]:
                return Spot(field="caption" if "caption" in self.fields else None)
        return None


class ImageForm(MediaForm):
    kind = MessageKind.IMAGE
    media_kind = "image"


class VideoForm(MediaForm):
    kind = MessageKind.VIDEO
    media_kind = "video"


class AudioForm(MediaForm):
    kind = MessageKind.AUDIO
    media_kind = "audio"


class DocumentForm(MediaForm):
    kind = MessageKind.DOCUMENT
    media_kind = "document"


class LocationForm(ComposeForm):
    kind = MessageKind.LOCATION
    fields_template = "composer/kinds/location.html"

    latitude = CoordinateField(what="latitude", bound=90, label="Latitude", help_text="e.g. 1.2834")
    longitude = CoordinateField(
        what="longitude", bound=180, label="Longitude", help_text="e.g. 103.8607"
    )
    name = forms.CharField(label="Place name", required=False)
    address = forms.CharField(label="Address", required=False)

    def locate(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["content", "location", str(key), *_] if key in self.fields:
                return Spot(field=key)
        return None
