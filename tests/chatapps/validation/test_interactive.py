"""chatapps.validation.interactive: every button, list and product rule catches its breakage."""

from __future__ import annotations

import pytest

from tests.chatapps.bodies import DELETE, changed
from tests.chatapps.validation.cases import (
    ACTION,
    BUTTONS,
    IMAGE_URL,
    INTERACTIVE,
    SECTIONS,
    assert_reports,
    products,
    reply,
    rows,
)

# (body, path, code, words in the message)
BROKEN = [
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
]


@pytest.mark.parametrize(("body", "path", "code", "words"), BROKEN)
def test_it_reports_the_broken_rule(body, path, code, words):
    assert_reports(body, path, code, words)
