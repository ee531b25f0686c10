"""Rules for `content.interactive`: reply buttons, lists, products, CTA URL, flows and the rest.

Limits are WhatsApp's (Meta's interactive-message pages), which 8x8's schema repeats.
"""

from __future__ import annotations

from collections.abc import Callable

from chatapps.validation import codes
from chatapps.validation.fields import (
    JsonObject,
    Report,
    check_array,
    check_choice,
    check_integer,
    check_object,
    check_text,
    check_unique,
    check_url,
)

INTERACTIVE_TYPES = (
    "button",
    "list",
    "product",
    "product_list",
    "cta_url",
    "flow",
    "call_permission_request",
    "request_contact_info",
    "voice_call",
    "location_request_message",
)
HEADER_TYPES = ("text", "image", "video", "document")
NO_HEADER = ("product", "location_request_message")
TEXT_HEADER_ONLY = ("list", "product_list")
BODY_OPTIONAL = ("product", "call_permission_request", "request_contact_info")
ACTION_REQUIRED = (
    "button",
    "list",
    "product",
    "product_list",
    "cta_url",
    "flow",
    "location_request_message",
)
DIRECT_SEND_TYPES = ("button", "cta_url")

MAX_REPLY_BUTTONS = 3
MAX_SECTIONS = 10
MAX_ROWS = 10  # across all sections of a list
MAX_PRODUCTS = 30  # across all sections of a product list

INVALID = codes.INVALID_PARAMETER

Section = tuple[str, JsonObject]
# Checks an action (or its parameters) found at a path.
ActionCheck = Callable[[Report, str, JsonObject], None]


def check_interactive(report: Report, path: str, value: object, *, direct_send: bool) -> None:
    interactive = check_object(
        report, path, value, what="content.interactive", code=codes.MISSED_CONTENT
    )
    if interactive is None:
        return
    kind = check_choice(
        report,
        f"{path}.type",
        interactive.get("type"),
        what="interactive type",
        options=INTERACTIVE_TYPES,
        code=codes.INVALID_CONTENT_TYPE,
    )
    if kind is None:
        return
    if direct_send and kind not in DIRECT_SEND_TYPES:
        message = f"Direct Send only carries button and cta_url interactive messages (got {kind})"
        report.add(f"{path}.type", message, INVALID)
    _check_header(report, f"{path}.header", interactive.get("header"), kind, direct_send)
    _check_body(report, f"{path}.body", interactive.get("body"), kind)
    _check_footer(report, f"{path}.footer", interactive.get("footer"), kind)
    action = check_object(
        report,
        f"{path}.action",
        interactive.get("action"),
        what=f"action of a {kind} message",
        code=INVALID,
        required=kind in ACTION_REQUIRED,
    )
    if action is not None and kind in ACTION_CHECKS:
        ACTION_CHECKS[kind](report, f"{path}.action", action)


def _check_header(report: Report, path: str, value: object, kind: str, direct_send: bool) -> None:
    if value is not None and kind in NO_HEADER:
        report.add(path, f"{kind} messages cannot have a header", INVALID)
        return
    if value is None and kind == "product_list":
        report.add(path, "product_list messages need a text header", INVALID)
        return
    header = check_object(report, path, value, what="header", code=INVALID, required=False)
    if header is None:
        return
    header_type = check_choice(
        report,
        f"{path}.type",
        header.get("type"),
        what="header type",
        options=HEADER_TYPES,
        code=INVALID,
    )
    if header_type == "text":
        _text(report, path, header, "text", "header text", required=True, limit=60)
    elif header_type is not None:
        whose = "Direct Send" if direct_send else kind
        if direct_send or kind in TEXT_HEADER_ONLY:
            message = f"{whose} messages need a text header (got {header_type})"
            report.add(f"{path}.type", message, INVALID)
        _check_header_media(report, f"{path}.{header_type}", header.get(header_type), header_type)


def _check_header_media(report: Report, path: str, value: object, media_type: str) -> None:
    media = check_object(
        report, path, value, what=f"header {media_type}", code=codes.MISSED_MEDIA_URL
    )
    if media is None:
        return
    if media.get("link") is None and media.get("id") is None:
        report.add(path, f"header {media_type} needs a link or an id", codes.MISSED_MEDIA_URL)
    check_url(
        report,
        f"{path}.link",
        media.get("link"),
        what=f"header {media_type} link",
        code=codes.INVALID_MEDIA_URL,
    )
    for key in ("id", "caption", "filename"):
        _text(report, path, media, key, f"header {media_type} {key}")


def _check_body(report: Report, path: str, value: object, kind: str) -> None:
    body = check_object(
        report,
        path,
        value,
        what="body",
        code=codes.MISSED_TEXT,
        required=kind not in BODY_OPTIONAL,
    )
    if body is not None:
        check_text(
            report,
            f"{path}.text",
            body.get("text"),
            what="body text",
            code=codes.MISSED_TEXT,
            required=True,
            limit=1024,
            too_long_code=codes.TOO_LONG_TEXT,
        )


def _check_footer(report: Report, path: str, value: object, kind: str) -> None:
    if value is not None and kind == "location_request_message":
        report.add(path, f"{kind} messages cannot have a footer", INVALID)
        return
    footer = check_object(report, path, value, what="footer", code=INVALID, required=False)
    if footer is not None:
        _text(report, path, footer, "text", "footer text", required=True, limit=60)


def _check_reply_buttons(report: Report, path: str, action: JsonObject) -> None:
    buttons = check_array(
        report,
        f"{path}.buttons",
        action.get("buttons"),
        what="buttons",
        noun="reply button",
        code=INVALID,
        least=1,
        most=MAX_REPLY_BUTTONS,
    )
    ids: set[str] = set()
    titles: set[str] = set()
    for index, item in enumerate(buttons or []):
        button_path = f"{path}.buttons[{index}]"
        button = check_object(report, button_path, item, what="reply button", code=INVALID)
        if button is None:
            continue
        check_choice(
            report,
            f"{button_path}.type",
            button.get("type"),
            what="button type",
            options=("reply",),
            code=INVALID,
        )
        reply = check_object(
            report, f"{button_path}.reply", button.get("reply"), what="button reply", code=INVALID
        )
        if reply is None:
            continue
        reply_path = f"{button_path}.reply"
        button_id = _text(report, reply_path, reply, "id", "button id", required=True, limit=256)
        check_unique(report, f"{reply_path}.id", button_id, ids, what="button id", code=INVALID)
        title = _text(report, reply_path, reply, "title", "button title", required=True, limit=20)
        check_unique(
            report, f"{reply_path}.title", title, titles, what="button title", code=INVALID
        )


def _check_list(report: Report, path: str, action: JsonObject) -> None:
    _text(report, path, action, "button", "list button label", required=True, limit=20)
    rows = _section_items(report, _sections(report, path, action), key="rows", noun="row")
    _check_total(report, rows, most=MAX_ROWS, noun="row")
    ids: set[str] = set()
    for row_path, item in rows:
        row = check_object(report, row_path, item, what="row", code=INVALID)
        if row is None:
            continue
        row_id = _text(report, row_path, row, "id", "row id", required=True, limit=200)
        check_unique(report, f"{row_path}.id", row_id, ids, what="row id", code=INVALID)
        _text(report, row_path, row, "title", "row title", required=True, limit=24)
        _text(report, row_path, row, "description", "row description", limit=72)


def _check_product(report: Report, path: str, action: JsonObject) -> None:
    for key in ("catalog_id", "product_retailer_id"):
        _text(report, path, action, key, required=True)


def _check_product_list(report: Report, path: str, action: JsonObject) -> None:
    _text(report, path, action, "catalog_id", required=True)
    sections = _sections(report, path, action)
    products = _section_items(report, sections, key="product_items", noun="product")
    _check_total(report, products, most=MAX_PRODUCTS, noun="product")
    for product_path, item in products:
        product = check_object(report, product_path, item, what="product item", code=INVALID)
        if product is not None:
            _text(
                report,
                product_path,
                product,
                "product_retailer_id",
                required=True,
            )


def _sections(report: Report, path: str, action: JsonObject) -> list[Section]:
    """The list's sections (1 to 10), each titled (≤ 24) when there is more than one."""
    sections = check_array(
        report,
        f"{path}.sections",
        action.get("sections"),
        what="sections",
        noun="section",
        code=INVALID,
        least=1,
        most=MAX_SECTIONS,
    )
    if sections is None:
        return []
    several = len(sections) > 1
    found: list[Section] = []
    for index, item in enumerate(sections):
        section_path = f"{path}.sections[{index}]"
        section = check_object(report, section_path, item, what="section", code=INVALID)
        if section is None:
            continue
        if several and section.get("title") is None:
            message = "section title is required when there is more than one section"
            report.add(f"{section_path}.title", message, INVALID)
        else:
            _text(
                report, section_path, section, "title", "section title", required=several, limit=24
            )
        found.append((section_path, section))
    return found


def _section_items(
    report: Report, sections: list[Section], *, key: str, noun: str
) -> list[tuple[str, object]]:
    """Every item under `key` of every section, with its path; each section needs one."""
    items: list[tuple[str, object]] = []
    for section_path, section in sections:
        values = check_array(
            report,
            f"{section_path}.{key}",
            section.get(key),
            what=key,
            noun=noun,
            code=INVALID,
            least=1,
        )
        items.extend(
            (f"{section_path}.{key}[{index}]", value) for index, value in enumerate(values or [])
        )
    return items


def _check_total(report: Report, items: list[tuple[str, object]], *, most: int, noun: str) -> None:
    """WhatsApp caps rows and products across sections; report at the first one too many."""
    if len(items) > most:
        message = f"at most {most} {noun}s across all sections (got {len(items)})"
        report.add(items[most][0], message, INVALID)


def _check_cta_url(report: Report, path: str, parameters: JsonObject) -> None:
    _text(report, path, parameters, "display_text", required=True, limit=20)
    check_url(
        report,
        f"{path}.url",
        parameters.get("url"),
        what="cta_url url",
        code=INVALID,
        required=True,
    )


def _check_flow(report: Report, path: str, parameters: JsonObject) -> None:
    _text(report, path, parameters, "flowId", required=True)
    _text(report, path, parameters, "flowCta", required=True, limit=30, authority="8x8")
    check_choice(
        report,
        f"{path}.flowAction",
        parameters.get("flowAction"),
        what="flowAction",
        options=("navigate", "data_exchange"),
        code=INVALID,
        required=False,
        case_sensitive=True,
    )
    check_object(
        report,
        f"{path}.flowActionPayload",
        parameters.get("flowActionPayload"),
        what="flowActionPayload",
        code=INVALID,
        required=False,
    )


def _check_voice_call(report: Report, path: str, parameters: JsonObject) -> None:
    _text(report, path, parameters, "display_text", limit=20)
    check_integer(
        report,
        f"{path}.ttlMinutes",
        parameters.get("ttlMinutes"),
        what="ttlMinutes",
        least=1,
        most=43200,
        code=INVALID,
    )
    _text(report, path, parameters, "payload", limit=512, authority="8x8")


def _check_location_request(report: Report, path: str, action: JsonObject) -> None:
    check_choice(
        report,
        f"{path}.name",
        action.get("name"),
        what="action name",
        options=("send_location",),
        code=INVALID,
        case_sensitive=True,
    )


def _on_parameters(check: ActionCheck, *, required: bool) -> ActionCheck:
    """An action check that runs `check` on action.parameters (an object at path.parameters)."""

    def check_action(report: Report, path: str, action: JsonObject) -> None:
        parameters = check_object(
            report,
            f"{path}.parameters",
            action.get("parameters"),
            what="action parameters",
            code=INVALID,
            required=required,
        )
        if parameters is not None:
            check(report, f"{path}.parameters", parameters)

    return check_action


def _text(
    report: Report,
    path: str,
    holder: JsonObject,
    key: str,
    what: str = "",
    *,
    required: bool = False,
    limit: int | None = None,
    authority: str = "WhatsApp",
) -> str | None:
    """check_text of holder[key] (at path.key, named `what` or the key), as an invalid parameter."""
    return check_text(
        report,
        f"{path}.{key}",
        holder.get(key),
        what=what or key,
        code=INVALID,
        required=required,
        limit=limit,
        authority=authority,
    )


ACTION_CHECKS: dict[str, ActionCheck] = {
    "button": _check_reply_buttons,
    "list": _check_list,
    "product": _check_product,
    "product_list": _check_product_list,
    "cta_url": _on_parameters(_check_cta_url, required=True),
    "flow": _on_parameters(_check_flow, required=True),
    "voice_call": _on_parameters(_check_voice_call, required=False),
    "location_request_message": _check_location_request,
}
