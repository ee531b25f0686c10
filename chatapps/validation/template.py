"""Rules for `content.template`: the name, language and components that fill an approved template.

Whether the parameters fit the registered template (count, text length) is for 8x8 to answer; this
module checks what can be known from the request alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from chatapps.validation import codes
from chatapps.validation.fields import (
    JsonObject,
    Report,
    as_integer,
    check_array,
    check_choice,
    check_coordinates,
    check_integer,
    check_object,
    check_text,
    check_url,
    find_option,
    shown,
)

COMPONENT_TYPES = (
    "header",
    "footer",
    "body",
    "button",
    "carousel",
    "call_permission_request",
    "request_contact_info",
)
CARD_COMPONENT_TYPES = ("header", "body", "button")
PARAMETER_TYPES = (
    "text",
    "image",
    "gif",
    "video",
    "document",
    "location",
    "payload",
    "couponCode",
    "action",
    "ttlMinutes",
)
MEDIA_PARAMETER_TYPES = ("image", "gif", "video", "document")
HEADER_PARAMETER_TYPES = ("text", "image", "gif", "video", "document", "location")
# ttlMinutes belongs to VoiceCall buttons only; 8x8 rejects it anywhere else.
OTHER_PARAMETER_TYPES = tuple(kind for kind in PARAMETER_TYPES if kind != "ttlMinutes")

# 8x8 reads subType like a .NET enum (inferred from its examples): the name in any case, or the
# enum's number, which is the position in this, 8x8's own order. So 0 = QuickReply, 1 = Url,
# 2 = CopyCode, 3 = Flow, 4 = VoiceCall. The seed authentication template confirms 1 = Url: it
# sends the one-time code as the text parameter of button 0, which is how WhatsApp fills an OTP
# (copy code) button of an authentication template, and 8x8's own example writes it "url".
BUTTON_SUBTYPES = ("QuickReply", "Url", "CopyCode", "Flow", "VoiceCall")
SUBTYPE_SPELLINGS = {
    "quick_reply": "QuickReply",
    "copy_code": "CopyCode",
    "voice_call": "VoiceCall",
}
CARD_BUTTON_SUBTYPES = ("QuickReply", "Url")
# What WhatsApp fills each kind of button with.
BUTTON_PARAMETER_TYPES = {
    "QuickReply": ("payload",),
    "Url": ("text",),
    "CopyCode": ("couponCode",),
    "Flow": ("action",),
    "VoiceCall": ("ttlMinutes", "payload"),
}
MAX_URL_BUTTONS = 2

NAME = re.compile(r"[a-z0-9_]+")
# 8x8's documentation writes names as "<Template Name>"; see _check_name.
PLACEHOLDER = re.compile(r"<[^<>]+>")
NAME_LIMIT = 512
# "en", "fil", "en_US", "pt_BR"; Meta's codes are case-sensitive and use an underscore.
LANGUAGE = re.compile(r"[a-z]{2,3}(_([A-Z]{2}|[0-9]{3}))?")
COUPON_CODE_LIMIT = 20

Button = tuple[str, int | None, str | None]  # path, index, subType


def check_template(report: Report, path: str, value: object) -> None:
    template = check_object(report, path, value, what="content.template", code=codes.EMPTY_TEMPLATE)
    if template is None:
        return
    _check_name(report, f"{path}.name", template.get("name"))
    _check_language(report, f"{path}.language", template.get("language"))
    # A template without variables (e.g. a call permission request) is sent without components.
    components = check_array(
        report,
        f"{path}.components",
        template.get("components"),
        what="components",
        noun="component",
        code=codes.INVALID_TEMPLATE_COMPONENTS,
        required=False,
    )
    if components is not None:
        _check_components(report, f"{path}.components", components, in_card=False)


def sub_type_name(value: object) -> str | None:
    """The canonical button subType for 1, "url", "URL", "copy_code"…, else None."""
    number = as_integer(value)
    if number is not None:
        return BUTTON_SUBTYPES[number] if 0 <= number < len(BUTTON_SUBTYPES) else None
    if isinstance(value, str) and value.lower() in SUBTYPE_SPELLINGS:
        return SUBTYPE_SPELLINGS[value.lower()]
    return find_option(value, BUTTON_SUBTYPES, case_sensitive=False)


def _check_name(report: Report, path: str, value: object) -> None:
    name = check_text(
        report,
        path,
        value,
        what="template name",
        code=codes.INVALID_TEMPLATE_NAME,
        required=True,
        limit=NAME_LIMIT,
        too_long_code=codes.INVALID_TEMPLATE_NAME_LENGTH,
    )
    # 8x8's documented examples (and so the seed bodies) use placeholders like "<Template Name>"
    # and must pass as they stand, so WhatsApp's name format is held only against real names.
    if not name or not name.strip() or len(name) > NAME_LIMIT or PLACEHOLDER.fullmatch(name):
        return
    if not NAME.fullmatch(name):
        message = f"template name {shown(name)} may only use lower-case letters, digits and _"
        report.add(path, message, codes.INVALID_TEMPLATE_NAME)


def _check_language(report: Report, path: str, value: object) -> None:
    language = check_text(
        report,
        path,
        value,
        what="template language",
        code=codes.EMPTY_TEMPLATE_LANGUAGE,
        required=True,
    )
    if not language or not language.strip() or LANGUAGE.fullmatch(language):
        return
    base, _, region = language.replace("-", "_").partition("_")
    suggestion = f"{base.lower()}_{region.upper()}" if region else base.lower()
    if not LANGUAGE.fullmatch(suggestion):
        message = (
            f"template language {shown(language)} is not a WhatsApp language code "
            "like en, en_US or pt_BR"
        )
    elif "-" in language:
        message = (
            f"template language {shown(language)} uses a hyphen; WhatsApp codes use an "
            f"underscore: '{suggestion}'"
        )
    else:
        message = (
            f"template language {shown(language)} has the wrong case; WhatsApp codes are "
            f"case-sensitive: '{suggestion}'"
        )
    report.add(path, message, codes.INVALID_TEMPLATE_LANGUAGE)


def _check_components(
    report: Report, path: str, components: list[object], *, in_card: bool
) -> None:
    owner = "card" if in_card else "template"
    seen: Counter[str] = Counter()
    buttons: list[Button] = []
    for index, item in enumerate(components):
        component_path = f"{path}[{index}]"
        component = check_object(
            report,
            component_path,
            item,
            what="component",
            code=codes.INVALID_TEMPLATE_COMPONENT_TYPE,
        )
        if component is None:
            continue
        kind = _component_type(report, component_path, component, in_card=in_card)
        if kind is None:
            continue
        seen[kind] += 1
        if kind in ("header", "body") and seen[kind] == 2:
            message = f"at most one {kind} component per {owner}"
            report.add(component_path, message, codes.INVALID_TEMPLATE_COMPONENTS)
        if kind == "button":
            buttons.append(_check_button(report, component_path, component, in_card=in_card))
        elif kind == "carousel":
            _check_carousel(report, component_path, component)
        elif kind == "footer":
            if component.get("parameters"):
                message = "footer components take no parameters (WhatsApp footers are fixed)"
                report.add(
                    f"{component_path}.parameters", message, codes.TEMPLATE_PARAMETER_NOT_ALLOWED
                )
        else:
            _check_parameters(report, component_path, component, kind=kind)
    _check_button_set(report, buttons)


def _component_type(
    report: Report, path: str, component: JsonObject, *, in_card: bool
) -> str | None:
    value = component.get("type")
    if value is None:
        return "body"  # 8x8's default
    return check_choice(
        report,
        f"{path}.type",
        value,
        what="card component type" if in_card else "component type",
        options=CARD_COMPONENT_TYPES if in_card else COMPONENT_TYPES,
        code=codes.INVALID_TEMPLATE_COMPONENT_TYPE,
    )


def _check_parameters(report: Report, path: str, component: JsonObject, *, kind: str) -> None:
    """Parameters of a header (at most one), body (text only) or other non-button component."""
    parameters = component.get("parameters")
    if kind == "header" and isinstance(parameters, list) and len(parameters) > 1:
        message = f"a header takes at most 1 parameter (got {len(parameters)})"
        report.add(f"{path}.parameters[1]", message, codes.TOO_MANY_TEMPLATE_PARAMETERS)
    allowed = {"header": HEADER_PARAMETER_TYPES, "body": ("text",)}.get(kind, OTHER_PARAMETER_TYPES)
    _check_parameter_list(
        report,
        path,
        parameters,
        allowed=allowed,
        owner=kind,
        wrong_type_code=codes.INVALID_TEMPLATE_PARAMETER_TYPE,
    )


def _check_button(report: Report, path: str, component: JsonObject, *, in_card: bool) -> Button:
    index = check_integer(
        report,
        f"{path}.index",
        component.get("index"),
        what="button index",
        least=0,
        most=1 if in_card else 9,
        code=codes.INVALID_INDEX,
        required=True,
        allow_string=True,  # 8x8's examples send "index": "0"
    )
    sub_type = _check_sub_type(
        report,
        f"{path}.subType",
        component.get("subType"),
        options=CARD_BUTTON_SUBTYPES if in_card else BUTTON_SUBTYPES,
    )
    parameters = component.get("parameters")
    if sub_type not in (None, "VoiceCall") and (parameters is None or parameters == []):
        message = f"{sub_type} buttons need at least 1 parameter"
        report.add(f"{path}.parameters", message, codes.EMPTY_TEMPLATE_PARAMETERS)
        return path, index, sub_type
    _check_parameter_list(
        report,
        path,
        parameters,
        allowed=BUTTON_PARAMETER_TYPES[sub_type] if sub_type else PARAMETER_TYPES,
        owner=f"{sub_type or 'button'} button",
        wrong_type_code=codes.INVALID_BUTTON_PARAMETER,
    )
    return path, index, sub_type


def _check_sub_type(
    report: Report, path: str, value: object, *, options: Sequence[str]
) -> str | None:
    if value is None:
        report.add(path, "button subType is required", codes.INVALID_COMPONENT_SUBTYPE)
        return None
    sub_type = sub_type_name(value)
    if sub_type not in options:
        message = f"button subType {shown(value)} is not one of {', '.join(options)}"
        report.add(path, message, codes.INVALID_COMPONENT_SUBTYPE)
        return None
    return sub_type


def _check_button_set(report: Report, buttons: list[Button]) -> None:
    """Each button has its own index, and WhatsApp allows at most two URL buttons."""
    indexes: set[int] = set()
    url_buttons = 0
    for path, index, sub_type in buttons:
        if index is not None and index in indexes:
            message = f"button index {index} is used twice; each button needs its own"
            report.add(f"{path}.index", message, codes.INVALID_INDEX)
        if index is not None:
            indexes.add(index)
        if sub_type == "Url":
            url_buttons += 1
            if url_buttons == MAX_URL_BUTTONS + 1:
                message = f"at most {MAX_URL_BUTTONS} Url buttons per template"
                report.add(path, message, codes.INVALID_TEMPLATE_COMPONENTS)


def _check_carousel(report: Report, path: str, component: JsonObject) -> None:
    cards = check_array(
        report,
        f"{path}.cards",
        component.get("cards"),
        what="carousel cards",
        noun="card",
        code=codes.INVALID_TEMPLATE_COMPONENTS,
        least=1,
        most=10,
    )
    card_indexes: set[int] = set()
    for position, item in enumerate(cards or []):
        card_path = f"{path}.cards[{position}]"
        card = check_object(
            report, card_path, item, what="carousel card", code=codes.INVALID_TEMPLATE_COMPONENTS
        )
        if card is None:
            continue
        card_index = check_integer(
            report,
            f"{card_path}.cardIndex",
            card.get("cardIndex"),
            what="cardIndex",
            least=0,
            most=9,
            code=codes.INVALID_INDEX,
            required=True,
            allow_string=True,
        )
        if card_index is not None and card_index in card_indexes:
            message = f"cardIndex {card_index} is used twice; each card needs its own"
            report.add(f"{card_path}.cardIndex", message, codes.INVALID_INDEX)
        if card_index is not None:
            card_indexes.add(card_index)
        components = check_array(
            report,
            f"{card_path}.components",
            card.get("components"),
            what="card components",
            noun="component",
            code=codes.INVALID_TEMPLATE_COMPONENTS,
            least=1,
        )
        if components:
            _check_components(report, f"{card_path}.components", components, in_card=True)


def _check_parameter_list(
    report: Report,
    path: str,
    value: object,
    *,
    allowed: Sequence[str],
    owner: str,
    wrong_type_code: int,
) -> None:
    """A component's optional `parameters` array (at path.parameters) and each parameter in it."""
    parameters = check_array(
        report,
        f"{path}.parameters",
        value,
        what="parameters",
        noun="parameter",
        code=codes.INVALID_TEMPLATE_PARAMETER,
        required=False,
    )
    for index, item in enumerate(parameters or []):
        _check_parameter(
            report,
            f"{path}.parameters[{index}]",
            item,
            allowed=allowed,
            owner=owner,
            wrong_type_code=wrong_type_code,
        )


def _check_parameter(
    report: Report,
    path: str,
    value: object,
    *,
    allowed: Sequence[str],
    owner: str,
    wrong_type_code: int,
) -> None:
    parameter = check_object(
        report, path, value, what="parameter", code=codes.INVALID_TEMPLATE_PARAMETER
    )
    if parameter is None:
        return
    # 8x8 reads parameter types in any case, like the other enums it shows in mixed case.
    kind = check_choice(
        report,
        f"{path}.type",
        parameter.get("type"),
        what="parameter type",
        options=PARAMETER_TYPES,
        code=codes.INVALID_TEMPLATE_PARAMETER_TYPE,
    )
    if kind is None:
        return
    if kind not in allowed:
        message = f"{owner} parameters must be {_either(allowed)} (got {kind})"
        report.add(f"{path}.type", message, wrong_type_code)
        return
    _check_parameter_value(report, path, parameter, kind)


def _check_parameter_value(report: Report, path: str, parameter: JsonObject, kind: str) -> None:
    """The field named by the parameter's type: text, url, location, payload…"""
    invalid = codes.INVALID_TEMPLATE_PARAMETER
    if kind in MEDIA_PARAMETER_TYPES:
        # 8x8's own header example sends "www.example.com/image.jpg", so a scheme-less host is
        # accepted; other schemes (javascript:, data:, ftp:) are not.
        check_url(
            report,
            f"{path}.url",
            parameter.get("url"),
            what=f"{kind} parameter url",
            code=codes.INVALID_TEMPLATE_PARAMETER_URL,
            required=True,
            allow_bare_host=True,
        )
    elif kind == "location":
        location = check_object(
            report,
            f"{path}.location",
            parameter.get("location"),
            what="location parameter",
            code=codes.INVALID_TEMPLATE_LOCATION,
        )
        if location is not None:
            check_coordinates(
                report, f"{path}.location", location, code=codes.INVALID_TEMPLATE_LOCATION
            )
    elif kind == "couponCode":
        check_text(
            report,
            f"{path}.couponCode",
            parameter.get("couponCode"),
            what="couponCode",
            code=codes.INVALID_BUTTON_PARAMETER,
            required=True,
            limit=COUPON_CODE_LIMIT,
        )
    elif kind == "ttlMinutes":
        check_integer(
            report,
            f"{path}.ttlMinutes",
            parameter.get("ttlMinutes"),
            what="ttlMinutes",
            least=1,
            most=43200,
            code=invalid,
            required=True,
        )
    elif kind == "action":
        _check_flow_action(report, f"{path}.flowActionData", parameter.get("flowActionData"))
    else:  # text and payload carry a string of the same name
        check_text(
            report,
            f"{path}.{kind}",
            parameter.get(kind),
            what=f"{kind} parameter",
            code=invalid,
            required=True,
        )


def _check_flow_action(report: Report, path: str, value: object) -> None:
    invalid = codes.INVALID_TEMPLATE_PARAMETER
    action = check_object(report, path, value, what="flowActionData", code=invalid, required=False)
    if action is None:
        return
    check_text(report, f"{path}.screen", action.get("screen"), what="flow screen", code=invalid)
    data = check_object(
        report, f"{path}.data", action.get("data"), what="flow data", code=invalid, required=False
    )
    if data == {}:
        report.add(f"{path}.data", "flow data must not be empty when given", invalid)


def _either(options: Sequence[str]) -> str:
    """Join options for a message: "text", "text or payload", "text, image or video"."""
    if len(options) == 1:
        return options[0]
    return f"{', '.join(options[:-1])} or {options[-1]}"
