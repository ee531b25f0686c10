"""Fault injection for the sandbox API: slow answers, 429s, 5xx and dropped connections.

Each fault fires on a share (0–100 %) of requests, drawn per request; 100 makes it certain, and
faults_seed makes a share's draws the same in every run, which is what tests use.
`sandbox_faults(...)` switches faults on for a `with` block.
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


# Each fault draws from its own sequence, so seeding them (faults_seed) makes the n-th request
# to reach a fault meet the same draw in every run, however concurrent requests interleave.
# Not security sensitive: coin tosses for test traffic.
_draws = {name: random.Random() for name in ("rate_limit", "server_error", "drop")}  # noqa: S311


def faults_seed(seed: int) -> None:
    """Make the faults' draws repeatable from here on (tests that need a 429 to happen)."""
    for offset, draws in enumerate(_draws.values()):
        draws.seed(seed + offset)


def fault_fires(percent: int, fault: str = "rate_limit") -> bool:
    """True on `percent` % of calls."""
    if percent <= 0:
        return False
    return percent >= 100 or _draws[fault].uniform(0, 100) < percent


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
    if fault_fires(config.server_error_percent, "server_error"):
        status = config.server_error_status
        return error_response(status, 2000, SERVER_ERROR_MESSAGES.get(status, "Server error"))
    return None


def fault_after(config: SandboxConfig, response: HttpResponseBase) -> HttpResponseBase:
    """Maybe drop the connection after the view has done (and stored) its work."""
    if not fault_fires(config.drop_percent, "drop"):
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
