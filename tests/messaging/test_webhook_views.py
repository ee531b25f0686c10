"""POST /webhooks/8x8/: the secret check, storing each event once, and enqueueing after commit."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from messaging import enqueue
from messaging.models import InboundMessage, WebhookEvent
from tests.chatapps.events import SECRET, inbound, receipt, template_status

URL = "/webhooks/8x8/"


@pytest.fixture
def enqueued(monkeypatch) -> list[str]:
    """Tasks handed to the broker, by name."""
    names: list[str] = []
    monkeypatch.setattr(enqueue, "_send", lambda name, args: names.append(name))
    return names


def post(body: object, *, auth: str | None = SECRET, raw: bytes | None = None):
    headers = {"HTTP_AUTHORIZATION": auth} if auth is not None else {}
    data = raw if raw is not None else json.dumps(body)
    return Client().post(URL, data=data, content_type="application/json", **headers)


def test_the_url_is_the_named_route():
    assert reverse("webhooks:8x8") == URL


@pytest.mark.django_db
def test_it_rejects_a_missing_secret_and_stores_nothing(enqueued):
    response = post(inbound(), auth=None)
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert enqueued == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "auth", ["wrong", f"Bearer {SECRET}", SECRET.upper(), SECRET + " ", SECRET[:-1], ""]
)
def test_it_rejects_anything_but_the_secret_verbatim(auth, enqueued):
    assert post(inbound(), auth=auth).status_code == 401
    assert WebhookEvent.objects.count() == 0


@pytest.mark.django_db
def test_it_rejects_bad_json_with_a_wrong_secret_as_401_not_400():
    assert post(None, auth="wrong", raw=b"{not json").status_code == 401


@pytest.mark.django_db
def test_it_accepts_every_configured_secret_so_one_can_be_rotated(settings, enqueued):
    settings.CHATAPPS_WEBHOOK_SECRETS = ["old-secret", "Bearer new-secret"]
    assert post(inbound(), auth="old-secret").status_code == 200
    assert post(inbound(), auth="Bearer new-secret").status_code == 200
    assert post(inbound(), auth="new-secret").status_code == 401
    assert WebhookEvent.objects.count() == 2


@pytest.mark.django_db
def test_with_no_secrets_configured_everything_is_refused(settings):
    settings.CHATAPPS_WEBHOOK_SECRETS = []
    assert post(inbound(), auth="").status_code == 401
    assert WebhookEvent.objects.count() == 0


@pytest.mark.django_db
def test_it_stores_an_event_answers_ok_and_enqueues_after_commit(
    enqueued, django_capture_on_commit_callbacks
):
    body = inbound()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(body)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    event = WebhookEvent.objects.get()
    assert (event.kind, event.event_type, event.state) == (
        "inbound",
        "inbound_message_received",
        "pending",
    )
    assert event.umid == body["payload"]["umid"]
    assert event.body == body
    # One batch apply for the request, not one task per event.
    assert enqueued == [enqueue.WEBHOOK_EVENTS_APPLY]
    # Nothing is applied in the request: that is the worker's job.
    assert InboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_a_duplicate_delivery_is_stored_once_and_answered_ok(
    enqueued, django_capture_on_commit_callbacks
):
    body = receipt(umid="6e1c3b9e-0b7a-4f43-9c43-0d4a7a3c5a11")
    with django_capture_on_commit_callbacks(execute=True):
        first = post(body)
    # 8x8's retry may serialise the keys in another order: still the same event.
    reordered = json.dumps(body, sort_keys=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = post(None, raw=reordered.encode())
    assert (first.status_code, second.status_code) == (200, 200)
    assert WebhookEvent.objects.count() == 1
    # The repeat stored nothing, so it woke no worker.
    assert enqueued == [enqueue.WEBHOOK_EVENTS_APPLY]


@pytest.mark.django_db
def test_it_classifies_receipts_and_template_events(enqueued):
    post(receipt(umid="u-1"))
    post(template_status(name="order_update", language="en_GB", status="REJECTED"))
    post({"namespace": "ChatApps", "eventType": "external_app_message", "payload": {}})
    kinds = dict(WebhookEvent.objects.values_list("event_type", "kind"))
    assert kinds == {
        "outbound_message_status_changed": "receipt",
        "template_status_update": "template",
        "external_app_message": "other",
    }


@pytest.mark.django_db
def test_a_list_of_events_is_stored_one_row_each(enqueued):
    assert post([inbound(), inbound()]).status_code == 200
    assert WebhookEvent.objects.count() == 2


def receipt_with(**payload: object) -> dict:
    body = receipt(umid="u-1")
    body["payload"].update(payload)
    return body


HUGE = 3 * 1024 * 1024  # over Django's 2.5 MB request body limit
# (what is wrong, the raw body, words of the reason the answer and the log give)
MALFORMED: list[tuple[str, bytes, str]] = [
    ("not JSON", b"{not json", "not valid JSON"),
    ("empty", b"", "not valid JSON"),
    ("NaN", b'{"a": NaN}', "not valid JSON"),
    ("nested too deep", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ("bad UTF-8", b'{"eventType": "inbound_message_received", "x": "\xff\xfe"}', "not valid JSON"),
    ("bad UTF-8 bytes", b"\xff\xfe", "not valid JSON"),
    ("a JSON string", b'"text"', "JSON object"),
    ("a JSON number", b"42", "JSON object"),
    ("an empty array", b"[]", "JSON object"),
    ("an array of numbers", b"[1, 2]", "JSON object"),
    ("an array with a string", json.dumps([inbound(), "x"]).encode(), "JSON object"),
    ("no eventType", json.dumps({"payload": {"umid": "u"}}).encode(), "eventType is missing"),
    (
        "eventType a number",
        json.dumps({"eventType": 7, "payload": {}}).encode(),
        "eventType must be a string",
    ),
    ("eventType a list", json.dumps({"eventType": ["x"]}).encode(), "eventType must be a string"),
    (
        "payload a string",
        json.dumps({**inbound(), "payload": "hello"}).encode(),
        "payload must be an object",
    ),
    (
        "payload a list",
        json.dumps({**receipt(umid="u"), "payload": []}).encode(),
        "payload must be an object",
    ),
    (
        "payload missing",
        json.dumps({"eventType": "inbound_message_received"}).encode(),
        "payload is missing",
    ),
    (
        "umid a number",
        json.dumps(receipt_with(umid=12345)).encode(),
        "payload.umid must be a string",
    ),
    (
        "user a string",
        json.dumps(receipt_with(user="+659")).encode(),
        "payload.user must be an object",
    ),
    (
        "status a list",
        json.dumps(receipt_with(status=["read"])).encode(),
        "payload.status must be an object",
    ),
    (
        "second event bad",
        json.dumps([inbound(), {"eventType": 1}]).encode(),
        "Event 2 of 2: eventType",
    ),
    ("a NUL in a text", json.dumps(inbound(text="a\u0000b")).encode(), "NUL character"),
    ("half a surrogate pair", b'{"eventType": "x", "payload": {"t": "\\ud800"}}', "surrogate"),
    ("huge", b'{"eventType": "x", "pad": "' + b"a" * HUGE + b'"}', "over 2621440 bytes"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "reason"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_body_is_refused_with_its_reason_and_logged(raw, reason, enqueued, caplog):
    with caplog.at_level("WARNING", logger="messaging.webhook_views"):
        response = Client(raise_request_exception=False).post(
            URL, data=raw, content_type="application/json", HTTP_AUTHORIZATION=SECRET
        )
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert WebhookEvent.objects.count() == 0
    assert enqueued == []
    (record,) = [r for r in caplog.records if r.name == "messaging.webhook_views"]
    assert record.levelname == "WARNING"
    logged = record.getMessage()
    assert reason in logged
    assert f"{len(raw)} bytes" in logged
    assert len(logged) < 300  # the reason and the size, never the body


@pytest.mark.django_db
def test_a_business_event_without_an_event_type_is_still_stored(enqueued):
    body = template_status(name="order_update", language="en_GB", status="APPROVED")
    del body["eventType"]
    assert post(body).status_code == 200
    assert WebhookEvent.objects.get().kind == "template"


@pytest.mark.django_db
def test_it_rejects_get():
    response = Client().get(URL, HTTP_AUTHORIZATION=SECRET)
    assert response.status_code == 405


@pytest.mark.django_db
def test_it_needs_no_login_and_no_csrf_token(enqueued):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        URL, data=json.dumps(inbound()), content_type="application/json", HTTP_AUTHORIZATION=SECRET
    )
    assert response.status_code == 200
    assert WebhookEvent.objects.count() == 1
