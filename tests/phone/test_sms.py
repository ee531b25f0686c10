"""SMS part counting for the fallback text: GSM-7 160/153, UCS-2 70/67, at most 10 parts."""

from __future__ import annotations

import pytest

from phone.sms import gsm7_unsendable, sms_segments


@pytest.mark.parametrize(
    ("length", "segments", "per_segment"),
    [(0, 0, 160), (1, 1, 160), (160, 1, 160), (161, 2, 153), (306, 2, 153), (307, 3, 153)],
)
def test_gsm7_text_fits_160_in_one_part_and_153_per_part_after(length, segments, per_segment):
    count = sms_segments("a" * length)
    assert count.encoding_used == "GSM7"
    assert count.characters == length
    assert count.segments == segments
    assert count.per_segment == per_segment


@pytest.mark.parametrize(
    ("length", "segments", "per_segment"),
    [(70, 1, 70), (71, 2, 67), (134, 2, 67), (135, 3, 67)],
)
def test_ucs2_text_fits_70_in_one_part_and_67_per_part_after(length, segments, per_segment):
    count = sms_segments("ж" * length)
    assert count.encoding_used == "UCS2"
    assert count.characters == length
    assert count.segments == segments
    assert count.per_segment == per_segment


def test_extension_characters_take_two_septets():
    count = sms_segments("^{}\\[~]|€")
    assert count.encoding_used == "GSM7"
    assert count.characters == 18


def test_an_extension_character_pushing_past_160_makes_two_parts():
    assert sms_segments("a" * 159 + "€").segments == 2
    assert sms_segments("a" * 158 + "€").segments == 1


def test_an_extension_character_is_never_split_across_parts():
    # 152 septets + a 2-septet char does not fit in a 153-septet part: it starts the next one.
    count = sms_segments("a" * 152 + "€" + "a" * 152)
    assert count.characters == 306
    assert count.segments == 3


def test_accented_gsm_characters_stay_gsm7():
    count = sms_segments("Olé, café à €5 ¿Ñ?")
    assert count.encoding_used == "GSM7"


def test_auto_picks_ucs2_for_any_character_outside_gsm7():
    count = sms_segments("Price 5 ₹")
    assert count.encoding_used == "UCS2"
    assert count.characters == 9
    assert count.unsendable == ()


def test_an_emoji_counts_as_two_ucs2_code_units():
    count = sms_segments("😀" * 35)
    assert count.characters == 70
    assert count.segments == 1
    assert sms_segments("😀" * 36).segments == 2


def test_an_emoji_is_never_split_across_ucs2_parts():
    count = sms_segments("a" * 66 + "😀" + "a" * 66)
    assert count.characters == 134
    assert count.segments == 3


def test_forcing_gsm7_reports_the_characters_it_cannot_send():
    count = sms_segments("Hi 😀 ₹ 😀", "GSM7")
    assert count.encoding_used == "GSM7"
    assert count.unsendable == ("😀", "₹")
    assert count.characters == 8


def test_forcing_ucs2_on_plain_text_counts_in_ucs2():
    count = sms_segments("a" * 71, "UCS2")
    assert count.encoding_used == "UCS2"
    assert count.segments == 2


@pytest.mark.parametrize(
    ("alias", "used"), [("unicode", "UCS2"), ("gsm", "GSM7"), ("nonsense", "GSM7")]
)
def test_encoding_names_are_read_leniently(alias, used):
    assert sms_segments("abc", alias).encoding_used == used


def test_more_than_ten_parts_is_truncated():
    count = sms_segments("a" * (153 * 10 + 1))
    assert count.segments_needed == 11
    assert count.segments == 10
    assert count.max_segments == 10
    assert count.truncated is True
    assert sms_segments("a" * 153 * 10).truncated is False


def test_remaining_counts_what_is_left_in_the_current_part():
    assert sms_segments("a" * 150).remaining == 10
    assert sms_segments("a" * 161).remaining == 145


def test_gsm7_unsendable_lists_distinct_characters_in_order():
    assert gsm7_unsendable("abc✓d✓é😀") == ("✓", "😀")
