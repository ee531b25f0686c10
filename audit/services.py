"""Appending to the audit trail. Services are handed an `Actor`, never an HttpRequest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from access.roles import role_of
from audit.hashing import HASHED_FIELDS, payload_hash
from audit.models import AuditEntry


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address. REMOTE_ADDR only: forwarded headers are trivially forged."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@dataclass(frozen=True)
class Actor:
    """Who does something and from where, as services and the audit trail need it.

    `user` is None for the system (a worker, beat, a command) and for someone not signed in, whose
    typed `username` (a failed login) is kept instead.
    """

    user: Any = None
    ip_address: str | None = None
    username: str = ""

    @classmethod
    def from_request(
        cls, request: HttpRequest | None, *, user: Any = None, username: str = ""
    ) -> Actor:
        """The request's signed-in user (or `user`, for login signals) and its address."""
        if user is None and request is not None:
            current = getattr(request, "user", None)
            user = current if current is not None and current.is_authenticated else None
        return cls(user=user, ip_address=client_ip(request), username=username)

    @classmethod
    def of(cls, user: Any) -> Actor:
        """A user acting with no request: a command, a test, a background job started by them."""
        return cls(user=user)


SYSTEM = Actor()


def audit_record(
    *,
    action: str,
    summary: str,
    actor: Actor,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry, with the actor's name and role as they are now (users get renamed),
    and the hash of everything it says."""
    user = actor.user
    ip_field = AuditEntry._meta.get_field("ip_address")
    fields: dict[str, Any] = {
        "at": timezone.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_username": (user.get_username() if user is not None else actor.username)[:150],
        "actor_role": role_of(user) if user is not None else "",
        # As the database will store it (an IPv6 address is normalised), so the hash still holds.
        "ip_address": ip_field.get_prep_value(actor.ip_address),
        "action": action,
        "target_type": type(target).__name__ if target is not None else "",
        "target_id": str(getattr(target, "pk", "") or "") if target is not None else "",
        "summary": summary[:500],
        # Through JSON and back, as the database will give it back (an int key becomes text).
        "data": json.loads(json.dumps(data or {})),
    }
    return AuditEntry.objects.create(**fields, payload_hash=payload_hash(fields))


def audit_entry_verify(entry: AuditEntry) -> bool:
    """Whether the entry still says what it said when it was written."""
    fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
    return entry.payload_hash == payload_hash(fields)
