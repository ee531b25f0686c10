"""Sandbox fixtures: an authenticated API client, Celery kept out of the way, a webhook receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from sandbox import schedule, services
from sandbox.models import SandboxInbound
from tests.sandbox import bodies

SUBACCOUNT_PATH = "/sandbox/api/v1/subaccounts/{sub}"


class Api:
    """The Django test client speaking to the sandbox as the product's 8x8 client would."""

    def __init__(self, client: Client, key: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {key}"}

    @property
    def messages_url(self) -> str:
        return SUBACCOUNT_PATH.format(sub=settings.CHATAPPS_SUBACCOUNT_ID) + "/messages"

    @property
    def templates_url(self) -> str:
        return (
            f"/sandbox/api/v1/accounts/{settings.CHATAPPS_ACCOUNT_ID}"
            f"/channels/{settings.CHATAPPS_CHANNEL_ID}/templates"
        )

    def post(self, url: str, body: Any, **kwargs: Any) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(
            url, data, content_type="application/json", headers=self.headers, **kwargs
        )

    def get(self, url: str) -> Any:
        return self.client.get(url, headers=self.headers)

    def delete(self, url: str) -> Any:
        return self.client.delete(url, headers=self.headers)

    def send(self, body: Any) -> Any:
        return self.post(self.messages_url, body)

    def batch(self, body: Any) -> Any:
        return self.post(self.messages_url + "/batch", body)


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), settings.CHATAPPS_API_KEY)


@pytest.fixture(autouse=True)
def enqueued(monkeypatch) -> list[tuple[str, tuple[Any, ...], float]]:
    """Record what would go to Celery instead of touching a broker: (task name, args, countdown)."""
    calls: list[tuple[str, tuple[Any, ...], float]] = []

    def record(task_name: str, *args: Any, countdown: float = 0) -> None:
        calls.append((task_name, args, countdown))

    monkeypatch.setattr(schedule, "enqueue", record)
    return calls


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


class Receiver:
    """A tiny HTTP server on 127.0.0.1 that records each POST and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []  # answered in order; 200 once they run out
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(raw)}
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/8x8/"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [request["body"] for request in self.requests]


@pytest.fixture
def receiver(db, settings) -> Iterator[Receiver]:
    """A running receiver standing in for the product, with the sandbox's webhooks pointed at it.

    The sandbox posts only to the product's own origin, so the product's address is the
    receiver's for the test.
    """
    found = Receiver()
    found.thread.start()
    settings.PUBLIC_BASE_URL = found.url.split("/", 3)[0] + "//" + found.url.split("/", 3)[2]
    services.config_update(webhook_url=found.url, webhook_authorization="test-secret")
    try:
        yield found
    finally:
        found.server.shutdown()
        found.server.server_close()


@pytest.fixture
def window_open(db) -> SandboxInbound:
    """The customer wrote an hour ago, so WhatsApp delivers free-form messages to them."""
    return SandboxInbound.objects.create(
        umid="00000000-0000-4000-8000-00000000c0de",
        msisdn=bodies.CUSTOMER,
        type="Text",
        content={"text": "Hi!"},
        created_at=timezone.now() - timedelta(hours=1),
    )
