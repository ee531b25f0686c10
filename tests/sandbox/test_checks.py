"""sandbox.checks: 8x8's documented bodies pass, and what 8x8 or WhatsApp refuse is refused with
8x8's code at the field's path."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sandbox.checks import (
    MAX_BATCH,
    Problem,
    batch_item_problems,
    batch_problems,
    merged_messages,
    message_problems,
    normalise,
)
from tests.fixtures import BATCH_SEED, FRAGMENT_SEED, SEED_PATHS, load_seed

SINGLE_SEEDS = [path.name for path in SEED_PATHS if path.name not in (FRAGMENT_SEED, BATCH_SEED)]
USER = {"msisdn": "+6591234567"}
TEXT = {"user": USER, "type": "text", "content": {"text": "Hello"}}
BUTTONS = "$.content.interactive.action.buttons"


def reply(n: int, title: str = "") -> dict[str, Any]:
    return {"type": "reply", "reply": {"id": f"id-{n}", "title": title or f"Option {n}"}}


def buttons(*items: dict[str, Any], body: str = "How may we help?") -> dict[str, Any]:
    interactive = {"type": "button", "body": {"text": body}, "action": {"buttons": list(items)}}
    return {"user": USER, "type": "interactive", "content": {"interactive": interactive}}


def template(*components: dict[str, Any], **spec: Any) -> dict[str, Any]:
    fields = {"name": "order_update", "language": "en_GB", "components": list(components), **spec}
    return {"user": USER, "type": "template", "content": {"template": fields}}


def first(problems: list[Problem]) -> tuple[str, int]:
    assert problems, "expected a problem"
    return problems[0].path, problems[0].code


@pytest.mark.parametrize("name", SINGLE_SEEDS)
def test_every_seed_body_is_accepted_as_it_stands(name):
    assert message_problems(load_seed(name)) == []


def test_the_sms_fallback_fragment_is_accepted_inside_a_message():
    body = {**TEXT, "content": {"text": "Hi", **load_seed(FRAGMENT_SEED)}}

    assert message_problems(body) == []


def test_the_batch_seed_is_accepted_whole_and_item_by_item():
    body = load_seed(BATCH_SEED)

    assert batch_problems(body) == []
    assert batch_item_problems(body) == {}


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        pytest.param(["not", "an", "object"], "$", 1000, id="not-an-object"),
        pytest.param({"type": "text", "content": {"text": "x"}}, "$.user", 3002, id="no-user"),
        pytest.param(
            {**TEXT, "user": {"msisdn": "+0651234"}}, "$.user.msisdn", 1002, id="msisdn-zero"
        ),
        pytest.param(
            {**TEXT, "user": {"msisdn": "+65 9123 4567"}}, "$.user.msisdn", 1002, id="msisdn-spaces"
        ),
        pytest.param(
            {**TEXT, "user": {"msisdn": "+1234567890123456"}}, "$.user.msisdn", 1002, id="msisdn-16"
        ),
        pytest.param(
            {**TEXT, "user": {"msisdn": "91234567"}}, "$.user.msisdn", 1002, id="national-alone"
        ),
        pytest.param(
            {**TEXT, "user": {"channelUserId": "us.123"}},
            "$.user.channelUserId",
            1000,
            id="bsuid-lower-case",
        ),
        pytest.param({**TEXT, "type": "sticker"}, "$.type", 3010, id="unknown-type"),
        pytest.param({**TEXT, "type": "carousel"}, "$.type", 3010, id="rcs-only-type"),
        pytest.param({**TEXT, "content": None}, "$.content", 3004, id="no-content"),
        pytest.param({**TEXT, "content": {}}, "$.content.text", 3005, id="no-text"),
        pytest.param(
            {**TEXT, "content": {"text": "x" * 4097}}, "$.content.text", 3006, id="text-over-4096"
        ),
        pytest.param(
            {
                "user": USER,
                "type": "image",
                "content": {"url": "https://e.com/a.jpg", "text": "c" * 1025},
            },
            "$.content.text",
            3006,
            id="caption-over-1024",
        ),
        pytest.param(
            {"user": USER, "type": "video", "content": {}}, "$.content.url", 3007, id="no-media-url"
        ),
        pytest.param(
            {"user": USER, "type": "image", "content": {"url": "data:image/png;base64,AA"}},
            "$.content.url",
            3008,
            id="media-url-not-http",
        ),
        pytest.param(
            {"user": USER, "type": "location", "content": {"location": {"latitude": 1}}},
            "$.content.location.longitude",
            3021,
            id="location-without-longitude",
        ),
        pytest.param(
            buttons(reply(1), reply(2), reply(3), reply(4)), f"{BUTTONS}[3]", 1000, id="4-buttons"
        ),
        pytest.param(buttons(), BUTTONS, 1000, id="no-buttons"),
        pytest.param(
            buttons(reply(1, "t" * 21)), f"{BUTTONS}[0].reply.title", 1000, id="title-over-20"
        ),
        pytest.param(
            buttons(reply(1, "Same"), reply(2, "Same")),
            f"{BUTTONS}[1].reply.title",
            1000,
            id="title-twice",
        ),
        pytest.param(
            buttons(reply(1), body="b" * 1025),
            "$.content.interactive.body.text",
            3006,
            id="interactive-body-over-1024",
        ),
        pytest.param(
            {**TEXT, "clientMessageId": "i" * 51}, "$.clientMessageId", 3009, id="client-id-51"
        ),
        pytest.param(
            {**TEXT, "channels": [{"channel": "sms"}]},
            "$.channels[0].channel",
            3022,
            id="channel-case-matters",
        ),
        pytest.param(
            {**TEXT, "channels": [{"channel": "SMS", "fallbackAfter": 5}]},
            "$.channels[0].fallbackAfter",
            3023,
            id="fallback-too-soon",
        ),
        pytest.param({**TEXT, "scheduled": "tomorrow"}, "$.scheduled", 1011, id="bad-schedule"),
        pytest.param(
            {**TEXT, "content": {"text": "x", "sms": {"source": "s" * 17}}},
            "$.content.sms.source",
            3011,
            id="sms-source-over-16",
        ),
        pytest.param(
            template(name="Order Update"), "$.content.template.name", 3032, id="template-name"
        ),
        pytest.param(
            template(language="en-GB"), "$.content.template.language", 3037, id="language-hyphen"
        ),
        pytest.param(
            template({"type": "button", "subType": 7, "index": 0}),
            "$.content.template.components[0].subType",
            3052,
            id="subtype-out-of-enum",
        ),
        pytest.param(
            template({"type": "button", "subType": "url", "index": 10, "parameters": []}),
            "$.content.template.components[0].index",
            3053,
            id="index-over-9",
        ),
        pytest.param(
            template({"type": "button", "subType": "quickReply", "index": 0}),
            "$.content.template.components[0].parameters",
            3040,
            id="quick-reply-without-payload",
        ),
        pytest.param(
            template({"type": "header", "parameters": [{"type": "sticker"}]}),
            "$.content.template.components[0].parameters[0].type",
            3042,
            id="unknown-parameter-type",
        ),
    ],
)
def test_it_refuses_with_8x8s_code_at_the_path(body, path, code):
    assert first(message_problems(body)) == (path, code)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({**TEXT, "type": "TEXT"}, id="type-in-capitals"),
        pytest.param({**TEXT, "content": {"text": "x" * 4096}}, id="text-at-4096"),
        pytest.param(buttons(reply(1, "t" * 20), reply(2), reply(3)), id="3-buttons-title-20"),
        pytest.param(
            {**TEXT, "user": {"msisdn": "91234567", "country": "sg"}}, id="national-with-country"
        ),
        pytest.param(
            template(
                {
                    "type": "Button",
                    "subType": 1,
                    "index": "0",
                    "parameters": [{"type": "Text", "text": "a"}],
                }
            ),
            id="button-subtype-number-index-string",
        ),
        pytest.param(
            template(
                {
                    "type": "button",
                    "subType": "copy_code",
                    "index": 1,
                    "parameters": [{"type": "couponCode", "couponCode": "SAVE"}],
                }
            ),
            id="subtype-snake-case",
        ),
    ],
)
def test_it_takes_what_8x8_is_lenient_about(body):
    assert message_problems(body) == []


def test_every_problem_is_reported_not_only_the_first():
    body = {"user": {"msisdn": "12345"}, "type": "text", "content": {}}

    assert [(p.path, p.code) for p in message_problems(body)] == [
        ("$.user.msisdn", 1002),
        ("$.content.text", 3005),
    ]


def test_normalise_spells_enums_as_8x8s_schema_and_leaves_the_input_alone():
    body = load_seed("04-template-authentication.json")
    before = copy.deepcopy(body)

    normalised = normalise(body)

    button = normalised["content"]["template"]["components"][1]
    assert (button["type"], button["subType"], button["index"]) == ("button", "Url", 0)
    assert normalise({**TEXT, "type": "Image"})["type"] == "image"
    assert body == before


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        pytest.param([], "$", 1000, id="not-an-object"),
        pytest.param({}, "$.messages", 3012, id="no-messages"),
        pytest.param({"messages": []}, "$.messages", 3012, id="empty"),
        pytest.param({"messages": [TEXT] * (MAX_BATCH + 1)}, "$.messages", 3013, id="over-10000"),
        pytest.param(
            {"messages": [TEXT], "clientBatchId": "b" * 101}, "$.clientBatchId", 3014, id="id-101"
        ),
        pytest.param(
            {"messages": [TEXT], "includeMessagesInResponse": "yes"},
            "$.includeMessagesInResponse",
            1000,
            id="include-not-boolean",
        ),
        pytest.param({"messages": [TEXT], "template": []}, "$.template", 1000, id="bad-defaults"),
    ],
)
def test_a_batch_is_refused_whole(body, path, code):
    assert first(batch_problems(body)) == (path, code)


def test_a_batch_of_10000_is_taken():
    assert batch_problems({"messages": [TEXT] * MAX_BATCH, "clientBatchId": "b" * 100}) == []


def test_batch_defaults_fill_what_a_message_lacks_and_items_are_judged_one_by_one():
    defaults = {
        "type": "template",
        "content": {"template": {"name": "order_update", "language": "en"}},
    }
    body = {
        "template": defaults,
        "messages": [
            {"user": {"msisdn": "+6511111111"}},
            {"user": {"msisdn": "+0"}},
            {"user": {"msisdn": "+6522222222"}, "type": "text", "content": {"text": "own"}},
        ],
    }

    merged = merged_messages(body)

    assert merged[0]["content"] == defaults["content"]
    assert merged[2]["content"] == {"text": "own"}  # whole properties merge, never parts of them
    assert batch_problems(body) == []
    assert {i: [(p.path, p.code) for p in ps] for i, ps in batch_item_problems(body).items()} == {
        1: [("$.messages[1].user.msisdn", 1002)]
    }
