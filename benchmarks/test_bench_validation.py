"""How fast bodies are checked: every send path and the sandbox validate each message."""

from __future__ import annotations

import copy

from chatapps.validation import validate_batch, validate_message

TEMPLATE_MESSAGE = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {
        "template": {
            "name": "promo_cta",
            "language": "en_US",
            "components": [
                {
                    "type": "header",
                    "parameters": [{"type": "image", "url": "https://example.com/a.jpg"}],
                },
                {"type": "body", "parameters": [{"type": "text", "text": "12345"}]},
                {
                    "type": "button",
                    "subType": "url",
                    "index": 0,
                    "parameters": [{"type": "text", "text": "x"}],
                },
            ],
        }
    },
}
LIST_MESSAGE = {
    "user": {"msisdn": "+6591234567"},
    "type": "interactive",
    "content": {
        "interactive": {
            "type": "list",
            "header": {"type": "text", "text": "Slots"},
            "body": {"text": "Pick a slot"},
            "action": {
                "button": "Book",
                "sections": [
                    {
                        "title": f"Day {s}",
                        "rows": [{"id": f"r{s}-{r}", "title": f"Slot {r}"} for r in range(5)],
                    }
                    for s in range(2)
                ],
            },
        }
    },
}


def test_validate_one_template_message(benchmark):
    assert benchmark(validate_message, TEMPLATE_MESSAGE) == []


def test_validate_one_list_message(benchmark):
    assert benchmark(validate_message, LIST_MESSAGE) == []


def test_validate_a_batch_of_1000_template_messages(benchmark):
    batch = {"messages": []}
    for i in range(1000):
        message = copy.deepcopy(TEMPLATE_MESSAGE)
        message["user"]["msisdn"] = f"+659{i:07d}"
        message["clientMessageId"] = f"c-{i}"
        batch["messages"].append(message)
    assert benchmark(validate_batch, batch) == []
