"""chatapps.validation.batch: batch bodies, their defaults and their per-message problems."""

from __future__ import annotations

import copy

import pytest

from chatapps.validation import (
    MAX_BATCH,
    Problem,
    batch_item_problems,
    batch_level_problems,
    merged_messages,
    validate_batch,
)
from tests.chatapps.bodies import USER, base, changed


def batch(*messages: object, **fields: object) -> dict[str, object]:
    return {"messages": list(messages), **fields}


TEMPLATE_DEFAULTS = {
    "type": "template",
    "content": {"template": {"name": "order_update", "language": "en"}},
}


class TestBatch:
    def test_items_take_the_defaults_they_lack(self):
        body = batch(
            {"user": {"msisdn": "+6511111111"}, "clientMessageId": "a-1"},
            {"user": {"msisdn": "+6522222222"}, "clientMessageId": "a-2"},
            template=TEMPLATE_DEFAULTS,
        )
        assert validate_batch(body) == []
        assert merged_messages(body)[1] == {
            "user": {"msisdn": "+6522222222"},
            "clientMessageId": "a-2",
            **TEMPLATE_DEFAULTS,
        }

    def test_an_items_own_property_wins_whole(self):
        own_text = {"user": USER, "type": "text", "content": {"text": "hi"}}
        own_content = {"user": USER, "content": {"fallbackText": "SMS instead"}}
        body = batch(own_text, own_content, template=TEMPLATE_DEFAULTS)
        # `content` is merged per property, not deeply: item 1 keeps its content, without template.
        assert batch_item_problems(body) == {
            1: [Problem("$.messages[1].content.template", "content.template is required", 3030)]
        }

    def test_it_reports_items_separately_from_the_batch(self):
        body = batch(base("text"), changed("text", ("user.msisdn", "+0")), clientBatchId="b" * 101)
        assert batch_level_problems(body) == [
            Problem("$.clientBatchId", "clientBatchId is 101 characters; 8x8 allows 100", 3014)
        ]
        items = batch_item_problems(body)
        assert list(items) == [1]
        assert [problem.path for problem in items[1]] == ["$.messages[1].user.msisdn"]
        assert validate_batch(body) == batch_level_problems(body) + items[1]

    @pytest.mark.parametrize(
        ("body", "path", "code", "words"),
        [
            pytest.param([], "$", 1000, "batch body must be a JSON object", id="not-object"),
            pytest.param({}, "$.messages", 3012, "messages is required", id="messages-missing"),
            pytest.param(
                batch(), "$.messages", 3012, "at least 1 message (got 0)", id="messages-empty"
            ),
            pytest.param(
                {"messages": {"user": {}}},
                "$.messages",
                3012,
                "must be an array",
                id="messages-object",
            ),
            pytest.param(
                batch(base("text"), clientBatchId=5),
                "$.clientBatchId",
                1000,
                "must be a string",
                id="batch-id-number",
            ),
            pytest.param(
                batch(base("text"), includeMessagesInResponse="yes"),
                "$.includeMessagesInResponse",
                1000,
                "must be true or false (got string)",
                id="include-not-boolean",
            ),
            pytest.param(
                batch(base("text"), template=[]),
                "$.template",
                1000,
                "must be a JSON object",
                id="defaults-not-object",
            ),
        ],
    )
    def test_it_reports_batch_level_problems(self, body, path, code, words):
        problems = batch_level_problems(body)
        assert any(p.path == path and p.code == code and words in p.message for p in problems), (
            problems
        )
        assert batch_item_problems(body) == {}

    def test_more_than_max_batch_messages_is_too_many(self):
        body = batch(*([base("text")] * (MAX_BATCH + 1)))
        expected = Problem("$.messages", "at most 10000 messages per batch (got 10001)", 3013)
        assert batch_level_problems(body) == [expected]
        assert validate_batch(body) == [expected]

    def test_max_batch_messages_is_fine(self):
        assert batch_level_problems(batch(*([base("text")] * MAX_BATCH))) == []

    def test_an_item_that_is_not_an_object_is_rejected_alone(self):
        assert batch_item_problems(batch(base("text"), "hello")) == {
            1: [Problem("$.messages[1]", "message body must be a JSON object (got string)", 1000)]
        }

    def test_merging_leaves_the_body_alone(self):
        body = batch({"user": USER}, template=TEMPLATE_DEFAULTS)
        before = copy.deepcopy(body)
        validate_batch(body)
        merged_messages(body)
        assert body == before
