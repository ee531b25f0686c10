"""Every answer the sandbox gives matches 8x8's published response schemas, so the product is tested
against the shapes the real API returns."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from tests.contract import contract_errors

TEXT = {"user": {"msisdn": "+6591234567"}, "type": "text", "content": {"text": "Hello"}}
TEMPLATE = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#1"}]}],
        }
    },
}


@pytest.fixture(autouse=True)
def no_broker(sandbox_offline):
    """Answers are under test here, not the receipts they schedule."""


@pytest.fixture
def api(db):
    client = Client(headers={"Authorization": f"Bearer {settings.CHATAPPS_API_KEY}"})
    base = f"/sandbox/api/v1/subaccounts/{settings.CHATAPPS_SUBACCOUNT_ID}/messages"
    templates = (
        f"/sandbox/api/v1/accounts/{settings.CHATAPPS_ACCOUNT_ID}"
        f"/channels/{settings.CHATAPPS_CHANNEL_ID}/templates"
    )
    return client, base, templates


def post(client: Client, url: str, body: object):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_single_send_answer(api):
    client, base, _ = api
    response = post(client, base, TEXT)
    assert response.status_code == 200
    assert contract_errors("single_message_response", response.json()) == []


def test_batch_answer_with_accepted_and_rejected_items(api):
    client, base, _ = api
    unknown = {**TEMPLATE["content"]["template"], "name": "nope"}
    missing = {**TEMPLATE, "content": {"template": unknown}}
    body = {
        "messages": [TEMPLATE, missing],
        "includeMessagesInResponse": True,
        "clientBatchId": "b1",
    }
    response = post(client, base + "/batch", body)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["acceptedCount"], answer["rejectedCount"]) == (1, 1)
    assert contract_errors("batch_response", answer) == []


def test_message_details_answer(api):
    client, base, _ = api
    umid = post(client, base, TEXT).json()["umid"]
    response = client.get(f"{base}/{umid}")
    assert response.status_code == 200
    assert contract_errors("message_details_response", response.json()) == []


def test_template_list_answer(api):
    client, _, templates = api
    response = client.get(templates)
    assert response.status_code == 200
    assert len(response.json()["templates"]) >= 8
    assert contract_errors("template_list_response", response.json()) == []


def test_file_upload_answer(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client, _, _ = api
    url = f"/sandbox/api/v1/subaccounts/{settings.CHATAPPS_SUBACCOUNT_ID}/files"
    with open(tmp_path / "photo.jpg", "wb") as handle:
        handle.write(b"\xff\xd8\xff\xe0" + b"0" * 100)
    with open(tmp_path / "photo.jpg", "rb") as handle:
        response = client.post(url, {"file": handle})
    assert response.status_code == 201
    assert contract_errors("file_upload_response", response.json()) == []


@pytest.mark.parametrize(
    "headers, body, status",
    [
        ({"Authorization": "Bearer wrong"}, TEXT, 401),
        (None, {**TEXT, "user": {"msisdn": "not a number"}}, 400),
        (None, {**TEMPLATE, "content": {"template": {"name": "nope", "language": "en"}}}, 400),
        (None, "{not json", 400),
    ],
    ids=["bad-key", "bad-msisdn", "unknown-template", "not-json"],
)
def test_error_answers(api, headers, body, status):
    client, base, _ = api
    if headers:
        client = Client(headers=headers)
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(base, data, content_type="application/json")
    assert response.status_code == status
    assert contract_errors("error_response", response.json()) == []


def test_a_null_channel_user_id_is_not_echoed_as_null(api):
    client, base, _ = api
    body = {**TEXT, "user": {"msisdn": "+6591234567", "channelUserId": None}}
    answer = post(client, base, body).json()

    assert answer["user"] == {"msisdn": "+6591234567"}
    assert contract_errors("single_message_response", answer) == []


def test_a_batch_item_with_an_invalid_number_is_rejected_without_echoing_it(api):
    client, base, _ = api
    bad = {**TEMPLATE, "user": {"msisdn": "+65 not-a-number", "channelUserId": None}}
    body = {"messages": [TEMPLATE, bad], "includeMessagesInResponse": True}
    answer = post(client, base + "/batch", body).json()

    rejected = [item for item in answer["messages"] if item["status"]["state"] == "rejected"]
    assert len(rejected) == 1
    assert rejected[0]["user"] == {}  # nothing of the bad recipient is handed back as a field
    assert contract_errors("batch_response", answer) == []
