"""composer.payloads: bodies built from form data, their inverse, and the request shown to users."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chatapps.validation import normalise_message, validate_message
from composer.kinds import form_data_from_payload, payload_build
from composer.payloads import curl_command, messages_url, msisdn_normalise, template_spec
from composer.payloads.template import COUPON, OTP, PAYLOAD, URL_SUFFIX, placeholders
from messaging.models import MessageKind
from tests.fixtures import SEED_DIR

SEEDS = SEED_DIR


def seed(number: str) -> dict[str, Any]:
    (path,) = SEEDS.glob(f"{number}-*.json")
    return json.loads(path.read_text())


def template(name: str, language: str, *components: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(name=name, language=language, category="", components=list(components))


BODY_1 = {"type": "BODY", "text": "Your code is {{1}}."}
# Templates shaped like the seed bodies that fill them (8x8's examples name them "<…>").
SEED_TEMPLATES = {
    "03": template("<Template Name>", "en_GB", BODY_1),
    "04": template(
        "<insertTemplateName>",
        "en",
        BODY_1,
        {"type": "BUTTONS", "buttons": [{"type": "OTP", "otpType": "COPY_CODE", "text": "Copy"}]},
    ),
    "05": template("<insertTemplateName>", "en", {"type": "HEADER", "format": "IMAGE"}),
    "06": template("<insertTemplateName>", "en", {"type": "HEADER", "format": "DOCUMENT"}),
    "07": template("<Insert Template Name>", "en", {"type": "HEADER", "format": "LOCATION"}),
    "08": template(
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
    ),
    "09": template(
        "<Template_name>",
        "en_US",
        {"type": "BODY", "text": "25% off."},
        {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "text": "Copy offer code"}]},
    ),
}
FREE_FORM_SEEDS = {
    "01": MessageKind.TEXT,
    "02": MessageKind.IMAGE,
    "10": MessageKind.BUTTONS,
    "11": MessageKind.LIST,
    "12": MessageKind.PRODUCT,
    "13": MessageKind.PRODUCT_LIST,
}


@pytest.mark.parametrize(("number", "kind"), FREE_FORM_SEEDS.items())
def test_each_free_form_seed_round_trips_through_its_form_data(number, kind):
    body = seed(number)
    built = payload_build(kind, form_data_from_payload(kind, body))
    assert normalise_message(built) == normalise_message(body)
    assert validate_message(built) == []


@pytest.mark.parametrize("number", SEED_TEMPLATES)
def test_each_template_seed_round_trips_with_its_registered_template(number):
    body = seed(number)
    spec = template_spec(SEED_TEMPLATES[number])
    built = payload_build("template", form_data_from_payload("template", body), template=spec)
    assert normalise_message(built) == normalise_message(body)
    assert validate_message(built) == []


def test_the_seed_authentication_template_fills_its_otp_button_like_a_url_button():
    spec = template_spec(SEED_TEMPLATES["04"])
    built = payload_build("template", {"msisdn": "+65000000", "body_1": "12345"}, template=spec)
    button = built["content"]["template"]["components"][1]
    # 8x8's sample writes this "subType": 1, which is Url in 8x8's enum.
    assert normalise_message(built)["content"]["template"]["components"][1]["subType"] == "Url"
    assert button["parameters"] == [{"type": "text", "text": "12345"}]


def test_template_components_come_body_first_as_in_8x8s_call_to_action_example():
    spec = template_spec(SEED_TEMPLATES["08"])
    data = {"body_1": "1", "header_url": "https://x.example/a.jpg", "button_0": "go"}
    built = payload_build("template", data, template=spec)
    assert [c["type"] for c in built["content"]["template"]["components"]] == [
        "body",
        "header",
        "button",
    ]


def test_the_sms_fallback_fragment_goes_inside_the_content_of_any_body():
    fragment = {**seed("14"), "sms": {"encoding": "AUTO", "source": "TechStore"}}
    spec = template_spec(SEED_TEMPLATES["03"])
    data = {
        **form_data_from_payload("template", seed("03")),
        "fallback_text": fragment["fallbackText"],
        "sms_encoding": "AUTO",
        "sms_source": "TechStore",
    }
    built = payload_build("template", data, template=spec)
    expected = seed("03")
    expected["content"].update(fragment)
    assert built == expected


def test_each_message_of_the_seed_batch_is_a_template_send_to_its_recipient():
    spec = template_spec(SEED_TEMPLATES["06"])
    for message in seed("15")["messages"]:
        data = form_data_from_payload("template", message)
        assert data["msisdn"] == message["user"]["msisdn"]
        built = payload_build("template", data, template=spec)
        assert normalise_message(built) == normalise_message(message)


def test_template_spec_lists_exactly_the_parameters_a_template_takes():
    spec = template_spec(
        template(
            "appointment",
            "en",
            {"type": "HEADER", "format": "TEXT", "text": "For {{1}}"},
            {"type": "BODY", "text": "On {{2}} at {{1}}, {{2}} again"},
            {
                "type": "BUTTONS",
                "buttons": [
                    {"type": "QUICK_REPLY", "text": "Yes"},
                    {"type": "URL", "text": "Open", "url": "https://a.example/static"},
                    {"type": "URL", "text": "Track", "url": "https://a.example/{{1}}"},
                    {"type": "COPY_CODE", "text": "Copy"},
                    {"type": "OTP", "text": "Code"},
                ],
            },
        )
    )
    assert spec.body_params == ("1", "2")
    assert [b.parameter for b in spec.buttons] == [PAYLOAD, "", URL_SUFFIX, COUPON, OTP]
    assert spec.parameter_fields() == [
        "header_text",
        "body_1",
        "body_2",
        "button_0",
        "button_2",
        "button_3",
        "button_4",
    ]


def test_placeholders_are_ordered_by_number_and_named_ones_kept_in_order():
    assert placeholders("{{10}} {{2}} {{1}} {{2}}") == ("1", "2", "10")
    assert placeholders("Hi {{first_name}}, {{ order }}") == ("first_name", "order")


def test_a_quick_reply_button_without_a_payload_is_left_out():
    spec = template_spec(
        template(
            "q", "en", {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Yes"}]}
        )
    )
    assert "components" not in payload_build("template", {}, template=spec)["content"]["template"]
    built = payload_build("template", {"button_0": "yes-1"}, template=spec)
    assert built["content"]["template"]["components"] == [
        {
            "type": "button",
            "subType": "quickReply",
            "index": 0,
            "parameters": [{"type": "payload", "payload": "yes-1"}],
        }
    ]


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("+65 9123 4567", "+6591234567"),
        ("+65-9123-4567", "+6591234567"),
        ("0065 9123 4567", "+6591234567"),
        (" +1 (415) 555-0100 ", "+14155550100"),
        ("not a number", "notanumber"),
    ],
)
def test_msisdn_normalise_removes_separators_and_the_00_prefix(typed, cleaned):
    assert msisdn_normalise(typed) == cleaned


def test_browser_newlines_become_plain_newlines_and_spaces_are_kept_in_message_text():
    built = payload_build("text", {"msisdn": "+6591234567", "text": "Hi\r\nthere "})
    assert built["content"]["text"] == "Hi\nthere "


def test_a_half_filled_form_still_builds_a_body_for_the_preview():
    built = payload_build("list", {"sections": [{"rows": [{"title": "A"}, {}]}, "junk"]})
    assert built["content"]["interactive"]["action"]["sections"] == [
        {"rows": [{"id": "", "title": "A"}]}
    ]
    assert payload_build("location", {"latitude": "north"})["content"]["location"] == {
        "latitude": "north",
        "longitude": "",
    }


def test_the_curl_command_masks_the_key_and_posts_to_the_configured_endpoint(settings):
    settings.CHATAPPS_BASE_URL = "https://chatapps.8x8.com"
    settings.CHATAPPS_SUBACCOUNT_ID = "Shop_WA"
    settings.CHATAPPS_API_KEY = "super-secret-key"
    body = payload_build("text", {"msisdn": "+6591234567", "text": "It's here"})
    command = curl_command(body)
    assert messages_url() == "https://chatapps.8x8.com/api/v1/subaccounts/Shop_WA/messages"
    assert '-H "Authorization: Bearer ****"' in command
    assert "super-secret-key" not in command
    assert command.startswith(
        "curl -X POST https://chatapps.8x8.com/api/v1/subaccounts/Shop_WA/messages \\\n"
    )
    assert "It'\"'\"'s here" in command  # the apostrophe survives shell quoting


# -- Round trip for any form data (hypothesis) --------------------------------------------------

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s.strip())
rows = st.lists(st.fixed_dictionaries({"id": words, "title": words}), min_size=1, max_size=3)
list_rows = st.lists(
    st.fixed_dictionaries({"id": words, "title": words, "description": words}),
    min_size=1,
    max_size=3,
)
common = {
    "msisdn": st.from_regex(r"\+[1-9][0-9]{6,13}", fullmatch=True),
    "fallback_text": words,
    "sms_encoding": st.sampled_from(["AUTO", "GSM7", "UCS2"]),
    "sms_source": words,
}
KIND_DATA = {
    MessageKind.TEXT: {"text": words},
    MessageKind.IMAGE: {"url": words, "caption": words},
    MessageKind.AUDIO: {"url": words},
    MessageKind.LOCATION: {
        "latitude": st.floats(-90, 90).map(str),
        "longitude": st.floats(-180, 180).map(str),
        "name": words,
        "address": words,
    },
    MessageKind.BUTTONS: {
        "header_type": st.just("text"),
        "header_text": words,
        "body": words,
        "footer": words,
        "buttons": rows,
    },
    MessageKind.LIST: {
        "header_text": words,
        "body": words,
        "button": words,
        "sections": st.lists(
            st.fixed_dictionaries({"title": words, "rows": list_rows}), min_size=1, max_size=3
        ),
    },
    MessageKind.PRODUCT_LIST: {
        "catalog_id": words,
        "header_text": words,
        "body": words,
        "sections": st.lists(
            st.fixed_dictionaries(
                {
                    "title": words,
                    "products": st.lists(
                        st.fixed_dictionaries({"product_retailer_id": words}), min_size=1
                    ),
                }
            ),
            min_size=1,
            max_size=3,
        ),
    },
}


@hypothesis_settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_body_the_builder_makes_round_trips_through_form_data(data):
    kind = data.draw(st.sampled_from(sorted(KIND_DATA)))
    form_data = data.draw(st.fixed_dictionaries({**common, **KIND_DATA[kind]}))
    body = payload_build(kind, form_data)
    assert payload_build(kind, form_data_from_payload(kind, body)) == body


@pytest.mark.parametrize(
    "examples", [["Monday", "10:00"], [["Monday", "10:00"]]], ids=["8x8 flat", "Meta nested"]
)
def test_body_examples_are_read_in_8x8s_flat_and_metas_nested_form(examples):
    spec = template_spec(
        template(
            "t",
            "en",
            {"type": "HEADER", "format": "Text", "text": "Hi {{1}}"},
            {"type": "BODY", "text": "{{1}} at {{2}}", "example": {"bodyText": examples}},
        )
    )
    assert spec.body_examples == ("Monday", "10:00")
    assert spec.header_format == "TEXT"


def test_button_types_are_read_in_any_spelling():
    buttons = [{"type": t, "text": t} for t in ("QuickReply", "copy_code", "Url", "OTP")]
    buttons[2]["url"] = "https://a.example/{{1}}"
    spec = template_spec(template("t", "en", {"type": "BUTTONS", "buttons": buttons}))
    assert [b.parameter for b in spec.buttons] == [PAYLOAD, COUPON, URL_SUFFIX, OTP]
