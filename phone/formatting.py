"""WhatsApp's text formatting rendered as a small, fixed set of HTML tags.

Safety comes from the order of work: the text is escaped first, then formatting only wraps the
escaped text in tags we write ourselves (ALLOWED_TAGS); no attribute ever carries user text.

Links: URLs and e-mail addresses are shown underlined in ``<span class="wa-link">`` but are never
made into ``<a href>``. A preview must not navigate anywhere, and this way no scheme typed by a
user (``javascript:``…) can reach an attribute.

WhatsApp's rules, as implemented here:
1. ```` ```mono``` ```` (may span lines) and `` `code` `` become ``<code>``, unformatted inside.
2. Lines starting ``* `` or ``- `` are bullets, ``1. `` numbered items, ``> `` a quote.
3. ``*bold*``, ``_italic_``, ``~strike~`` need the markers to hug text: the opening marker is
   followed by a non-space and not preceded by a letter or digit, the closing marker the reverse
   (so ``2 * 3 * 4`` and ``snake_case_name`` stay as typed). Styles nest but never cross lines.
4. Remaining newlines become ``<br>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {"strong", "em", "s", "code", "br", "ul", "ol", "li", "blockquote", "span"}
)

_STYLE_TAGS = {"*": "strong", "_": "em", "~": "s"}
# Control characters never belong in a message; removing them also frees \x00 and \x01 to be
# our own placeholder delimiters, so user text can never forge one.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SLOT = re.compile(r"\x00(\d+)\x00")
_PARAM_SLOT = re.compile(r"\x01(\d+)\x01")
# A plain class between the backticks: one bounded scan per backtick, so no backtracking blow-up.
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_URL = re.compile(r"(?:https?://|www\.)[^\s\x00\x01]+", re.IGNORECASE)
# Bounded repeats keep the search linear however long a run of word characters is.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_BULLET = re.compile(r"[*-] (.*)")
_NUMBERED = re.compile(r"(\d{1,3})\. (.*)")
_QUOTE = re.compile(r"&gt; (.*)")
_TRAILING_ENTITIES = ("&quot;", "&#x27;", "&gt;", "&lt;", "&amp;")
_TRAILING_PUNCTUATION = ".,;:!?*_~)]}'\""
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def whatsapp_format(text: str) -> SafeString:
    """Escape ``text`` and render WhatsApp's formatting as HTML (see the module docstring)."""
    return _format(_clean(text), chips=[])


def whatsapp_format_filled(text: str, values: Mapping[str, str | None]) -> SafeString:
    """Format template text with each ``{{key}}`` replaced by its highlighted, escaped value.

    A key with no value (absent or None) shows as a visible ``{{key}}`` chip so the author sees
    which parameter is still missing.
    """
    chips: list[str] = []

    def to_slot(match: re.Match[str]) -> str:
        key = match.group(1)
        value = values.get(key)
        if value is None:
            chip = f'<span class="wa-param wa-param-missing">{{{{{escape(key)}}}}}</span>'
        else:
            shown = escape(_clean(value).replace("\n", " "))
            chip = f'<span class="wa-param">{shown}</span>'
        chips.append(chip)
        return f"\x01{len(chips) - 1}\x01"

    return _format(PLACEHOLDER.sub(to_slot, _clean(text)), chips=chips)


def _clean(text: object) -> str:
    """Text with one kind of newline and no control characters."""
    raw = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", raw)


def _format(text: str, *, chips: list[str]) -> SafeString:
    """Format cleaned text; chip markers (\\x01 n \\x01: only ours survive _clean) → chips."""
    slots: list[str] = []
    escaped: str = escape(text)  # escape FIRST: everything below only adds our own tags
    escaped = _extract_fences(escaped, slots)
    escaped = _INLINE_CODE.sub(lambda m: _inline_code(m, slots), escaped)
    escaped = _URL.sub(lambda m: _link(m.group(0), slots), escaped)
    escaped = _EMAIL.sub(
        lambda m: _slot(slots, f'<span class="wa-link">{m.group(0)}</span>'), escaped
    )
    html = _blocks(escaped.split("\n"))
    html = _SLOT.sub(lambda m: slots[int(m.group(1))], html)
    if chips:
        html = _PARAM_SLOT.sub(lambda m: chips[int(m.group(1))], html)
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own fixed tags


def _slot(slots: list[str], html: str) -> str:
    slots.append(html)
    return f"\x00{len(slots) - 1}\x00"


def _inline_code(match: re.Match[str], slots: list[str]) -> str:
    if not match.group(1).strip():
        return match.group(0)  # "` `" is not code
    return _slot(slots, f"<code>{match.group(1)}</code>")


def _extract_fences(text: str, slots: list[str]) -> str:
    """Replace each ```…``` pair with a slot; pairing fences in order keeps this linear."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("```", pos)
        if start < 0:
            break
        end = text.find("```", start + 3)
        while end == start + 3:  # "``````" has nothing inside: look for a later closer
            end = text.find("```", end + 1)
        if end < 0:
            break
        inner = text[start + 3 : end]
        if not inner.strip():
            out.append(text[pos : end + 3])
            pos = end + 3
            continue
        out.append(text[pos:start])
        out.append(_slot(slots, "<code>" + inner.replace("\n", "<br>") + "</code>"))
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _link(url: str, slots: list[str]) -> str:
    tail = ""
    trimmed = True
    while trimmed and url:
        trimmed = False
        for entity in _TRAILING_ENTITIES:
            if url.endswith(entity):
                url, tail = url[: -len(entity)], entity + tail
                trimmed = True
        if url and url[-1] in _TRAILING_PUNCTUATION:
            url, tail = url[:-1], url[-1] + tail
            trimmed = True
    if not url or url.lower() in {"http://", "https://", "www."}:
        return url + tail
    return _slot(slots, f'<span class="wa-link">{url}</span>') + tail


def _line_kind(line: str) -> tuple[str, str, str]:
    """Return (kind, text, number) for one escaped line."""
    if match := _BULLET.fullmatch(line):
        return "ul", match.group(1), ""
    if match := _NUMBERED.fullmatch(line):
        return "ol", match.group(2), match.group(1)
    if match := _QUOTE.fullmatch(line):
        return "blockquote", match.group(1), ""
    return "text", line, ""


def _blocks(lines: list[str]) -> str:
    """Group consecutive lines of one kind into a list, a quote or plain text."""
    html: list[str] = []
    group: list[tuple[str, str]] = []
    kind = ""
    for line in lines:
        line_kind, text, number = _line_kind(line)
        if line_kind != kind and group:
            html.append(_render_group(kind, group))
            group = []
        kind = line_kind
        group.append((text, number))
    if group:
        html.append(_render_group(kind, group))
    return "".join(html)


def _render_group(kind: str, group: list[tuple[str, str]]) -> str:
    if kind == "text":
        return "<br>".join(_inline(text) for text, _ in group)
    if kind == "blockquote":
        return "<blockquote>" + "<br>".join(_inline(text) for text, _ in group) + "</blockquote>"
    items = "".join(f"<li>{_inline(text)}</li>" for text, _ in group)
    if kind == "ol":
        first = int(group[0][1])
        start = f' start="{first}"' if first != 1 else ""
        return f"<ol{start}>{items}</ol>"
    return f"<ul>{items}</ul>"


def _inline(line: str) -> str:
    """Pair *, _ and ~ markers on one line in a single pass (no regex backtracking).

    1. A marker may open when the character before it is not a letter/digit and the one after it
       is neither a space nor the same marker; it may close in the mirror-image case.
    2. A closer pairs with the nearest open marker of its kind; markers opened after that one are
       dropped (left as typed), so tags always nest properly.
    """
    stack: list[tuple[str, int]] = []
    replaced: dict[int, str] = {}
    last = len(line) - 1
    for i, char in enumerate(line):
        if char not in _STYLE_TAGS:
            continue
        before = line[i - 1] if i > 0 else " "
        after = line[i + 1] if i < last else " "
        can_close = not before.isspace() and before != char and not after.isalnum()
        if can_close and any(marker == char for marker, _ in stack):
            while stack:
                marker, start = stack.pop()
                if marker == char:
                    tag = _STYLE_TAGS[char]
                    replaced[start], replaced[i] = f"<{tag}>", f"</{tag}>"
                    break
            continue
        if not before.isalnum() and not after.isspace() and after != char:
            stack.append((char, i))
    if not replaced:
        return line
    return "".join(replaced.get(i, char) for i, char in enumerate(line))
