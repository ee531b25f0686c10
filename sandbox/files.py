"""Uploaded media: stored in default storage under sandbox/, fetched back with the file's token."""

from __future__ import annotations

import hmac
import mimetypes
import re
import secrets
import uuid

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile

from sandbox.models import SandboxFile

# 8x8's limit; tests lower it with the SANDBOX_MAX_UPLOAD_BYTES setting.
DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
TOO_LARGE = (7001, "Request size must not exceed 100 MB")
EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")
STORAGE_DIR = "sandbox"
# Served inline only when a browser cannot run them; anything else downloads, so an uploaded
# HTML or SVG file can never execute on this site's origin.
INLINE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/3gpp",
    "audio/aac",
    "audio/amr",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "application/pdf",
    "text/plain",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "SANDBOX_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def file_store(*, upload: UploadedFile) -> SandboxFile:
    """Keep an upload under a fresh name (32 hex + its extension, like 8x8's) with a token."""
    original = upload.name or ""
    match = EXTENSION.search(original)
    file_name = uuid.uuid4().hex + (f".{match.group(1).lower()}" if match else "")
    storage = storages["default"]
    stored_as = storage.save(f"{STORAGE_DIR}/{file_name}", upload)
    guessed = mimetypes.guess_type(file_name)[0]
    return SandboxFile.objects.create(
        file_name=file_name,
        token=secrets.token_urlsafe(48),
        original_name=original[:255],
        content_type=(upload.content_type or guessed or "application/octet-stream")[:100],
        size=upload.size or 0,
        storage_name=stored_as,
    )


def file_find(*, file_name: str, token: str) -> SandboxFile | None:
    """The file, when the token is its own (compared in constant time)."""
    found = SandboxFile.objects.filter(file_name=file_name).first()
    if found is None or not token or not hmac.compare_digest(found.token, token):
        return None
    return found


def file_open(stored: SandboxFile) -> File:
    return storages["default"].open(stored.storage_name, "rb")


def file_serving_type(stored: SandboxFile) -> tuple[str, bool]:
    """(Content-Type, inline?) to serve a file with."""
    kind = stored.content_type.split(";")[0].strip().lower()
    if kind in INLINE_TYPES:
        return kind, True
    return "application/octet-stream", False


def files_delete_all() -> int:
    storage = storages["default"]
    count = 0
    for stored in SandboxFile.objects.all():
        if storage.exists(stored.storage_name):
            storage.delete(stored.storage_name)
        count += 1
    SandboxFile.objects.all().delete()
    return count
