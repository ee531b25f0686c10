"""Every 8x8 code gets a cause and a fix in plain words, from the right registry."""

from __future__ import annotations

import pytest

from chatapps.explain import API_ERRORS, DELIVERY_ERRORS, META_TO_DELIVERY, explain_error

# The API code table in 8x8's reference, every row.
REFERENCE_API_CODES = [
    1000, 1001, 1002, 1003, 1004, 1005, 1006, 1009, 1010, 1011, 1100, 1200, 1201, 1300, 2000,
    3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010, 3011, 3012, 3013, 3014, 3017, 3020,
    3021, 3022, 3023, 3024, 3025, 3026, 3027, 3030, 3031, 3032, 3033, 3034, 3036, 3037, 3038,
    3039, 3040, 3041, 3042, 3043, 3044, 3045, 3046, 3049, 3051, 3052, 3053, 3060,
]  # fmt: skip
REFERENCE_DELIVERY_CODES = [1, 15, 36, 42, 46, 61, 1022, 1030, 1031, 1051, 1054]


@pytest.mark.parametrize("code", REFERENCE_API_CODES)
def test_every_api_code_in_the_reference_has_an_explanation(code):
    assert code in API_ERRORS
    text = explain_error(code, None, context="api")
    assert text.startswith(f"Error {code}: ")
    assert "not in 8x8's published" not in text


@pytest.mark.parametrize("code", REFERENCE_DELIVERY_CODES)
def test_every_delivery_code_in_the_reference_has_an_explanation(code):
    assert code in DELIVERY_ERRORS
    assert "not in 8x8's published" not in explain_error(code, None, context="receipt")


def test_whatsapp_codes_1000_to_1051_are_all_covered():
    assert set(range(1000, 1052)) <= set(DELIVERY_ERRORS)


def test_the_same_number_means_different_things_in_each_registry():
    assert "E.164" in explain_error(1002, None, context="api")
    assert "rate limit" in explain_error(1002, None, context="receipt")


def test_a_provider_code_means_a_receipt():
    assert "rate limit" in explain_error(1002, "4")


def test_a_code_only_the_receipt_table_knows_is_read_as_a_receipt():
    text = explain_error(1022, None)
    assert "24 hours" in text
    assert "template" in text


def test_a_meta_code_alone_is_translated_through_8x8s_mapping():
    assert META_TO_DELIVERY["131047"] == 1022
    text = explain_error(None, "131047")
    assert text.startswith("WhatsApp error 131047: ")
    assert "24 hours" in text


def test_outside_window_names_both_codes():
    text = explain_error(1022, "131047", context="receipt")
    assert text.startswith("Error 1022 (WhatsApp error 131047): ")


def test_unknown_and_missing_codes_say_so_plainly():
    assert "not in 8x8's published code tables" in explain_error(9999, None)
    assert "no error code" in explain_error(None, None)


def test_wrong_region_and_bad_key_explanations_name_the_setting():
    assert "CHATAPPS_BASE_URL" in explain_error(1201, None)
    assert "CHATAPPS_API_KEY" in explain_error(1200, None)
