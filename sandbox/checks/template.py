"""What 8x8 refuses in `content.template` before it looks the template up.

Whether the parameters fit the registered template is the template store's question
(sandbox.template_store); this module holds what a request alone shows: name and language
format, component and parameter types, button index and subType, and carousel cards.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.checks import problems as codes
from sandbox.checks.problems import Checker, quoted
from sandbox.checks.vocabulary import (
    CARD_COMPONENT_TYPES,
    COMPONENT_TYPES,
    PARAMETER_TYPES,
    SUB_TYPES,
    sub_type,
)

# WhatsApp template names: lower-case letters, digits and underscores, at most 512.
NAME = re.compile(r"[a-z0-9_]+")
NAME_LIMIT = 512
# 8x8's documentation writes "<Template Name>" where a real name goes; its examples are sent as is.
DOC_PLACEHOLDER = re.compile(r"<[^<>]+>")
# Meta's language codes: "en", "fil", "en_US", "es_419"; case-sensitive, with an underscore.
LANGUAGE = re.compile(r"[a-z]{2,3}(_([A-Z]{2}|[0-9]{3}))?")

MEDIA_PARAMETERS = ("image", "gif", "video", "document")
HEADER_PARAMETERS = ("text", "image", "gif", "video", "document", "location")
BODY_PARAMETERS = ("text",)
# Anywhere but a VoiceCall button, ttlMinutes has no meaning.
OTHER_PARAMETERS = tuple(name for name in PARAMETER_TYPES if name != "ttlMinutes")
# What WhatsApp fills each button kind with.
BUTTON_PARAMETERS = {
    "QuickReply": ("payload",),
    "Url": ("text",),
    "CopyCode": ("couponCode",),
    "Flow": ("action",),
    "VoiceCall": ("ttlMinutes", "payload"),
}
CARD_SUB_TYPES = ("QuickReply", "Url")
URL_BUTTONS_MAX = 2
CARDS_MAX = 10
COUPON_CODE_LIMIT = 20


def template_problems(checker: Checker, path: str, value: object) -> None:
    """Check `content.template` at `path`."""
    template = checker.mapping(path, value, "content.template", codes.EMPTY_TEMPLATE)
    if template is None:
        return
    _name(checker, f"{path}.name", template.get("name"))
    _language(checker, f"{path}.language", template.get("language"))
    # Optional: a template without variables is sent with no components at all.
    components = checker.items(
        f"{path}.components",
        template.get("components"),
        "components",
        codes.INVALID_TEMPLATE_COMPONENTS,
        needed=False,
    )
    if components is not None:
        _components(checker, f"{path}.components", components, in_card=False)


def _name(checker: Checker, path: str, value: object) -> None:
    name = checker.string(
        path,
        value,
        "template name",
        codes.INVALID_TEMPLATE_NAME,
        needed=True,
        longest=NAME_LIMIT,
        too_long=codes.INVALID_TEMPLATE_NAME_LENGTH,
    )
    if not name or not name.strip() or len(name) > NAME_LIMIT or DOC_PLACEHOLDER.fullmatch(name):
        return
    if not NAME.fullmatch(name):
        message = f"template name {quoted(name)} may hold only a-z, 0-9 and _"
        checker.refuse(path, message, codes.INVALID_TEMPLATE_NAME)


def _language(checker: Checker, path: str, value: object) -> None:
    language = checker.string(
        path, value, "template language", codes.EMPTY_TEMPLATE_LANGUAGE, needed=True
    )
    if not language or not language.strip() or LANGUAGE.fullmatch(language):
        return
    message = (
        f"template language {quoted(language)} is not a WhatsApp language code such as en, "
        "en_US or pt_BR (case matters, and an underscore, not a hyphen)"
    )
    checker.refuse(path, message, codes.INVALID_TEMPLATE_LANGUAGE)


def _components(checker: Checker, path: str, components: list[Any], *, in_card: bool) -> None:
    names = CARD_COMPONENT_TYPES if in_card else COMPONENT_TYPES
    counted: dict[str, int] = {}
    buttons: list[tuple[str, int | None, str | None]] = []
    for position, item in enumerate(components):
        at = f"{path}[{position}]"
        component = checker.mapping(at, item, "component", codes.INVALID_TEMPLATE_COMPONENT_TYPE)
        if component is None:
            continue
        raw_type = component.get("type")
        # 8x8 takes a component without a type as the body.
        kind = (
            "body"
            if raw_type is None
            else checker.one_of(
                f"{at}.type",
                raw_type,
                "component type",
                names,
                codes.INVALID_TEMPLATE_COMPONENT_TYPE,
            )
        )
        if kind is None:
            continue
        counted[kind] = counted.get(kind, 0) + 1
        if kind in ("header", "body") and counted[kind] == 2:
            owner = "card" if in_card else "template"
            message = f"a {owner} has one {kind} component at most"
            checker.refuse(at, message, codes.INVALID_TEMPLATE_COMPONENTS)
        if kind == "button":
            buttons.append(_button(checker, at, component, in_card=in_card))
        elif kind == "carousel":
            _carousel(checker, at, component)
        elif kind == "footer":
            if component.get("parameters"):
                message = "a footer is fixed text and takes no parameters"
                checker.refuse(f"{at}.parameters", message, codes.TEMPLATE_PARAMETER_NOT_ALLOWED)
        else:
            parameters = component.get("parameters")
            if kind == "header" and isinstance(parameters, list) and len(parameters) > 1:
                message = f"a header takes one parameter at most (got {len(parameters)})"
                checker.refuse(f"{at}.parameters[1]", message, codes.TOO_MANY_TEMPLATE_PARAMETERS)
            allowed = {"header": HEADER_PARAMETERS, "body": BODY_PARAMETERS}.get(
                kind, OTHER_PARAMETERS
            )
            _parameters(
                checker, at, parameters, allowed, kind, codes.INVALID_TEMPLATE_PARAMETER_TYPE
            )
    _button_set(checker, buttons)


def _button(
    checker: Checker, path: str, component: dict[str, Any], *, in_card: bool
) -> tuple[str, int | None, str | None]:
    index = checker.whole(
        f"{path}.index",
        component.get("index"),
        "button index",
        0,
        1 if in_card else 9,
        codes.INVALID_INDEX,
        needed=True,
        from_text=True,  # 8x8's examples send "index": "0"
    )
    allowed_sub_types = CARD_SUB_TYPES if in_card else SUB_TYPES
    raw = component.get("subType")
    kind = sub_type(raw)
    if raw is None:
        checker.refuse(
            f"{path}.subType", "button subType is required", codes.INVALID_COMPONENT_SUBTYPE
        )
    elif kind not in allowed_sub_types:
        message = f"button subType {quoted(raw)} must be one of: {', '.join(allowed_sub_types)}"
        checker.refuse(f"{path}.subType", message, codes.INVALID_COMPONENT_SUBTYPE)
        kind = None
    parameters = component.get("parameters")
    if kind is not None and kind != "VoiceCall" and parameters in (None, []):
        message = f"a {kind} button needs a parameter"
        checker.refuse(f"{path}.parameters", message, codes.EMPTY_TEMPLATE_PARAMETERS)
    else:
        allowed = BUTTON_PARAMETERS[kind] if kind else PARAMETER_TYPES
        owner = f"{kind or 'a'} button"
        _parameters(checker, path, parameters, allowed, owner, codes.INVALID_BUTTON_PARAMETER)
    return path, index, kind


def _button_set(checker: Checker, buttons: list[tuple[str, int | None, str | None]]) -> None:
    """Indexes are unique, and WhatsApp allows two URL buttons per template."""
    indexes: set[int] = set()
    url_buttons = 0
    for path, index, kind in buttons:
        if index is not None:
            if index in indexes:
                checker.refuse(
                    f"{path}.index", f"button index {index} is taken", codes.INVALID_INDEX
                )
            indexes.add(index)
        if kind == "Url":
            url_buttons += 1
            if url_buttons == URL_BUTTONS_MAX + 1:
                message = f"WhatsApp allows {URL_BUTTONS_MAX} Url buttons per template"
                checker.refuse(path, message, codes.INVALID_TEMPLATE_COMPONENTS)


def _carousel(checker: Checker, path: str, component: dict[str, Any]) -> None:
    bad = codes.INVALID_TEMPLATE_COMPONENTS
    cards = checker.items(
        f"{path}.cards",
        component.get("cards"),
        "carousel cards",
        bad,
        at_least=1,
        at_most=CARDS_MAX,
    )
    taken: set[int] = set()
    for position, item in enumerate(cards or []):
        at = f"{path}.cards[{position}]"
        card = checker.mapping(at, item, "carousel card", bad)
        if card is None:
            continue
        card_index = checker.whole(
            f"{at}.cardIndex",
            card.get("cardIndex"),
            "cardIndex",
            0,
            9,
            codes.INVALID_INDEX,
            needed=True,
            from_text=True,
        )
        if card_index is not None:
            if card_index in taken:
                message = f"cardIndex {card_index} is taken"
                checker.refuse(f"{at}.cardIndex", message, codes.INVALID_INDEX)
            taken.add(card_index)
        components = checker.items(
            f"{at}.components", card.get("components"), "card components", bad, at_least=1
        )
        if components:
            _components(checker, f"{at}.components", components, in_card=True)


def _parameters(
    checker: Checker,
    path: str,
    value: object,
    allowed: tuple[str, ...],
    owner: str,
    wrong_type: int,
) -> None:
    """A component's `parameters` (optional) at path.parameters, each of an allowed type."""
    parameters = checker.items(
        f"{path}.parameters", value, "parameters", codes.INVALID_TEMPLATE_PARAMETER, needed=False
    )
    for position, item in enumerate(parameters or []):
        at = f"{path}.parameters[{position}]"
        parameter = checker.mapping(at, item, "parameter", codes.INVALID_TEMPLATE_PARAMETER)
        if parameter is None:
            continue
        kind = checker.one_of(
            f"{at}.type",
            parameter.get("type"),
            "parameter type",
            PARAMETER_TYPES,
            codes.INVALID_TEMPLATE_PARAMETER_TYPE,
        )
        if kind is None:
            continue
        if kind not in allowed:
            message = f"{owner} parameters may be {' or '.join(allowed)}, not {kind}"
            checker.refuse(f"{at}.type", message, wrong_type)
            continue
        _parameter_value(checker, at, parameter, kind)


def _parameter_value(checker: Checker, path: str, parameter: dict[str, Any], kind: str) -> None:
    """The field a parameter's type names: url, location, couponCode, ttlMinutes, text…"""
    bad = codes.INVALID_TEMPLATE_PARAMETER
    if kind in MEDIA_PARAMETERS:
        # 8x8's header example sends "www.example.com/image.jpg"; javascript: and data: are not
        # URLs WhatsApp can fetch.
        checker.link(
            f"{path}.url",
            parameter.get("url"),
            f"{kind} url",
            codes.INVALID_TEMPLATE_PARAMETER_URL,
            needed=True,
            schemeless=True,
        )
    elif kind == "location":
        place = checker.mapping(
            f"{path}.location",
            parameter.get("location"),
            "location",
            codes.INVALID_TEMPLATE_LOCATION,
        )
        if place is not None:
            checker.place(f"{path}.location", place, codes.INVALID_TEMPLATE_LOCATION)
    elif kind == "couponCode":
        checker.string(
            f"{path}.couponCode",
            parameter.get("couponCode"),
            "couponCode",
            codes.INVALID_BUTTON_PARAMETER,
            needed=True,
            longest=COUPON_CODE_LIMIT,
        )
    elif kind == "ttlMinutes":
        checker.whole(
            f"{path}.ttlMinutes",
            parameter.get("ttlMinutes"),
            "ttlMinutes",
            1,
            43200,
            bad,
            needed=True,
        )
    elif kind == "action":
        _flow_action(checker, f"{path}.flowActionData", parameter.get("flowActionData"))
    else:  # text and payload parameters carry a string under their own name
        checker.string(f"{path}.{kind}", parameter.get(kind), f"{kind} parameter", bad, needed=True)


def _flow_action(checker: Checker, path: str, value: object) -> None:
    bad = codes.INVALID_TEMPLATE_PARAMETER
    action = checker.mapping(path, value, "flowActionData", bad, needed=False)
    if action is None:
        return
    checker.string(f"{path}.screen", action.get("screen"), "flow screen", bad)
    data = checker.mapping(f"{path}.data", action.get("data"), "flow data", bad, needed=False)
    if data == {}:
        checker.refuse(f"{path}.data", "flow data, when given, must not be empty", bad)
