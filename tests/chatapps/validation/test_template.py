"""chatapps.validation.template: each rule of names, parameters, buttons, carousels holds."""

from __future__ import annotations

import pytest

from tests.chatapps.bodies import DELETE, changed
from tests.chatapps.validation.cases import (
    CARD,
    COMPONENTS,
    IMAGE_URL,
    TEMPLATE,
    TEXT_PARAM,
    C,
    assert_reports,
    button,
)

# (body, path, code, words in the message)
BROKEN = [
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


@pytest.mark.parametrize(("body", "path", "code", "words"), BROKEN)
def test_it_reports_the_broken_rule(body, path, code, words):
    assert_reports(body, path, code, words)
