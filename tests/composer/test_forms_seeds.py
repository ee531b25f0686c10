"""Typing each of 8x8's 15 usage samples into the composer's forms gives exactly that body."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalog.models import Template
from chatapps.validation import normalise_message, validate_message
from composer.forms import post_data
from composer.kinds import compose_form
from tests.contract import contract_errors
from tests.fixtures import SEED_DIR

SEEDS = SEED_DIR


def seed(number: str) -> dict[str, Any]:
    (path,) = SEEDS.glob(f"{number}-*.json")
    return json.loads(path.read_text())


def approved(name: str, language: str, *components: dict[str, Any]) -> Template:
    return Template.objects.create(
        name=name, language=language, status="APPROVED", components=list(components)
    )


def submitted(kind: str, typed: dict[str, Any]):
    form = compose_form(kind, post_data({"kind": kind, **typed}))
    assert form.is_valid(), (form.errors, [fs.errors for fs in form.formsets.values()])
    return form


def assert_same_body(built: dict[str, Any], expected: dict[str, Any]) -> None:
    assert normalise_message(built) == normalise_message(expected)
    assert validate_message(built) == []
    # The body the composer emits also matches 8x8's published request schema.
    assert contract_errors("send_message_request", normalise_message(built)) == []


BODY_1 = {"type": "BODY", "text": "Your order {{1}} is on its way."}
AUTH = (
    {"type": "BODY", "text": "*{{1}}* is your verification code."},
    {"type": "BUTTONS", "buttons": [{"type": "OTP", "otpType": "COPY_CODE", "text": "Copy code"}]},
)


def test_01_text(db):
    form = submitted(
        "text",
        {
            "msisdn": "+65000000",
            "text": "Thank you for your recent purchase from TechStore! If you have any questions "
            "or need support, reply 'HELP' to connect with our support team.",
        },
    )
    assert_same_body(form.payload, seed("01"))


def test_02_image_with_a_caption_typed_in_a_browser_textarea(db):
    form = submitted(
        "image",
        {
            "msisdn": "+65 0000 0000",
            "url": "https://www.example.com/image.jpg",
            # Browsers send textarea line breaks as CRLF.
            "caption": "Welcome to the world of 8x8 ChatApps APIs!\r\n"
            "Communications for the customer obsessed.",
        },
    )
    assert_same_body(form.payload, seed("02"))


def test_03_template_with_a_text_body_parameter(db):
    approved("<Template Name>", "en_GB", BODY_1)
    form = submitted(
        "template",
        {"msisdn": "+65000000", "template": "en_GB:<Template Name>", "body_1": "#523534"},
    )
    assert_same_body(form.payload, seed("03"))


@pytest.mark.parametrize("button_code", ["12345", ""])
def test_04_authentication_template_fills_the_otp_button(db, button_code):
    approved("<insertTemplateName>", "en", *AUTH)
    form = submitted(
        "template",
        {
            "msisdn": "+65000000",
            "template": "en:<insertTemplateName>",
            "body_1": "12345",
            "button_0": button_code,  # empty: the body's code is used
        },
    )
    assert_same_body(form.payload, seed("04"))


def test_05_template_image_header_with_8x8s_scheme_less_link(db):
    approved("<insertTemplateName>", "en", {"type": "HEADER", "format": "IMAGE"})
    form = submitted(
        "template",
        {
            "msisdn": "+650000000",
            "template": "en:<insertTemplateName>",
            "header_url": "www.example.com/image.jpg",
        },
    )
    assert_same_body(form.payload, seed("05"))


def test_06_template_document_header(db):
    approved("<insertTemplateName>", "en", {"type": "HEADER", "format": "DOCUMENT"})
    form = submitted(
        "template",
        {
            "msisdn": "+6500000000",
            "template": "en:<insertTemplateName>",
            "header_url": "https://example.com/links/TestPDFfile.pdf",
        },
    )
    assert_same_body(form.payload, seed("06"))


def test_07_template_location_header(db):
    approved("<Insert Template Name>", "en", {"type": "HEADER", "format": "LOCATION"})
    form = submitted(
        "template",
        {
            "msisdn": "+65000000",
            "template": "en:<Insert Template Name>",
            "header_latitude": "38.8693",
            "header_longitude": "-77.0536",
            "header_name": "Metro Station",
            "header_address": "1 Connector Drive",
        },
    )
    assert_same_body(form.payload, seed("07"))


def test_08_template_with_image_header_body_and_dynamic_url_button(db):
    approved(
        "<Template Name>",
        "en_US",
        {"type": "HEADER", "format": "IMAGE"},
        BODY_1,
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "URL", "text": "Check Out", "url": "https://shop.example/{{1}}"},
                {"type": "PHONE_NUMBER", "text": "Call Us", "phoneNumber": "+6560000000"},
            ],
        },
    )
    form = submitted(
        "template",
        {
            "msisdn": "+65000000",
            "template": "en_US:<Template Name>",
            "header_url": "https://fastly.picsum.photos/id/173/200/300.jpg?hmac="
            "9Ed5HxHOL3tFCOiW6UHx6a3hVksxDWc7L7p_WzN9N9Q",
            "body_1": "12345",
            "button_0": "samplecta",
        },
    )
    assert_same_body(form.payload, seed("08"))


def test_09_template_coupon_code(db):
    approved(
        "<Template_name>",
        "en_US",
        {"type": "BODY", "text": "Enjoy 25% off."},
        {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy offer code"}]},
    )
    form = submitted(
        "template",
        {"msisdn": "+65000000", "template": "en_US:<Template_name>", "button_0": "25OFF"},
    )
    assert_same_body(form.payload, seed("09"))


def test_10_reply_buttons(db):
    form = submitted(
        "buttons",
        {
            "msisdn": "+65000000",
            "header_type": "text",
            "header_text": "8x8 Inc.",
            "body": "Welcome to 8x8 Inc. How may we help?",
            "footer": "This is an official message from 8x8.",
            "buttons": [
                {"title": "contact-us", "id": "option-1"},
                {"title": "faq", "id": "option-2"},
                {"title": "office", "id": ""},  # an empty id gets the next free option-n
            ],
        },
    )
    assert_same_body(form.payload, seed("10"))


def test_11_list_with_two_sections(db):
    form = submitted(
        "list",
        {
            "msisdn": "+65000000",
            "header_text": "Customer Success personalized sessions",
            "body": "Looking for personalized assistance? Our Customer Success team has the "
            "following slots available. Tap to select a time.",
            "footer": "For urgent inquiries, email [email protected]",
            "button": "Book Slot",
            "sections": [
                {
                    "title": "Oct 9, 2024",
                    "rows": [
                        {
                            "id": "slot-1",
                            "title": "Monday, Oct 9",
                            "description": "9:00 AM - 10:00 AM",
                        },
                        {
                            "id": "slot-2",
                            "title": "Monday, Oct 9",
                            "description": "11:00 AM - 12:00 PM",
                        },
                    ],
                },
                {
                    "title": "Oct 10, 2024",
                    "rows": [
                        {
                            "id": "slot-3",
                            "title": "Tuesday, Oct 10",
                            "description": "2:00 PM - 3:00 PM",
                        },
                        {
                            "id": "slot-4",
                            "title": "Tuesday, Oct 10",
                            "description": "4:00 PM - 5:00 PM",
                        },
                    ],
                },
            ],
        },
    )
    assert_same_body(form.payload, seed("11"))


def test_12_single_product(db):
    form = submitted(
        "product",
        {
            "msisdn": "+65000000",
            "catalog_id": "<YourCatalogId>",
            "product_retailer_id": "<YourProductRetailerId>",
            "body": "8x8 Shirt",
            "footer": "Experience the power of communication with this 8x8 Shirt!",
        },
    )
    assert_same_body(form.payload, seed("12"))


def test_13_product_list(db):
    form = submitted(
        "product_list",
        {
            "msisdn": "+65000000",
            "catalog_id": "<YourCatalogId>",
            "product_retailer_id": "<YourProductRetailerId>",
            "header_text": "8x8 Collection",
            "body": "8x8 Limited Edition Items",
            "footer": "This collection contains only the finest from 8x8. ",
            "sections": [
                {
                    "title": "Section title",
                    "products": [{"product_retailer_id": "<id>"}, {"product_retailer_id": "<id>"}],
                }
            ],
        },
    )
    assert_same_body(form.payload, seed("13"))


def test_14_sms_fallback_fields_merge_into_a_template_bodys_content(db):
    approved("<Template Name>", "en_GB", BODY_1)
    # 8x8's "<senderId>" placeholder is not a sender id carriers accept; a real one stands in.
    fragment = {**seed("14"), "sms": {"encoding": "AUTO", "source": "TechStore"}}
    form = submitted(
        "template",
        {
            "msisdn": "+65000000",
            "template": "en_GB:<Template Name>",
            "body_1": "#523534",
            "fallback_text": fragment["fallbackText"],
            "sms_encoding": "AUTO",
            "sms_source": "TechStore",
        },
    )
    expected = seed("03")
    expected["content"].update(fragment)
    assert_same_body(form.payload, expected)


def test_15_each_batch_message_is_what_the_template_form_makes_for_its_recipient(db):
    approved("<insertTemplateName>", "en", {"type": "HEADER", "format": "DOCUMENT"})
    for message in seed("15")["messages"]:
        header = message["content"]["template"]["components"][0]["parameters"][0]
        form = submitted(
            "template",
            {
                "msisdn": message["user"]["msisdn"],
                "template": "en:<insertTemplateName>",
                "header_url": header["url"],
            },
        )
        assert_same_body(form.payload, message)
