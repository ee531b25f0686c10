"""Media by link or upload: WhatsApp's type and size limits, checked before anything is uploaded.

Checking a form never uploads. A checked upload becomes a `PendingUpload`: the file, and where in
the body its link goes. The body is validated with a stand-in link in that place (8x8 checks a
link's form, and the stand-in has one); composer.services uploads the file only once the message
may go out, and puts 8x8's link where the stand-in was.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from composer.forms.sniff import HEAD_BYTES, content_matches

MB = 1024 * 1024
# A host that can never resolve (RFC 2606), so a stand-in that escaped could fetch nothing.
STAND_IN_ROOT = "https://upload-pending.invalid/"
BodyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class MediaRule:
    noun: str  # "image", for messages
    types: dict[str, str]  # extension → content type
    max_bytes: int
    described: str  # "JPEG or PNG"

    @property
    def accept(self) -> str:
        """The HTML accept attribute, so the file picker offers the right files."""
        return ",".join([*self.types, *dict.fromkeys(self.types.values())])


# WhatsApp's supported media (Meta's list, mirrored by AWS's and 8x8's content-type pages).
MEDIA_RULES = {
    "image": MediaRule(
        "image",
        {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"},
        5 * MB,
        "JPEG or PNG",
    ),
    "video": MediaRule("video", {".mp4": "video/mp4", ".3gp": "video/3gpp"}, 16 * MB, "MP4 or 3GP"),
    "audio": MediaRule(
        "audio",
        {
            ".aac": "audio/aac",
            ".amr": "audio/amr",
            ".mp3": "audio/mpeg",
            ".m4a": "audio/mp4",
            ".ogg": "audio/ogg",
        },
        16 * MB,
        "AAC, AMR, MP3, M4A or OGG",
    ),
    "document": MediaRule(
        "document",
        {
            ".pdf": "application/pdf",
            ".doc": "application/msword",
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xls": "application/vnd.ms-excel",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".ppt": "application/vnd.ms-powerpoint",
            ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".txt": "text/plain",
        },
        100 * MB,
        "PDF, DOC(X), XLS(X), PPT(X) or TXT",
    ),
}


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{max(size, 1) // 1024 or 1} KB"


def media_upload_check(upload: UploadedFile, *, media: str) -> str:
    """The content type to upload `upload` with, after checking it is a type and size WhatsApp
    takes for `media`; ValidationError naming the limit otherwise."""
    rule = MEDIA_RULES[media]
    name = upload.name or "file"
    extension = PurePath(name).suffix.lower()
    content_type = rule.types.get(extension)
    if content_type is None:
        got = extension[1:].upper() or "file without an extension"
        raise ValidationError(
            f"{name} is a {got}; WhatsApp {rule.noun}s must be {rule.described}", code="type"
        )
    size = upload.size or 0
    if size > rule.max_bytes:
        raise ValidationError(
            f"{name} is {size_text(size)}; WhatsApp allows {rule.max_bytes // MB} MB "
            f"for {rule.noun}s",
            code="size",
        )
    if size == 0:
        raise ValidationError(f"{name} is empty", code="empty")
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not content_matches(extension, head):
        raise ValidationError(
            f"{name} is not a {extension[1:].upper()} file inside (its content is another type); "
            f"WhatsApp {rule.noun}s must be {rule.described}",
            code="content",
        )
    return content_type


def upload_field(*media: str) -> forms.FileField:
    """A file input offering the types WhatsApp takes for `media` (one or several kinds)."""
    rules = [MEDIA_RULES[name] for name in media]
    described = "; ".join(
        f"{rule.noun}s: {rule.described} up to {rule.max_bytes // MB} MB" for rule in rules
    )
    field = forms.FileField(
        label="…or upload a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(rule.accept for rule in rules)}),
        help_text=described[:1].upper() + described[1:] + ".",
    )
    field.either_or = True  # type: ignore[attr-defined]
    return field


def stand_in_url(upload: UploadedFile) -> str:
    """The link a checked upload is validated with until 8x8 gives it a real one."""
    return STAND_IN_ROOT + quote(upload.name or "file", safe="")


@dataclass(frozen=True)
class PendingUpload:
    """A checked file still to be uploaded, and where its link goes once it is."""

    file: UploadedFile
    content_type: str
    field: str  # the upload field, where a refusal is shown
    url_field: str  # the link field, where the uploaded link is kept if the form comes back
    path: BodyPath  # where the link goes in the body, e.g. ("content", "url")

    def fill(self, payload: dict[str, Any], url: str) -> dict[str, Any]:
        """`payload` with the uploaded file's link in its place (a copy: the form's stays)."""
        body = copy.deepcopy(payload)
        *parents, last = self.path
        holder: Any = body
        for key in parents:
            holder = holder[key]
        holder[last] = url
        return body


def body_path(value: object, wanted: str, path: BodyPath = ()) -> BodyPath | None:
    """Where the string `wanted` sits in a body, as keys and indexes; None if it is not there."""
    if value == wanted:
        return path
    children: list[tuple[str | int, object]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    for key, child in children:
        found = body_path(child, wanted, (*path, key))
        if found is not None:
            return found
    return None


def resolve_media(
    form: Any, *, url_field: str, upload_field: str, media: str, required: bool = True
) -> None:
    """Turn a link-or-upload pair of `form` into one link in cleaned_data[url_field].

    An upload is not sent anywhere here: the form is told it waits (`form.upload_wait`), and the
    body is checked with a stand-in link until composer.services uploads it.
    """
    cleaned = form.cleaned_data
    url, upload = cleaned.get(url_field), cleaned.get(upload_field)
    if url_field in form.errors or upload_field in form.errors:
        return
    noun = MEDIA_RULES[media].noun
    if url and upload:
        form.add_error(upload_field, f"Give a link or upload a file, not both ({noun})")
    elif upload:
        content_type = media_upload_check(upload, media=media)
        cleaned[url_field] = stand_in_url(upload)
        form.upload_wait(upload, content_type=content_type, field=upload_field, url_field=url_field)
    elif required and not url:
        form.add_error(url_field, f"Give a link to the {noun} or upload a file")
