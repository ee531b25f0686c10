"""What can go wrong talking to 8x8, classified by what the caller may do about it.

- `TransientError`: nothing happened upstream (or 8x8 said "later"); retrying is safe.
- `PermanentError`: 8x8 refused the request; retrying the same request fails the same way.
- `UnknownOutcomeError`: the request left this machine and no answer came back. 8x8 may have
  accepted it, so it must never be blindly resent: reconcile by clientMessageId first.
"""

from __future__ import annotations

from typing import Any

from chatapps.explain import explain_error


class ChatAppsError(Exception):
    """Base class. `code`, `message`, `error_id` come from 8x8's error body when there is one."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        code: int | None = None,
        error_id: str = "",
        timestamp: str = "",
        retry_after: float | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.code = code
        self.error_id = error_id
        self.timestamp = timestamp
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        parts = []
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.code is not None:
            parts.append(f"code {self.code}")
        prefix = f"[{', '.join(parts)}] " if parts else ""
        return f"{prefix}{self.message}"

    @property
    def explanation(self) -> str:
        """The cause and the fix in plain words, for people rather than logs."""
        if self.code is not None:
            return explain_error(self.code, None, context="api")
        return self.message

    def as_dict(self) -> dict[str, Any]:
        """A JSON-safe summary to store next to a message or in an audit entry."""
        return {
            "kind": type(self).__name__,
            "http_status": self.http_status,
            "code": self.code,
            "message": self.message,
            "error_id": self.error_id,
            "retry_after": self.retry_after,
            "retryable": self.retryable,
        }


class TransientError(ChatAppsError):
    """Rate limited (429, see `retry_after`), 8x8 failing (5xx), or the request never got out."""

    retryable = True


class PermanentError(ChatAppsError):
    """8x8 understood the request and refused it (4xx): fix the request or the settings."""


class AuthError(PermanentError):
    """401 (the API key is wrong) or 403 (e.g. code 1201: the account lives in another region)."""


class NotFoundError(PermanentError):
    """404, e.g. code 1300 for an unknown umid."""


class UnknownOutcomeError(ChatAppsError):
    """The request was sent but the answer was lost. Do not resend: look the message up first."""

    # Retrying might send the message twice, so callers must reconcile instead.
    retryable = False
