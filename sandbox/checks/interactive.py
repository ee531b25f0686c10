"""What WhatsApp refuses in `content.interactive`, with the limits Meta publishes (and 8x8 repeats).

Limits: reply buttons 1–3 (id ≤ 256, title ≤ 20, unique); list opener ≤ 20, 1–10 sections, 10 rows
in all (id ≤ 200, title ≤ 24, description ≤ 72); product lists 30 items in all; header text ≤ 60,
body ≤ 1024, footer ≤ 60; cta_url display text ≤ 20; flowCta ≤ 30 (8x8's schema).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.checks import problems as codes
from sandbox.checks.problems import Checker
from sandbox.checks.vocabulary import HEADER_TYPES, INTERACTIVE_TYPES

BAD = codes.INVALID_PARAMETER
HEADERLESS = frozenset({"product", "location_request_message"})
TEXT_HEADER_ONLY = frozenset({"list", "product_list"})
BODYLESS_ALLOWED = frozenset({"product", "call_permission_request", "request_contact_info"})
NEEDS_ACTION = frozenset(
    {"button", "list", "product", "product_list", "cta_url", "flow", "location_request_message"}
)
DIRECT_SEND_KINDS = frozenset({"button", "cta_url"})
REPLY_BUTTONS_MAX = 3
SECTIONS_MAX = 10
ROWS_MAX = 10
PRODUCTS_MAX = 30

Located = list[tuple[str, Any]]


def interactive_problems(checker: Checker, path: str, value: object, *, direct_send: bool) -> None:
    """Check `content.interactive` at `path`; Direct Send allows only button and cta_url."""
    message = checker.mapping(path, value, "content.interactive", codes.MISSED_CONTENT)
    if message is None:
        return
    kind = checker.one_of(
        f"{path}.type",
        message.get("type"),
        "interactive type",
        INTERACTIVE_TYPES,
        codes.INVALID_CONTENT_TYPE,
    )
    if kind is None:
        return
    if direct_send and kind not in DIRECT_SEND_KINDS:
        message_text = f"Direct Send carries button or cta_url interactive messages, not {kind}"
        checker.refuse(f"{path}.type", message_text, BAD)
    _header(checker, f"{path}.header", message.get("header"), kind, direct_send)
    body = checker.mapping(
        f"{path}.body",
        message.get("body"),
        "body",
        codes.MISSED_TEXT,
        needed=kind not in BODYLESS_ALLOWED,
    )
    if body is not None:
        checker.string(
            f"{path}.body.text",
            body.get("text"),
            "body text",
            codes.MISSED_TEXT,
            needed=True,
            longest=1024,
            too_long=codes.TOO_LONG_TEXT,
        )
    _footer(checker, f"{path}.footer", message.get("footer"), kind)
    action = checker.mapping(
        f"{path}.action",
        message.get("action"),
        f"the action of a {kind} message",
        BAD,
        needed=kind in NEEDS_ACTION,
    )
    check = ACTIONS.get(kind)
    if action is not None and check is not None:
        check(checker, f"{path}.action", action)


def _header(checker: Checker, path: str, value: object, kind: str, direct_send: bool) -> None:
    if value is not None and kind in HEADERLESS:
        checker.refuse(path, f"a {kind} message has no header", BAD)
        return
    if value is None and kind == "product_list":
        checker.refuse(path, "a product_list message needs a text header", BAD)
        return
    header = checker.mapping(path, value, "header", BAD, needed=False)
    if header is None:
        return
    header_type = checker.one_of(
        f"{path}.type", header.get("type"), "header type", HEADER_TYPES, BAD
    )
    if header_type is None:
        return
    if header_type == "text":
        checker.string(
            f"{path}.text", header.get("text"), "header text", BAD, needed=True, longest=60
        )
        return
    if direct_send or kind in TEXT_HEADER_ONLY:
        who = "a Direct Send" if direct_send else f"a {kind}"
        checker.refuse(f"{path}.type", f"{who} message takes a text header only", BAD)
    media_path = f"{path}.{header_type}"
    media = checker.mapping(
        media_path, header.get(header_type), f"header {header_type}", codes.MISSED_MEDIA_URL
    )
    if media is None:
        return
    if media.get("link") is None and media.get("id") is None:
        message = f"header {header_type} has neither a link nor an id"
        checker.refuse(media_path, message, codes.MISSED_MEDIA_URL)
    checker.link(
        f"{media_path}.link",
        media.get("link"),
        f"header {header_type} link",
        codes.INVALID_MEDIA_URL,
    )
    for key in ("id", "caption", "filename"):
        checker.string(f"{media_path}.{key}", media.get(key), f"header {header_type} {key}", BAD)


def _footer(checker: Checker, path: str, value: object, kind: str) -> None:
    if value is not None and kind == "location_request_message":
        checker.refuse(path, f"a {kind} has no footer", BAD)
        return
    footer = checker.mapping(path, value, "footer", BAD, needed=False)
    if footer is not None:
        checker.string(
            f"{path}.text", footer.get("text"), "footer text", BAD, needed=True, longest=60
        )


def _reply_buttons(checker: Checker, path: str, action: dict[str, Any]) -> None:
    buttons = checker.items(
        f"{path}.buttons",
        action.get("buttons"),
        "reply buttons",
        BAD,
        at_least=1,
        at_most=REPLY_BUTTONS_MAX,
    )
    ids: set[str] = set()
    titles: set[str] = set()
    for index, item in enumerate(buttons or []):
        button_path = f"{path}.buttons[{index}]"
        button = checker.mapping(button_path, item, "reply button", BAD)
        if button is None:
            continue
        checker.one_of(f"{button_path}.type", button.get("type"), "button type", ("reply",), BAD)
        reply = checker.mapping(f"{button_path}.reply", button.get("reply"), "button reply", BAD)
        if reply is None:
            continue
        at = f"{button_path}.reply"
        button_id = checker.string(
            f"{at}.id", reply.get("id"), "button id", BAD, needed=True, longest=256
        )
        checker.distinct(f"{at}.id", button_id, ids, "button id")
        title = checker.string(
            f"{at}.title", reply.get("title"), "button title", BAD, needed=True, longest=20
        )
        checker.distinct(f"{at}.title", title, titles, "button title")


def _list(checker: Checker, path: str, action: dict[str, Any]) -> None:
    checker.string(
        f"{path}.button", action.get("button"), "list button", BAD, needed=True, longest=20
    )
    rows = _section_entries(checker, path, action, "rows", ROWS_MAX)
    ids: set[str] = set()
    for row_path, item in rows:
        row = checker.mapping(row_path, item, "row", BAD)
        if row is None:
            continue
        row_id = checker.string(
            f"{row_path}.id", row.get("id"), "row id", BAD, needed=True, longest=200
        )
        checker.distinct(f"{row_path}.id", row_id, ids, "row id")
        checker.string(
            f"{row_path}.title", row.get("title"), "row title", BAD, needed=True, longest=24
        )
        checker.string(
            f"{row_path}.description", row.get("description"), "row description", BAD, longest=72
        )


def _product(checker: Checker, path: str, action: dict[str, Any]) -> None:
    for key in ("catalog_id", "product_retailer_id"):
        checker.string(f"{path}.{key}", action.get(key), key, BAD, needed=True)


def _product_list(checker: Checker, path: str, action: dict[str, Any]) -> None:
    checker.string(f"{path}.catalog_id", action.get("catalog_id"), "catalog_id", BAD, needed=True)
    for item_path, item in _section_entries(checker, path, action, "product_items", PRODUCTS_MAX):
        product = checker.mapping(item_path, item, "product item", BAD)
        if product is not None:
            checker.string(
                f"{item_path}.product_retailer_id",
                product.get("product_retailer_id"),
                "product_retailer_id",
                BAD,
                needed=True,
            )


def _section_entries(
    checker: Checker, path: str, action: dict[str, Any], key: str, most: int
) -> Located:
    """The rows (or products) of every section, each with its path; `most` counts them all."""
    sections = checker.items(
        f"{path}.sections",
        action.get("sections"),
        "sections",
        BAD,
        at_least=1,
        at_most=SECTIONS_MAX,
    )
    several = sections is not None and len(sections) > 1
    entries: Located = []
    for index, item in enumerate(sections or []):
        section_path = f"{path}.sections[{index}]"
        section = checker.mapping(section_path, item, "section", BAD)
        if section is None:
            continue
        title_path = f"{section_path}.title"
        if several and section.get("title") is None:
            checker.refuse(title_path, "each section needs a title when there are several", BAD)
        else:
            checker.string(
                title_path, section.get("title"), "section title", BAD, needed=several, longest=24
            )
        listed = checker.items(f"{section_path}.{key}", section.get(key), key, BAD, at_least=1)
        entries += [(f"{section_path}.{key}[{n}]", entry) for n, entry in enumerate(listed or [])]
    if len(entries) > most:
        message = f"WhatsApp allows {most} {key} across all sections (got {len(entries)})"
        checker.refuse(entries[most][0], message, BAD)
    return entries


def _parameters(
    check: Callable[[Checker, str, dict[str, Any]], None], *, needed: bool
) -> Callable[[Checker, str, dict[str, Any]], None]:
    """An action check for kinds whose settings sit in action.parameters."""

    def check_action(checker: Checker, path: str, action: dict[str, Any]) -> None:
        parameters = checker.mapping(
            f"{path}.parameters", action.get("parameters"), "action parameters", BAD, needed=needed
        )
        if parameters is not None:
            check(checker, f"{path}.parameters", parameters)

    return check_action


def _cta_url(checker: Checker, path: str, parameters: dict[str, Any]) -> None:
    checker.string(
        f"{path}.display_text",
        parameters.get("display_text"),
        "display_text",
        BAD,
        needed=True,
        longest=20,
    )
    checker.link(f"{path}.url", parameters.get("url"), "cta_url url", BAD, needed=True)


def _flow(checker: Checker, path: str, parameters: dict[str, Any]) -> None:
    checker.string(f"{path}.flowId", parameters.get("flowId"), "flowId", BAD, needed=True)
    checker.string(
        f"{path}.flowCta",
        parameters.get("flowCta"),
        "flowCta",
        BAD,
        needed=True,
        longest=30,
        whose="8x8",
    )
    checker.one_of(
        f"{path}.flowAction",
        parameters.get("flowAction"),
        "flowAction",
        ("navigate", "data_exchange"),
        BAD,
        needed=False,
        exact=True,
    )
    checker.mapping(
        f"{path}.flowActionPayload",
        parameters.get("flowActionPayload"),
        "flowActionPayload",
        BAD,
        needed=False,
    )


def _voice_call(checker: Checker, path: str, parameters: dict[str, Any]) -> None:
    checker.string(
        f"{path}.display_text", parameters.get("display_text"), "display_text", BAD, longest=20
    )
    checker.whole(f"{path}.ttlMinutes", parameters.get("ttlMinutes"), "ttlMinutes", 1, 43200, BAD)
    checker.string(
        f"{path}.payload", parameters.get("payload"), "payload", BAD, longest=512, whose="8x8"
    )


def _location_request(checker: Checker, path: str, action: dict[str, Any]) -> None:
    checker.one_of(
        f"{path}.name", action.get("name"), "action name", ("send_location",), BAD, exact=True
    )


ACTIONS: dict[str, Callable[[Checker, str, dict[str, Any]], None]] = {
    "button": _reply_buttons,
    "list": _list,
    "product": _product,
    "product_list": _product_list,
    "cta_url": _parameters(_cta_url, needed=True),
    "flow": _parameters(_flow, needed=True),
    "voice_call": _parameters(_voice_call, needed=False),
    "location_request_message": _location_request,
}
