"""Phone numbers as people write them, made E.164 the one way contacts, imports and pages share.

"+65 9123-4567", "0065 9123 4567" and, with Singapore as the default country, "9123 4567" are all
"+6591234567". A number phonenumbers finds possible but not valid is kept with a warning: 8x8
accepts any E.164 number, and its own samples use such numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings

E164 = re.compile(r"\+[1-9]\d{6,14}")
# Separators people type inside numbers; anything else (letters, '#') makes the number invalid.
SEPARATORS = re.compile(r"[\s\-().\u00a0/]")


@dataclass(frozen=True)
class Number:
    """A number made E.164, or why it cannot be. `warning` is set for kept-but-unusual numbers."""

    msisdn: str = ""
    warning: str = ""
    error: str = ""


def default_country() -> str:
    """The ISO country national numbers belong to (CONTACTS_DEFAULT_COUNTRY), or "" for none."""
    return str(getattr(settings, "CONTACTS_DEFAULT_COUNTRY", "") or "").upper()


def number_normalise(raw: str, *, country: str | None = None) -> Number:
    """`raw` as E.164: international forms as written, national ones in `country` or the default."""
    text = SEPARATORS.sub("", str(raw or "").strip())
    if not text:
        return Number(error="the phone number is empty")
    if text.startswith("00"):
        text = "+" + text[2:]
    region = (default_country() if country is None else country).upper()
    if not text.startswith("+"):
        if not text.isdigit():
            return Number(error=f"'{raw}' is not a phone number (only digits, + and separators)")
        if not region:
            return Number(
                error=f"'{raw}' has no country code (+…) and no default country is set in Settings"
            )
        return _national(text, raw=raw, region=region)
    if not E164.fullmatch(text):
        return Number(error=f"'{raw}' is not an E.164 number (+ then 7 to 15 digits)")
    return Number(msisdn=text, warning=_unusual(text))


def _national(text: str, *, raw: str, region: str) -> Number:
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return Number(error=f"'{raw}' is not a phone number in {region}")
    if not phonenumbers.is_possible_number(parsed):
        return Number(error=f"'{raw}' is not a possible phone number in {region}")
    msisdn = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return Number(msisdn=msisdn, warning=_unusual(msisdn))


def _surely_valid(msisdn: str) -> bool:
    """A quick yes for an E.164 number phonenumbers finds valid, without its full parse (3x
    faster, which a 100,000-row import feels). Only a yes is trusted: a no asks `parse` again, as
    its national-prefix rules can still find the number valid.
    """
    digits = msisdn[1:]
    for length in (1, 2, 3):
        code = int(digits[:length])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            national = digits[length:]
            number = phonenumbers.PhoneNumber(country_code=code, national_number=int(national))
            zeros = len(national) - len(national.lstrip("0"))
            if zeros:
                number.italian_leading_zero = True
                number.number_of_leading_zeros = zeros if zeros > 1 else None
            return phonenumbers.is_valid_number(number)
    return False


def _unusual(msisdn: str) -> str:
    if _surely_valid(msisdn):
        return ""
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(msisdn, None))
    except phonenumbers.NumberParseException:
        valid = False
    return "" if valid else f"{msisdn} is not a number in use in any country; kept as written"
