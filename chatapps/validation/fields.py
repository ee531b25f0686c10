"""Problem, the Report that collects problems, and the field checks every rule module shares.

No check assumes the type of the value it is given: a client can send any JSON (or worse), and a
validator reports what is wrong instead of raising.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

JsonObject = dict[str, Any]

# A JSON number written as a string, e.g. "-77.0536" (8x8's own examples send coordinates so).
NUMERIC_STRING = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
# Short enough that int() never meets Python's limit on digits in a string.
INTEGER_STRING = re.compile(r"-?[0-9]{1,18}")
DATE_TIME_START = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")
# A URL without a scheme, e.g. "www.example.com/image.jpg", as in 8x8's template header example.
BARE_HOST_URL = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#]\S*)?")


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (a JSON path from "$"), what, and the code 8x8 would answer."""

    path: str
    message: str
    code: int


class Report:
    """Collects problems; rules add to it instead of raising, so every problem gets reported."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, code: int) -> None:
        self.problems.append(Problem(path, message, code))


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages like "must be a string (got number)"."""
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


def shown(value: object, limit: int = 40) -> str:
    """A short rendering of a client's value for a message: 'text' quoted, long text cut."""
    if isinstance(value, str):
        return f"'{value[:limit]}…'" if len(value) > limit else f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    # Python refuses to print ints of thousands of digits, and nobody wants to read them.
    if (isinstance(value, int) and abs(value) < 10**limit) or isinstance(value, float):
        return repr(value)
    return json_type(value)


def plural(noun: str, count: int) -> str:
    return noun if count == 1 else f"{noun}s"


def as_number(value: object) -> float | int | None:
    """A finite JSON number or numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and NUMERIC_STRING.fullmatch(value.strip()):
        value = float(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def as_integer(value: object, *, allow_string: bool = False) -> int | None:
    """A JSON integer (or, when allowed, an integer written as a string), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if allow_string and isinstance(value, str) and INTEGER_STRING.fullmatch(value.strip()):
        return int(value)
    return None


def is_http_url(value: str) -> bool:
    """An absolute http(s) URL with a host and no whitespace."""
    if any(char.isspace() for char in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def is_bare_host_url(value: str) -> bool:
    """A scheme-less URL that starts with a dotted host name."""
    return BARE_HOST_URL.fullmatch(value) is not None


def is_date_time(value: str) -> bool:
    """An ISO 8601 date and time (a date alone is not enough to schedule a message)."""
    if not DATE_TIME_START.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def find_option(value: object, options: Sequence[str], *, case_sensitive: bool) -> str | None:
    """The option `value` names, ignoring case unless told otherwise."""
    if not isinstance(value, str):
        return None
    if case_sensitive:
        return value if value in options else None
    folded = value.lower()
    return next((option for option in options if option.lower() == folded), None)


def _report_missing(
    report: Report, path: str, value: object, *, what: str, code: int, required: bool
) -> bool:
    """True when the value is absent, after reporting it if it was required."""
    if value is None and required:
        report.add(path, f"{what} is required", code)
    return value is None


def check_object(
    report: Report, path: str, value: object, *, what: str, code: int, required: bool = True
) -> JsonObject | None:
    """The value as a JSON object, or None after reporting that it is missing or not one."""
    if _report_missing(report, path, value, what=what, code=code, required=required):
        return None
    if not isinstance(value, dict):
        report.add(path, f"{what} must be a JSON object (got {json_type(value)})", code)
        return None
    return value


def check_text(
    report: Report,
    path: str,
    value: object,
    *,
    what: str,
    code: int,
    required: bool = False,
    limit: int | None = None,
    too_long_code: int | None = None,
    authority: str = "WhatsApp",
) -> str | None:
    """Check a string field: present when required, not blank when required, within `limit`."""
    if _report_missing(report, path, value, what=what, code=code, required=required):
        return None
    if not isinstance(value, str):
        report.add(path, f"{what} must be a string (got {json_type(value)})", code)
        return None
    if required and not value.strip():
        report.add(path, f"{what} must not be empty", code)
    elif limit is not None and len(value) > limit:
        message = f"{what} is {len(value)} characters; {authority} allows {limit}"
        report.add(path, message, too_long_code or code)
    return value


def check_array(
    report: Report,
    path: str,
    value: object,
    *,
    what: str,
    noun: str,
    code: int,
    least: int = 0,
    most: int | None = None,
    required: bool = True,
) -> list[Any] | None:
    """Check an array's presence and length; too many items is reported at the first extra one."""
    if _report_missing(report, path, value, what=what, code=code, required=required):
        return None
    if not isinstance(value, list):
        report.add(path, f"{what} must be an array (got {json_type(value)})", code)
        return None
    count = len(value)
    if count < least:
        report.add(path, f"at least {least} {plural(noun, least)} (got {count})", code)
    if most is not None and count > most:
        report.add(f"{path}[{most}]", f"at most {most} {plural(noun, most)} (got {count})", code)
    return value


def check_choice(
    report: Report,
    path: str,
    value: object,
    *,
    what: str,
    options: Sequence[str],
    code: int,
    required: bool = True,
    case_sensitive: bool = False,
) -> str | None:
    """The canonical option `value` names, or None after reporting it."""
    if _report_missing(report, path, value, what=what, code=code, required=required):
        return None
    option = find_option(value, options, case_sensitive=case_sensitive)
    if option is None:
        report.add(path, f"{what} {shown(value)} is not one of {', '.join(options)}", code)
    return option


def check_integer(
    report: Report,
    path: str,
    value: object,
    *,
    what: str,
    least: int,
    most: int,
    code: int,
    required: bool = False,
    allow_string: bool = False,
) -> int | None:
    """Check a whole number within [least, most]."""
    if _report_missing(report, path, value, what=what, code=code, required=required):
        return None
    number = as_integer(value, allow_string=allow_string)
    if number is None:
        report.add(path, f"{what} must be a whole number (got {shown(value)})", code)
        return None
    if not least <= number <= most:
        report.add(path, f"{what} must be between {least} and {most} (got {shown(number)})", code)
        return None
    return number


def check_url(
    report: Report,
    path: str,
    value: object,
    *,
    what: str,
    code: int,
    required: bool = False,
    missing_code: int | None = None,
    allow_bare_host: bool = False,
) -> None:
    """Check an http(s) URL; `allow_bare_host` also accepts "www.example.com/a.jpg"."""
    if _report_missing(
        report, path, value, what=what, code=missing_code or code, required=required
    ):
        return
    if isinstance(value, str) and (
        is_http_url(value) or (allow_bare_host and is_bare_host_url(value))
    ):
        return
    report.add(path, f"{what} {shown(value)} is not an http(s) URL", code)


def check_unique(
    report: Report, path: str, value: str | None, seen: set[str], *, what: str, code: int
) -> None:
    """Report a value already in `seen` (e.g. a second button with the same title)."""
    if not value:
        return
    if value in seen:
        report.add(path, f"{what} {shown(value)} is used twice; each must be unique", code)
    seen.add(value)


def check_coordinates(report: Report, path: str, location: JsonObject, *, code: int) -> None:
    """Latitude -90..90 and longitude -180..180, as numbers or numeric strings."""
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = location.get(key)
        number = as_number(value)
        if value is None:
            report.add(f"{path}.{key}", f"location {key} is required", code)
        elif number is None:
            report.add(
                f"{path}.{key}", f"location {key} must be a number (got {shown(value)})", code
            )
        elif not -bound <= number <= bound:
            message = f"location {key} must be between -{bound} and {bound} (got {shown(value)})"
            report.add(f"{path}.{key}", message, code)
    for key in ("name", "address"):
        check_text(report, f"{path}.{key}", location.get(key), what=f"location {key}", code=code)
