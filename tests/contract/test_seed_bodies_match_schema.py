"""The seed bodies match 8x8's request schemas, once written in the canonical spelling.

8x8's schema has exact-case enums, while its documented bodies (and so the seeds) say "Image",
"Button", subType 1 and index "0", which the real API accepts. The contract is therefore checked
on bodies after chatapps.validation.normalise_message.
"""

from __future__ import annotations

import pytest

from chatapps.management.commands.chatapps_validate import fragment_message
from chatapps.validation import merged_messages, normalise_message
from tests.contract import contract_errors, schema_names
from tests.fixtures import BATCH_SEED, FRAGMENT_SEED, SEED_PATHS, load_seed

SINGLE_SEEDS = [path.name for path in SEED_PATHS if path.name not in (FRAGMENT_SEED, BATCH_SEED)]


@pytest.mark.parametrize("name", SINGLE_SEEDS)
def test_single_seed_matches_the_send_request_schema(name):
    assert contract_errors("send_message_request", normalise_message(load_seed(name))) == []


def test_the_fragment_seed_matches_inside_a_template_message():
    body = normalise_message(fragment_message(load_seed(FRAGMENT_SEED)))
    assert contract_errors("send_message_request", body) == []


def test_the_batch_seed_matches_the_batch_request_schema():
    body = load_seed(BATCH_SEED)
    normalised = {**body, "messages": [normalise_message(m) for m in merged_messages(body)]}
    assert contract_errors("batch_request", normalised) == []


def test_the_lenient_spellings_need_normalising_first():
    errors = contract_errors("send_message_request", load_seed("04-template-authentication.json"))
    assert "$.content.template.components[1].type: 'Button' is not one of" in " ".join(errors)
    assert any("components[1].subType: 1 is not of type 'string'" in error for error in errors)


def test_it_reports_a_body_that_breaks_the_contract():
    errors = contract_errors("send_message_request", {"type": "text", "content": {"text": 5}})
    assert errors == [
        "$.content.text: 5 is not of type 'string'",
        "$: 'user' is a required property",
    ]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (
            "single_message_response",
            {
                "umid": "3e4a5b9c-0c6d-4f1e-9a8b-2c3d4e5f6a7b",
                "user": {"msisdn": "+6512341234"},
                "clientMessageId": "1234_id",
                "status": {"state": "queued", "timestamp": "2021-01-04T08:19:45.99Z"},
            },
        ),
        (
            "batch_response",
            {
                "batchId": "3e4a5b9c-0c6d-4f1e-9a8b-2c3d4e5f6a7b",
                "acceptedCount": 2,
                "rejectedCount": 0,
            },
        ),
        (
            "error_response",
            {
                "code": 1002,
                "message": "Invalid MSISDN format (not E.164 international number)",
                "errorId": "3e4a5b9c-0c6d-4f1e-9a8b-2c3d4e5f6a7b",
                "timestamp": "2021-01-04T08:19:45.99Z",
            },
        ),
        ("file_upload_response", {"fileName": "a350.jpeg", "token": "CfDJ8"}),
        ("template_list_response", {"templates": [{"templateName": "promo", "language": "en_US"}]}),
    ],
)
def test_8x8s_documented_responses_match(name, body):
    assert contract_errors(name, body) == []


def test_formats_are_checked():
    body = {"code": 1002, "errorId": "not-a-uuid", "timestamp": "yesterday"}
    assert contract_errors("error_response", body) == [
        "$.errorId: 'not-a-uuid' is not a 'uuid'",
        "$.timestamp: 'yesterday' is not a 'date-time'",
    ]


def test_it_knows_the_schemas_we_use():
    assert schema_names() == [
        "batch_request",
        "batch_response",
        "error_response",
        "file_upload_response",
        "message_content",
        "message_details_response",
        "send_message_request",
        "single_message_response",
        "template_list_response",
    ]
