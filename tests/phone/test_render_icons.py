"""Icons as WhatsApp draws them: inline SVG beside the text, never emoji a platform may swap."""

from __future__ import annotations

import pytest

from phone import render_payload_preview
from tests.phone.dom import preview, seed

# Glyphs that some platforms draw as colour emoji, so a preview using them looks unlike WhatsApp.
EMOJI_PRONE = "↩↗☎☺▶⧉☰⌖"
LIST_PRODUCTS = {"<id>": {"name": "8x8 Mug", "price": "5.9", "currency": "SGD"}}


@pytest.mark.parametrize(
    "name", ["10-interactive-reply-buttons", "11-interactive-list", "13-interactive-product-list"]
)
def test_no_preview_draws_an_icon_with_an_emoji_prone_glyph(name):
    html = render_payload_preview(seed(name), products=LIST_PRODUCTS)
    assert not set(EMOJI_PRONE) & set(html)


def test_every_icon_is_a_hidden_svg_beside_text_that_says_what_it_is():
    page = preview(seed("13-interactive-product-list"), products=LIST_PRODUCTS)
    icons = page.all("wa-icon")
    assert icons
    for icon in icons:
        assert icon.tag == "svg"
        assert icon.attrs["aria-hidden"] == "true"
        assert icon.attrs["focusable"] == "false"


def test_the_product_list_sheet_has_a_labelled_cart_icon():
    sheet = preview(seed("13-interactive-product-list"), products=LIST_PRODUCTS).one(
        "wa-sheet-products"
    )
    cart = sheet.one("wa-sheet-cart")
    assert cart.attrs["role"] == "img"
    assert cart.attrs["aria-label"] == "Cart"
    assert cart.one("wa-icon-cart").tag == "svg"


def test_a_list_sheet_has_no_cart():
    assert not preview(seed("11-interactive-list")).all("wa-sheet-cart")


def test_a_product_without_a_picture_shows_a_bag_outline_in_the_card_and_the_sheet():
    page = preview(seed("13-interactive-product-list"), products=LIST_PRODUCTS)
    card = page.one("wa-card-collection")
    assert card.one("wa-product-placeholder").one("wa-icon-bag")
    thumbs = page.one("wa-sheet-products").all("wa-product-thumb")
    assert [thumb.one("wa-product-placeholder").one("wa-icon-bag").tag for thumb in thumbs] == [
        "svg",
        "svg",
    ]


def test_a_product_with_a_picture_shows_it_and_no_placeholder():
    products = {"<id>": {**LIST_PRODUCTS["<id>"], "image_url": "https://x.example/mug.svg"}}
    page = preview(seed("13-interactive-product-list"), products=products)
    assert not page.all("wa-product-placeholder")
    sources = [img.attrs["src"] for img in page.all(tag="img")]
    assert sources == ["https://x.example/mug.svg"] * 3


def test_call_and_link_buttons_have_their_icons_and_reply_buttons_none():
    body = {
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "voice_call",
                "body": {"text": "Talk to us"},
                "action": {"parameters": {"display_text": "Call us"}},
            }
        },
    }
    button = preview(body).one("wa-button-phone")
    assert button.one("wa-icon-phone").tag == "svg"
    assert button.one("wa-button-label").text() == "Call us"
    replies = preview(seed("10-interactive-reply-buttons")).all("wa-button-reply")
    assert replies and not any(reply.all("wa-icon") for reply in replies)
