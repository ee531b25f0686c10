"""The sandbox's WhatsApp templates: seeding, create/delete rules, and whether a template send fits.

8x8 answers a template send with 3038 when no approved template has that name and language, 3040
when parameters are missing and 3041 when there are too many or of the wrong type. The counts come
from the registered template: one parameter per distinct {{n}} in the body or a text header, one
media/location parameter for a media header, and per button what WhatsApp fills it with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sandbox.checks import Problem
from sandbox.models import SandboxConfig, SandboxTemplate
from sandbox.schedule import template_review_schedule
from sandbox.seed_templates import SEED_TEMPLATES

NOT_FOUND = (3038, "Template not found for provided name and language")
EMPTY_PARAMETERS = 3040
INVALID_PARAMETER = 3041
REUSE_BLOCKED_DAYS = 30

PENDING = "PENDING"
REVIEW_SECONDS_DEFAULT = 3
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
NAME = re.compile(r"[a-z0-9_]+")
NAME_LIMIT = 512
LANGUAGE = re.compile(r"[a-z]{2,3}(_([A-Z]{2}|[0-9]{3}))?")
CATEGORIES = ("MARKETING", "UTILITY", "AUTHENTICATION")
COMPONENT_TYPES = (
    "HEADER",
    "BODY",
    "FOOTER",
    "BUTTONS",
    "CAROUSEL",
    "CALL_PERMISSION_REQUEST",
    "REQUEST_CONTACT_INFO",
)
BUTTON_TYPES = (
    "PHONE_NUMBER",
    "URL",
    "QUICK_REPLY",
    "OTP",
    "COPY_CODE",
    "FLOW",
    "VOICE_CALL",
    "REQUEST_CONTACT_INFO",
)
MEDIA_FORMATS = {"IMAGE": "image", "GIF": "gif", "VIDEO": "video", "DOCUMENT": "document"}
BUTTON_TEXT_LIMIT = 25
LANGUAGE_NAMES = {
    "en": "English",
    "en_GB": "English (UK)",
    "en_US": "English (US)",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "id": "Indonesian",
    "ms": "Malay",
    "pt_BR": "Portuguese (BR)",
    "zh_CN": "Chinese (CHN)",
}


class TemplateRefused(Exception):
    """A template create/delete that 8x8 would refuse: HTTP status, code and message."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# -- store ---------------------------------------------------------------------------------------


def templates_seed() -> int:
    """Add the seed templates that are missing; returns how many were added. Safe to re-run."""
    added = 0
    for seed in SEED_TEMPLATES:
        _, created = SandboxTemplate.objects.get_or_create(
            name=seed["templateName"],
            language=seed["language"],
            defaults={
                "category": seed["category"],
                "status": seed.get("status", "APPROVED"),
                "components": seed["components"],
            },
        )
        added += created
    return added


def template_find(name: object, language: object) -> SandboxTemplate | None:
    """The live, approved template with this name and language, if any."""
    if not isinstance(name, str) or not isinstance(language, str):
        return None
    return SandboxTemplate.objects.filter(
        name=name, language=language, deleted_at__isnull=True, status__iexact="APPROVED"
    ).first()


TemplateFinder = Callable[[object, object], SandboxTemplate | None]


def template_finder() -> TemplateFinder:
    """A template_find that asks the database once per (name, language) and then remembers.

    For one request only: templates are created and deleted through the API between requests,
    so never keep one of these longer than the request that made it.
    """
    found: dict[tuple[str, str], SandboxTemplate | None] = {}

    def find(name: object, language: object) -> SandboxTemplate | None:
        if not isinstance(name, str) or not isinstance(language, str):
            return None
        if (name, language) not in found:
            found[(name, language)] = template_find(name, language)
        return found[(name, language)]

    return find


def template_create(*, body: object) -> SandboxTemplate:
    """Register a template from a create request. It waits as PENDING for Meta's review, which
    comes after the configured delay (sandbox.template_review) with a template_status_update."""
    problems = template_create_problems(body)
    if problems:
        raise TemplateRefused(400, problems[0].code, "; ".join(p.message for p in problems))
    assert isinstance(body, dict)
    name, language = body["name"], body["language"]
    components = [_upper_type(c) for c in body["components"]]
    with transaction.atomic():
        existing = SandboxTemplate.objects.select_for_update().filter(name=name, language=language)
        template = existing.first()
        if template is not None and template.deleted_at is None:
            raise TemplateRefused(
                400, 1000, f"A template named {name} in {language} already exists"
            )
        if template is not None and template.deleted_at is not None:
            assert template.deleted_at is not None
            if timezone.now() - template.deleted_at < timedelta(days=REUSE_BLOCKED_DAYS):
                label = LANGUAGE_NAMES.get(language, language)
                raise TemplateRefused(
                    409,
                    3060,
                    f"New {label} content can't be added while the existing {label} content is "
                    "being deleted. Try again in 4 weeks or consider creating a new message "
                    "template.",
                )
            template.delete()
        template = SandboxTemplate.objects.create(
            name=name,
            language=language,
            category=str(body["category"]).upper(),
            status=PENDING,
            components=components,
        )
    config = SandboxConfig.objects.filter(pk=1).first()
    delay = config.template_review_seconds if config else REVIEW_SECONDS_DEFAULT
    template_review_schedule(template.pk, countdown=delay)
    return template


def template_delete(*, name: str) -> int:
    """Delete every language of a template; its name stays blocked for 30 days."""
    count = SandboxTemplate.objects.filter(name=name, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    if not count:
        raise TemplateRefused(404, 1300, f"Template {name} not found")
    return count


def template_create_problems(body: object) -> list[Problem]:
    """What 8x8 (and Meta behind it) would refuse in a template create request."""
    if not isinstance(body, dict):
        return [Problem("$", "Invalid parameter(s): the body must be a JSON object", 1000)]
    found: list[Problem] = []

    def add(path: str, message: str, code: int) -> None:
        found.append(Problem(path, message, code))

    name = body.get("name")
    if not isinstance(name, str) or not name:
        add("$.name", "Invalid Template Name: name is required", 3032)
    elif len(name) > NAME_LIMIT:
        add("$.name", f"Invalid Template Name Length: at most {NAME_LIMIT} characters", 3031)
    elif not NAME.fullmatch(name):
        add("$.name", "Invalid Template Name: use lower-case letters, digits and _", 3032)
    language = body.get("language")
    if not isinstance(language, str) or not language:
        add("$.language", "Empty Template language: language is required", 3036)
    elif not LANGUAGE.fullmatch(language):
        add("$.language", f"Invalid Template language: {language[:20]!r} (e.g. en, en_US)", 3037)
    category = body.get("category")
    if not isinstance(category, str) or category.upper() not in CATEGORIES:
        add("$.category", f"Invalid parameter(s): category must be one of {CATEGORIES}", 1000)
    components = body.get("components")
    if not isinstance(components, list) or not components:
        add("$.components", "Invalid template components combination: components required", 3034)
        return found
    bodies = 0
    for index, component in enumerate(components):
        path = f"$.components[{index}]"
        if not isinstance(component, dict):
            add(path, "Invalid Template Component type: each component is an object", 3039)
            continue
        kind = str(component.get("type", "")).upper()
        if kind not in COMPONENT_TYPES:
            add(path, f"Invalid Template Component type: {kind or 'missing'}", 3039)
        elif kind == "BODY":
            bodies += 1
            if not isinstance(component.get("text"), str) or not component["text"].strip():
                add(path, "Invalid parameter(s): the BODY needs text", 1000)
        elif kind == "HEADER":
            found.extend(_header_problems(path, component))
        elif kind == "BUTTONS":
            found.extend(_buttons_problems(path, component.get("buttons")))
    if bodies != 1:
        add("$.components", f"Invalid template components combination: {bodies} BODY", 3034)
    return found


def _header_problems(path: str, component: dict[str, Any]) -> list[Problem]:
    kind = str(component.get("format") or "TEXT").upper()
    if kind in MEDIA_FORMATS and not _has_example(component):
        # 8x8's own words for this refusal.
        message = (
            f"Templates with {kind} header type need an example/sample, but it was not provided."
        )
        return [Problem(path, message, 3032)]
    return []


def _has_example(component: dict[str, Any]) -> bool:
    example = component.get("example")
    if isinstance(example, dict) and example.get("headerHandle"):
        return True
    return bool(component.get("examples"))


def _buttons_problems(path: str, buttons: object) -> list[Problem]:
    if not isinstance(buttons, list) or not buttons:
        return [Problem(path, "Invalid parameter(s): BUTTONS needs a buttons list", 1000)]
    found = []
    for index, button in enumerate(buttons):
        button_path = f"{path}.buttons[{index}]"
        kind = str(button.get("type", "")).upper() if isinstance(button, dict) else ""
        if kind not in BUTTON_TYPES:
            found.append(Problem(button_path, f"Invalid button type: {kind or 'missing'}", 1000))
            continue
        assert isinstance(button, dict)
        text = button.get("text")
        if kind not in ("VOICE_CALL", "REQUEST_CONTACT_INFO") and (
            not isinstance(text, str) or not 1 <= len(text) <= BUTTON_TEXT_LIMIT
        ):
            message = f"Invalid parameter(s): button text must be 1–{BUTTON_TEXT_LIMIT} characters"
            found.append(Problem(button_path, message, 1000))
    return found


def _upper_type(component: dict[str, Any]) -> dict[str, Any]:
    return {**component, "type": str(component.get("type", "")).upper()}


# -- sends ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """What one part of a registered template takes: how many parameters, of which types."""

    label: str
    least: int
    most: int
    types: tuple[str, ...]


def template_send_problems(
    message: dict[str, Any], *, find: TemplateFinder = template_find
) -> list[Problem]:
    """Problems of a (normalised, otherwise valid) template send against the store; `find` looks
    the template up (a template_finder() saves asking again for each message of a batch)."""
    content = message.get("content")
    template = content.get("template") if isinstance(content, dict) else None
    if not isinstance(template, dict):
        return []
    stored = find(template.get("name"), template.get("language"))
    if stored is None:
        return [Problem("", NOT_FOUND[1], NOT_FOUND[0])]
    found = parameter_problems(stored.components, template.get("components"))
    if stored.category.upper() == "AUTHENTICATION":
        found += _code_problems(template.get("components"))
    return found


# WhatsApp takes one-time codes of at most 15 characters in authentication templates.
OTP_LIMIT = 15


def _code_problems(sent: object) -> list[Problem]:
    codes = [
        parameter.get("text")
        for component in (sent if isinstance(sent, list) else [])
        if isinstance(component, dict)
        for parameter in (component.get("parameters") or [])
        if isinstance(parameter, dict)
    ]
    return [
        Problem(
            "", f"Invalid parameter: the code is over {OTP_LIMIT} characters", INVALID_PARAMETER
        )
        for code in codes
        if isinstance(code, str) and len(code) > OTP_LIMIT
    ][:1]


def placeholder_count(text: object) -> int:
    return len(set(PLACEHOLDER.findall(text))) if isinstance(text, str) else 0


def template_slots(components: list[dict[str, Any]]) -> dict[tuple[str, int], Slot]:
    """Every part of a registered template that takes parameters, keyed (part, button index)."""
    slots: dict[tuple[str, int], Slot] = {}
    for component in components:
        if not isinstance(component, dict):
            continue
        kind = str(component.get("type", "")).upper()
        if kind == "BODY":
            count = placeholder_count(component.get("text"))
            slots[("body", 0)] = Slot("body", count, count, ("text",))
        elif kind == "HEADER":
            slots[("header", 0)] = _header_slot(component)
        elif kind == "BUTTONS":
            for index, button in enumerate(component.get("buttons") or []):
                if isinstance(button, dict):
                    slots[("button", index)] = _button_slot(index, button)
    return slots


def _header_slot(component: dict[str, Any]) -> Slot:
    kind = str(component.get("format") or "TEXT").upper()
    if kind in MEDIA_FORMATS:
        return Slot(f"{kind.lower()} header", 1, 1, (MEDIA_FORMATS[kind],))
    if kind == "LOCATION":
        return Slot("location header", 1, 1, ("location",))
    count = placeholder_count(component.get("text"))
    return Slot("text header", count, count, ("text",))


def _button_slot(index: int, button: dict[str, Any]) -> Slot:
    kind = str(button.get("type", "")).upper()
    label = f"button {index} ({kind})"
    if kind == "URL":
        count = min(placeholder_count(button.get("url")), 1)
        return Slot(label, count, count, ("text",))
    if kind == "COPY_CODE":
        return Slot(label, 1, 1, ("couponCode",))
    if kind == "OTP":
        # WhatsApp fills a one-time-code button with the code as a text parameter (8x8's sample).
        return Slot(label, 1, 1, ("text", "couponCode"))
    if kind == "QUICK_REPLY":
        return Slot(label, 0, 1, ("payload", "text"))
    if kind == "FLOW":
        return Slot(label, 0, 1, ("action",))
    if kind == "VOICE_CALL":
        return Slot(label, 0, 2, ("ttlMinutes", "payload"))
    return Slot(label, 0, 0, ())


def parameter_problems(registered: list[dict[str, Any]], sent: object) -> list[Problem]:
    """Compare the parameters sent with what the registered template takes."""
    slots = template_slots(registered)
    given: dict[tuple[str, int], list[Any]] = {}
    found: list[Problem] = []
    for component in sent if isinstance(sent, list) else []:
        if not isinstance(component, dict):
            continue
        kind = str(component.get("type", "body")).lower()
        parameters = component.get("parameters")
        parameters = parameters if isinstance(parameters, list) else []
        if kind in ("body", "header"):
            given[(kind, 0)] = parameters
        elif kind == "button" and isinstance(component.get("index"), int):
            given[("button", component["index"])] = parameters
        elif parameters:
            message = f"Invalid Template parameter: a {kind} component takes no parameters"
            found.append(Problem("", message, INVALID_PARAMETER))
    for key, parameters in given.items():
        slot = slots.get(key)
        if slot is None or (slot.most == 0 and parameters):
            if parameters:
                where = f"button {key[1]}" if key[0] == "button" else f"the {key[0]}"
                message = f"Invalid Template parameter: {where} of this template takes none"
                found.append(Problem("", message, INVALID_PARAMETER))
            continue
        found.extend(_slot_problems(slot, parameters))
    for key, slot in slots.items():
        if slot.least and key not in given:
            found.append(_missing(slot, 0))
    return found


def _slot_problems(slot: Slot, parameters: list[Any]) -> list[Problem]:
    found = []
    if len(parameters) > slot.most:
        message = (
            f"Invalid Template parameter: {slot.label} takes {slot.most} "
            f"parameter{'s' if slot.most != 1 else ''}, got {len(parameters)}"
        )
        found.append(Problem("", message, INVALID_PARAMETER))
    for position, parameter in enumerate(parameters[: slot.most], start=1):
        kind = parameter.get("type") if isinstance(parameter, dict) else None
        if kind not in slot.types:
            message = (
                f"Invalid Template parameter: {slot.label} parameter {position} must be "
                f"{' or '.join(slot.types)}, not {kind!s}"
            )
            found.append(Problem("", message, INVALID_PARAMETER))
    if len(parameters) < slot.least:
        found.append(_missing(slot, len(parameters)))
    return found


def _missing(slot: Slot, count: int) -> Problem:
    what = f"parameter{'s' if slot.least != 1 else ''}"
    if slot.types == ("text",):
        what += " (" + ", ".join(f"{{{{{n}}}}}" for n in range(1, slot.least + 1)) + ")"
    else:
        what += f" of type {' or '.join(slot.types)}"
    message = f"Empty template parameters: {slot.label} needs {slot.least} {what}, got {count}"
    return Problem("", message, EMPTY_PARAMETERS)
