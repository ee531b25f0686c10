"""What a person does while composing: sending what they composed (with its upload), and drafts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from chatapps.client import get_client
from chatapps.errors import ChatAppsError
from chatapps.explain import explain_error
from composer.forms.media import PendingUpload
from composer.models import Draft
from messaging.models import OutboundMessage
from messaging.sending import (
    InvalidPayloadError,
    message_queue,
    recipient_permit,
    window_permit,
)


class UploadRefusedError(Exception):
    """8x8 did not take the file; the message says why, for the upload field."""


class RefusedAfterUploadError(InvalidPayloadError):
    """The body was refused once its file was uploaded: the link, so it is not uploaded again."""

    def __init__(self, problems: list[Any], *, uploaded_url: str) -> None:
        super().__init__(problems)
        self.uploaded_url = uploaded_url


def message_compose_send(
    *,
    actor: Actor,
    kind: str,
    msisdn: str,
    payload: dict[str, Any],
    upload: PendingUpload | None,
    window_override: bool,
) -> OutboundMessage:
    """Queue a composed message, uploading its file first if it has one.

    The opt-out ledger and the window are checked before the upload, so no file goes to 8x8 (and
    no upload is audited) for a message that will not be sent. Raises OptedOutError,
    WindowClosedError, UploadRefusedError, or InvalidPayloadError (RefusedAfterUploadError once a
    file went up).
    """
    recipient_permit(kind=kind, msisdn=msisdn, payload=payload)
    window_permit(actor=actor, kind=kind, msisdn=msisdn, window_override=window_override)
    if upload is None:
        return message_queue(
            actor=actor, kind=kind, msisdn=msisdn, payload=payload, window_override=window_override
        )
    url = media_upload(actor=actor, upload=upload)
    try:
        return message_queue(
            actor=actor,
            kind=kind,
            msisdn=msisdn,
            payload=upload.fill(payload, url),
            window_override=window_override,
        )
    except InvalidPayloadError as refusal:
        raise RefusedAfterUploadError(refusal.problems, uploaded_url=url) from refusal


def media_upload(*, actor: Actor, upload: PendingUpload) -> str:
    """Upload a checked file through the 8x8 client and audit it; the URL to send.

    Client errors become UploadRefusedError, worded for the person, never a 500.
    """
    file = upload.file
    file.seek(0)
    try:
        result = get_client().upload_file(
            filename=file.name or "file", content=file.read(), content_type=upload.content_type
        )
    except ChatAppsError as exc:
        reason = explain_error(exc.code, context="api") if exc.code else str(exc)
        raise UploadRefusedError(f"8x8 did not take the upload: {reason}") from exc
    audit_record(
        action=AuditEntry.Action.FILE_UPLOAD,
        summary=f"Uploaded {file.name} for a message",
        actor=actor,
        data={"fileName": result.file_name, "size": file.size},
    )
    return result.url


@transaction.atomic
def draft_save(
    *,
    actor: Actor,
    draft: Draft | None,
    name: str,
    kind: str,
    form_data: dict[str, Any],
) -> Draft:
    """Keep a composition as typed, valid or not: a new draft, or the owner's draft edited."""
    draft = draft or Draft(owner=actor.user)
    recipient = form_data.get("msisdn") or "no recipient yet"
    draft.kind = kind
    draft.form_data = form_data
    draft.name = name.strip() or f"{Draft(kind=kind).get_kind_display()} to {recipient}"[:120]
    draft.save()
    audit_record(
        action=AuditEntry.Action.DRAFT_SAVE,
        summary=f"Saved the draft “{draft.name}”",
        actor=actor,
        target=draft,
        data={"kind": draft.kind},
    )
    return draft
