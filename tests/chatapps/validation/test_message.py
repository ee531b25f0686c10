"""chatapps.validation.message: the seeds pass; envelope, media, SMS and direct-send rules hold."""

from __future__ import annotations

import pytest

from chatapps.management.commands.chatapps_validate import fragment_message
from chatapps.validation import (
    Problem,
    batch_item_problems,
    batch_level_problems,
    validate_batch,
    validate_message,
)
from tests.chatapps.bodies import DELETE, changed
from tests.chatapps.validation.cases import (
    BUTTONS,
    IMAGE_URL,
    INTERACTIVE,
    LONG,
    SINGLE_SEEDS,
    C,
    assert_reports,
    q,
)
from tests.fixtures import BATCH_SEED, FRAGMENT_SEED, SEED_PATHS, load_seed

# (body, path, code, words in the message)
BROKEN = [
    # The body and its envelope
    pytest.param(None, "$", 1000, "message body is required", id="body-missing"),
    pytest.param([], "$", 1000, "must be a JSON object (got array)", id="body-not-object"),
    pytest.param(
        changed("text", ("user", DELETE)), q("user"), 3002, "user is required", id="user-missing"
    ),
    pytest.param(
        changed("text", ("user", "+65")), q("user"), 3002, "JSON object", id="user-not-object"
    ),
    pytest.param(
        changed("text", ("user", {"country": "SG"})),
        q("user"),
        3002,
        "msisdn or a channelUserId",
        id="user-without-address",
    ),
    pytest.param(
        changed("text", ("user.msisdn", "+0123")),
        q("user", "msisdn"),
        1002,
        "msisdn '+0123' is not an E.164 number (+ then up to 15 digits)",
        id="msisdn-leading-zero",
    ),
    pytest.param(
        changed("text", ("user.msisdn", "+1234567890123456")),
        q("user", "msisdn"),
        1002,
        "not an E.164 number",
        id="msisdn-16-digits",
    ),
    pytest.param(
        changed("text", ("user.msisdn", "91234567")),
        q("user", "msisdn"),
        1002,
        "set user.country",
        id="msisdn-national-without-country",
    ),
    pytest.param(
        changed("text", ("user", {"msisdn": "123", "country": "SG"})),
        q("user", "msisdn"),
        1002,
        "possible national number in SG",
        id="msisdn-impossible-national",
    ),
    pytest.param(
        changed("text", ("user.msisdn", 6591234567)),
        q("user", "msisdn"),
        1002,
        "must be a string",
        id="msisdn-number",
    ),
    pytest.param(
        changed("text", ("user.country", "SGP")),
        q("user", "country"),
        1009,
        "two-letter ISO country code",
        id="country-three-letters",
    ),
    pytest.param(
        changed("text", ("user", {"channelUserId": "us.1349"})),
        q("user", "channelUserId"),
        1000,
        "not a WhatsApp BSUID",
        id="bsuid-lower-case-country",
    ),
    pytest.param(
        changed("text", ("user", {"channelUserId": "US." + "1" * 129})),
        q("user", "channelUserId"),
        1000,
        "up to 128 letters or digits",
        id="bsuid-too-long",
    ),
    pytest.param(
        changed("text", ("type", DELETE)), q("type"), 3010, "type is required", id="type-missing"
    ),
    pytest.param(
        changed("text", ("type", "sticker")),
        q("type"),
        3010,
        "'sticker' is not one of",
        id="type-unknown",
    ),
    pytest.param(
        changed("text", ("type", "Carousel")), q("type"), 3010, "RCS-only", id="type-rcs-carousel"
    ),
    pytest.param(
        changed("text", ("type", "richCard")), q("type"), 3010, "RCS-only", id="type-rcs-rich-card"
    ),
    pytest.param(
        changed("text", ("clientMessageId", "m" * 51)),
        q("clientMessageId"),
        3009,
        "clientMessageId is 51 characters; 8x8 allows 50",
        id="client-message-id-too-long",
    ),
    pytest.param(
        changed("text", ("clientMessageId", 7)),
        q("clientMessageId"),
        1000,
        "must be a string",
        id="client-message-id-number",
    ),
    pytest.param(
        changed("text", ("content", DELETE)),
        q("content"),
        3004,
        "content is required",
        id="content-missing",
    ),
    pytest.param(
        changed("text", ("content", "hi")),
        q("content"),
        3004,
        "JSON object",
        id="content-not-object",
    ),
    pytest.param(
        changed("text", ("scheduled", "tomorrow")),
        q("scheduled"),
        1011,
        "not an ISO 8601 date-time",
        id="scheduled-not-date",
    ),
    pytest.param(
        changed("text", ("expiry", "2030-01-01")),
        q("expiry"),
        1006,
        "not an ISO 8601 date-time",
        id="expiry-date-only",
    ),
    pytest.param(
        changed("text", ("dlrCallbackUrl", "ftp://example.com/dr")),
        q("dlrCallbackUrl"),
        3020,
        "not an http(s) URL",
        id="dlr-url-ftp",
    ),
    pytest.param(
        changed("text", ("channels", {"channel": "SMS"})),
        q("channels"),
        3022,
        "must be an array",
        id="channels-not-array",
    ),
    pytest.param(
        changed("text", ("channels", [{"channel": "sms"}])),
        q("channels[0]", "channel"),
        3022,
        "channel 'sms' is not one of SMS, WhatsApp",
        id="channel-wrong-case",
    ),
    pytest.param(
        changed("text", ("channels", [{"fallbackAfter": 60}])),
        q("channels[0]", "channel"),
        3022,
        "channel is required",
        id="channel-missing",
    ),
    pytest.param(
        changed("text", ("channels", [{"channel": "WhatsApp", "fallbackAfter": 5}])),
        q("channels[0]", "fallbackAfter"),
        3023,
        "between 10 and 86400 (got 5)",
        id="fallback-after-too-short",
    ),
    pytest.param(
        changed("text", ("channels", [{"channel": "WhatsApp", "fallbackAfter": 86401}])),
        q("channels[0]", "fallbackAfter"),
        3023,
        "between 10 and 86400",
        id="fallback-after-too-long",
    ),
    pytest.param(
        changed("text", ("channels", [{"channel": "WhatsApp", "fallbackAfter": "900"}])),
        q("channels[0]", "fallbackAfter"),
        3023,
        "whole number",
        id="fallback-after-string",
    ),
    pytest.param(
        changed("text", ("channels", [{"channel": "WhatsApp", "successStatus": "delivered"}])),
        q("channels[0]", "successStatus"),
        3024,
        "is not one of Accepted, Sent, Delivered, Read",
        id="success-status-wrong-case",
    ),
    pytest.param(
        changed("text", ("context", {})),
        q("context", "umid"),
        1000,
        "context umid is required",
        id="context-umid",
    ),
    # Text, media and location
    pytest.param(
        changed("text", ("content.text", DELETE)),
        q("content", "text"),
        3005,
        "text is required",
        id="text-missing",
    ),
    pytest.param(
        changed("text", ("content.text", "  ")),
        q("content", "text"),
        3005,
        "must not be empty",
        id="text-blank",
    ),
    pytest.param(
        changed("text", ("content.text", "x" * 4097)),
        q("content", "text"),
        3006,
        "text is 4097 characters; WhatsApp allows 4096",
        id="text-too-long",
    ),
    pytest.param(
        changed("image", ("content.url", DELETE)),
        q("content", "url"),
        3007,
        "image url is required",
        id="image-url-missing",
    ),
    pytest.param(
        changed("image", ("type", "video"), ("content.url", DELETE)),
        q("content", "url"),
        3007,
        "video url is required",
        id="video-url-missing",
    ),
    pytest.param(
        changed("image", ("type", "file"), ("content.url", "javascript:alert(1)")),
        q("content", "url"),
        3008,
        "not an http(s) URL",
        id="file-url-javascript",
    ),
    pytest.param(
        changed("image", ("content.url", "www.example.com/a.jpg")),
        q("content", "url"),
        3008,
        "not an http(s) URL",
        id="image-url-without-scheme",
    ),
    pytest.param(
        changed("image", ("content.text", "c" * 1025)),
        q("content", "text"),
        3006,
        "caption (content.text) is 1025 characters; WhatsApp allows 1024",
        id="caption-too-long",
    ),
    pytest.param(
        changed("audio", ("content.text", "hi")),
        q("content", "text"),
        1000,
        "audio messages carry no caption",
        id="audio-caption",
    ),
    pytest.param(
        changed("location", ("content.location", DELETE)),
        q("content", "location"),
        3021,
        "location is required",
        id="location-missing",
    ),
    pytest.param(
        changed("location", ("content.location.latitude", 90.5)),
        q("content", "location", "latitude"),
        3021,
        "between -90 and 90",
        id="latitude-out-of-range",
    ),
    pytest.param(
        changed("location", ("content.location.longitude", "-180.1")),
        q("content", "location", "longitude"),
        3021,
        "between -180 and 180",
        id="longitude-string-out-of-range",
    ),
    pytest.param(
        changed("location", ("content.location.latitude", "north")),
        q("content", "location", "latitude"),
        3021,
        "must be a number",
        id="latitude-not-number",
    ),
    pytest.param(
        changed("location", ("content.location.longitude", DELETE)),
        q("content", "location", "longitude"),
        3021,
        "location longitude is required",
        id="longitude-missing",
    ),
    pytest.param(
        changed("location", ("content.location.name", 5)),
        q("content", "location", "name"),
        3021,
        "location name must be a string",
        id="location-name-number",
    ),
    pytest.param(
        changed("template", ("content.text", LONG)),
        q("content", "text"),
        3006,
        "8x8 allows 35000",
        id="other-type-text-schema-limit",
    ),
    # SMS fallback
    pytest.param(
        changed("template", ("content.fallbackText", LONG)),
        q("content", "fallbackText"),
        3017,
        "fallbackText is 40000 characters; 8x8 allows 35000",
        id="fallback-text-too-long",
    ),
    pytest.param(
        changed("template", ("content.sms", {"encoding": "auto"})),
        q("content", "sms", "encoding"),
        1003,
        "sms encoding 'auto' is not one of AUTO, GSM7, UCS2",
        id="sms-encoding-lower-case",
    ),
    pytest.param(
        changed("template", ("content.sms", {"source": "S" * 17})),
        q("content", "sms", "source"),
        3011,
        "sms source is 17 characters; 8x8 allows 16",
        id="sms-source-too-long",
    ),
    # WhatsApp Direct Send
    pytest.param(
        changed("direct_send", ("content.whatsApp.directSend.category", "marketing")),
        q("content", "whatsApp", "directSend", "category"),
        1000,
        "is not one of utility",
        id="direct-send-category",
    ),
    pytest.param(
        changed("direct_send", ("content.whatsApp.directSend.ttlSeconds", 20)),
        q("content", "whatsApp", "directSend", "ttlSeconds"),
        1000,
        "between 30 and 43200",
        id="direct-send-ttl",
    ),
    pytest.param(
        changed("list", ("content.whatsApp", {"directSend": {"category": "utility"}})),
        f"{INTERACTIVE}.type",
        1000,
        "Direct Send only carries button and cta_url",
        id="direct-send-list",
    ),
    pytest.param(
        changed(
            "button",
            ("content.whatsApp", {"directSend": {"category": "utility"}}),
            ("content.interactive.header", {"type": "image", "image": {"link": IMAGE_URL}}),
        ),
        f"{INTERACTIVE}.header.type",
        1000,
        "Direct Send messages need a text header",
        id="direct-send-image-header",
    ),
]


@pytest.mark.parametrize(("body", "path", "code", "words"), BROKEN)
def test_it_reports_the_broken_rule(body, path, code, words):
    assert_reports(body, path, code, words)


def test_every_seed_body_passes_as_it_stands():
    assert len(SEED_PATHS) == 15
    for name in SINGLE_SEEDS:
        assert validate_message(load_seed(name)) == [], name


def test_the_fragment_seed_passes_inside_a_template_message():
    message = fragment_message(load_seed(FRAGMENT_SEED))
    assert message["content"]["sms"] == {"encoding": "AUTO", "source": "<senderId>"}
    assert validate_message(message) == []


def test_the_batch_seed_passes():
    body = load_seed(BATCH_SEED)
    assert validate_batch(body) == []
    assert batch_level_problems(body) == []
    assert batch_item_problems(body) == {}


def test_it_reports_every_problem_not_only_the_first():
    body = changed(
        "button",
        ("user.msisdn", "0"),
        ("content.interactive.body.text", ""),
        ("content.interactive.action.buttons[0].reply.title", "t" * 21),
        ("content.interactive.action.buttons[1].reply.title", "t" * 22),
    )
    paths = {problem.path for problem in validate_message(body)}
    assert paths == {
        "$.user.msisdn",
        f"{INTERACTIVE}.body.text",
        f"{BUTTONS}[0].reply.title",
        f"{BUTTONS}[1].reply.title",
    }


def test_problems_are_frozen_values():
    problem = Problem("$.type", "type is required", 3010)
    with pytest.raises(AttributeError):
        problem.code = 1000  # type: ignore[misc]
    assert problem == Problem("$.type", "type is required", 3010)


def test_it_shows_huge_and_long_values_briefly():
    body = changed(
        "template", (f"{C}[2].index", 10**5000), ("content.template.language", "x" * 5000)
    )
    messages = [problem.message for problem in validate_message(body)]
    assert "button index must be between 0 and 9 (got number)" in messages
    assert all(len(message) < 200 for message in messages)
