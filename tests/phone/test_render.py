"""The phone preview of each message kind, as WhatsApp draws it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from catalog.models import Template
from phone import (
    render_payload_preview,
)
from tests.phone.dom import ORDER_TEMPLATE, preview, seed, text_body


def test_a_text_message_is_one_bubble_with_formatted_text_and_the_time_but_no_ticks():
    page = preview(text_body("Hello *there*\nsecond line"))
    bubble = page.one("wa-bubble")
    text = bubble.one("wa-text")
    assert text.all(tag="strong")[0].text() == "there"
    assert len(text.all(tag="br")) == 1
    assert re.fullmatch(r"\d\d:\d\d", bubble.one("wa-time").text())
    assert bubble.one("wa-meta").text() == bubble.one("wa-time").text()
    assert not page.all("wa-ticks"), "a customer sees no read ticks on a business's message"
    assert "✓✓" not in bubble.text()
    assert page.all("wa-phone")[0].attrs["aria-label"] == "WhatsApp preview for +6500000000"


def test_the_phone_shows_the_business_name_with_a_verified_badge():
    page = preview(text_body("Hi"), business_name="8x8 Converse")
    assert page.one("wa-chat-name-text").text() == "8x8 Converse"
    assert page.one("wa-verified").attrs["aria-label"] == "Verified business"
    assert page.one("wa-avatar").text() == "8"


def test_the_list_preview_has_its_opener_and_the_opened_sheet_with_sections_and_rows():
    page = preview(seed("11-interactive-list"))
    assert page.one("wa-header-text").text() == "Customer Success personalized sessions"
    opener = page.one("wa-button-list")
    assert opener.text() == "Book Slot"
    assert opener.one("wa-icon-list").attrs["aria-hidden"] == "true"
    sheet = page.one("wa-sheet-list")
    assert sheet.one("wa-sheet-title").text() == "Book Slot"
    assert sheet.texts("wa-sheet-section-title") == ["Oct 9, 2024", "Oct 10, 2024"]
    rows = sheet.all("wa-sheet-row")
    assert len(rows) == 4
    assert [r.one("wa-row-title").text() for r in rows][2] == "Tuesday, Oct 10"
    assert rows[0].one("wa-row-description").text() == "9:00 AM - 10:00 AM"
    assert len(sheet.all("wa-radio")) == 4


def test_reply_buttons_are_three_separate_buttons_under_the_bubble():
    page = preview(seed("10-interactive-reply-buttons"))
    replies = page.one("wa-replies")
    assert "wa-replies-stack" in replies.classes
    assert [b.one("wa-button-label").text() for b in replies.all("wa-button-reply")] == [
        "contact-us",
        "faq",
        "office",
    ]
    assert not replies.all("wa-button-icon"), "WhatsApp draws no icon on a reply button"
    assert "↩" not in replies.text()
    assert page.one("wa-header-text").text() == "8x8 Inc."
    assert page.one("wa-footer").text() == "This is an official message from 8x8."
    assert not page.one("wa-bubble").all("wa-button"), "reply buttons sit outside the bubble"


def test_more_than_three_reply_buttons_shows_three_and_says_how_many_are_hidden():
    body = seed("10-interactive-reply-buttons")
    buttons = body["content"]["interactive"]["action"]["buttons"]
    buttons.append({"type": "reply", "reply": {"id": "4", "title": "fourth"}})
    page = preview(body)
    assert page.texts("wa-button-label") == ["contact-us", "faq", "office"]
    assert page.one("wa-note").text() == "WhatsApp shows at most 3 reply buttons: 1 more not shown"


def test_a_document_header_is_a_file_card_with_the_file_name_and_type():
    page = preview(seed("06-template-document-header"))
    card = page.one("wa-doc")
    assert card.one("wa-doc-name").text() == "TestPDFfile.pdf"
    assert card.one("wa-doc-type").text() == "PDF"
    assert "wa-doc-icon-pdf" in card.one("wa-doc-icon").classes


def test_a_document_message_takes_an_encoded_file_name_from_the_url():
    body = {"type": "File", "content": {"url": "https://x.example/f/Annual%20Report.xlsx?t=1"}}
    card = preview(body).one("wa-doc")
    assert card.one("wa-doc-name").text() == "Annual Report.xlsx"
    assert card.one("wa-doc-type").text() == "XLSX"
    assert "wa-doc-icon-sheet" in card.one("wa-doc-icon").classes


def test_a_location_header_is_a_map_card_with_name_and_address():
    page = preview(seed("07-template-location-header"))
    card = page.one("wa-location")
    assert card.one("wa-location-name").text() == "Metro Station"
    assert card.one("wa-location-address").text() == "1 Connector Drive"
    assert card.one("wa-map").all("wa-pin")
    assert not page.all(tag="img"), "the map is drawn with CSS, no tiles are fetched"


def test_a_location_message_without_a_name_shows_its_coordinates():
    body = {"type": "location", "content": {"location": {"latitude": 1.29, "longitude": 103.85}}}
    assert preview(body).one("wa-location-address").text() == "1.29, 103.85"


def test_template_parameters_are_filled_into_the_registered_text_and_highlighted():
    body = seed("03-template-text-only")
    body["content"]["template"]["components"][0]["parameters"].append(
        {"type": "text", "text": "<Sam>"}
    )
    page = preview(body, template=Template(name="order", language="en", components=ORDER_TEMPLATE))
    text = page.one("wa-text")
    assert text.text() == "Your order #523534 has been shipped, <Sam>!"
    assert [p.text() for p in text.all("wa-param")] == ["#523534", "<Sam>"]
    assert page.one("wa-footer").text() == "This is a delivery notification"
    assert not page.all("wa-note")


def test_a_missing_template_parameter_shows_a_visible_placeholder_chip():
    page = preview(seed("03-template-text-only"), template={"components": ORDER_TEMPLATE})
    missing = page.one("wa-param-missing")
    assert missing.text() == "{{2}}"
    assert page.one("wa-text").text() == "Your order #523534 has been shipped, {{2}}!"


def test_a_template_missing_from_the_catalog_shows_its_parameters_and_says_so():
    page = preview(seed("03-template-text-only"))
    assert page.one("wa-note").text() == (
        "Template “<Template Name>” (en_GB) is not in the catalog: showing its parameters only"
    )
    assert page.one("wa-param-key").text() == "{{1}}"
    assert page.one("wa-param").text() == "#523534"


def otp_template(button: dict[str, str]) -> list[dict[str, object]]:
    return [
        {"type": "BODY", "text": "*{{1}}* is your verification code."},
        {"type": "FOOTER", "text": "This code expires in 15 minutes."},
        {"type": "BUTTONS", "buttons": [{"type": "OTP", "otpType": "COPY_CODE", **button}]},
    ]


def test_an_authentication_template_shows_the_code_in_bold_and_its_own_button_text():
    page = preview(seed("04-template-authentication"), template=otp_template({"text": "Copy"}))
    assert page.one("wa-text").all(tag="strong")[0].text() == "12345"
    button = page.one("wa-button-copy")
    assert button.one("wa-button-label").text() == "Copy"
    assert button.attrs["title"] == "12345"


@pytest.mark.parametrize(
    ("button", "label"), [({"text": "Copy Code"}, "Copy Code"), ({}, "Copy code")]
)
def test_an_otp_copy_button_shows_the_registered_text_or_the_default(button, label):
    page = preview(seed("04-template-authentication"), template=otp_template(button))
    assert page.one("wa-button-copy").one("wa-button-label").text() == label


def test_a_coupon_code_button_shows_whatsapps_fixed_label_with_the_code():
    template = [
        {"type": "BODY", "text": "Enjoy 25% off."},
        {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Grab your code"}]},
    ]
    button = preview(seed("09-template-coupon-code"), template=template).one("wa-button-copy")
    assert button.one("wa-button-label").text() == "Copy offer code"
    assert button.attrs["title"] == "25OFF"


def test_a_coupon_code_without_the_template_still_shows_the_copy_code_button():
    page = preview(seed("09-template-coupon-code"))
    assert page.one("wa-button-copy").attrs["title"] == "25OFF"
    assert page.one("wa-button-copy").one("wa-button-label").text() == "Copy offer code"
    assert page.one("wa-missing").text() == "Template text"


def test_url_and_phone_buttons_sit_in_the_bubble_with_the_parameter_in_the_link():
    template = [
        {"type": "HEADER", "format": "IMAGE"},
        {"type": "BODY", "text": "Use code {{1}} at checkout."},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "URL", "text": "Check Out", "url": "https://shop.example.com/{{1}}"},
                {"type": "PHONE_NUMBER", "text": "Call Us", "phoneNumber": "+6560000000"},
            ],
        },
    ]
    page = preview(seed("08-template-cta-button"), template=template)
    bubble = page.one("wa-bubble")
    url = bubble.one("wa-button-url")
    assert url.text() == "Check Out"
    assert url.one("wa-icon-external").tag == "svg"
    assert url.attrs["title"] == "https://shop.example.com/samplecta"
    assert not url.all(tag="a"), "buttons never navigate away from the composer"
    assert bubble.one("wa-button-phone").text() == "Call Us"
    assert bubble.one("wa-button-phone").one("wa-icon-phone").tag == "svg"
    assert bubble.one("wa-button-phone").attrs["title"] == "+6560000000"
    assert bubble.one("wa-media-image").all(tag="img")


def test_template_quick_replies_sit_in_pairs_under_the_bubble():
    template = [
        {"type": "BODY", "text": "Interested?"},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "QUICK_REPLY", "text": "Stop promotions"},
                {"type": "QUICK_REPLY", "text": "I want to know more"},
            ],
        },
    ]
    replies = preview(seed("06-template-document-header"), template=template).one("wa-replies")
    assert "wa-replies-stack" not in replies.classes
    assert replies.texts("wa-button-label") == ["Stop promotions", "I want to know more"]


def test_an_image_with_an_http_url_is_an_img_that_sends_no_referrer_and_loads_lazily():
    page = preview(seed("02-image-with-text"))  # "type": "Image"
    image = page.one("wa-media-image").all(tag="img")[0]
    assert image.attrs["src"] == "https://www.example.com/image.jpg"
    assert image.attrs["referrerpolicy"] == "no-referrer"
    assert image.attrs["loading"] == "lazy"
    assert page.one("wa-text").text().startswith("Welcome to the world of 8x8 ChatApps APIs!")


def test_a_template_header_image_without_a_scheme_is_shown_as_the_validator_accepts_it():
    page = preview(seed("05-template-image-header"))  # "url": "www.example.com/image.jpg"
    image = page.one("wa-media-image").all(tag="img")[0]
    assert image.attrs["src"] == "https://www.example.com/image.jpg"
    assert image.attrs["referrerpolicy"] == "no-referrer"
    assert image.attrs["loading"] == "lazy"
    assert not page.one("wa-media-image").all("wa-missing")


def test_an_image_message_without_a_scheme_shows_a_placeholder_as_the_validator_refuses_it():
    page = preview({"type": "image", "content": {"url": "www.example.com/image.jpg"}})
    assert not page.all(tag="img")
    assert page.one("wa-media-image").one("wa-missing").text() == (
        "Image URL must be an http(s) address"
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:image/png;base64,AAAA", "//evil.example/x.png", "ftp://h/x"],
)
def test_a_url_that_is_not_http_never_reaches_an_attribute(url):
    html = render_payload_preview({"type": "image", "content": {"url": url}})
    assert "<img" not in html
    assert url not in html


def test_a_video_shows_a_play_button_and_audio_a_player_without_its_caption():
    assert preview({"type": "video", "content": {"url": "https://x.example/v.mp4"}}).one("wa-play")
    page = preview({"type": "audio", "content": {"url": "https://x.example/a.ogg", "text": "hi"}})
    assert page.one("wa-audio")
    assert page.one("wa-note").text() == "WhatsApp shows no caption on audio messages"
    assert not page.all("wa-text")


def test_a_single_product_shows_the_catalog_name_price_and_a_view_button():
    products = {
        "<YourProductRetailerId>": {
            "name": "8x8 Shirt",
            "price": Decimal("19.9"),
            "currency": "sgd",
        }
    }
    page = preview(seed("12-interactive-product"), products=products)
    card = page.one("wa-card")
    assert card.one("wa-card-title").text() == "8x8 Shirt"
    assert card.one("wa-card-subtitle").text() == "SGD 19.90"
    placeholder = card.one("wa-card-placeholder")
    assert placeholder.one("wa-icon-bag").tag == "svg", "a bag outline, not a person"
    assert page.one("wa-text").text() == "8x8 Shirt"
    assert page.one("wa-button-view").text() == "View"


def test_a_product_missing_from_the_catalog_shows_its_retailer_id():
    page = preview(seed("12-interactive-product"))
    assert page.one("wa-card-title").text() == "<YourProductRetailerId>"


def test_a_product_list_shows_the_collection_card_view_items_and_the_items():
    products = {"<id>": {"name": "8x8 Mug", "price": "5.9", "currency": "SGD"}}
    page = preview(seed("13-interactive-product-list"), products=products)
    card = page.one("wa-card-collection")
    assert card.one("wa-card-title").text() == "8x8 Collection"
    assert card.one("wa-card-subtitle").text() == "2 items"
    assert not page.all("wa-header-text"), "the header text moves onto the collection card"
    assert page.one("wa-button-view").text() == "View items"
    sheet = page.one("wa-sheet-products")
    assert sheet.one("wa-sheet-title").text() == "8x8 Collection"
    assert sheet.texts("wa-sheet-section-title") == ["Section title"]
    assert sheet.texts("wa-row-title") == ["8x8 Mug", "8x8 Mug"]
    assert sheet.texts("wa-row-price") == ["SGD 5.90", "SGD 5.90"]


def test_a_cta_url_message_has_one_external_link_button():
    body = {
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "cta_url",
                "body": {"text": "See our offers"},
                "action": {"parameters": {"display_text": "Shop now", "url": "https://x.example"}},
            }
        },
    }
    button = preview(body).one("wa-button-url")
    assert button.text() == "Shop now"
    assert button.one("wa-icon-external").attrs["aria-hidden"] == "true"
    assert button.attrs["title"] == "https://x.example"
