"""The sandbox's Problem, 8x8's error codes, and a Checker that reads untrusted JSON field by field.

Written from 8x8's API error-code table and request schema, not from the product's validator: the
sandbox plays 8x8, so a mistake in the product's checks must not be a mistake here too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

# 8x8's "API error codes" table (the ones a request body can earn).
INVALID_PARAMETER = 1000
INVALID_MSISDN = 1002
INVALID_ENCODING = 1003
INVALID_EXPIRY = 1006
INVALID_COUNTRY_CODE = 1009
INVALID_SCHEDULE_TIME = 1011
MISSED_MSISDN = 3002
MISSED_CONTENT = 3004
MISSED_TEXT = 3005
TOO_LONG_TEXT = 3006
MISSED_MEDIA_URL = 3007
INVALID_MEDIA_URL = 3008
TOO_LONG_CLIENT_MESSAGE_ID = 3009
INVALID_CONTENT_TYPE = 3010
TOO_LONG_SMS_SOURCE = 3011
MISSED_MESSAGES = 3012
TOO_MANY_MESSAGES = 3013
TOO_LONG_CLIENT_BATCH_ID = 3014
TOO_LONG_FALLBACK_TEXT = 3017
INVALID_DR_CALLBACK_URL = 3020
INVALID_LOCATION = 3021
INVALID_FALLBACK_CHANNEL = 3022
INVALID_FALLBACK_DELAY = 3023
INVALID_FALLBACK_STATUS = 3024
EMPTY_TEMPLATE = 3030
INVALID_TEMPLATE_NAME_LENGTH = 3031
INVALID_TEMPLATE_NAME = 3032
TOO_MANY_TEMPLATE_PARAMETERS = 3033
INVALID_TEMPLATE_COMPONENTS = 3034
EMPTY_TEMPLATE_LANGUAGE = 3036
INVALID_TEMPLATE_LANGUAGE = 3037
INVALID_TEMPLATE_COMPONENT_TYPE = 3039
EMPTY_TEMPLATE_PARAMETERS = 3040
INVALID_TEMPLATE_PARAMETER = 3041
INVALID_TEMPLATE_PARAMETER_TYPE = 3042
INVALID_TEMPLATE_LOCATION = 3044
TEMPLATE_PARAMETER_NOT_ALLOWED = 3045
INVALID_TEMPLATE_PARAMETER_URL = 3046
INVALID_BUTTON_PARAMETER = 3049
INVALID_COMPONENT_SUBTYPE = 3052
INVALID_INDEX = 3053

# A whole number, possibly written as a string ("index": "0" in 8x8's examples); 18 digits keep
# int() far from Python's digit limit.
WHOLE_TEXT = re.compile(r"\s*-?[0-9]{1,18}\s*")
# A decimal number written as a string ("latitude": "38.8693" in 8x8's examples).
DECIMAL_TEXT = re.compile(r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*")
# A host-first URL with no scheme: 8x8's template header example sends "www.example.com/image.jpg".
SCHEMELESS_URL = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#]\S*)?")
DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")


@dataclass(frozen=True)
class Problem:
    """Why 8x8 refuses a body: where (a JSON path from "$"), in words, and 8x8's error code."""

    path: str
    message: str
    code: int


def kind_of(value: object) -> str:
    """The JSON type name of a value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def quoted(value: object) -> str:
    """A client's value as shown in a message; long strings cut, huge numbers not printed."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:40] + "…")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) or (isinstance(value, int) and abs(value) < 10**40):
        return repr(value)
    return kind_of(value)


def whole_number(value: object, *, from_text: bool = False) -> int | None:
    """An integer (booleans are not), or with `from_text` an integer spelt as a string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if from_text and isinstance(value, str) and WHOLE_TEXT.fullmatch(value):
        return int(value)
    return None


def decimal_number(value: object) -> float | int | None:
    """A finite number, or a number spelt as a string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value  # kept exact: float() of a huge integer overflows
    if isinstance(value, str) and DECIMAL_TEXT.fullmatch(value):
        value = float(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def web_url(value: object, *, schemeless: bool = False) -> bool:
    """An http or https URL with a host (or, when allowed, a URL that starts at the host)."""
    if not isinstance(value, str) or re.search(r"\s", value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. "http://[::1" — an unclosed IPv6 bracket
        return False
    if parts.scheme.lower() in ("http", "https") and host:
        return True
    return schemeless and SCHEMELESS_URL.fullmatch(value) is not None


def date_time(value: object) -> bool:
    """An ISO 8601 date with a time of day (a bare date cannot schedule a send)."""
    if not isinstance(value, str) or not DATE_AND_TIME.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def spelled(value: object, names: Sequence[str], *, exact: bool = False) -> str | None:
    """The name among `names` that value spells (in any letter case unless `exact`)."""
    if not isinstance(value, str):
        return None
    if exact:
        return value if value in names else None
    for name in names:
        if name.lower() == value.lower():
            return name
    return None


class Checker:
    """Reads one body and collects every problem; its readers never raise on odd JSON."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def refuse(self, path: str, message: str, code: int) -> None:
        self.problems.append(Problem(path, message, code))

    def _absent(self, path: str, value: object, label: str, code: int, needed: bool) -> bool:
        if value is None and needed:
            self.refuse(path, f"{label} is required", code)
        return value is None

    def mapping(
        self, path: str, value: object, label: str, code: int, *, needed: bool = True
    ) -> dict[str, Any] | None:
        """The value when it is a JSON object."""
        if self._absent(path, value, label, code, needed):
            return None
        if isinstance(value, dict):
            return value
        self.refuse(path, f"{label} must be a JSON object, not {kind_of(value)}", code)
        return None

    def items(
        self,
        path: str,
        value: object,
        label: str,
        code: int,
        *,
        needed: bool = True,
        at_least: int = 0,
        at_most: int | None = None,
    ) -> list[Any] | None:
        """The value when it is a JSON array; a count out of bounds is reported but kept."""
        if self._absent(path, value, label, code, needed):
            return None
        if not isinstance(value, list):
            self.refuse(path, f"{label} must be an array, not {kind_of(value)}", code)
            return None
        if len(value) < at_least:
            self.refuse(path, f"{label} needs at least {at_least} (has {len(value)})", code)
        if at_most is not None and len(value) > at_most:
            # Pointed at the first item over the limit: that is the one to take out.
            message = f"{label} allows at most {at_most} (has {len(value)})"
            self.refuse(f"{path}[{at_most}]", message, code)
        return value

    def string(
        self,
        path: str,
        value: object,
        label: str,
        code: int,
        *,
        needed: bool = False,
        longest: int | None = None,
        too_long: int | None = None,
        whose: str = "WhatsApp",
    ) -> str | None:
        """The value when it is a string; a needed one must not be blank."""
        if self._absent(path, value, label, code, needed):
            return None
        if not isinstance(value, str):
            self.refuse(path, f"{label} must be a string, not {kind_of(value)}", code)
            return None
        if needed and not value.strip():
            self.refuse(path, f"{label} is empty", code)
        elif longest is not None and len(value) > longest:
            message = f"{label} has {len(value)} characters; the {whose} limit is {longest}"
            self.refuse(path, message, too_long or code)
        return value

    def one_of(
        self,
        path: str,
        value: object,
        label: str,
        names: Sequence[str],
        code: int,
        *,
        needed: bool = True,
        exact: bool = False,
    ) -> str | None:
        """The canonical name the value spells."""
        if self._absent(path, value, label, code, needed):
            return None
        name = spelled(value, names, exact=exact)
        if name is None:
            self.refuse(path, f"{label} {quoted(value)} must be one of: {', '.join(names)}", code)
        return name

    def whole(
        self,
        path: str,
        value: object,
        label: str,
        low: int,
        high: int,
        code: int,
        *,
        needed: bool = False,
        from_text: bool = False,
    ) -> int | None:
        """A whole number from low to high."""
        if self._absent(path, value, label, code, needed):
            return None
        number = whole_number(value, from_text=from_text)
        if number is None:
            self.refuse(path, f"{label} must be a whole number, not {quoted(value)}", code)
            return None
        if not low <= number <= high:
            self.refuse(path, f"{label} must be from {low} to {high}, not {number}", code)
            return None
        return number

    def link(
        self,
        path: str,
        value: object,
        label: str,
        code: int,
        *,
        needed: bool = False,
        missing: int | None = None,
        schemeless: bool = False,
    ) -> None:
        """An http(s) URL."""
        if self._absent(path, value, label, missing or code, needed):
            return
        if not web_url(value, schemeless=schemeless):
            self.refuse(path, f"{label} {quoted(value)} is not an http or https URL", code)

    def distinct(self, path: str, value: str | None, seen: set[str], label: str) -> None:
        """WhatsApp tells buttons and rows apart by these; a repeat is an invalid parameter."""
        if value:
            if value in seen:
                self.refuse(path, f"{label} {quoted(value)} appears twice", INVALID_PARAMETER)
            seen.add(value)

    def place(self, path: str, place: dict[str, Any], code: int) -> None:
        """A location: latitude and longitude (numbers or numeric strings), name and address."""
        for axis, bound in (("latitude", 90.0), ("longitude", 180.0)):
            raw = place.get(axis)
            number = decimal_number(raw)
            if raw is None:
                self.refuse(f"{path}.{axis}", f"{axis} is required", code)
            elif number is None:
                self.refuse(f"{path}.{axis}", f"{axis} must be a number, not {quoted(raw)}", code)
            elif abs(number) > bound:
                message = f"{axis} {quoted(raw)} is outside -{bound:g}..{bound:g}"
                self.refuse(f"{path}.{axis}", message, code)
        for key in ("name", "address"):
            self.string(f"{path}.{key}", place.get(key), f"location {key}", code)
