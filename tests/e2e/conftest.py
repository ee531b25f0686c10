"""The whole product wired together for real: a live server serving the app and the sandbox, a real
Celery worker, the API client speaking HTTP to the sandbox, and the sandbox's webhooks coming back."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from chatapps.client import reset_client


@pytest.fixture
def live_stack(live_server, celery_worker, settings):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.CHATAPPS_BASE_URL = live_server.url + "/sandbox"
    reset_client()
    from sandbox.services import config_update

    config_update(delivered_after_seconds=1, read_after_seconds=1)
    yield live_server
    reset_client()


def wait_until(condition: Callable[[], object], *, timeout: float = 30.0, what: str = "") -> object:
    """Poll until `condition()` is truthy; fail naming what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what or condition}")
