"""Small readers shared by the builders: they never raise on half-filled or odd input."""

from __future__ import annotations

import math
import re
from typing import Any

# Separators people type inside phone numbers: spaces, dashes, dots, brackets.
PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def clean_text(value: object) -> str:
    """A form value as the trimmed text it stands for ("" for nothing)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value).strip()


def message_text(value: object) -> str:
    """Text the customer reads, kept as typed: browsers send textarea newlines as CRLF, which
    become plain newlines; only text that is all whitespace counts as empty."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else ""


def msisdn_normalise(value: object) -> str:
    """ "+65 9123-4567", "0065 9123 4567" → "+6591234567"; anything else comes back trimmed.

    Only the spelling changes; whether the result is a valid E.164 number is the form's question.
    """
    text = PHONE_SEPARATORS.sub("", clean_text(value))
    if text.startswith("00") and text[2:].isdigit():
        text = "+" + text[2:]
    return text


def as_number(value: object) -> float | str:
    """A coordinate typed as text, as a JSON number; text that is not a number stays text."""
    text = clean_text(value)
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def number_text(value: object) -> str:
    """A coordinate from a payload back into the text a form field holds."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
