"""What a person does while composing, besides sending: keeping drafts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from composer.models import Draft


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
