"""Forgiving readers for half-typed or oddly-cased 8x8 bodies: they return a default, never raise.

8x8's own examples mix cases ("Image", "Button", subType 1, index "0"), and the composer previews
forms on every keystroke, so every value may be missing, of the wrong type or oddly spelt.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, unquote, urlsplit

# chatapps.validation.fields.BARE_HOST_URL, copied because the phone imports nothing of the
# product (tests/phone checks the two stay equal): 8x8's template header example sends
# "www.example.com/image.jpg", and the validator takes it.
BARE_HOST_URL = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#]\S*)?")
# Characters a valid URL may carry that have no business in an attribute: they are encoded, not
# refused, so that every URL the validator accepts is shown.
_ATTRIBUTE_UNSAFE = set("\"'<>\\`")

DOCUMENT_ICONS = {
    "pdf": "pdf",
    "doc": "doc",
    "docx": "doc",
    "txt": "doc",
    "rtf": "doc",
    "odt": "doc",
    "xls": "sheet",
    "xlsx": "sheet",
    "csv": "sheet",
    "ods": "sheet",
    "ppt": "slides",
    "pptx": "slides",
    "odp": "slides",
}


def obj(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def text(value: Any) -> str:
    """A string for display: numbers become text; objects with a "text" key give that text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, Mapping):
        inner = value.get("text")
        return inner if isinstance(inner, str) else ""
    return ""


def key(value: Any) -> str:
    """A comparable spelling: "QuickReply", "quick_reply" and "QUICK-REPLY" give "quickreply"."""
    return "".join(ch for ch in text(value).lower() if ch.isalnum())


def integer(value: Any, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    raw = text(value).strip()
    if raw.lstrip("-").isdigit() and len(raw) < 10:
        return int(raw)
    return default


def field(source: Any, name: str) -> Any:
    """Read ``name`` from a mapping or an object (a dict or a catalog.Product both work)."""
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def safe_url(value: Any, *, allow_bare_host: bool = False) -> str:
    """An absolute http(s) URL to show, or "" so that nothing else reaches an attribute.

    It agrees with the validator (chatapps.validation.fields.is_http_url): whitespace anywhere is
    refused, as it is there. Where the validator accepts a scheme-less host (``allow_bare_host``),
    https:// is assumed, as a phone would.
    """
    url = text(value)
    if not url or any(ch.isspace() for ch in url):
        return ""
    if allow_bare_host and BARE_HOST_URL.fullmatch(url):
        url = "https://" + url
    url = "".join(
        quote(ch, safe="") if ch in _ATTRIBUTE_UNSAFE or ord(ch) < 32 or ord(ch) == 127 else ch
        for ch in url
    )
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return ""
    return url


def url_problem(value: Any, what: str, *, allow_bare_host: bool = False) -> str:
    """Why a media URL cannot be shown, or "" when it can."""
    if not text(value).strip():
        return f"{what} URL missing"
    if not safe_url(value, allow_bare_host=allow_bare_host):
        return f"{what} URL must be an http(s) address"
    return ""


def file_name(url: Any, explicit: Any = None) -> str:
    """The name WhatsApp shows for a document: its own filename, else the URL's last segment."""
    name = text(explicit).strip()
    if name:
        return name
    raw = text(url).strip()
    try:
        path = urlsplit(raw).path
    except ValueError:
        path = raw
    return unquote(posixpath.basename(path.rstrip("/"))).strip()


def file_type(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension or len(extension) > 8 or not extension.isalnum():
        return ""
    return extension.upper()


def document_icon(kind: str) -> str:
    return DOCUMENT_ICONS.get(kind.lower(), "generic")


def price(amount: Any, currency: Any) -> str:
    """'SGD 19.99' from a number-like amount and a currency code; '' without an amount."""
    raw = text(amount).strip()
    if not raw:
        return ""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        shown = raw
    else:
        shown = f"{value:,.2f}" if value.is_finite() and abs(value) < 10**15 else raw
    code = text(currency).strip().upper()
    return f"{code} {shown}" if code else shown


def coordinates(latitude: Any, longitude: Any) -> str:
    lat, lng = text(latitude).strip(), text(longitude).strip()
    return f"{lat}, {lng}" if lat and lng else ""
