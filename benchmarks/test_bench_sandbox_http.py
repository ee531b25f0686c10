"""Sends per second from the product's 8x8 client to the sandbox over real HTTP (one connection,
sequential): the ceiling of one dispatching worker thread against the embedded stand-in."""

from __future__ import annotations

import itertools

import pytest

from chatapps.client import ChatAppsClient
from sandbox import services as sandbox_services

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


@pytest.fixture
def client(live_server, settings, monkeypatch):
    monkeypatch.setattr(sandbox_services, "enqueue", lambda task, *args, countdown=0: None)
    client = ChatAppsClient(
        base_url=live_server.url + "/sandbox",
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

    result = benchmark.pedantic(send_one, rounds=200, iterations=1, warmup_rounds=5)
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
