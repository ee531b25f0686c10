import pytest

from recipients.numbers import number_normalise


@pytest.mark.parametrize(
    "raw",
    ["+65 9123 4567", "+65-9123-4567", "0065 9123 4567", "(+65) 9123.4567", "+6591234567"],
)
def test_international_forms_become_e164(raw):
    assert number_normalise(raw) == number_normalise("+6591234567")
    assert number_normalise(raw).msisdn == "+6591234567"
    assert number_normalise(raw).warning == ""


def test_a_national_number_takes_the_given_country():
    assert number_normalise("9123 4567", country="SG").msisdn == "+6591234567"
    assert number_normalise("07911 123456", country="gb").msisdn == "+447911123456"


def test_a_national_number_takes_the_default_country_from_settings(settings):
    settings.CONTACTS_DEFAULT_COUNTRY = "SG"
    assert number_normalise("91234567").msisdn == "+6591234567"


def test_a_national_number_without_any_country_is_refused_saying_why(settings):
    settings.CONTACTS_DEFAULT_COUNTRY = ""
    result = number_normalise("91234567")
    assert result.msisdn == ""
    assert "no country code" in result.error and "Settings" in result.error


def test_a_possible_but_unused_number_is_kept_with_a_warning():
    # 8x8's own samples use numbers like this one, and 8x8 accepts any E.164 number.
    result = number_normalise("+6500000000")
    assert result.msisdn == "+6500000000"
    assert "not a number in use" in result.warning


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("", "empty"),
        ("call me", "not a phone number"),
        ("+12", "E.164"),
        ("+0123456789", "E.164"),
        ("+1234567890123456", "E.164"),
        ("12", "not a possible phone number in SG"),
    ],
)
def test_what_cannot_be_a_number_is_refused_with_the_rule(raw, rule):
    result = number_normalise(raw, country="SG")
    assert result.msisdn == ""
    assert rule in result.error


def test_the_quick_validity_check_never_says_yes_where_phonenumbers_says_no():
    import random

    import phonenumbers

    from recipients.numbers import _surely_valid

    rng = random.Random(7)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    checked = agreed_yes = 0
    for _ in range(5000):
        number = f"+{rng.choice(codes)}{rng.randint(10**5, 10**11)}"[:16]
        if len(number) < 8:
            continue
        checked += 1
        slow = phonenumbers.is_valid_number(phonenumbers.parse(number, None))
        if _surely_valid(number):
            assert slow, number
            agreed_yes += 1
    assert checked > 4000 and agreed_yes > 50  # it did say yes, often
    assert _surely_valid("+6591234567") and _surely_valid("+390612345678")  # an Italian 0
