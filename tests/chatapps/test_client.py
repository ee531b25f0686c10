"""The 8x8 client over httpx.MockTransport: requests it makes and how it classifies every answer."""

from __future__ import annotations

import json

import httpx
import pytest

from chatapps.client import get_client, parse_retry_after, reset_client, set_client
from chatapps.errors import (
    AuthError,
    NotFoundError,
    PermanentError,
    TransientError,
    UnknownOutcomeError,
)
from tests.chatapps.mock8x8 import BASE, SUB, answer, error_body, make_client, raising
from tests.contract import contract_errors

UMID = "6e1c3b9e-0b7a-4f43-9c43-0d4a7a3c5a11"
TEXT = {"user": {"msisdn": "+6591234567"}, "type": "text", "content": {"text": "Hi"}}


ACCEPTED = {
    "umid": UMID,
    "user": {"msisdn": "+6591234567"},
    "clientMessageId": "abc-1",
    "status": {"state": "queued", "timestamp": "2021-01-04T08:19:45.99Z"},
}


def test_the_canned_answers_match_8x8s_contract():
    assert contract_errors("single_message_response", ACCEPTED) == []
    assert contract_errors("error_response", error_body(1200, "Unauthorized")) == []


def test_send_message_posts_json_with_the_bearer_key_to_the_subaccount_path():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ACCEPTED)

    result = make_client(handler).send_message(TEXT)

    assert seen[0].method == "POST"
    assert str(seen[0].url) == f"{BASE}/api/v1/subaccounts/{SUB}/messages"
    assert seen[0].headers["Authorization"] == "Bearer the-key"
    assert json.loads(seen[0].content) == TEXT
    assert (result.umid, result.client_message_id, result.state) == (UMID, "abc-1", "queued")
    assert result.msisdn == "+6591234567"
    assert not result.rejected


def test_a_base_url_with_a_path_keeps_the_path():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=ACCEPTED)

    make_client(handler, base_url="http://127.0.0.1:8000/sandbox/").send_message(TEXT)
    assert seen == [f"http://127.0.0.1:8000/sandbox/api/v1/subaccounts/{SUB}/messages"]


def test_a_rejected_state_inside_a_200_is_returned_with_its_error():
    body = {
        **ACCEPTED,
        "status": {"state": "rejected", "errorCode": "3038", "errorMessage": "Template not found"},
    }
    result = make_client(answer(200, body)).send_message(TEXT)
    assert result.rejected
    assert (result.error_code, result.error_message) == (3038, "Template not found")


def test_a_200_without_a_umid_is_an_unknown_outcome():
    with pytest.raises(UnknownOutcomeError):
        make_client(answer(200, {"status": {"state": "queued"}})).send_message(TEXT)


def test_a_200_that_is_not_json_is_an_unknown_outcome_for_a_send():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>captive portal</html>")

    with pytest.raises(UnknownOutcomeError):
        make_client(handler).send_message(TEXT)


def test_401_is_an_auth_error_with_8x8s_code_and_error_id():
    client = make_client(answer(401, error_body(1200, "Request was not authenticated properly")))
    with pytest.raises(AuthError) as caught:
        client.send_message(TEXT)
    exc = caught.value
    assert (exc.http_status, exc.code) == (401, 1200)
    assert exc.error_id == "7aea5f0a-712c-4b0f-b751-b35400b3feae"
    assert exc.message == "Request was not authenticated properly"
    assert not exc.retryable
    assert "API key" in exc.explanation


def test_403_1201_wrong_region_is_an_auth_error():
    body = error_body(1201, "Account was not found in SG. Please use the ID endpoint!")
    with pytest.raises(AuthError) as caught:
        make_client(answer(403, body)).send_message(TEXT)
    assert caught.value.code == 1201
    assert "region" in caught.value.explanation


def test_429_is_transient_and_honours_retry_after_seconds():
    body = error_body(429, "Quota exceeded. Please try again in 1 second(s).")
    client = make_client(answer(429, body, {"Retry-After": "7"}))
    with pytest.raises(TransientError) as caught:
        client.send_message(TEXT)
    assert caught.value.retryable
    assert caught.value.retry_after == 7.0
    assert caught.value.http_status == 429


def test_429_without_a_header_reads_the_wait_from_8x8s_message():
    body = error_body(429, "Quota exceeded. Please try again in 3 second(s).")
    with pytest.raises(TransientError) as caught:
        make_client(answer(429, body)).send_message(TEXT)
    assert caught.value.retry_after == 3.0


def test_retry_after_may_be_an_http_date():
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("not a date", now=now) is None
    assert parse_retry_after("-5") == 0.0


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(status):
    with pytest.raises(TransientError) as caught:
        make_client(answer(status, error_body(2000, "Internal server error"))).send_message(TEXT)
    assert caught.value.http_status == status
    assert caught.value.retryable


def test_400_3038_is_permanent_with_a_plain_explanation():
    body = error_body(3038, "Template not found for provided name and language")
    with pytest.raises(PermanentError) as caught:
        make_client(answer(400, body)).send_message(TEXT)
    exc = caught.value
    assert not isinstance(exc, AuthError)
    assert (exc.code, exc.retryable) == (3038, False)
    assert "APPROVED" in exc.explanation


def test_a_non_json_error_body_is_still_classified_and_summarised():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html><body>Bad   gateway\n from nginx</body></html>")

    with pytest.raises(TransientError) as caught:
        make_client(handler).send_message(TEXT)
    exc = caught.value
    assert exc.code is None
    assert exc.message.startswith("502 Bad Gateway")
    assert "Bad gateway from nginx" in exc.message


def test_an_empty_error_body_gets_the_reason_phrase():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400)

    with pytest.raises(PermanentError) as caught:
        make_client(handler).send_message(TEXT)
    assert caught.value.message == "400 Bad Request"


def test_a_read_timeout_on_a_send_is_an_unknown_outcome():
    with pytest.raises(UnknownOutcomeError) as caught:
        make_client(raising(httpx.ReadTimeout)).send_message(TEXT)
    assert not caught.value.retryable


def test_a_dropped_connection_after_sending_is_an_unknown_outcome():
    with pytest.raises(UnknownOutcomeError):
        make_client(raising(httpx.RemoteProtocolError)).send_batch({"messages": [TEXT]})


@pytest.mark.parametrize("exc", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_failing_to_connect_is_transient_because_nothing_was_sent(exc):
    with pytest.raises(TransientError) as caught:
        make_client(raising(exc)).send_message(TEXT)
    assert caught.value.retryable
    assert caught.value.http_status is None


def test_a_read_timeout_on_a_lookup_is_transient_because_reads_are_safe_to_repeat():
    with pytest.raises(TransientError):
        make_client(raising(httpx.ReadTimeout)).get_message(UMID)


def test_batch_surfaces_each_item_with_its_own_state():
    body = {
        "batchId": "bd5ae9bf-19ef-4d45-8a0e-c4fb3a2a5a3e",
        "clientBatchId": "campaign-7",
        "acceptedCount": 1,
        "rejectedCount": 1,
        "messages": [
            {**ACCEPTED, "clientMessageId": "aaa-1"},
            {
                "umid": "15bb7d3c-8d3c-4a4e-bd1a-7d6a0a8c8f20",
                "user": {"msisdn": "+65000001"},
                "clientMessageId": "aaa-2",
                "status": {
                    "state": "rejected",
                    "timestamp": "2020-01-04T08:19:45.99Z",
                    "errorCode": 3038,
                    "errorMessage": "Template not found for provided name and language",
                },
            },
        ],
    }
    assert contract_errors("batch_response", body) == []
    result = make_client(answer(200, body)).send_batch({"messages": [TEXT, TEXT]})
    assert (result.batch_id, result.client_batch_id) == (body["batchId"], "campaign-7")
    assert (result.accepted_count, result.rejected_count) == (1, 1)
    first, second = result.items
    assert (first.client_message_id, first.state, first.rejected) == ("aaa-1", "queued", False)
    assert (second.client_message_id, second.msisdn, second.rejected) == (
        "aaa-2",
        "+65000001",
        True,
    )
    assert (second.error_code, second.umid) == (3038, "15bb7d3c-8d3c-4a4e-bd1a-7d6a0a8c8f20")


def test_get_message_quotes_the_umid_and_a_missing_one_is_not_found():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path.decode())
        return httpx.Response(404, json=error_body(1300, "Message not found."))

    with pytest.raises(NotFoundError) as caught:
        make_client(handler).get_message("a/b")
    assert seen == [f"/api/v1/subaccounts/{SUB}/messages/a%2Fb"]
    assert caught.value.code == 1300


def test_list_templates_reads_the_templates_array_from_the_channel_path():
    seen: list[str] = []
    templates = [{"templateName": "order_update", "language": "en_GB", "status": "APPROVED"}]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={"templates": templates})

    assert make_client(handler).list_templates() == templates
    assert seen == [
        "/api/v1/accounts/ChatAppsDemo/channels/4f9478dd-b3db-475c-9e49-778d8c87046b/templates"
    ]


def test_list_templates_refuses_a_body_without_a_list():
    with pytest.raises(PermanentError):
        make_client(answer(200, {"nothing": True})).list_templates()


def test_create_and_delete_template_use_the_template_paths():
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.raw_path.decode()))
        return httpx.Response(200, json={})

    client = make_client(handler)
    assert client.create_template({"name": "x", "language": "en"}) == {}
    client.delete_template("old name")
    assert seen[0][0] == "POST" and seen[0][1].endswith("/templates")
    assert seen[1] == ("DELETE", seen[0][1] + "/old%20name")


def test_409_on_template_create_is_permanent():
    body = error_body(3060, "Template is being deleted")
    with pytest.raises(PermanentError) as caught:
        make_client(answer(409, body)).create_template({"name": "x"})
    assert caught.value.code == 3060


def test_upload_sends_multipart_and_builds_the_absolute_download_url():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            201,
            json={"fileName": "a350.jpeg", "token": "Cf+DJ8"},
            headers={"Location": "/files/a350.jpeg?token=Cf+DJ8"},
        )

    result = make_client(handler).upload_file(
        filename="cat.jpg", content=b"\xff\xd8jpeg", content_type="image/jpeg"
    )
    request = seen[0]
    assert request.url.path == f"/api/v1/subaccounts/{SUB}/files"
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="file"; filename="cat.jpg"' in request.content
    assert b"\xff\xd8jpeg" in request.content
    assert (result.file_name, result.token) == ("a350.jpeg", "Cf+DJ8")
    assert result.url == f"{BASE}/files/a350.jpeg?token=Cf%2BDJ8"


def test_upload_falls_back_to_the_location_header_resolved_under_the_base_path():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, headers={"Location": "/sandbox/files/f.pdf?token=t1"})

    client = make_client(handler, base_url="http://127.0.0.1:8000/sandbox")
    result = client.upload_file(filename="f.pdf", content=b"%PDF", content_type="application/pdf")
    assert result.url == "http://127.0.0.1:8000/sandbox/files/f.pdf?token=t1"
    assert (result.file_name, result.token) == ("f.pdf", "t1")


def test_upload_too_large_is_permanent():
    with pytest.raises(PermanentError) as caught:
        make_client(
            answer(413, error_body(7001, "Request size must not exceed 100 MB"))
        ).upload_file(filename="big.mp4", content=b"0", content_type="video/mp4")
    assert caught.value.code == 7001
    assert "100 MB" in caught.value.explanation


def test_get_client_is_built_once_from_settings_and_reset_rebuilds_it(settings):
    settings.CHATAPPS_BASE_URL = "https://chatapps.8x8.uk"
    first = get_client()
    assert get_client() is first
    assert first.base_url == "https://chatapps.8x8.uk"
    reset_client()
    assert get_client() is not first


def test_changing_a_chatapps_setting_forgets_the_client(settings):
    first = get_client()
    settings.CHATAPPS_SUBACCOUNT_ID = "Other_WA"
    assert get_client() is not first
    assert get_client().subaccount_id == "Other_WA"


def test_set_client_installs_a_client_for_everyone():
    client = make_client(answer(200, ACCEPTED))
    set_client(client)
    try:
        assert get_client() is client
    finally:
        reset_client()
