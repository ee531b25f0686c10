"""The SMS fallback beside the phone, batches, every seed body, odd input and escaping."""

from __future__ import annotations

import pytest

from phone import (
    message_view,
    render_message,
    render_payload_preview,
    render_phone,
    render_sms_preview,
)
from tests.phone.dom import SEEDS, dom, preview, seed, text_body


def test_an_sms_fallback_is_shown_beside_the_phone_with_its_part_count():
    body = text_body("Hi")
    body["content"].update(seed("14-sms-fallback-fields"))
    page = preview(body)
    row = page.one("wa-preview-row")
    assert [child.tag for child in row.children if not isinstance(child, str)] == ["div", "div"]
    sms = row.one("wa-sms")
    assert sms.one("wa-sms-bubble").text() == (
        "This is the text that will be sent in the SMS instead of the WhatsApp Template."
    )
    assert sms.one("wa-sms-source").text() == "from <senderId>"
    assert sms.one("wa-sms-segments").text() == "1 SMS"
    assert sms.one("wa-sms-encoding").text() == "GSM-7"


def test_the_sms_preview_warns_when_gsm7_is_forced_on_characters_it_cannot_carry():
    sms = dom(render_sms_preview("Price: 5€ 😀", "GSM7"))
    warning = sms.one("wa-sms-warning")
    assert "GSM-7 cannot send" in warning.text()
    assert [code.text() for code in warning.all(tag="code")] == ["😀"]


def test_the_sms_preview_keeps_line_breaks_and_escapes_the_text():
    sms = dom(render_sms_preview("<b>one</b>\ntwo", "AUTO"))
    bubble = sms.one("wa-sms-bubble")
    assert bubble.text() == "<b>one</b>two"
    assert not bubble.all(tag="b")
    assert len(bubble.all(tag="br")) == 1


def test_a_batch_body_gives_one_phone_per_recipient():
    page = preview(seed("15-batch-template-documents"))
    phones = page.all("wa-phone")
    assert [p.one("wa-statusbar-owner").text() for p in phones] == ["+6511111111", "+6522222222"]
    assert [p.one("wa-doc-name").text() for p in phones] == ["TestPDFfile.pdf", "TestJSFile.js"]
    assert [p.one("wa-doc-type").text() for p in phones] == ["PDF", "JS"]


def test_a_batch_template_default_is_merged_into_each_message():
    body = {
        "template": {"type": "text", "content": {"text": "Shared"}},
        "messages": [{"user": {"msisdn": "+651"}}, {"user": {"msisdn": "+652"}}],
    }
    assert preview(body).texts("wa-text") == ["Shared", "Shared"]


SEED_KEY_TEXTS = {
    "01-text": ["Thank you for your recent purchase from TechStore!"],
    "02-image-with-text": ["Communications for the customer obsessed."],
    "03-template-text-only": ["#523534"],
    "04-template-authentication": ["12345"],
    "05-template-image-header": ["<insertTemplateName>"],
    "06-template-document-header": ["TestPDFfile.pdf", "PDF"],
    "07-template-location-header": ["Metro Station", "1 Connector Drive"],
    "08-template-cta-button": ["12345", "Visit website"],
    "09-template-coupon-code": ["Copy offer code"],
    "10-interactive-reply-buttons": ["8x8 Inc.", "contact-us", "faq", "office"],
    "11-interactive-list": ["Book Slot", "Oct 10, 2024", "4:00 PM - 5:00 PM"],
    "12-interactive-product": ["8x8 Shirt", "View"],
    "13-interactive-product-list": ["8x8 Collection", "2 items", "View items", "Section title"],
    "14-sms-fallback-fields": [
        "SMS fallback",
        "instead of the WhatsApp Template",
        "from <senderId>",
    ],
    "15-batch-template-documents": ["TestPDFfile.pdf", "TestJSFile.js"],
}


@pytest.mark.parametrize("name", sorted(SEED_KEY_TEXTS))
def test_every_seed_body_renders_with_its_key_texts(name):
    page = preview(seed(name))
    assert page.all("wa-phone")
    shown = page.text()
    for expected in SEED_KEY_TEXTS[name]:
        assert expected in shown


def test_there_are_fifteen_seed_fixtures():
    assert sorted(p.stem for p in SEEDS.glob("*.json")) == sorted(SEED_KEY_TEXTS)


@pytest.mark.parametrize(
    ("body", "placeholder"),
    [
        ({"type": "text", "content": {}}, "Message text"),
        ({"type": "TEXT", "content": {"text": "   "}}, "Message text"),
        ({"type": "image"}, "Image URL missing"),
        ({"type": "file", "content": {"url": ""}}, "Document URL missing"),
        ({"type": "location", "content": {"location": {"name": "Shop"}}}, "Latitude and longitude"),
        ({"type": "interactive", "content": {"interactive": {"type": "list"}}}, "List button"),
        ({"type": "interactive", "content": {"interactive": {"type": "button"}}}, "Body text"),
        ({"type": "interactive", "content": {"interactive": {}}}, "Choose an interactive type"),
        ({"type": "template", "content": {"template": {}}}, "Choose a template"),
        ({}, "No WhatsApp message yet"),
        ({"type": "sticker"}, "Unknown message type “sticker”"),
        ({"type": "carousel"}, "shown on RCS only"),
    ],
)
def test_a_half_filled_body_renders_with_a_placeholder_for_what_is_missing(body, placeholder):
    assert placeholder in preview(body).text()


@pytest.mark.parametrize("body", [None, 42, "text", [], {"content": []}, {"type": ["x"]}])
def test_a_body_that_is_not_an_object_still_renders_a_phone(body):
    assert preview(body).all("wa-phone")


def test_a_list_without_rows_asks_for_one_in_the_opened_sheet():
    body = {
        "type": "interactive",
        "content": {"interactive": {"type": "list", "action": {"button": "Pick", "sections": []}}},
    }
    sheet = preview(body).one("wa-sheet-list")
    assert sheet.one("wa-missing").text() == "Add a section with at least one row"


def test_user_text_is_escaped_in_every_field():
    evil = '<img src=x onerror="alert(1)">'
    body = {
        "user": {"msisdn": evil},
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "list",
                "header": {"type": "text", "text": evil},
                "body": {"text": evil},
                "footer": {"text": evil},
                "action": {
                    "button": evil,
                    "sections": [{"title": evil, "rows": [{"title": evil, "description": evil}]}],
                },
            },
            "fallbackText": evil,
            "sms": {"source": evil},
        },
    }
    page = preview(body, business_name=evil)
    assert not page.all(tag="img")
    assert page.text().count(evil) >= 9


def test_render_message_and_render_phone_compose_a_conversation():
    first = render_message(text_body("one"))
    second = render_message(text_body("two"))
    phone = dom(render_phone([first, second], business_name="Shop", recipient="+651"))
    assert phone.texts("wa-text") == ["one", "two"]
    assert phone.one("wa-statusbar-owner").text() == "+651"


def test_message_view_exposes_the_data_behind_the_preview():
    view = message_view(seed("10-interactive-reply-buttons"))
    assert [button.label for button in view.reply_buttons] == ["contact-us", "faq", "office"]
    assert view.header is not None
    assert view.header.kind == "text"


@pytest.mark.django_db
def test_rendering_a_preview_makes_no_database_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        render_payload_preview(seed("13-interactive-product-list"))
