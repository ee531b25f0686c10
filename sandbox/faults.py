"""Fault injection for the sandbox API: slow answers, 429s, 5xx and dropped connections.

Each fault fires on a share (0–100 %) of requests, drawn per request; 100 makes it certain, which
is what tests use. `sandbox_faults(...)` switches faults on for a `with` block.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from sandbox.config import config_get, config_update
from sandbox.http import error_response
from sandbox.models import SandboxConfig

FAULT_FIELDS = (
    "rate_limit_percent",
    "retry_after_seconds",
    "server_error_percent",
    "server_error_status",
    "slow_response_ms",
    "drop_percent",
    "wrong_region",
)
SERVER_ERROR_MESSAGES = {500: "Internal server error", 503: "Service unavailable"}


def fault_fires(percent: int) -> bool:
    """True on `percent` % of calls."""
    if percent <= 0:
        return False
    # Not security sensitive: a coin toss for test traffic.
    return percent >= 100 or random.uniform(0, 100) < percent  # noqa: S311


def fault_before(config: SandboxConfig) -> HttpResponse | None:
    """Slow the request down, then maybe refuse it before anything is stored."""
    if config.slow_response_ms:
        time.sleep(config.slow_response_ms / 1000)
    if fault_fires(config.rate_limit_percent):
        seconds = config.retry_after_seconds
        return error_response(
            429,
            429,
            f"Quota exceeded. Please try again in {seconds} second(s).",
            headers={"Retry-After": str(seconds)},
        )
    if fault_fires(config.server_error_percent):
        status = config.server_error_status
        return error_response(status, 2000, SERVER_ERROR_MESSAGES.get(status, "Server error"))
    return None


def fault_after(config: SandboxConfig, response: HttpResponseBase) -> HttpResponseBase:
    """Maybe drop the connection after the view has done (and stored) its work."""
    if not fault_fires(config.drop_percent):
        return response
    return dropped_response(response)


def dropped_response(response: HttpResponseBase) -> StreamingHttpResponse:
    """The status line, headers and half the body, then nothing more.

    Content-Length promises the whole body, so the client waits for bytes that never come: it
    sees a read timeout (a keep-alive server such as runserver) or the connection closing early
    (a server that closes after each answer). Either way the request was accepted and stored but
    the client cannot know it: an unknown outcome.
    """
    # Streaming answers (file downloads) are never dropped: only the API's JSON ones.
    content = response.content if isinstance(response, HttpResponse) else b""

    def half() -> Iterator[bytes]:
        yield content[: len(content) // 2]

    dropped = StreamingHttpResponse(half(), status=response.status_code)
    for name, value in response.items():
        dropped[name] = value
    dropped["Content-Length"] = str(len(content))
    return dropped


@contextmanager
def sandbox_faults(**changes: Any) -> Iterator[SandboxConfig]:
    """Switch faults on for a block, then put the previous values back.

    with sandbox_faults(rate_limit_percent=100, retry_after_seconds=3): ...
    """
    unknown = set(changes) - set(FAULT_FIELDS)
    if unknown:
        raise TypeError(f"not a sandbox fault: {', '.join(sorted(unknown))}")
    config = config_get()
    before = {name: getattr(config, name) for name in changes}
    config = config_update(**changes)
    try:
        yield config
    finally:
        config_update(**before)
