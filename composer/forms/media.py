"""Media by link or upload: WhatsApp's type and size limits, checked before anything is uploaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from audit.models import AuditEntry
from audit.services import SYSTEM, Actor, audit_record
from chatapps.client import get_client
from chatapps.errors import ChatAppsError
from chatapps.explain import explain_error

MB = 1024 * 1024

# An uploader takes a checked file and returns the URL to send, or raises ValidationError.
Uploader = Callable[[UploadedFile], str]


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
    return content_type


def upload_to_8x8(upload: UploadedFile, *, actor: Actor = SYSTEM) -> str:
    """Upload a checked file through the 8x8 client; the URL to send. Client errors become
    a ValidationError for the upload field, never a 500."""
    content_type = getattr(upload, "checked_content_type", None) or upload.content_type
    try:
        result = get_client().upload_file(
            filename=upload.name or "file",
            content=upload.read(),
            content_type=content_type or "application/octet-stream",
        )
    except ChatAppsError as exc:
        reason = explain_error(exc.code, context="api") if exc.code else str(exc)
        raise ValidationError(f"8x8 did not take the upload: {reason}", code="upload") from exc
    audit_record(
        action=AuditEntry.Action.FILE_UPLOAD,
        summary=f"Uploaded {upload.name} for a message",
        actor=actor,
        data={"fileName": result.file_name, "size": upload.size},
    )
    return result.url


def resolve_media(
    form: Any, *, url_field: str, upload_field: str, media: str, required: bool = True
) -> None:
    """Turn a link-or-upload pair of `form` into one link in cleaned_data[url_field].

    Uploads only happen when the form was given an uploader (a send), never for a preview.
    """
    cleaned = form.cleaned_data
    url, upload = cleaned.get(url_field), cleaned.get(upload_field)
    if url_field in form.errors or upload_field in form.errors:
        return
    noun = MEDIA_RULES[media].noun
    if url and upload:
        form.add_error(upload_field, f"Give a link or upload a file, not both ({noun})")
    elif upload:
        if form.uploader is None:
            return
        try:
            cleaned[url_field] = form.uploader(upload)
        except ValidationError as exc:
            form.add_error(upload_field, exc)
            return
        # Show the uploaded file's link if the form comes back (e.g. the window was closed),
        # so the user does not upload it a second time.
        form.data = form.data.copy()
        form.data[form.add_prefix(url_field)] = cleaned[url_field]
    elif required and not url:
        form.add_error(url_field, f"Give a link to the {noun} or upload a file")
