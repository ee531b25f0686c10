"""A body in the spelling of 8x8's schema, which is how the sandbox stores and compares it.

8x8's own examples send "Image", "Button", "subType": 1 and "index": "0"; the real API takes
them, so the sandbox reads every enum in any case and button indexes as numbers or strings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sandbox.checks.problems import spelled, whole_number
from sandbox.checks.vocabulary import (
    CARD_COMPONENT_TYPES,
    COMPONENT_TYPES,
    HEADER_TYPES,
    INTERACTIVE_TYPES,
    PARAMETER_TYPES,
    RCS_TYPES,
    WHATSAPP_TYPES,
    sub_type,
)


def normalise(
    body: dict[str, Any], *, shared: dict[int, tuple[object, dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """A deep copy of a message with 8x8's canonical names; unreadable values are left as sent.

    `shared`, one dict for all the messages of a batch, normalises a `content` object they have
    in common (the batch's defaults) once: those messages then hold the same normalised copy,
    which nobody may change. A 1,000-message batch would otherwise copy it 1,000 times.
    """
    content = body.get("content")
    if shared is None or not isinstance(content, dict):
        message = _copied(body)
        content = message.get("content")
        if isinstance(content, dict):
            _content(content)
    else:
        known = shared.get(id(content))
        if known is None or known[0] is not content:
            known = shared[id(content)] = (content, _content(_copied(content)))
        message = {key: known[1] if key == "content" else _copied(v) for key, v in body.items()}
    _rename(message, "type", (*WHATSAPP_TYPES, *RCS_TYPES))
    return message


def _copied(value: Any) -> Any:
    """A copy of a JSON value: new dicts and lists, the same (immutable) strings and numbers.
    Several times faster than copy.deepcopy, which a JSON tree, free of cycles, does not need."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _content(content: dict[str, Any]) -> dict[str, Any]:
    """Canonical names inside a message's content, changed in place; returns it."""
    interactive = content.get("interactive")
    if isinstance(interactive, dict):
        _rename(interactive, "type", INTERACTIVE_TYPES)
        header = interactive.get("header")
        if isinstance(header, dict):
            _rename(header, "type", HEADER_TYPES)
        action = interactive.get("action")
        for button in _objects(action.get("buttons") if isinstance(action, dict) else None):
            _rename(button, "type", ("reply",))
    template = content.get("template")
    if isinstance(template, dict):
        _components(template.get("components"), COMPONENT_TYPES)
    return content


def _components(components: object, names: Sequence[str]) -> None:
    for component in _objects(components):
        _rename(component, "type", names)
        if "subType" in component:
            canonical = sub_type(component["subType"])
            if canonical is not None:
                component["subType"] = canonical
        _as_number(component, "index")
        for parameter in _objects(component.get("parameters")):
            _rename(parameter, "type", PARAMETER_TYPES)
        for card in _objects(component.get("cards")):
            _as_number(card, "cardIndex")
            _components(card.get("components"), CARD_COMPONENT_TYPES)


def _rename(holder: dict[str, Any], key: str, names: Sequence[str]) -> None:
    name = spelled(holder.get(key), names)
    if name is not None:
        holder[key] = name


def _as_number(holder: dict[str, Any], key: str) -> None:
    number = whole_number(holder.get(key), from_text=True)
    if number is not None:
        holder[key] = number


def _objects(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))
