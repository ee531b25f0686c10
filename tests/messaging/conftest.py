from __future__ import annotations

import httpx
import pytest

from chatapps.client import client_from_settings, reset_client, set_client
from tests.messaging.send_jobs import Batch8x8


@pytest.fixture
def batch_8x8():
    def install(**kwargs) -> Batch8x8:
        fake = Batch8x8(**kwargs)
        set_client(client_from_settings(transport=httpx.MockTransport(fake)))
        return fake

    yield install
    reset_client()


@pytest.fixture
def pumps(monkeypatch):
    """The pump tasks services enqueue, by job id; the broker is not involved. Tests using it
    run outside a test transaction (django_db(transaction=True)), so on_commit fires at once."""
    sent: list[int] = []
    monkeypatch.setattr(
        "messaging.enqueue._send",
        lambda name, args: sent.append(args[0]) if name.endswith("job_pump_task") else None,
    )
    return sent
