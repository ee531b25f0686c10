"""chatapps.validation: the seed bodies pass, every rule catches its breakage, leniency holds."""

from __future__ import annotations

import copy

import pytest

from chatapps.management.commands.chatapps_validate import fragment_message
from chatapps.validation import (
    MAX_BATCH,
    Problem,
    batch_item_problems,
    batch_level_problems,
    merged_messages,
    normalise_message,
    validate_batch,
    validate_message,
)
from tests.chatapps.bodies import BASES, DELETE, USER, base, changed
from tests.fixtures import BATCH_SEED, FRAGMENT_SEED, SEED_PATHS, load_seed

SINGLE_SEEDS = [path.name for path in SEED_PATHS if path.name not in (FRAGMENT_SEED, BATCH_SEED)]
LONG = "x" * 40000
IMAGE_URL = "https://e.com/a.jpg"


def q(*parts: str) -> str:
    return "$." + ".".join(parts)


INTERACTIVE = q("content", "interactive")
ACTION = f"{INTERACTIVE}.action"
BUTTONS = f"{ACTION}.buttons"
SECTIONS = f"{ACTION}.sections"
TEMPLATE = q("content", "template")
COMPONENTS = f"{TEMPLATE}.components"
C = "content.template.components"  # the same, as a path for changed()
CARD = f"{C}[0].cards[0]"


def reply(button_id: str, title: str) -> dict[str, object]:
    return {"type": "reply", "reply": {"id": button_id, "title": title}}


def rows(count: int, prefix: str) -> list[dict[str, str]]:
    return [{"id": f"{prefix}{n}", "title": f"Row {n}"} for n in range(count)]


def products(count: int) -> list[dict[str, str]]:
    return [{"product_retailer_id": f"p{n}"} for n in range(count)]


def button(sub_type: object, index: object, *parameters: dict[str, object]) -> dict[str, object]:
    return {"type": "button", "subType": sub_type, "index": index, "parameters": list(parameters)}


TEXT_PARAM = {"type": "text", "text": "x"}

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
    # Interactive: envelope
    pytest.param(
        changed("button", ("content.interactive", DELETE)),
        INTERACTIVE,
        3004,
        "content.interactive is required",
        id="interactive-missing",
    ),
    pytest.param(
        changed("button", ("content.interactive.type", "carousel")),
        f"{INTERACTIVE}.type",
        3010,
        "interactive type 'carousel' is not one of",
        id="interactive-type-unknown",
    ),
    pytest.param(
        changed("button", ("content.interactive.header.type", "audio")),
        f"{INTERACTIVE}.header.type",
        1000,
        "header type 'audio' is not one of text, image, video, document",
        id="header-type-unknown",
    ),
    pytest.param(
        changed("button", ("content.interactive.header.text", "h" * 61)),
        f"{INTERACTIVE}.header.text",
        1000,
        "header text is 61 characters; WhatsApp allows 60",
        id="header-text-too-long",
    ),
    pytest.param(
        changed("button", ("content.interactive.header", {"type": "image", "image": {}})),
        f"{INTERACTIVE}.header.image",
        3007,
        "header image needs a link or an id",
        id="header-media-without-link",
    ),
    pytest.param(
        changed(
            "button",
            ("content.interactive.header", {"type": "video", "video": {"link": "ftp://e.com/v"}}),
        ),
        f"{INTERACTIVE}.header.video.link",
        3008,
        "not an http(s) URL",
        id="header-media-link-ftp",
    ),
    pytest.param(
        changed("product", ("content.interactive.header", {"type": "text", "text": "Hi"})),
        f"{INTERACTIVE}.header",
        1000,
        "product messages cannot have a header",
        id="product-header",
    ),
    pytest.param(
        changed("location_request", ("content.interactive.header", {"type": "text", "text": "Hi"})),
        f"{INTERACTIVE}.header",
        1000,
        "location_request_message messages cannot have a header",
        id="location-request-header",
    ),
    pytest.param(
        changed(
            "list", ("content.interactive.header", {"type": "image", "image": {"link": IMAGE_URL}})
        ),
        f"{INTERACTIVE}.header.type",
        1000,
        "list messages need a text header (got image)",
        id="list-image-header",
    ),
    pytest.param(
        changed(
            "product_list", ("content.interactive.header", {"type": "video", "video": {"id": "9"}})
        ),
        f"{INTERACTIVE}.header.type",
        1000,
        "product_list messages need a text header (got video)",
        id="product-list-video-header",
    ),
    pytest.param(
        changed("product_list", ("content.interactive.header", DELETE)),
        f"{INTERACTIVE}.header",
        1000,
        "product_list messages need a text header",
        id="product-list-no-header",
    ),
    pytest.param(
        changed("button", ("content.interactive.body", DELETE)),
        f"{INTERACTIVE}.body",
        3005,
        "body is required",
        id="body-missing-for-buttons",
    ),
    pytest.param(
        changed("list", ("content.interactive.body", {})),
        f"{INTERACTIVE}.body.text",
        3005,
        "body text is required",
        id="body-text-missing",
    ),
    pytest.param(
        changed("button", ("content.interactive.body.text", "b" * 1025)),
        f"{INTERACTIVE}.body.text",
        3006,
        "body text is 1025 characters; WhatsApp allows 1024",
        id="body-text-too-long",
    ),
    pytest.param(
        changed("button", ("content.interactive.footer.text", "f" * 61)),
        f"{INTERACTIVE}.footer.text",
        1000,
        "footer text is 61 characters; WhatsApp allows 60",
        id="footer-text-too-long",
    ),
    pytest.param(
        changed("location_request", ("content.interactive.footer", {"text": "Bye"})),
        f"{INTERACTIVE}.footer",
        1000,
        "cannot have a footer",
        id="location-request-footer",
    ),
    pytest.param(
        changed("button", ("content.interactive.action", DELETE)),
        ACTION,
        1000,
        "action of a button message is required",
        id="action-missing",
    ),
    # Interactive: reply buttons
    pytest.param(
        changed(
            "button",
            ("content.interactive.action.buttons", [reply(str(n), f"B{n}") for n in range(4)]),
        ),
        f"{BUTTONS}[3]",
        1000,
        "at most 3 reply buttons (got 4)",
        id="reply-buttons-too-many",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons", [])),
        BUTTONS,
        1000,
        "at least 1 reply button (got 0)",
        id="reply-buttons-none",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[0].type", "url")),
        f"{BUTTONS}[0].type",
        1000,
        "button type 'url' is not one of reply",
        id="reply-button-type",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[0].reply.id", DELETE)),
        f"{BUTTONS}[0].reply.id",
        1000,
        "button id is required",
        id="reply-id-missing",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[0].reply.id", "i" * 257)),
        f"{BUTTONS}[0].reply.id",
        1000,
        "button id is 257 characters; WhatsApp allows 256",
        id="reply-id-too-long",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[1].reply.id", "a")),
        f"{BUTTONS}[1].reply.id",
        1000,
        "button id 'a' is used twice",
        id="reply-id-duplicate",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[0].reply.title", "")),
        f"{BUTTONS}[0].reply.title",
        1000,
        "button title must not be empty",
        id="reply-title-empty",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[0].reply.title", "t" * 23)),
        f"{BUTTONS}[0].reply.title",
        1000,
        "button title is 23 characters; WhatsApp allows 20",
        id="reply-title-too-long",
    ),
    pytest.param(
        changed("button", ("content.interactive.action.buttons[1].reply.title", "Sales")),
        f"{BUTTONS}[1].reply.title",
        1000,
        "button title 'Sales' is used twice",
        id="reply-title-duplicate",
    ),
    # Interactive: list
    pytest.param(
        changed("list", ("content.interactive.action.button", DELETE)),
        f"{ACTION}.button",
        1000,
        "list button label is required",
        id="list-button-missing",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.button", "l" * 21)),
        f"{ACTION}.button",
        1000,
        "list button label is 21 characters; WhatsApp allows 20",
        id="list-button-too-long",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections", [])),
        SECTIONS,
        1000,
        "at least 1 section (got 0)",
        id="list-sections-none",
    ),
    pytest.param(
        changed(
            "list",
            (
                "content.interactive.action.sections",
                [{"title": f"S{n}", "rows": rows(1, f"s{n}")} for n in range(11)],
            ),
        ),
        f"{SECTIONS}[10]",
        1000,
        "at most 10 sections (got 11)",
        id="list-sections-too-many",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].title", DELETE)),
        f"{SECTIONS}[0].title",
        1000,
        "section title is required when there is more than one section",
        id="list-section-title-missing",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].title", "s" * 25)),
        f"{SECTIONS}[0].title",
        1000,
        "section title is 25 characters; WhatsApp allows 24",
        id="list-section-title-too-long",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[1].rows", [])),
        f"{SECTIONS}[1].rows",
        1000,
        "at least 1 row (got 0)",
        id="list-section-without-rows",
    ),
    pytest.param(
        changed(
            "list",
            ("content.interactive.action.sections[0].rows", rows(6, "a")),
            ("content.interactive.action.sections[1].rows", rows(5, "b")),
        ),
        f"{SECTIONS}[1].rows[4]",
        1000,
        "at most 10 rows across all sections (got 11)",
        id="list-rows-too-many",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].rows[0].id", DELETE)),
        f"{SECTIONS}[0].rows[0].id",
        1000,
        "row id is required",
        id="list-row-id-missing",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].rows[0].id", "r" * 201)),
        f"{SECTIONS}[0].rows[0].id",
        1000,
        "row id is 201 characters; WhatsApp allows 200",
        id="list-row-id-too-long",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[1].rows[0].id", "m1")),
        f"{SECTIONS}[1].rows[0].id",
        1000,
        "row id 'm1' is used twice",
        id="list-row-id-duplicate",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].rows[0].title", DELETE)),
        f"{SECTIONS}[0].rows[0].title",
        1000,
        "row title is required",
        id="list-row-title-missing",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].rows[0].title", "r" * 25)),
        f"{SECTIONS}[0].rows[0].title",
        1000,
        "row title is 25 characters; WhatsApp allows 24",
        id="list-row-title-too-long",
    ),
    pytest.param(
        changed("list", ("content.interactive.action.sections[0].rows[0].description", "d" * 73)),
        f"{SECTIONS}[0].rows[0].description",
        1000,
        "row description is 73 characters; WhatsApp allows 72",
        id="list-row-description-too-long",
    ),
    # Interactive: products
    pytest.param(
        changed("product", ("content.interactive.action.catalog_id", DELETE)),
        f"{ACTION}.catalog_id",
        1000,
        "catalog_id is required",
        id="product-catalog-missing",
    ),
    pytest.param(
        changed("product", ("content.interactive.action.product_retailer_id", "")),
        f"{ACTION}.product_retailer_id",
        1000,
        "product_retailer_id must not be empty",
        id="product-retailer-id-empty",
    ),
    pytest.param(
        changed("product_list", ("content.interactive.action.catalog_id", DELETE)),
        f"{ACTION}.catalog_id",
        1000,
        "catalog_id is required",
        id="product-list-catalog-missing",
    ),
    pytest.param(
        changed("product_list", ("content.interactive.action.sections", DELETE)),
        SECTIONS,
        1000,
        "sections is required",
        id="product-list-sections-missing",
    ),
    pytest.param(
        changed(
            "product_list",
            (
                "content.interactive.action.sections",
                [{"product_items": products(1)}, {"title": "B", "product_items": products(1)}],
            ),
        ),
        f"{SECTIONS}[0].title",
        1000,
        "section title is required when there is more than one section",
        id="product-list-section-title-missing",
    ),
    pytest.param(
        changed("product_list", ("content.interactive.action.sections[0].product_items", [])),
        f"{SECTIONS}[0].product_items",
        1000,
        "at least 1 product (got 0)",
        id="product-list-section-empty",
    ),
    pytest.param(
        changed(
            "product_list",
            (
                "content.interactive.action.sections",
                [
                    {"title": "A", "product_items": products(20)},
                    {"title": "B", "product_items": products(11)},
                ],
            ),
        ),
        f"{SECTIONS}[1].product_items[10]",
        1000,
        "at most 30 products across all sections (got 31)",
        id="product-list-too-many-products",
    ),
    pytest.param(
        changed("product_list", ("content.interactive.action.sections[0].product_items", [{}])),
        f"{SECTIONS}[0].product_items[0].product_retailer_id",
        1000,
        "product_retailer_id is required",
        id="product-list-item-without-id",
    ),
    # Interactive: CTA URL, flow, voice call, location request
    pytest.param(
        changed("cta_url", ("content.interactive.action.parameters", DELETE)),
        f"{ACTION}.parameters",
        1000,
        "action parameters is required",
        id="cta-url-parameters-missing",
    ),
    pytest.param(
        changed("cta_url", ("content.interactive.action.parameters.display_text", "d" * 21)),
        f"{ACTION}.parameters.display_text",
        1000,
        "display_text is 21 characters; WhatsApp allows 20",
        id="cta-url-display-text-too-long",
    ),
    pytest.param(
        changed("cta_url", ("content.interactive.action.parameters.url", "javascript:alert(1)")),
        f"{ACTION}.parameters.url",
        1000,
        "not an http(s) URL",
        id="cta-url-url-javascript",
    ),
    pytest.param(
        changed("flow", ("content.interactive.action.parameters.flowId", DELETE)),
        f"{ACTION}.parameters.flowId",
        1000,
        "flowId is required",
        id="flow-id-missing",
    ),
    pytest.param(
        changed("flow", ("content.interactive.action.parameters.flowCta", "c" * 31)),
        f"{ACTION}.parameters.flowCta",
        1000,
        "flowCta is 31 characters; 8x8 allows 30",
        id="flow-cta-too-long",
    ),
    pytest.param(
        changed("flow", ("content.interactive.action.parameters.flowAction", "jump")),
        f"{ACTION}.parameters.flowAction",
        1000,
        "is not one of navigate, data_exchange",
        id="flow-action-unknown",
    ),
    pytest.param(
        changed("voice_call", ("content.interactive.action.parameters.ttlMinutes", 0)),
        f"{ACTION}.parameters.ttlMinutes",
        1000,
        "between 1 and 43200",
        id="voice-call-ttl",
    ),
    pytest.param(
        changed("voice_call", ("content.interactive.action.parameters.payload", "p" * 513)),
        f"{ACTION}.parameters.payload",
        1000,
        "payload is 513 characters; 8x8 allows 512",
        id="voice-call-payload-too-long",
    ),
    pytest.param(
        changed("location_request", ("content.interactive.action.name", "send")),
        f"{ACTION}.name",
        1000,
        "is not one of send_location",
        id="location-request-action-name",
    ),
    # Template: name, language, components
    pytest.param(
        changed("template", ("content.template", DELETE)),
        TEMPLATE,
        3030,
        "content.template is required",
        id="template-missing",
    ),
    pytest.param(
        changed("template", ("content.template.name", DELETE)),
        f"{TEMPLATE}.name",
        3032,
        "template name is required",
        id="template-name-missing",
    ),
    pytest.param(
        changed("template", ("content.template.name", "")),
        f"{TEMPLATE}.name",
        3032,
        "template name must not be empty",
        id="template-name-empty",
    ),
    pytest.param(
        changed("template", ("content.template.name", "n" * 513)),
        f"{TEMPLATE}.name",
        3031,
        "template name is 513 characters; WhatsApp allows 512",
        id="template-name-too-long",
    ),
    pytest.param(
        changed("template", ("content.template.name", "Order Update")),
        f"{TEMPLATE}.name",
        3032,
        "lower-case letters, digits and _",
        id="template-name-format",
    ),
    pytest.param(
        changed("template", ("content.template.language", DELETE)),
        f"{TEMPLATE}.language",
        3036,
        "template language is required",
        id="template-language-missing",
    ),
    pytest.param(
        changed("template", ("content.template.language", "en-us")),
        f"{TEMPLATE}.language",
        3037,
        "uses a hyphen; WhatsApp codes use an underscore: 'en_US'",
        id="template-language-hyphen",
    ),
    pytest.param(
        changed("template", ("content.template.language", "English")),
        f"{TEMPLATE}.language",
        3037,
        "is not a WhatsApp language code",
        id="template-language-word",
    ),
    pytest.param(
        changed("template", ("content.template.language", "en_us")),
        f"{TEMPLATE}.language",
        3037,
        "has the wrong case; WhatsApp codes are case-sensitive: 'en_US'",
        id="template-language-region-lower-case",
    ),
    pytest.param(
        changed("template", (C, {"type": "body"})),
        COMPONENTS,
        3034,
        "components must be an array",
        id="components-not-array",
    ),
    pytest.param(
        changed("template", (f"{C}[1].type", "sidebar")),
        f"{COMPONENTS}[1].type",
        3039,
        "component type 'sidebar' is not one of header, footer, body, button",
        id="component-type-unknown",
    ),
    pytest.param(
        changed("template", (f"{C}[0]", {"type": "body", "parameters": [TEXT_PARAM]})),
        f"{COMPONENTS}[1]",
        3034,
        "at most one body component per template",
        id="two-bodies",
    ),
    pytest.param(
        changed("template", (f"{C}[1]", {"type": "Header", "parameters": [TEXT_PARAM]})),
        f"{COMPONENTS}[1]",
        3034,
        "at most one header component per template",
        id="two-headers",
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters", [TEXT_PARAM, TEXT_PARAM])),
        f"{COMPONENTS}[0].parameters[1]",
        3033,
        "a header takes at most 1 parameter (got 2)",
        id="header-two-parameters",
    ),
    pytest.param(
        changed("template", (f"{C}[1]", {"type": "footer", "parameters": [TEXT_PARAM]})),
        f"{COMPONENTS}[1].parameters",
        3045,
        "footer components take no parameters",
        id="footer-parameters",
    ),
    # Template: parameters
    pytest.param(
        changed("template", (f"{C}[1].parameters", "Ann")),
        f"{COMPONENTS}[1].parameters",
        3041,
        "parameters must be an array",
        id="parameters-not-array",
    ),
    pytest.param(
        changed("template", (f"{C}[1].parameters[0].type", "sticker")),
        f"{COMPONENTS}[1].parameters[0].type",
        3042,
        "parameter type 'sticker' is not one of text, image",
        id="parameter-type-unknown",
    ),
    pytest.param(
        changed("template", (f"{C}[1].parameters[0]", {"text": "Ann"})),
        f"{COMPONENTS}[1].parameters[0].type",
        3042,
        "parameter type is required",
        id="parameter-type-missing",
    ),
    pytest.param(
        changed("template", (f"{C}[1].parameters[0]", {"type": "image", "url": IMAGE_URL})),
        f"{COMPONENTS}[1].parameters[0].type",
        3042,
        "body parameters must be text (got image)",
        id="body-image-parameter",
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters[0]", {"type": "payload", "payload": "p"})),
        f"{COMPONENTS}[0].parameters[0].type",
        3042,
        "header parameters must be text, image, gif, video, document or location (got payload)",
        id="header-payload-parameter",
    ),
    pytest.param(
        changed("template", (f"{C}[1].parameters[0]", {"type": "ttlMinutes", "ttlMinutes": 60})),
        f"{COMPONENTS}[1].parameters[0].type",
        3042,
        "body parameters must be text (got ttlMinutes)",
        id="ttl-minutes-outside-voice-call",
    ),
    pytest.param(
        changed("template", (f"{C}[1].parameters[0].text", DELETE)),
        f"{COMPONENTS}[1].parameters[0].text",
        3041,
        "text parameter is required",
        id="text-parameter-missing",
    ),
    pytest.param(
        changed("template", (f"{C}[1].parameters[0].text", "")),
        f"{COMPONENTS}[1].parameters[0].text",
        3041,
        "text parameter must not be empty",
        id="text-parameter-empty",
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters[0].url", DELETE)),
        f"{COMPONENTS}[0].parameters[0].url",
        3046,
        "image parameter url is required",
        id="media-parameter-url-missing",
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters[0].url", "javascript:alert(1)")),
        f"{COMPONENTS}[0].parameters[0].url",
        3046,
        "not an http(s) URL",
        id="media-parameter-url-javascript",
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters[0].url", "data:image/png;base64,iVBOR")),
        f"{COMPONENTS}[0].parameters[0].url",
        3046,
        "not an http(s) URL",
        id="media-parameter-url-data",
    ),
    pytest.param(
        changed(
            "template", (f"{C}[0].parameters[0]", {"type": "document", "url": "ftp://e.com/a.pdf"})
        ),
        f"{COMPONENTS}[0].parameters[0].url",
        3046,
        "document parameter url 'ftp://e.com/a.pdf' is not an http(s) URL",
        id="media-parameter-url-ftp",
    ),
    pytest.param(
        changed("template", (f"{C}[0].parameters[0]", {"type": "location"})),
        f"{COMPONENTS}[0].parameters[0].location",
        3044,
        "location parameter is required",
        id="location-parameter-missing",
    ),
    pytest.param(
        changed(
            "template",
            (
                f"{C}[0].parameters[0]",
                {"type": "location", "location": {"latitude": "95", "longitude": "0"}},
            ),
        ),
        f"{COMPONENTS}[0].parameters[0].location.latitude",
        3044,
        "location latitude must be between -90 and 90",
        id="location-parameter-latitude",
    ),
    pytest.param(
        changed("template", (f"{C}[3].parameters[0].payload", DELETE)),
        f"{COMPONENTS}[3].parameters[0].payload",
        3041,
        "payload parameter is required",
        id="payload-parameter-missing",
    ),
    pytest.param(
        changed("template", (f"{C}[2]", button("CopyCode", 0, {"type": "couponCode"}))),
        f"{COMPONENTS}[2].parameters[0].couponCode",
        3049,
        "couponCode is required",
        id="coupon-code-missing",
    ),
    pytest.param(
        changed(
            "template",
            (f"{C}[2]", button("copyCode", 0, {"type": "couponCode", "couponCode": "C" * 21})),
        ),
        f"{COMPONENTS}[2].parameters[0].couponCode",
        3049,
        "couponCode is 21 characters; WhatsApp allows 20",
        id="coupon-code-too-long",
    ),
    pytest.param(
        changed(
            "template", (f"{C}[2]", button("VoiceCall", 0, {"type": "ttlMinutes", "ttlMinutes": 0}))
        ),
        f"{COMPONENTS}[2].parameters[0].ttlMinutes",
        3041,
        "ttlMinutes must be between 1 and 43200 (got 0)",
        id="ttl-minutes-too-small",
    ),
    pytest.param(
        changed(
            "template",
            (f"{C}[2]", button("VoiceCall", 0, {"type": "ttlMinutes", "ttlMinutes": 43201})),
        ),
        f"{COMPONENTS}[2].parameters[0].ttlMinutes",
        3041,
        "between 1 and 43200",
        id="ttl-minutes-too-large",
    ),
    pytest.param(
        changed(
            "template",
            (f"{C}[2]", button("Flow", 0, {"type": "action", "flowActionData": {"data": {}}})),
        ),
        f"{COMPONENTS}[2].parameters[0].flowActionData.data",
        3041,
        "flow data must not be empty",
        id="flow-action-data-empty",
    ),
    # Template: buttons
    pytest.param(
        changed("template", (f"{C}[2].index", DELETE)),
        f"{COMPONENTS}[2].index",
        3053,
        "button index is required",
        id="button-index-missing",
    ),
    pytest.param(
        changed("template", (f"{C}[2].index", 10)),
        f"{COMPONENTS}[2].index",
        3053,
        "button index must be between 0 and 9 (got 10)",
        id="button-index-too-large",
    ),
    pytest.param(
        changed("template", (f"{C}[2].index", "first")),
        f"{COMPONENTS}[2].index",
        3053,
        "button index must be a whole number (got 'first')",
        id="button-index-word",
    ),
    pytest.param(
        changed("template", (f"{C}[3].index", "0")),
        f"{COMPONENTS}[3].index",
        3053,
        "button index 0 is used twice",
        id="button-index-duplicate",
    ),
    pytest.param(
        changed("template", (f"{C}[2].subType", DELETE)),
        f"{COMPONENTS}[2].subType",
        3052,
        "button subType is required",
        id="button-sub-type-missing",
    ),
    pytest.param(
        changed("template", (f"{C}[2].subType", "Call")),
        f"{COMPONENTS}[2].subType",
        3052,
        "button subType 'Call' is not one of QuickReply, Url, CopyCode, Flow, VoiceCall",
        id="button-sub-type-unknown",
    ),
    pytest.param(
        changed("template", (f"{C}[2].subType", 7)),
        f"{COMPONENTS}[2].subType",
        3052,
        "button subType 7 is not one of",
        id="button-sub-type-number-out-of-range",
    ),
    pytest.param(
        changed("template", (f"{C}[2].parameters", [])),
        f"{COMPONENTS}[2].parameters",
        3040,
        "Url buttons need at least 1 parameter",
        id="button-without-parameters",
    ),
    pytest.param(
        changed("template", (f"{C}[3].parameters[0]", TEXT_PARAM)),
        f"{COMPONENTS}[3].parameters[0].type",
        3049,
        "QuickReply button parameters must be payload (got text)",
        id="quick-reply-text-parameter",
    ),
    pytest.param(
        changed(
            "template",
            (f"{C}[3]", button("url", 1, TEXT_PARAM)),
            (f"{C}[4]", button("URL", 2, TEXT_PARAM)),
        ),
        f"{COMPONENTS}[4]",
        3034,
        "at most 2 Url buttons per template",
        id="three-url-buttons",
    ),
    # Template: carousel
    pytest.param(
        changed("carousel", (f"{C}[0].cards", DELETE)),
        f"{COMPONENTS}[0].cards",
        3034,
        "carousel cards is required",
        id="carousel-cards-missing",
    ),
    pytest.param(
        changed("carousel", (f"{CARD}.components[0].type", "footer")),
        f"{COMPONENTS}[0].cards[0].components[0].type",
        3039,
        "card component type 'footer' is not one of header, body, button",
        id="carousel-card-footer",
    ),
    pytest.param(
        changed("carousel", (f"{CARD}.components[1].index", 2)),
        f"{COMPONENTS}[0].cards[0].components[1].index",
        3053,
        "between 0 and 1",
        id="carousel-button-index",
    ),
    pytest.param(
        changed("carousel", (f"{CARD}.components[1].subType", "CopyCode")),
        f"{COMPONENTS}[0].cards[0].components[1].subType",
        3052,
        "is not one of QuickReply, Url",
        id="carousel-button-sub-type",
    ),
    pytest.param(
        changed("carousel", (f"{CARD}.cardIndex", DELETE)),
        f"{COMPONENTS}[0].cards[0].cardIndex",
        3053,
        "cardIndex is required",
        id="carousel-card-index-missing",
    ),
]

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


@pytest.mark.parametrize(("body", "path", "code", "words"), BROKEN)
def test_it_reports_the_broken_rule(body, path, code, words):
    problems = validate_message(body)
    matching = [p for p in problems if p.path == path and p.code == code and words in p.message]
    assert matching, f"expected {path} {code} '{words}', got {problems}"


@pytest.mark.parametrize("body", LENIENT)
def test_it_accepts(body):
    assert validate_message(body) == []


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
