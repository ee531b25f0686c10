"""Lint a template before it is submitted: every rule of catalog.template_rules.RULES, checked.

A finding names its rule, the form field it is about ("buttons-1-text" for the second button's
text) and says what is wrong in words: "button 2 text is 27 characters; WhatsApp allows 25".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from catalog.template_rules import (
    CATEGORIES,
    ERROR,
    LANGUAGES,
    MARKETING_WORDS,
    MEDIA_HEADERS,
    RULES,
    auth_body,
)

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NAME = re.compile(r"[a-z0-9_]+")
NAMED_PARAMETER = re.compile(r"[a-z][a-z0-9_]*")
ADJACENT = re.compile(r"\}\}\s*\{\{")
PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
COUPON_LIMIT = 15
AT_END = re.compile(r"\{\{[^{}]*\}\}$")
# add(rule, message, field=""): record a finding; the field defaults to the rule's.
Add = Callable[..., None]


@dataclass
class DraftButton:
    type: str  # one of template_rules.BUTTON_TYPES
    text: str = ""
    url: str = ""
    sample: str = ""  # the URL suffix's or the coupon's sample
    phone: str = ""
    otp_type: str = "COPY_CODE"
    package_name: str = ""
    signature_hash: str = ""


@dataclass
class TemplateDraft:
    """A template being built, as the builder form holds it."""

    name: str = ""
    language: str = ""
    category: str = ""
    header_format: str = ""  # "" (none), TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
    header_text: str = ""
    header_sample: str = ""  # the header parameter's sample, or a media header's sample link
    body: str = ""
    body_samples: list[str] = field(default_factory=list)
    footer: str = ""
    buttons: list[DraftButton] = field(default_factory=list)
    add_security_recommendation: bool = False
    code_expiration_minutes: int | None = None

    @property
    def is_auth(self) -> bool:
        return self.category == "AUTHENTICATION"


@dataclass(frozen=True)
class Finding:
    rule: str
    field: str
    message: str

    @property
    def level(self) -> str:
        return RULES[self.rule].level


def parameters(text: str) -> list[str]:
    """The distinct parameters of a text, in order of first appearance."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


def template_lint(draft: TemplateDraft) -> list[Finding]:
    """Every rule the draft breaks, errors and warnings, in the order the builder shows fields."""
    found: list[Finding] = []

    def add(rule: str, message: str, where: str = "") -> None:
        found.append(Finding(rule, where or RULES[rule].field, message))

    _name(draft, add)
    _header(draft, add)
    _body(draft, add)
    _footer(draft, add)
    _buttons(draft, add)
    if draft.is_auth:
        _authentication(draft, add)
    return found


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == ERROR]


def _limit(rule: str) -> int:
    limit = RULES[rule].limit
    assert limit is not None
    return limit


def _name(draft: TemplateDraft, add: Add) -> None:
    if not NAME.fullmatch(draft.name):
        add("name_format", "name must use only lowercase letters, digits and _ (e.g. order_ready)")
    if len(draft.name) > _limit("name_length"):
        add("name_length", f"name is {len(draft.name)} characters; WhatsApp allows 512")
    if draft.language not in LANGUAGES:
        shown = draft.language[:20] or "(none)"
        add("language", f"language {shown} is not one of WhatsApp's codes (e.g. en, en_US, pt_BR)")
    if draft.category not in CATEGORIES:
        add("category", "category must be marketing, utility or authentication")


def _header(draft: TemplateDraft, add: Add) -> None:
    if draft.header_format == "TEXT":
        text = draft.header_text
        if len(text) > _limit("header_text_length"):
            add("header_text_length", f"header text is {len(text)} characters; WhatsApp allows 60")
        count = len(parameters(text))
        if count > 1:
            add("header_params", f"header text has {count} parameters; WhatsApp allows one")
        elif count == 1 and not draft.header_sample.strip():
            add("header_sample", "header sample is missing: the header's parameter needs one")
    elif draft.header_format in MEDIA_HEADERS and not URL.fullmatch(draft.header_sample.strip()):
        kind = draft.header_format.lower()
        add("media_sample", f"header sample is missing: a {kind} header needs a sample link")


def _body(draft: TemplateDraft, add: Add) -> None:
    body = draft.body
    if not body.strip():
        add("body_required", "body is empty; every template has one")
        return
    if len(body) > _limit("body_length"):
        add("body_length", f"body is {len(body)} characters; WhatsApp allows 1,024")
    found = parameters(body)
    numbered = [p for p in found if p.isdigit()]
    named = [p for p in found if not p.isdigit()]
    if numbered and named:
        add("params_mixed", "body mixes numbered and named parameters; use one kind")
    elif numbered and sorted(int(p) for p in numbered) != list(range(1, len(numbered) + 1)):
        shown = ", ".join(f"{{{{{p}}}}}" for p in sorted(numbered, key=int))
        add("params_sequential", f"body parameters are {shown}; number them from {{{{1}}}} on")
    bad_names = [p for p in named if not NAMED_PARAMETER.fullmatch(p)]
    if bad_names and not numbered:
        add("params_named", f"body parameter {{{{{bad_names[0]}}}}} must be lowercase a-z, 0-9, _")
    stripped = body.strip()
    if PLACEHOLDER.match(stripped):
        add("params_start", "body starts with a parameter; WhatsApp wants text before it")
    if AT_END.search(stripped):
        add("params_end", "body ends with a parameter; WhatsApp wants text after it")
    if ADJACENT.search(body):
        add("params_adjacent", "body has two parameters in a row; put words between them")
    samples = [s for s in draft.body_samples if s.strip()]
    if found and not draft.is_auth and len(samples) < len(found):
        add(
            "body_samples",
            f"body samples: {len(found)} parameters need {len(found)} samples, "
            f"{len(samples)} given (one per line)",
        )
    lowered = body.lower()
    if draft.category == "UTILITY" and any(word in lowered for word in MARKETING_WORDS):
        add(
            "utility_marketing",
            "category: this body sounds like marketing (offers, sales, discounts); filed as "
            "utility, Meta may re-categorise or reject it (INCORRECT_CATEGORY)",
        )


def _footer(draft: TemplateDraft, add: Add) -> None:
    if len(draft.footer) > _limit("footer_length"):
        add("footer_length", f"footer is {len(draft.footer)} characters; WhatsApp allows 60")
    if parameters(draft.footer):
        add("footer_params", "footer has a parameter; WhatsApp allows none in a footer")


def _buttons(draft: TemplateDraft, add: Add) -> None:
    for index, button in enumerate(draft.buttons):
        _button(index, button, draft, add)
    kinds = [b.type for b in draft.buttons]
    if len(kinds) > _limit("buttons_total"):
        add("buttons_total", f"buttons: {len(kinds)} given; WhatsApp allows 10 in all")
    for rule, kind, label in (
        ("buttons_url", "URL", "URL"),
        ("buttons_phone", "PHONE_NUMBER", "phone number"),
        ("buttons_copy_code", "COPY_CODE", "copy code"),
    ):
        count = kinds.count(kind)
        if count > _limit(rule):
            add(rule, f"buttons: {count} {label} buttons; WhatsApp allows {_limit(rule)}")
    replies = [kind == "QUICK_REPLY" for kind in kinds]
    changes = sum(1 for a, b in itertools.pairwise(replies) if a != b)
    if changes > 1:
        add("buttons_grouped", "buttons: quick replies must be together, before or after the rest")
    if "OTP" in kinds and not draft.is_auth:
        add("otp_outside_auth", "buttons: an OTP button belongs in an authentication template")


def _button(index: int, button: DraftButton, draft: TemplateDraft, add: Add) -> None:
    where = f"buttons-{index}-"
    label = f"button {index + 1}"
    if not button.text.strip():
        add("button_text", f"{label} text is missing", where + "text")
    elif len(button.text) > _limit("button_text_length"):
        add(
            "button_text_length",
            f"{label} text is {len(button.text)} characters; WhatsApp allows 25",
            where + "text",
        )
    if button.type == "URL":
        url = button.url.strip()
        if not URL.fullmatch(PLACEHOLDER.sub("x", url)) or len(url) > _limit("button_url"):
            add("button_url", f"{label} link must be http(s)://… (2,000 at most)", where + "url")
        found = PLACEHOLDER.findall(url)
        if found and (found != ["1"] or not url.endswith("}}")):
            add(
                "button_url_suffix",
                f"{label} link may end in {{{{1}}}}, nothing else",
                where + "url",
            )
        elif found and not button.sample.strip():
            add(
                "button_url_sample",
                f"{label} sample is missing for the link's {{{{1}}}}",
                where + "sample",
            )
    elif button.type == "PHONE_NUMBER" and not PHONE.fullmatch(button.phone.strip()):
        add("button_phone", f"{label} phone must be international: + then digits", where + "phone")
    elif button.type == "COPY_CODE":
        sample = button.sample.strip()
        if not sample or len(sample) > COUPON_LIMIT:
            add("button_code_sample", f"{label} sample code: 1 to 15 characters", where + "sample")
    elif (
        button.type == "OTP"
        and button.otp_type == "ONE_TAP"
        and not (button.package_name.strip() and button.signature_hash.strip())
    ):
        add(
            "otp_one_tap_app",
            f"{label}: one-tap needs the Android package name and signature hash",
            where + "package_name",
        )


def _authentication(draft: TemplateDraft, add: Add) -> None:
    expected = auth_body(security=draft.add_security_recommendation)
    if draft.body.strip() and draft.body.strip() != expected:
        add("auth_body", f"body of an authentication template must read exactly: {expected}")
    if draft.header_format:
        add("auth_header", "header: authentication templates have none")
    if draft.footer.strip():
        add("auth_footer", "footer: authentication templates take the code expiry, not text")
    kinds = [b.type for b in draft.buttons]
    if kinds != ["OTP"]:
        add("auth_buttons", "buttons: an authentication template has exactly one OTP button")
    minutes = draft.code_expiration_minutes
    if minutes is not None and not 1 <= minutes <= _limit("auth_expiry"):
        add("auth_expiry", f"code expiry is {minutes} minutes; WhatsApp allows 1 to 90")
