"""Sends per second from the product's 8x8 client to the sandbox over real HTTP, served the way
`make run` serves it (gunicorn) from a scratch database: one connection, sequential sends (the
ceiling of one dispatching worker thread), and 1,000-message batches."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from chatapps.client import ChatAppsClient

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = {
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#1"}]}],
        }
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_"))},
        "VAR_DIR": str(tmp_path_factory.mktemp("bench-var")),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    # Webhooks are not under test here: the sandbox still enqueues them to the embedded broker.
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "chatapps_admin.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/accounts/login/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def client(server):
    client = ChatAppsClient(
        base_url=server + "/sandbox",
        api_key=settings.CHATAPPS_API_KEY,
        subaccount_id=settings.CHATAPPS_SUBACCOUNT_ID,
        account_id=settings.CHATAPPS_ACCOUNT_ID,
        channel_id=settings.CHATAPPS_CHANNEL_ID,
    )
    yield client
    client.close()


def test_single_sends_to_the_sandbox(benchmark, client):
    counter = itertools.count()

    def send_one():
        n = next(counter)
        body = {**TEMPLATE, "user": {"msisdn": f"+659{n:07d}"}, "clientMessageId": f"bench-{n}"}
        return client.send_message(body)

    result = benchmark.pedantic(send_one, rounds=300, iterations=1, warmup_rounds=5)
    assert result.umid


def test_batch_of_1000_to_the_sandbox(benchmark, client):
    counter = itertools.count()

    def send_batch():
        start = next(counter) * 1000
        messages = [
            {"user": {"msisdn": f"+658{start + i:07d}"}, "clientMessageId": f"b-{start + i}"}
            for i in range(1000)
        ]
        return client.send_batch({"template": TEMPLATE, "messages": messages})

    result = benchmark.pedantic(send_batch, rounds=3, iterations=1)
    assert result.accepted_count == 1000
