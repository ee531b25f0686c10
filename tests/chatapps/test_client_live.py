"""The client against the built-in sandbox over real HTTP: every answer classified right."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from catalog.models import Template
from catalog.services import templates_sync
from chatapps.client import ChatAppsClient
from chatapps.errors import (
    AuthError,
    NotFoundError,
    PermanentError,
    TransientError,
    UnknownOutcomeError,
)
from sandbox.faults import sandbox_faults
from sandbox.models import SandboxMessage
from sandbox.seed_templates import SEED_TEMPLATES
from sandbox.services import config_get

pytestmark = pytest.mark.django_db(transaction=True)

CUSTOMER = "+6591234567"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """The sandbox schedules receipts through Celery; these tests only look at the API answers."""
    monkeypatch.setattr("sandbox.schedule.enqueue", lambda task, *args, countdown=0: None)


@pytest.fixture
def sandbox_url(live_server, settings) -> str:
    settings.SANDBOX_ENABLED = True
    config_get()  # creates the sandbox's settings row and seeds its templates
    return live_server.url + "/sandbox"


def client_for(sandbox_url: str, settings, **overrides) -> ChatAppsClient:
    options = {
        "base_url": sandbox_url,
        "api_key": settings.CHATAPPS_API_KEY,
        "subaccount_id": settings.CHATAPPS_SUBACCOUNT_ID,
        "account_id": settings.CHATAPPS_ACCOUNT_ID,
        "channel_id": settings.CHATAPPS_CHANNEL_ID,
        "connect_timeout": 5.0,
        "read_timeout": 10.0,
        **overrides,
    }
    return ChatAppsClient(**options)


@pytest.fixture
def client(sandbox_url, settings) -> Iterator[ChatAppsClient]:
    made = client_for(sandbox_url, settings)
    yield made
    made.close()


def text(client_message_id: str | None = None, msisdn: str = CUSTOMER) -> dict:
    return {
        "user": {"msisdn": msisdn},
        "clientMessageId": client_message_id or uuid.uuid4().hex,
        "type": "text",
        "content": {"text": "Your order has shipped."},
    }


def template(name: str, language: str, *values: str, msisdn: str = CUSTOMER) -> dict:
    components = [{"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}]
    return {
        "user": {"msisdn": msisdn},
        "clientMessageId": uuid.uuid4().hex,
        "type": "template",
        "content": {"template": {"name": name, "language": language, "components": components}},
    }


def wait_for_message(client_message_id: str, seconds: float = 15.0) -> SandboxMessage | None:
    """The sandbox's row for a message once its (slow) request has been handled."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = SandboxMessage.objects.filter(client_message_id=client_message_id).first()
        if found is not None:
            return found
        time.sleep(0.1)
    return None


def test_a_single_send_is_accepted_with_a_umid(client):
    body = text("order-42")
    result = client.send_message(body)
    assert result.state == "queued"
    assert not result.rejected
    assert uuid.UUID(result.umid)
    assert (result.client_message_id, result.msisdn) == ("order-42", CUSTOMER)
    stored = SandboxMessage.objects.get(umid=result.umid)
    assert stored.client_message_id == "order-42"


def test_the_sent_message_can_be_looked_up_and_an_unknown_one_is_not_found(client):
    result = client.send_message(text())
    # The unknown one first: 8x8 answers one found message a second per sub-account.
    with pytest.raises(NotFoundError) as caught:
        client.get_message(str(uuid.uuid4()))
    assert caught.value.code == 1300
    details = client.get_message(result.umid)
    assert details["data"][0]["umid"] == result.umid


def test_a_batch_surfaces_accepted_and_rejected_items_one_by_one(client):
    good = text("b-1")
    unknown_template = {**template("no_such_template", "en"), "clientMessageId": "b-2"}
    result = client.send_batch(
        {
            "clientBatchId": "campaign-1",
            "includeMessagesInResponse": True,
            "messages": [good, unknown_template],
        }
    )
    assert (result.accepted_count, result.rejected_count) == (1, 1)
    assert result.client_batch_id == "campaign-1"
    by_id = {item.client_message_id: item for item in result.items}
    assert by_id["b-1"].state == "queued" and not by_id["b-1"].rejected
    assert by_id["b-2"].rejected
    assert by_id["b-2"].error_code == 3038
    assert SandboxMessage.objects.filter(batch_id=result.batch_id).count() == 2


def test_an_invalid_single_send_is_a_permanent_error_with_8x8s_code(client):
    with pytest.raises(PermanentError) as caught:
        client.send_message(text(msisdn="12"))
    assert caught.value.http_status == 400
    assert caught.value.code in (1002, 3003)
    assert not caught.value.retryable


def test_a_bad_key_is_an_auth_error(sandbox_url, settings):
    bad = client_for(sandbox_url, settings, api_key="wrong-key")
    with pytest.raises(AuthError) as caught:
        bad.send_message(text())
    assert (caught.value.http_status, caught.value.code) == (401, 1200)
    assert SandboxMessage.objects.count() == 0


def test_rate_limiting_is_transient_with_the_retry_after_the_sandbox_asked_for(client):
    limited = sandbox_faults(rate_limit_percent=100, retry_after_seconds=3)
    with limited, pytest.raises(TransientError) as caught:
        client.send_message(text())
    assert (caught.value.http_status, caught.value.code, caught.value.retry_after) == (429, 429, 3)
    assert SandboxMessage.objects.count() == 0


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient(client, status):
    failing = sandbox_faults(server_error_percent=100, server_error_status=status)
    with failing, pytest.raises(TransientError) as caught:
        client.send_message(text())
    assert (caught.value.http_status, caught.value.code) == (status, 2000)
    assert SandboxMessage.objects.count() == 0


def test_the_wrong_region_is_an_auth_error_with_code_1201(client):
    with sandbox_faults(wrong_region=True), pytest.raises(AuthError) as caught:
        client.send_message(text())
    assert caught.value.code == 1201


def test_a_read_timeout_after_sending_is_an_unknown_outcome_and_the_message_was_accepted(
    sandbox_url, settings
):
    impatient = client_for(sandbox_url, settings, read_timeout=0.3)
    body = text()
    with sandbox_faults(slow_response_ms=1500):
        with pytest.raises(UnknownOutcomeError):
            impatient.send_message(body)
        # Why it must never be resent blindly: 8x8 (here, the sandbox) did take it.
        stored = wait_for_message(body["clientMessageId"])
    assert stored is not None
    assert stored.state == SandboxMessage.State.QUEUED


def test_a_dropped_connection_after_sending_is_an_unknown_outcome(sandbox_url, settings):
    impatient = client_for(sandbox_url, settings, read_timeout=2.0)
    body = text()
    with sandbox_faults(drop_percent=100), pytest.raises(UnknownOutcomeError):
        impatient.send_message(body)
    assert SandboxMessage.objects.filter(client_message_id=body["clientMessageId"]).count() == 1


def test_a_connection_refused_is_transient(settings):
    closed = client_for("http://127.0.0.1:9", settings, connect_timeout=2.0)
    with pytest.raises(TransientError) as caught:
        closed.send_message(text())
    assert caught.value.http_status is None


def test_the_template_list_holds_the_sandbox_seed(client):
    names = {(t["templateName"], t["language"]) for t in client.list_templates()}
    assert names >= {(t["templateName"], t["language"]) for t in SEED_TEMPLATES}


def test_templates_sync_against_the_sandbox_mirrors_its_list(client):
    report = templates_sync(client=client)
    assert report.created == len(SEED_TEMPLATES)
    assert Template.objects.count() == len(SEED_TEMPLATES)
    again = templates_sync(client=client)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_a_template_can_be_created_and_deleted(client):
    body = {
        "name": "live_test_notice",
        "language": "en",
        "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Your appointment is confirmed."}],
    }
    client.create_template(body)
    assert "live_test_notice" in {t["templateName"] for t in client.list_templates()}
    client.delete_template("live_test_notice")
    assert "live_test_notice" not in {t["templateName"] for t in client.list_templates()}


def test_an_uploaded_file_can_be_downloaded_from_the_returned_url(client):
    result = client.upload_file(
        filename="note.txt", content=b"hello 8x8", content_type="text/plain"
    )
    assert result.url.startswith(client.base_url + "/files/")
    assert result.token
    assert httpx.get(result.url).content == b"hello 8x8"


def test_check_connection_passes_against_the_sandbox(client):
    check = client.check_connection()
    assert check.ok, check.detail
    assert check.template_count == len(SEED_TEMPLATES)


def test_check_connection_explains_a_bad_key(sandbox_url, settings):
    check = client_for(sandbox_url, settings, api_key="nope").check_connection()
    assert (check.ok, check.status, check.code) == (False, "bad_key", 1200)


def test_check_connection_explains_a_wrong_subaccount(sandbox_url, settings):
    check = client_for(sandbox_url, settings, subaccount_id="Someone_Else").check_connection()
    assert (check.ok, check.status, check.code) == (False, "wrong_subaccount", 1001)


def test_check_connection_explains_the_wrong_region(client):
    with sandbox_faults(wrong_region=True):
        check = client.check_connection()
    assert check.status == "wrong_region"
    assert "ID endpoint" in check.detail
