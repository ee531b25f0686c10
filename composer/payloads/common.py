"""Small readers shared by the builders: they never raise on half-filled or odd input."""

from __future__ import annotations

import math

from chatapps.loose import as_dict, as_list, clean_text, msisdn_normalise

__all__ = [
    "as_dict",
    "as_list",
    "as_number",
    "clean_text",
    "message_text",
    "msisdn_normalise",
    "number_text",
    "string",
]


def message_text(value: object) -> str:
    """Text the customer reads, kept as typed: browsers send textarea newlines as CRLF, which
    become plain newlines; only text that is all whitespace counts as empty."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else ""


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


def string(value: object) -> str:
    """A payload value as the text a form field holds ("" for nothing)."""
    return "" if value is None else str(value)
