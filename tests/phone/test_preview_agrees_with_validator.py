"""The preview and the validator agree: what 8x8 would take is shown as fine, and the reverse."""

from __future__ import annotations

from typing import Any

import pytest

from chatapps.validation import validate_batch, validate_message
from chatapps.validation.fields import BARE_HOST_URL, is_http_url
from phone import lenient
from tests.fixtures import FRAGMENT_SEED, SEED_PATHS, load_seed
from tests.phone.dom import preview, text_body

# What each seed's template would be registered as (8x8's usage samples only send parameters).
BODY_ONE_PARAMETER = {"type": "BODY", "text": "Your order {{1}} has been shipped."}
BODY_PLAIN = {"type": "BODY", "text": "Here is your update."}
REGISTERED: dict[str, list[dict[str, Any]]] = {
    "03-template-text-only": [BODY_ONE_PARAMETER],
    "04-template-authentication": [
        {"type": "BODY", "text": "*{{1}}* is your verification code."},
        {"type": "BUTTONS", "buttons": [{"type": "OTP", "otpType": "COPY_CODE", "text": "Copy"}]},
    ],
    "05-template-image-header": [{"type": "HEADER", "format": "IMAGE"}, BODY_PLAIN],
    "06-template-document-header": [{"type": "HEADER", "format": "DOCUMENT"}, BODY_PLAIN],
    "07-template-location-header": [{"type": "HEADER", "format": "LOCATION"}, BODY_PLAIN],
    "08-template-cta-button": [
        {"type": "HEADER", "format": "IMAGE"},
        BODY_ONE_PARAMETER,
        {
            "type": "BUTTONS",
            "buttons": [{"type": "URL", "text": "Track", "url": "https://x.example/{{1}}"}],
        },
    ],
    "09-template-coupon-code": [
        BODY_PLAIN,
        {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy offer code"}]},
    ],
    "15-batch-template-documents": [{"type": "HEADER", "format": "DOCUMENT"}, BODY_PLAIN],
}
PRODUCTS = {
    "<YourProductRetailerId>": {"name": "8x8 Shirt", "price": "19.99", "currency": "SGD"},
    "<id>": {"name": "8x8 Mug", "price": "5.90", "currency": "SGD"},
}
# Markers the preview uses to say something is wrong or missing.
PROBLEM_MARKERS = ("wa-missing", "wa-param-missing", "wa-button-missing", "wa-note")


def seed_body(name: str) -> Any:
    """The seed as a whole request: the SMS fallback fragment rides on a text message."""
    body = load_seed(name)
    if name == FRAGMENT_SEED:
        message = text_body("Your order has shipped.")
        message["content"].update(body)
        return message
    return body


@pytest.mark.parametrize("path", SEED_PATHS, ids=[path.stem for path in SEED_PATHS])
def test_no_seed_the_validator_accepts_is_previewed_with_a_problem(path):
    body = seed_body(path.name)
    problems = validate_batch(body) if "messages" in body else validate_message(body)
    assert problems == [], "every seed is a valid 8x8 request"
    page = preview(body, template=REGISTERED.get(path.stem), products=PRODUCTS)
    for marker in PROBLEM_MARKERS:
        assert page.texts(marker) == [], f"{path.stem} is valid, yet previewed with .{marker}"


def test_the_phone_reads_scheme_less_urls_with_the_validators_own_pattern():
    assert lenient.BARE_HOST_URL.pattern == BARE_HOST_URL.pattern


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/image.jpg",
        'https://x.example/a"b<c>.jpg',
        "http://x.example/it's.png",
        " https://x.example/a.jpg",
        "https://x.example/a b.jpg",
        "www.example.com/image.jpg",
        "javascript:alert(1)",
        "ftp://x.example/a.jpg",
        "//x.example/a.jpg",
    ],
)
def test_an_image_message_is_shown_exactly_when_the_validator_takes_its_url(url):
    body = {"user": {"msisdn": "+6500000000"}, "type": "image", "content": {"url": url}}
    accepted = not validate_message(body)
    assert accepted == is_http_url(url)
    media = preview(body).one("wa-media-image")
    assert bool(media.all(tag="img")) == accepted
    assert bool(media.all("wa-missing")) == (not accepted)


@pytest.mark.parametrize(
    "url", ["www.example.com/image.jpg", "cdn.example.com:8443/a.png?x=1", "javascript:x", "a b.c"]
)
def test_a_template_header_image_is_shown_exactly_when_the_validator_takes_its_url(url):
    body = load_seed("05-template-image-header.json")
    body["content"]["template"]["components"][0]["parameters"][0]["url"] = url
    accepted = not validate_message(body)
    media = preview(body, template=REGISTERED["05-template-image-header"]).one("wa-media-image")
    images = media.all(tag="img")
    assert bool(images) == accepted
    assert bool(media.all("wa-missing")) == (not accepted)
    if accepted:
        assert images[0].attrs["src"] == "https://" + url


def test_a_template_header_image_sent_as_link_is_refused_by_both():
    body = load_seed("05-template-image-header.json")
    parameter = body["content"]["template"]["components"][0]["parameters"][0]
    parameter["link"] = "https://x.example/a.jpg"
    del parameter["url"]
    assert validate_message(body)
    media = preview(body, template=REGISTERED["05-template-image-header"]).one("wa-media-image")
    assert not media.all(tag="img")
    assert media.one("wa-missing").text() == "Image URL missing"


def test_an_interactive_header_image_named_by_its_media_id_is_no_problem():
    body = {
        "user": {"msisdn": "+6500000000"},
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "button",
                "header": {"type": "image", "image": {"id": "1234567890"}},
                "body": {"text": "Pick one"},
                "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "A"}}]},
            }
        },
    }
    assert validate_message(body) == []
    media = preview(body).one("wa-media-image")
    assert not media.all("wa-missing")
    assert media.one("wa-media-label").text() == "Uploaded image"
