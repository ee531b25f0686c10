"""The sandbox's own log of what people did on its page (settings saved, resets).

Kept apart from the product's audit trail: the sandbox stands in for 8x8 and writes nothing of
the product's.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sandbox.models import SandboxLogEntry

LATEST = 20


def log_write(*, request: HttpRequest, what: str, detail: dict[str, Any] | None = None) -> None:
    """Append one entry, naming the logged-in user who did it."""
    user = getattr(request, "user", None)
    who = user.get_username() if user is not None and user.is_authenticated else ""
    SandboxLogEntry.objects.create(who=who[:150], what=what[:200], detail=detail or {})


def log_latest(*, count: int = LATEST) -> list[SandboxLogEntry]:
    """The newest entries first."""
    return list(SandboxLogEntry.objects.all()[:count])
