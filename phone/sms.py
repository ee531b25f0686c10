"""How many SMS parts a fallback text costs, counted the way 8x8 and the carriers count them.

GSM-7: one part holds 160 septets, a multipart message 153 per part (the rest is the concatenation
header). The extension characters ^{}\\[~]|€ and form feed take two septets (escape + char).
UCS-2: 70 code units in one part, 67 per part when split; characters outside the Basic Multilingual
Plane (most emoji) are two UTF-16 code units. A two-unit character is never split across parts, so
a part can end a unit early. 8x8 sends at most 10 parts and truncates the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = "GSM7"
UCS2 = "UCS2"
AUTO = "AUTO"
MAX_SEGMENTS = 10

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}
# Names seen in 8x8's own docs besides the API enum (its fallback page says GSM/UNICODE).
_ENCODING_ALIASES = {
    "GSM7": GSM7,
    "GSM": GSM7,
    "GSM-7": GSM7,
    "UCS2": UCS2,
    "UCS-2": UCS2,
    "UNICODE": UCS2,
}


@dataclass(frozen=True)
class SmsCount:
    """The cost of one SMS text; ``characters`` is in septets (GSM-7) or code units (UCS-2)."""

    encoding_used: str
    characters: int
    segments: int
    per_segment: int
    segments_needed: int
    remaining: int
    max_segments: int = MAX_SEGMENTS
    truncated: bool = False
    # Characters GSM-7 cannot carry when GSM7 is forced; carriers replace them (usually with "?").
    unsendable: tuple[str, ...] = ()


def is_gsm7(char: str) -> bool:
    return char in _GSM7_BASIC or char in _GSM7_EXTENSION


def gsm7_unsendable(text: str) -> tuple[str, ...]:
    """The distinct characters of ``text`` that GSM-7 cannot encode, in order of appearance."""
    return tuple(dict.fromkeys(char for char in str(text or "") if not is_gsm7(char)))


def sms_segments(text: str, encoding: str = AUTO) -> SmsCount:
    """Count characters and parts of ``text`` sent with ``encoding`` (AUTO, GSM7 or UCS2)."""
    text = str(text or "")
    requested = _ENCODING_ALIASES.get(str(encoding or "").strip().upper(), AUTO)
    unsendable = gsm7_unsendable(text)
    used = requested if requested != AUTO else (UCS2 if unsendable else GSM7)
    units = _units(text, used)
    total = sum(units)
    single, multi = _LIMITS[used]
    if total <= single:
        needed, per_segment, remaining = (1 if total else 0), single, single - total
    else:
        needed, last = _pack(units, multi)
        per_segment, remaining = multi, multi - last
    return SmsCount(
        encoding_used=used,
        characters=total,
        segments=min(needed, MAX_SEGMENTS),
        per_segment=per_segment,
        segments_needed=needed,
        remaining=remaining,
        truncated=needed > MAX_SEGMENTS,
        unsendable=unsendable if used == GSM7 else (),
    )


def _units(text: str, encoding: str) -> list[int]:
    if encoding == UCS2:
        return [2 if ord(char) > 0xFFFF else 1 for char in text]
    # Unsendable characters still occupy one septet: the carrier substitutes them.
    return [2 if char in _GSM7_EXTENSION else 1 for char in text]


def _pack(units: list[int], per_part: int) -> tuple[int, int]:
    """Fill parts greedily without splitting a character; return (parts, units in the last)."""
    parts, used = 1, 0
    for size in units:
        if used + size > per_part:
            parts, used = parts + 1, size
        else:
            used += size
    return parts, used
