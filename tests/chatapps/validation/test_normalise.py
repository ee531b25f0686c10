"""chatapps.validation.normalise: what 8x8 accepts beyond its schema is accepted and read alike."""

from __future__ import annotations

import copy

import pytest

from chatapps.validation import (
    normalise_message,
    validate_message,
)
from tests.chatapps.bodies import BASES, DELETE, changed
from tests.chatapps.validation.cases import (
    CARD,
    SINGLE_SEEDS,
    C,
    button,
    products,
    rows,
)
from tests.fixtures import load_seed

# Written the way 8x8's own examples write them, or otherwise valid edge cases.
LENIENT = [
    pytest.param(changed("image", ("type", "Image")), id="type-capitalised"),
    pytest.param(changed("text", ("type", "TEXT")), id="type-upper-case"),
    pytest.param(changed("template", (f"{C}[2].type", "Button")), id="component-type-capitalised"),
    pytest.param(changed("template", (f"{C}[2].subType", 1)), id="sub-type-number"),
    pytest.param(changed("template", (f"{C}[2].subType", "url")), id="sub-type-lower-case"),
    pytest.param(changed("template", (f"{C}[3].subType", "quick_reply")), id="sub-type-snake-case"),
    pytest.param(changed("template", (f"{C}[3].subType", "quickreply")), id="sub-type-all-lower"),
    pytest.param(
        changed(
            "template",
            (f"{C}[2]", button("copy_code", 0, {"type": "COUPONCODE", "couponCode": "25OFF"})),
        ),
        id="copy-code-snake-case-and-parameter-type-upper-case",
    ),
    pytest.param(changed("template", (f"{C}[2].index", "0")), id="index-string"),
    pytest.param(
        changed("template", (f"{C}[2]", button("VoiceCall", 0))), id="voice-call-without-parameters"
    ),
    pytest.param(
        changed(
            "template",
            (f"{C}[2]", button("VoiceCall", 0, {"type": "ttlMinutes", "ttlMinutes": 1440})),
        ),
        id="voice-call-ttl-minutes",
    ),
    pytest.param(
        changed("template", (f"{C}[2]", button("Flow", 0, {"type": "action"}))), id="flow-button"
    ),
    pytest.param(changed("template", (C, DELETE)), id="template-without-components"),
    pytest.param(
        changed("template", (f"{C}[1].type", DELETE)), id="component-type-defaults-to-body"
    ),
    pytest.param(
        changed("template", ("content.template.name", "<Template Name>")), id="name-placeholder"
    ),
    pytest.param(
        changed("template", ("content.template.language", "fil")), id="language-three-letters"
    ),
    pytest.param(
        changed("template", ("content.template.language", "zh_HK")), id="language-with-region"
    ),
    pytest.param(
        changed("template", ("content.template.language", "es_419")), id="language-numeric-region"
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters[0].url", "www.example.com/image.jpg")),
        id="template-media-url-without-scheme",
    ),
    pytest.param(
        changed(
            "template",
            (
                f"{C}[0].parameters[0]",
                {"type": "location", "location": {"latitude": "38.8693", "longitude": "-77.0536"}},
            ),
        ),
        id="location-parameter-strings",
    ),
    pytest.param(
        changed("location", ("content.location.latitude", "-90")), id="latitude-string-at-bound"
    ),
    pytest.param(
        changed("button", ("content.interactive.type", "BUTTON")), id="interactive-type-upper-case"
    ),
    pytest.param(
        changed("button", ("content.interactive.header.type", "Text")), id="header-type-capitalised"
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[0].type", "Reply")),
        id="reply-type-capitalised",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections", [{"rows": rows(10, "r")}])),
        id="list-one-untitled-section-ten-rows",
    ),
    pytest.param(
        changed(
            "product_list", ("content.interactive.action.sections[0].product_items", products(30))
        ),
        id="product-list-thirty-products",
    ),
    pytest.param(
        changed("product", ("content.interactive.body", {"text": "A shirt"})),
        id="product-with-body",
    ),
    pytest.param(
        changed(
            "button", ("content.interactive.header", {"type": "document", "document": {"id": "42"}})
        ),
        id="header-media-by-id",
    ),
    pytest.param(
        changed("text", ("user", {"msisdn": "91234567", "country": "SG"})),
        id="national-msisdn-with-country",
    ),
    pytest.param(
        changed("text", ("user", {"msisdn": "02079460000", "country": "uk"})),
        id="country-unknown-to-phonenumbers",
    ),
    pytest.param(
        changed("text", ("user", {"channelUserId": "US.13491208655302741918"})), id="bsuid-only"
    ),
    pytest.param(
        changed("text", ("user", {"msisdn": "+6500000000", "channelUserId": "US.1349"})),
        id="msisdn-and-bsuid",
    ),
    pytest.param(
        changed(
            "text",
            ("clientMessageId", "m" * 50),
            ("scheduled", "2030-01-04T08:19:45.99Z"),
            ("expiry", "2030-01-05T08:19:45+08:00"),
            ("dlrCallbackUrl", "https://example.com/dr"),
            (
                "channels",
                [
                    {"channel": "WhatsApp", "fallbackAfter": 900, "successStatus": "Delivered"},
                    {"channel": "SMS"},
                ],
            ),
            ("context", {"umid": "aa7c29ad-4433-2211-9c8b-00004e2b9ecc"}),
        ),
        id="full-envelope",
    ),
    pytest.param(
        changed(
            "template",
            ("content.fallbackText", "Your code is 1234"),
            ("content.sms", {"encoding": "UCS2", "source": "8x8"}),
        ),
        id="sms-fallback",
    ),
    pytest.param(
        changed(
            "cta_url",
            ("content.whatsApp", {"directSend": {"category": "utility", "ttlSeconds": 600}}),
            ("content.interactive.header", {"type": "text", "text": "Order"}),
        ),
        id="direct-send-cta-url",
    ),
    *(pytest.param(copy.deepcopy(body), id=f"base-{name}") for name, body in BASES.items()),
]


@pytest.mark.parametrize("body", LENIENT)
def test_it_accepts(body):
    assert validate_message(body) == []


class TestNormaliseMessage:
    def test_it_writes_the_type_in_lower_case(self):
        assert normalise_message(load_seed("02-image-with-text.json"))["type"] == "image"

    def test_it_names_the_numeric_sub_type_and_lower_cases_the_component_type(self):
        components = normalise_message(load_seed("04-template-authentication.json"))["content"][
            "template"
        ]["components"]
        assert components[1] == {
            "type": "button",
            "subType": "Url",
            "index": 0,
            "parameters": [{"type": "text", "text": "12345"}],
        }

    def test_it_turns_a_string_index_into_a_number(self):
        component = normalise_message(load_seed("09-template-coupon-code.json"))["content"][
            "template"
        ]["components"][0]
        assert (component["index"], component["subType"]) == (0, "CopyCode")

    @pytest.mark.parametrize(
        ("written", "canonical"),
        [
            (0, "QuickReply"),
            (1, "Url"),
            (2, "CopyCode"),
            (3, "Flow"),
            (4, "VoiceCall"),
            ("quick_reply", "QuickReply"),
            ("QUICKREPLY", "QuickReply"),
            ("url", "Url"),
            ("copyCode", "CopyCode"),
            ("copy_code", "CopyCode"),
            ("flow", "Flow"),
            ("voice_call", "VoiceCall"),
        ],
    )
    def test_it_names_every_sub_type_spelling(self, written, canonical):
        body = changed("template", (f"{C}[2].subType", written))
        assert (
            normalise_message(body)["content"]["template"]["components"][2]["subType"] == canonical
        )

    def test_it_canonicalises_interactive_enums(self):
        body = changed(
            "button",
            ("content.interactive.type", "BUTTON"),
            ("content.interactive.header.type", "Text"),
            ("content.interactive.action.buttons[0].type", "REPLY"),
        )
        interactive = normalise_message(body)["content"]["interactive"]
        assert interactive["type"] == "button"
        assert interactive["header"]["type"] == "text"
        assert interactive["action"]["buttons"][0]["type"] == "reply"

    def test_it_canonicalises_parameter_types_and_card_components(self):
        body = changed(
            "carousel",
            (f"{CARD}.cardIndex", "0"),
            (f"{CARD}.components[0].type", "HEADER"),
            (f"{CARD}.components[0].parameters[0].type", "Image"),
            (f"{CARD}.components[1].subType", 1),
        )
        card = normalise_message(body)["content"]["template"]["components"][0]["cards"][0]
        assert card["cardIndex"] == 0
        assert card["components"][0]["type"] == "header"
        assert card["components"][0]["parameters"][0]["type"] == "image"
        assert card["components"][1]["subType"] == "Url"

    def test_it_keeps_coordinates_as_given(self):
        body = load_seed("07-template-location-header.json")
        normalised = normalise_message(body)
        location = normalised["content"]["template"]["components"][0]["parameters"][0]["location"]
        assert (location["latitude"], location["longitude"]) == ("38.8693", "-77.0536")

    def test_it_leaves_the_input_alone(self):
        body = load_seed("04-template-authentication.json")
        before = copy.deepcopy(body)
        normalise_message(body)
        assert body == before

    def test_it_is_idempotent_and_keeps_bodies_valid(self):
        for name in SINGLE_SEEDS:
            once = normalise_message(load_seed(name))
            assert normalise_message(once) == once
            assert validate_message(once) == []

    def test_it_leaves_unreadable_values_for_the_validator(self):
        body = changed("template", (f"{C}[2].subType", "Call"), (f"{C}[2].index", "first"))
        component = normalise_message(body)["content"]["template"]["components"][2]
        assert (component["subType"], component["index"]) == ("Call", "first")
