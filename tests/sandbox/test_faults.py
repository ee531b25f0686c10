"""Fault injection: 429 with Retry-After, 5xx, slow answers, wrong region, dropped connections."""

from __future__ import annotations

import httpx
import pytest
from django.conf import settings
from django.test import Client

from chatapps.client import ChatAppsClient
from chatapps.errors import TransientError, UnknownOutcomeError
from sandbox import faults, selectors, services
from sandbox.faults import fault_fires, sandbox_faults
from sandbox.models import SandboxMessage
from tests.sandbox import bodies
from tests.sandbox.test_api_views import assert_error_body


def test_a_rate_limited_request_is_429_with_retry_after_and_nothing_is_stored(api):
    with sandbox_faults(rate_limit_percent=100, retry_after_seconds=3):
        response = api.send(bodies.text())

    body = assert_error_body(response, 429, 429)
    assert body["message"] == "Quota exceeded. Please try again in 3 second(s)."
    assert response["Retry-After"] == "3"
    assert SandboxMessage.objects.count() == 0


def test_a_server_error_is_500_code_2000(api):
    with sandbox_faults(server_error_percent=100):
        response = api.send(bodies.text())

    body = assert_error_body(response, 500, 2000)
    assert body["message"] == "Internal server error"
    assert SandboxMessage.objects.count() == 0


def test_the_server_error_can_be_a_503(api):
    with sandbox_faults(server_error_percent=100, server_error_status=503):
        response = api.batch({"messages": [bodies.text()]})

    assert_error_body(response, 503, 2000)


def test_the_wrong_region_is_403_code_1201(api):
    with sandbox_faults(wrong_region=True):
        response = api.get(api.templates_url)

    body = assert_error_body(response, 403, 1201)
    assert body["message"] == "Account was not found in SG. Please use the ID endpoint!"


def test_a_slow_response_waits_then_answers(api, monkeypatch):
    slept = []
    monkeypatch.setattr(faults.time, "sleep", slept.append)

    with sandbox_faults(slow_response_ms=1500):
        response = api.send(bodies.text())

    assert response.status_code == 200
    assert slept == [1.5]


def test_the_key_is_checked_before_any_fault(db):
    with sandbox_faults(rate_limit_percent=100):
        response = Client().get(
            "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/messages/x",
            headers={"Authorization": "Bearer wrong"},
        )

    assert_error_body(response, 401, 1200)


def test_faults_leave_file_downloads_alone(db):
    with sandbox_faults(server_error_percent=100):
        response = Client().get("/sandbox/files/missing.jpg", {"token": "t"})

    assert_error_body(response, 404, 1300)


def test_a_dropped_connection_stores_the_message_but_sends_half_an_answer(api):
    with sandbox_faults(drop_percent=100):
        response = api.send(bodies.text(client_message_id="lost-1"))

    assert response.streaming
    sent = b"".join(response.streaming_content)
    assert len(sent) < int(response["Content-Length"])
    assert SandboxMessage.objects.get().client_message_id == "lost-1"


def test_the_faults_context_manager_puts_the_previous_values_back(db):
    services.config_update(rate_limit_percent=5)

    with sandbox_faults(rate_limit_percent=100, drop_percent=50):
        assert services.config_get().rate_limit_percent == 100

    config = services.config_get()
    assert (config.rate_limit_percent, config.drop_percent) == (5, 0)


def test_the_faults_context_manager_refuses_non_faults(db):
    with (
        pytest.raises(TypeError, match="not a sandbox fault"),
        sandbox_faults(read_after_seconds=1),
    ):
        pass


@pytest.mark.parametrize(("percent", "fires"), [(0, False), (100, True)])
def test_a_share_of_0_never_fires_and_100_always_does(percent, fires):
    assert {fault_fires(percent) for _ in range(50)} == {fires}


# -- over real HTTP ------------------------------------------------------------------------------


@pytest.fixture
def product_client(live_server):
    """The product's own 8x8 client, pointed at the sandbox on a live server."""
    made = []

    def make(read_timeout: float = 5.0) -> ChatAppsClient:
        made.append(client_for(live_server, read_timeout))
        return made[-1]

    yield make
    for client in made:
        client.close()


def client_for(live_server, read_timeout: float = 5.0) -> ChatAppsClient:
    return ChatAppsClient(
        base_url=f"{live_server.url}/sandbox",
        api_key=settings.CHATAPPS_API_KEY,
        subaccount_id=settings.CHATAPPS_SUBACCOUNT_ID,
        account_id=settings.CHATAPPS_ACCOUNT_ID,
        channel_id=settings.CHATAPPS_CHANNEL_ID,
        read_timeout=read_timeout,
    )


def test_a_real_send_over_http_is_accepted(product_client):
    client = product_client()

    result = client.send_message(bodies.text(client_message_id="http-1"))

    assert result.state == "queued"
    assert SandboxMessage.objects.get(umid=result.umid).client_message_id == "http-1"


def test_the_product_client_reads_a_429_as_retry_later(product_client):
    client = product_client()

    with (
        sandbox_faults(rate_limit_percent=100, retry_after_seconds=4),
        pytest.raises(TransientError) as caught,
    ):
        client.send_message(bodies.text())

    assert caught.value.retry_after == 4
    assert caught.value.code == 429


def test_a_dropped_connection_is_an_unknown_outcome_for_the_client_though_the_message_was_accepted(
    product_client,
):
    client = product_client(read_timeout=1.0)

    with sandbox_faults(drop_percent=100), pytest.raises(UnknownOutcomeError):
        client.send_message(bodies.text(client_message_id="maybe-sent"))

    assert selectors.accepted_count() == 1
    assert SandboxMessage.objects.get().client_message_id == "maybe-sent"


def test_a_raw_http_client_sees_the_dropped_answer_as_a_broken_read(live_server):
    url = f"{live_server.url}/sandbox/api/v1/subaccounts/{settings.CHATAPPS_SUBACCOUNT_ID}/messages"

    with (
        sandbox_faults(drop_percent=100),
        pytest.raises((httpx.ReadTimeout, httpx.RemoteProtocolError)),
    ):
        httpx.post(
            url,
            json=bodies.text(),
            headers={"Authorization": f"Bearer {settings.CHATAPPS_API_KEY}"},
            timeout=httpx.Timeout(1.0),
        )

    assert SandboxMessage.objects.count() == 1
