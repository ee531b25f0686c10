"""The canonical spelling of a message, as 8x8's schema writes it.

8x8 accepts `"type": "Image"`, `"type": "Button"`, `"subType": 1` and `"index": "0"` (its own
examples send them). Code that compares exact values (the contract tests, the preview, the
sandbox) works on this form instead of repeating that leniency.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from chatapps.validation.fields import as_integer, find_option
from chatapps.validation.interactive import HEADER_TYPES, INTERACTIVE_TYPES
from chatapps.validation.message import MESSAGE_TYPES, RCS_ONLY_TYPES
from chatapps.validation.template import (
    CARD_COMPONENT_TYPES,
    COMPONENT_TYPES,
    PARAMETER_TYPES,
    sub_type_name,
)


def normalise_message(body: dict[str, Any]) -> dict[str, Any]:
    """A copy of a message with enums in canonical spelling and button indexes as numbers.

    Location coordinates are kept as given (8x8 takes "38.8693" as well as 38.8693). Values that
    cannot be read are left alone for the validator to report; the input is not changed.
    """
    message = copy.deepcopy(body)
    _canonical(message, "type", (*MESSAGE_TYPES, *RCS_ONLY_TYPES))
    content = message.get("content")
    if not isinstance(content, dict):
        return message
    interactive = content.get("interactive")
    if isinstance(interactive, dict):
        _normalise_interactive(interactive)
    template = content.get("template")
    if isinstance(template, dict):
        _normalise_components(template.get("components"), COMPONENT_TYPES)
    return message


def _normalise_interactive(interactive: dict[str, Any]) -> None:
    _canonical(interactive, "type", INTERACTIVE_TYPES)
    header = interactive.get("header")
    if isinstance(header, dict):
        _canonical(header, "type", HEADER_TYPES)
    action = interactive.get("action")
    buttons = action.get("buttons") if isinstance(action, dict) else None
    for button in _objects(buttons):
        _canonical(button, "type", ("reply",))


def _normalise_components(components: object, types: Sequence[str]) -> None:
    for component in _objects(components):
        _canonical(component, "type", types)
        if "subType" in component:
            sub_type = sub_type_name(component["subType"])
            if sub_type is not None:
                component["subType"] = sub_type
        _integer(component, "index")
        for parameter in _objects(component.get("parameters")):
            _canonical(parameter, "type", PARAMETER_TYPES)
        for card in _objects(component.get("cards")):
            _integer(card, "cardIndex")
            _normalise_components(card.get("components"), CARD_COMPONENT_TYPES)


def _canonical(holder: dict[str, Any], key: str, options: Sequence[str]) -> None:
    option = find_option(holder.get(key), options, case_sensitive=False)
    if option is not None:
        holder[key] = option


def _integer(holder: dict[str, Any], key: str) -> None:
    number = as_integer(holder.get(key), allow_string=True)
    if number is not None:
        holder[key] = number


def _objects(value: object) -> list[dict[str, Any]]:
    """The JSON objects in a list (ignoring anything else), or none."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
