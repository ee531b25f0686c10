from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.roles import role_of
from audit.models import AuditEntry


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address. REMOTE_ADDR only: forwarded headers are trivially forged."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    summary: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    username: str = "",
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `actor` defaults to the request's user when it is logged in."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        summary=summary[:500],
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        actor_role=role_of(actor) if actor is not None else "",
        ip_address=client_ip(request),
        target_type=type(target).__name__ if target is not None else "",
        target_id=str(getattr(target, "pk", "") or "") if target is not None else "",
        data=data or {},
    )
