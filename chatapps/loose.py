"""Readers for loose JSON and typed text: 8x8's bodies, webhook events and half-filled forms.

They never raise: a value of the wrong shape reads as empty, so callers check what they need
instead of guarding every key.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.utils.dateparse import parse_datetime

# Separators people type inside phone numbers: spaces, dashes, dots, brackets.
PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def as_text(value: object, limit: int | None = None) -> str:
    """Any value as text ("" for None), cut to `limit` characters when one is given."""
    text = "" if value is None else value if isinstance(value, str) else str(value)
    return text if limit is None else text[:limit]


def as_int(value: object) -> int | None:
    """An integer, or a string of one (8x8 sends codes both ways); booleans are not integers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_time(value: object) -> datetime | None:
    """An ISO 8601 timestamp; one without a zone is taken as UTC, as 8x8 writes them."""
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def clean_text(value: object) -> str:
    """A form value as the trimmed text it stands for ("" for nothing)."""
    return as_text(value).strip()


def msisdn_normalise(value: object) -> str:
    """ "+65 9123-4567", "0065 9123 4567" → "+6591234567"; anything else comes back trimmed.

    Only the spelling changes; whether the result is a valid E.164 number is the caller's question.
    """
    text = PHONE_SEPARATORS.sub("", clean_text(value))
    if text.startswith("00") and text[2:].isdigit():
        text = "+" + text[2:]
    return text
