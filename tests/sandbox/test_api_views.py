"""The 8x8 API endpoints: answers, errors and what is stored, through the Django test client."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from sandbox import selectors
from sandbox.models import SandboxMessage, SandboxTemplate
from tests.sandbox import bodies
from tests.sandbox.answers import TIMESTAMP, assert_error_body

# -- single send ---------------------------------------------------------------------------------


def test_a_text_message_is_accepted_queued_and_stored(api):
    response = api.send(bodies.text(client_message_id="cm-1"))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"umid", "user", "clientMessageId", "status"}
    uuid.UUID(body["umid"])
    assert body["user"] == {"msisdn": bodies.CUSTOMER}
    assert body["clientMessageId"] == "cm-1"
    assert body["status"]["state"] == "queued"
    assert TIMESTAMP.fullmatch(body["status"]["timestamp"])
    stored = SandboxMessage.objects.get(umid=body["umid"])
    assert (stored.msisdn, stored.type, stored.state) == (bodies.CUSTOMER, "text", "queued")
    assert stored.body["content"] == {"text": "Hello"}
    assert selectors.accepted_count() == 1


def test_the_timetable_starts_after_commit_with_the_delivery_delay(
    api, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.send(bodies.text())

    assert enqueued == [
        ("sandbox.tasks.sandbox_receipts_task", ([SandboxMessage.objects.get().pk], "delivered"), 2)
    ]


def test_mixed_case_types_from_8x8s_own_samples_are_accepted_and_stored_canonically(api):
    body = bodies.text()
    body["type"] = "Text"

    response = api.send(body)

    assert response.status_code == 200
    assert SandboxMessage.objects.get().type == "text"


def test_a_national_number_with_a_country_is_stored_in_e164(api):
    response = api.send(
        {"user": {"msisdn": "91234567", "country": "SG"}, "type": "text", "content": {"text": "Hi"}}
    )

    assert response.status_code == 200
    assert response.json()["user"] == {"msisdn": "91234567", "country": "SG"}
    assert SandboxMessage.objects.get().msisdn == "+6591234567"


def test_an_invalid_body_is_refused_with_the_first_problems_code_and_every_problem_listed(api):
    response = api.send({"user": {"msisdn": "12345"}, "type": "text", "content": {}})

    body = assert_error_body(response, 400, 1002)
    assert "user.msisdn" in body["message"]
    assert "content.text" in body["message"]
    assert selectors.accepted_count() == 0
    assert selectors.rejected_count() == 1


def test_a_body_that_is_not_json_is_refused_with_code_1000(api):
    response = api.send("{not json")

    assert_error_body(response, 400, 1000)
    assert SandboxMessage.objects.count() == 0


def test_a_json_array_is_refused_as_an_invalid_parameter(api):
    response = api.send([1, 2])

    assert_error_body(response, 400, 1000)


def test_a_missing_api_key_is_refused_with_code_1200(db):
    response = Client().post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/messages",
        "{}",
        content_type="application/json",
    )

    body = assert_error_body(response, 401, 1200)
    assert body["message"] == "Request was not authenticated properly"


def test_a_wrong_api_key_is_refused_with_code_1200(db):
    response = Client().post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/messages",
        "{}",
        content_type="application/json",
        headers={"Authorization": "Bearer not-the-key"},
    )

    assert_error_body(response, 401, 1200)
    assert SandboxMessage.objects.count() == 0


def test_another_sub_account_is_refused_with_code_1001(api):
    response = api.post("/sandbox/api/v1/subaccounts/SomeoneElse_WA/messages", bodies.text())

    body = assert_error_body(response, 401, 1001)
    assert body["message"] == "Provided subAccountId doesn't belongs to your account"
    assert SandboxMessage.objects.count() == 0


def test_get_on_the_send_endpoint_is_not_allowed(api):
    assert api.get(api.messages_url).status_code == 405


# -- template sends ------------------------------------------------------------------------------


def test_a_template_send_that_fits_the_seed_template_is_accepted(api):
    response = api.send(bodies.order_update())

    assert response.status_code == 200
    assert SandboxMessage.objects.get().pricing_category == "utility"


def test_an_unknown_template_is_refused_with_3038(api):
    response = api.send(bodies.template("no_such_template", "en", [bodies.body_params("x")]))

    body = assert_error_body(response, 400, 3038)
    assert body["message"] == "Template not found for provided name and language"


def test_a_known_template_in_another_language_is_refused_with_3038(api):
    response = api.send(bodies.template("order_update", "en_US", [bodies.body_params("x")]))

    assert_error_body(response, 400, 3038)


def test_a_template_send_missing_its_body_parameter_is_refused_with_3040(api):
    response = api.send(bodies.template("order_update", "en_GB", []))

    body = assert_error_body(response, 400, 3040)
    assert body["message"].startswith("Empty template parameters")
    assert selectors.rejected_count() == 1


def test_an_extra_body_parameter_is_refused_with_3041(api):
    response = api.send(bodies.template("order_update", "en_GB", [bodies.body_params("a", "b")]))

    body = assert_error_body(response, 400, 3041)
    assert body["message"].startswith("Invalid Template parameter")


def test_a_media_header_template_without_its_image_is_refused_with_3040(api):
    response = api.send(bodies.template("new_collection", "en"))

    assert_error_body(response, 400, 3040)


def test_a_media_header_with_the_wrong_media_type_is_refused_with_3041(api):
    header = {
        "type": "header",
        "parameters": [{"type": "document", "url": "https://example.com/a.pdf"}],
    }

    response = api.send(bodies.template("new_collection", "en", [header]))

    assert_error_body(response, 400, 3041)


# -- batch ---------------------------------------------------------------------------------------


def test_a_batch_with_good_and_bad_items_answers_200_with_each_item_accepted_or_rejected(api):
    batch = {
        "clientBatchId": "batch-7",
        "includeMessagesInResponse": True,
        "messages": [
            bodies.text(client_message_id="a-1"),
            {
                **bodies.template("no_such", "en", [bodies.body_params("x")]),
                "clientMessageId": "a-2",
            },
            bodies.text("12345", client_message_id="a-3"),
        ],
    }

    response = api.batch(batch)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"batchId", "clientBatchId", "acceptedCount", "rejectedCount", "messages"}
    assert (body["acceptedCount"], body["rejectedCount"], body["clientBatchId"]) == (
        1,
        2,
        "batch-7",
    )
    states = [(m["clientMessageId"], m["status"]["state"]) for m in body["messages"]]
    assert states == [("a-1", "queued"), ("a-2", "rejected"), ("a-3", "rejected")]
    rejected = body["messages"][1]["status"]
    assert rejected["errorCode"] == 3038
    assert rejected["errorMessage"] == "Template not found for provided name and language"
    assert body["messages"][2]["status"]["errorCode"] == 1002
    assert SandboxMessage.objects.filter(batch_id=body["batchId"]).count() == 3
    assert selectors.accepted_count() == 1


def test_a_batch_lists_no_messages_unless_asked(api):
    response = api.batch({"messages": [bodies.text()]})

    assert response.status_code == 200
    assert "messages" not in response.json()
    assert response.json()["acceptedCount"] == 1


def test_batch_defaults_fill_each_message(api):
    batch = {
        "template": {"type": "template", "content": bodies.order_update()["content"]},
        "messages": [{"user": {"msisdn": "+6511111111"}}, {"user": {"msisdn": "+6522222222"}}],
    }

    response = api.batch(batch)

    assert response.json()["acceptedCount"] == 2
    assert set(SandboxMessage.objects.values_list("type", flat=True)) == {"template"}


def test_a_batch_without_messages_is_refused_whole_with_a_400(api):
    response = api.batch({"messages": []})

    assert_error_body(response, 400, 3012)
    assert SandboxMessage.objects.count() == 0


def test_a_batch_schedules_one_timetable_task_for_all_accepted_messages(
    api, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.batch({"messages": [bodies.text(), bodies.text("+6522222222"), bodies.text("bad")]})

    accepted = list(SandboxMessage.objects.filter(state="queued").values_list("pk", flat=True))
    assert enqueued == [("sandbox.tasks.sandbox_receipts_task", (accepted, "delivered"), 2)]


# -- duplicates ----------------------------------------------------------------------------------


def test_a_repeated_client_message_id_is_accepted_again_but_counted_as_a_duplicate(api):
    first = api.send(bodies.text(client_message_id="same"))
    second = api.send(bodies.text(client_message_id="same"))

    assert first.status_code == second.status_code == 200
    assert first.json()["umid"] != second.json()["umid"]
    assert selectors.accepted_count() == 2
    assert selectors.duplicate_count() == 1
    assert list(SandboxMessage.objects.values_list("is_duplicate", flat=True)) == [False, True]
    assert selectors.sent_counts_by_client_message_id() == {"same": 2}


def test_a_rejected_send_does_not_make_the_next_one_a_duplicate(api):
    api.send({**bodies.text("bad"), "clientMessageId": "retry-me"})
    api.send(bodies.text(client_message_id="retry-me"))

    assert selectors.duplicate_count() == 0
    assert SandboxMessage.objects.get(state="queued").is_duplicate is False


# -- message details -----------------------------------------------------------------------------


def test_message_details_answer_one_masked_record(api):
    sent = api.send(bodies.text(client_message_id="cm-9")).json()

    response = api.get(f"{api.messages_url}/{sent['umid']}")

    assert response.status_code == 200
    [record] = response.json()["data"]
    assert record["umid"] == sent["umid"]
    assert record["channel"] == "WhatsApp"
    assert record["direction"] == "Outbound"
    assert record["user"]["msisdn"] == "+659123xxxx"
    assert record["content"] == "**MASKED**"
    assert record["contentType"] == "Text"
    assert record["status"]["state"] == "queued"
    assert record["step"] == 1
    assert record["country"] == "SG"
    assert record["clientMessageId"] == "cm-9"


def test_details_are_answered_once_a_second_like_8x8_then_429_with_retry_after(api):
    sent = api.send(bodies.text(client_message_id="cm-10")).json()
    assert api.get(f"{api.messages_url}/{sent['umid']}").status_code == 200

    response = api.get(f"{api.messages_url}/{sent['umid']}")

    body = assert_error_body(response, 429, 429)
    assert response["Retry-After"] == "1"
    assert "1 second(s)" in body["message"]


def test_every_api_call_is_logged_with_its_answer(api):
    api.batch({"messages": [bodies.text(), bodies.text()], "clientBatchId": "chunk-7"})
    api.get(f"{api.messages_url}/{uuid.uuid4()}")

    logged = list(selectors.requests_log().values_list("method", "endpoint", "status"))
    assert logged == [("POST", "api-batch", 200), ("GET", "api-message", 404)]
    batch = selectors.requests_log().first()
    assert batch.client_batch_id == "chunk-7"
    assert batch.arrived_at <= batch.answered_at


def test_details_of_an_unknown_umid_are_404_code_1300(api):
    response = api.get(f"{api.messages_url}/{uuid.uuid4()}")

    body = assert_error_body(response, 404, 1300)
    assert body["message"] == "Message not found."


def test_details_of_a_malformed_umid_are_400_code_1000(api):
    assert_error_body(api.get(f"{api.messages_url}/not-a-uuid"), 400, 1000)


# -- switched off --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/messages",
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/messages/batch",
        "/sandbox/api/v1/accounts/ChatAppsDemo/channels/4f9478dd-b3db-475c-9e49-778d8c87046b/templates",
        "/sandbox/files/abc.jpg?token=x",
    ],
)
def test_every_api_path_is_404_while_the_sandbox_is_off(api, settings, path):
    settings.SANDBOX_ENABLED = False

    assert api.get(path).status_code == 404
    assert api.post(path, bodies.text()).status_code == 404
    assert SandboxMessage.objects.count() == 0


def test_a_body_nested_too_deeply_is_refused_not_a_server_error(api):
    response = api.send("[" * 100_000 + "]" * 100_000)

    assert_error_body(response, 400, 1000)


def test_a_template_create_body_of_the_wrong_shape_is_refused_not_a_server_error(api):
    for body in ([], {"name": 5, "language": [], "category": None, "components": [1, {"type": 2}]}):
        response = api.post(api.templates_url, body)
        assert response.status_code == 400
    assert not SandboxTemplate.objects.filter(category="").exists()
