"""A form's state as plain data: POST data for it, and adding or removing a formset row.

State is what `ComposeForm.raw_state()` returns and `form_data_from_payload` builds: field values,
with each formset as a list of row dicts ("sections" rows hold "rows" or "products" lists).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from composer.forms.fields import MAX_PRODUCTS, MAX_REPLY_BUTTONS, MAX_ROWS, MAX_SECTIONS
from messaging.models import MessageKind

NESTED: dict[str, str] = {MessageKind.LIST: "rows", MessageKind.PRODUCT_LIST: "products"}
# Rows and products are limited across all sections, buttons and sections per message.
LIMITS = {
    "buttons": MAX_REPLY_BUTTONS,
    "sections": MAX_SECTIONS,
    "rows": MAX_ROWS,
    "products": MAX_PRODUCTS,
}
ACTION = re.compile(r"(add|remove):([a-z]+)(?:-(\d+)-([a-z]+))?(?:-(\d+))?")


def typed_value(value: Any) -> Any:
    """A field's raw value as state: what was typed, "" for nothing. NUL characters are dropped:
    no database text column can hold them, and no one types them."""
    if value is None:
        return ""
    return value.replace("\x00", "") if isinstance(value, str) else value


def fill_ids(rows: list[dict[str, Any]], stem: str) -> None:
    """Give rows without a reply id one ("option-2"), never repeating an id already used.

    Rows are changed in place; a row with nothing typed (no title) is left alone.
    """
    used = {row.get("id") for row in rows}
    number = 0
    for row in rows:
        if row.get("id") or not (row.get("title") or "").strip():
            continue
        number += 1
        while f"{stem}-{number}" in used:
            number += 1
        row["id"] = f"{stem}-{number}"
        used.add(row["id"])


def post_data(state: dict[str, Any], *, prefix: str = "") -> dict[str, str]:
    """The POST data a browser sends for a form in `state` (formsets with management forms)."""
    data: dict[str, str] = {}
    for key, value in state.items():
        name = f"{prefix}{key}"
        if isinstance(value, list):
            data[f"{name}-TOTAL_FORMS"] = str(len(value))
            data[f"{name}-INITIAL_FORMS"] = "0"
            for index, row in enumerate(value):
                data.update(post_data(row, prefix=f"{name}-{index}-"))
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def _rows(state: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = state.get(key)
    if not isinstance(rows, list):
        rows = state[key] = []
    return rows


def _total(state: dict[str, Any], nested: str) -> int:
    return sum(len(section.get(nested) or []) for section in _rows(state, "sections"))


def can_add(kind: str, state: dict[str, Any], target: str) -> bool:
    """Whether one more row fits WhatsApp's limit (the Add button is hidden when not)."""
    nested = NESTED.get(kind, "")
    if target == "buttons":
        return len(_rows(state, "buttons")) < MAX_REPLY_BUTTONS
    items_fit = _total(state, nested) < LIMITS.get(nested, 0)
    if target == "sections":
        return len(_rows(state, "sections")) < MAX_SECTIONS and items_fit
    return items_fit


def state_edit(kind: str, state: dict[str, Any], action: str) -> dict[str, Any]:
    """The state after `action`: "add:buttons", "add:sections", "add:sections-0-rows",
    "remove:buttons-2", "remove:sections-1", "remove:sections-0-rows-3". Unknown or
    impossible actions (past a limit, a row that is not there) leave the state as it was."""
    state = copy.deepcopy(state)
    match = ACTION.fullmatch(action or "")
    nested = NESTED.get(kind, "")
    if match is None:
        return state
    verb, top, section, inner, index = match.groups()
    if top not in ("buttons", "sections") or (inner and inner != nested):
        return state
    if inner:
        sections = _rows(state, "sections")
        if section is None or int(section) >= len(sections):
            return state
        rows = sections[int(section)].setdefault(nested, [])
        target = nested
    else:
        rows, target = _rows(state, top), top
    if verb == "add":
        if can_add(kind, state, target):
            rows.append({nested: [{}]} if target == "sections" else {})
    elif index is not None and int(index) < len(rows):
        del rows[int(index)]
        if not rows:  # the first row stays, emptied: a message needs one
            rows.append({nested: [{}]} if target == "sections" else {})
    return state
