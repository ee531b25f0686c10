"""The product's validator and the sandbox's checks agree on which bodies 8x8 would take.

They are written apart on purpose (chatapps/validation for the product, sandbox/checks for the
stand-in 8x8), so a body one accepts and the other refuses is a bug in one of them. The corpus:
8x8's documented seed bodies, hand-written good and bad bodies, and generated mutations of them.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatapps.validation import validate_message
from sandbox.checks import merged_messages, message_problems
from tests.fixtures import BATCH_SEED, FRAGMENT_SEED, SEED_PATHS, load_seed

USER = {"msisdn": "+6591234567"}
DELETE = object()


def seed_bodies() -> list[tuple[str, Any]]:
    """Every seed as a single message: batch items merged, the SMS fragment in a text message."""
    found: list[tuple[str, Any]] = []
    for path in SEED_PATHS:
        body = load_seed(path.name)
        if path.name == BATCH_SEED:
            found += [(f"{path.stem}[{n}]", m) for n, m in enumerate(merged_messages(body))]
        elif path.name == FRAGMENT_SEED:
            found.append(
                (path.stem, {"user": USER, "type": "text", "content": {"text": "Hi", **body}})
            )
        else:
            found.append((path.stem, body))
    return found


def interactive(kind: str, action: dict[str, Any] | None, **parts: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": kind, **parts}
    if action is not None:
        spec["action"] = action
    return {"user": USER, "type": "interactive", "content": {"interactive": spec}}


def template(*components: dict[str, Any], name: str = "order_update", language: str = "en") -> dict:
    spec = {"name": name, "language": language, "components": list(components)}
    return {"user": USER, "type": "template", "content": {"template": spec}}


def reply(n: int, title: str | None = None) -> dict[str, Any]:
    return {"type": "reply", "reply": {"id": f"b{n}", "title": title or f"Option {n}"}}


def text_param(value: str = "x") -> dict[str, Any]:
    return {"type": "text", "text": value}


BODY = {"text": "How may we help?"}
GOOD: dict[str, Any] = {
    "text": {"user": USER, "type": "text", "content": {"text": "Your order has shipped."}},
    "text-at-4096": {"user": USER, "type": "text", "content": {"text": "x" * 4096}},
    "text-national-number": {
        "user": {"msisdn": "91234567", "country": "SG"},
        "type": "Text",
        "content": {"text": "Hi"},
    },
    "text-bsuid": {
        "user": {"channelUserId": "US.13491208655302741918"},
        "type": "text",
        "content": {"text": "Hi"},
    },
    "image-caption-1024": {
        "user": USER,
        "type": "IMAGE",
        "content": {"url": "https://e.com/a.jpg", "text": "c" * 1024},
    },
    "audio": {"user": USER, "type": "audio", "content": {"url": "https://e.com/a.mp3"}},
    "file": {"user": USER, "type": "File", "content": {"url": "http://e.com/a.pdf"}},
    "location-strings": {
        "user": USER,
        "type": "location",
        "content": {"location": {"latitude": "1.29", "longitude": "103.85"}},
    },
    "buttons-3": interactive("button", {"buttons": [reply(1), reply(2), reply(3)]}, body=BODY),
    "button-title-20": interactive("Button", {"buttons": [reply(1, "t" * 20)]}, body=BODY),
    "list-10-rows": interactive(
        "list",
        {
            "button": "Pick",
            "sections": [
                {"title": "A", "rows": [{"id": f"a{n}", "title": f"Row {n}"} for n in range(5)]},
                {"title": "B", "rows": [{"id": f"b{n}", "title": f"Row {n}"} for n in range(5)]},
            ],
        },
        body=BODY,
    ),
    "product": interactive("product", {"catalog_id": "c", "product_retailer_id": "p"}),
    "cta_url": interactive(
        "cta_url",
        {"parameters": {"display_text": "Open", "url": "https://e.com"}},
        body=BODY,
        header={"type": "image", "image": {"link": "https://e.com/a.jpg"}},
    ),
    "flow": interactive(
        "flow",
        {"parameters": {"flowId": "1", "flowCta": "Book", "flowAction": "navigate"}},
        body=BODY,
    ),
    "location-request": interactive(
        "location_request_message", {"name": "send_location"}, body=BODY
    ),
    "template-no-components": {
        "user": USER,
        "type": "template",
        "content": {"template": {"name": "hello", "language": "en_US"}},
    },
    "template-buttons": template(
        {"type": "body", "parameters": [text_param()]},
        {
            "type": "button",
            "subType": "quickReply",
            "index": "0",
            "parameters": [{"type": "payload", "payload": "yes"}],
        },
        {
            "type": "button",
            "subType": 2,
            "index": 1,
            "parameters": [{"type": "couponCode", "couponCode": "SAVE10"}],
        },
    ),
    "template-carousel": template(
        {
            "type": "carousel",
            "cards": [
                {
                    "cardIndex": 0,
                    "components": [
                        {
                            "type": "header",
                            "parameters": [{"type": "image", "url": "https://e.com/1.jpg"}],
                        },
                        {
                            "type": "button",
                            "subType": "Url",
                            "index": 0,
                            "parameters": [text_param()],
                        },
                    ],
                },
            ],
        },
    ),
    "sms-fallback-channels": {
        "user": USER,
        "type": "text",
        "content": {
            "text": "Hi",
            "fallbackText": "Hi",
            "sms": {"encoding": "GSM7", "source": "Shop"},
        },
        "channels": [
            {"channel": "WhatsApp", "fallbackAfter": 900, "successStatus": "Delivered"},
            {"channel": "SMS"},
        ],
        "scheduled": "2030-01-01T10:00:00Z",
    },
    "direct-send": {
        "user": USER,
        "type": "text",
        "content": {"text": "Hi", "whatsApp": {"directSend": {"category": "utility"}}},
    },
}

BAD: dict[str, Any] = {
    "not-an-object": ["text"],
    "no-user": {"type": "text", "content": {"text": "Hi"}},
    "msisdn-leading-zero": {"user": {"msisdn": "+0123"}, "type": "text", "content": {"text": "x"}},
    "msisdn-national-no-country": {
        "user": {"msisdn": "91234567"},
        "type": "text",
        "content": {"text": "x"},
    },
    "unknown-type": {"user": USER, "type": "sticker", "content": {"text": "x"}},
    "rcs-type": {"user": USER, "type": "richCard", "content": {}},
    "text-4097": {"user": USER, "type": "text", "content": {"text": "x" * 4097}},
    "text-blank": {"user": USER, "type": "text", "content": {"text": "   "}},
    "caption-1025": {
        "user": USER,
        "type": "image",
        "content": {"url": "https://e.com/a.jpg", "text": "c" * 1025},
    },
    "image-javascript-url": {"user": USER, "type": "image", "content": {"url": "javascript:x"}},
    "audio-caption": {
        "user": USER,
        "type": "audio",
        "content": {"url": "https://e.com/a.mp3", "text": "no"},
    },
    "location-out-of-range": {
        "user": USER,
        "type": "location",
        "content": {"location": {"latitude": 91, "longitude": 0}},
    },
    "buttons-4": interactive(
        "button", {"buttons": [reply(1), reply(2), reply(3), reply(4)]}, body=BODY
    ),
    "button-title-21": interactive("button", {"buttons": [reply(1, "t" * 21)]}, body=BODY),
    "button-titles-twice": interactive(
        "button", {"buttons": [reply(1, "Same"), reply(2, "Same")]}, body=BODY
    ),
    "interactive-body-1025": interactive(
        "button", {"buttons": [reply(1)]}, body={"text": "b" * 1025}
    ),
    "list-11-rows": interactive(
        "list",
        {
            "button": "Pick",
            "sections": [{"rows": [{"id": f"r{n}", "title": f"Row {n}"} for n in range(11)]}],
        },
        body=BODY,
    ),
    "list-untitled-sections": interactive(
        "list",
        {
            "button": "Pick",
            "sections": [
                {"rows": [{"id": "a", "title": "A"}]},
                {"rows": [{"id": "b", "title": "B"}]},
            ],
        },
        body=BODY,
    ),
    "list-image-header": interactive(
        "list",
        {"button": "Pick", "sections": [{"rows": [{"id": "a", "title": "A"}]}]},
        body=BODY,
        header={"type": "image", "image": {"link": "https://e.com/a.jpg"}},
    ),
    "product-with-header": interactive(
        "product",
        {"catalog_id": "c", "product_retailer_id": "p"},
        header={"type": "text", "text": "No"},
    ),
    "product-list-no-header": interactive(
        "product_list",
        {"catalog_id": "c", "sections": [{"product_items": [{"product_retailer_id": "p"}]}]},
        body=BODY,
    ),
    "cta-display-text-21": interactive(
        "cta_url", {"parameters": {"display_text": "d" * 21, "url": "https://e.com"}}, body=BODY
    ),
    "template-bad-name": template(name="Order Update"),
    "template-hyphen-language": template(language="en-US"),
    "template-subtype-5": template(
        {"type": "button", "subType": 5, "index": 0, "parameters": [text_param()]}
    ),
    "template-index-10": template(
        {"type": "button", "subType": "url", "index": 10, "parameters": [text_param()]}
    ),
    "template-url-button-no-parameter": template({"type": "button", "subType": "url", "index": 0}),
    "template-three-url-buttons": template(
        *(
            {"type": "button", "subType": "url", "index": n, "parameters": [text_param()]}
            for n in range(3)
        )
    ),
    "template-body-image": template(
        {"type": "body", "parameters": [{"type": "image", "url": "https://e.com/a.jpg"}]}
    ),
    "template-footer-parameters": template({"type": "footer", "parameters": [text_param()]}),
    "sms-lower-case-channel": {
        "user": USER,
        "type": "text",
        "content": {"text": "x"},
        "channels": [{"channel": "sms"}],
    },
    "client-message-id-51": {
        "user": USER,
        "type": "text",
        "content": {"text": "x"},
        "clientMessageId": "i" * 51,
    },
}

CORPUS = [
    *seed_bodies(),
    *((f"good-{name}", body) for name, body in GOOD.items()),
    *((f"bad-{name}", body) for name, body in BAD.items()),
]


def verdicts(body: object) -> tuple[bool, bool]:
    """(the product accepts it, the sandbox accepts it)."""
    return not validate_message(body), not message_problems(body)


@pytest.mark.parametrize(("name", "body"), CORPUS, ids=[name for name, _ in CORPUS])
def test_they_agree_on_the_corpus(name, body):
    product, sandbox = verdicts(body)

    assert product == sandbox, (validate_message(body), message_problems(body))
    assert product is (not name.startswith("bad-"))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and index path inside a body, parents before children."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(body: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(body)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    if value is DELETE:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return changed


# Values that sit on the limits and leniencies both sides must know.
EDGE_VALUES = st.one_of(
    st.just(DELETE),
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=12),
    st.sampled_from([0.5, "0", "1", " 2 ", "-1", "1e3", "", " ", "x" * 20, "x" * 21, "x" * 25]),
    st.sampled_from(["x" * 60, "x" * 61, "x" * 1024, "x" * 1025, "x" * 4097, "y" * 51]),
    st.sampled_from(["https://e.com/a.jpg", "www.e.com/a.jpg", "ftp://e.com", "javascript:x"]),
    st.sampled_from(["+6591234567", "+0123", "91234567", "SG", "sg", "US.123", "us.1"]),
    st.sampled_from(["TEXT", "Image", "button", "Button", "url", "copy_code", "reply", "list"]),
    st.sampled_from(["en", "en_US", "en-US", "EN", "<Name>", "Order", "a_b", "SMS", "sms"]),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
    st.lists(st.just({"type": "text", "text": "x"}), min_size=1, max_size=2),
)
BASES = [body for _, body in CORPUS if isinstance(body, dict)]


@st.composite
def mutated_bodies(draw: st.DrawFn) -> Any:
    body = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        paths = _paths(body)
        if not paths:
            break
        body = _replaced(body, draw(st.sampled_from(paths)), draw(EDGE_VALUES))
    return body


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bodies())
def test_they_agree_on_generated_mutations(body):
    product, sandbox = verdicts(body)

    assert product == sandbox, (validate_message(body), message_problems(body))
