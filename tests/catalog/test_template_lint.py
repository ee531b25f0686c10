"""The lint, rule by rule: a template that passes, and one that breaks only that rule."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from catalog.template_lint import DraftButton, TemplateDraft, errors, template_lint
from catalog.template_rules import RULES, WARNING, auth_body


def utility() -> TemplateDraft:
    return TemplateDraft(
        name="order_ready",
        language="en",
        category="UTILITY",
        header_format="TEXT",
        header_text="Order {{1}}",
        header_sample="A-100",
        body="Hi {{1}}, your order {{2}} is ready for pickup.",
        body_samples=["Sam", "A-100"],
        footer="Reply STOP to opt out",
        buttons=[
            DraftButton("QUICK_REPLY", "Thanks"),
            DraftButton("QUICK_REPLY", "Call me"),
            DraftButton("URL", "Track", url="https://example.com/track/{{1}}", sample="A-100"),
            DraftButton("PHONE_NUMBER", "Call us", phone="+6561234567"),
        ],
    )


def marketing() -> TemplateDraft:
    return TemplateDraft(
        name="spring_range",
        language="en_GB",
        category="MARKETING",
        header_format="IMAGE",
        header_sample="https://example.com/spring.jpg",
        body="Hi {{1}}, our spring range is in store. Use the code below at checkout.",
        body_samples=["Sam"],
        buttons=[
            DraftButton("COPY_CODE", "Copy code", sample="SPRING10"),
            DraftButton("URL", "Shop", url="https://example.com/shop"),
        ],
    )


def named() -> TemplateDraft:
    return TemplateDraft(
        name="table_booked",
        language="fr",
        category="UTILITY",
        body="Hi {{first_name}}, your table for {{party_size}} is booked.",
        body_samples=["Sam", "4"],
    )


def authentication() -> TemplateDraft:
    return TemplateDraft(
        name="login_code",
        language="en_US",
        category="AUTHENTICATION",
        body=auth_body(security=True),
        add_security_recommendation=True,
        code_expiration_minutes=10,
        buttons=[DraftButton("OTP", "Copy code")],
    )


BASES: dict[str, Callable[[], TemplateDraft]] = {
    "utility": utility,
    "marketing": marketing,
    "named": named,
    "authentication": authentication,
}


def change(base: str, edit: Callable[[TemplateDraft], None]) -> TemplateDraft:
    draft = copy.deepcopy(BASES[base]())
    edit(draft)
    return draft


def setter(**values: object) -> Callable[[TemplateDraft], None]:
    return lambda draft: draft.__dict__.update(values)


def button(index: int, **values: object) -> Callable[[TemplateDraft], None]:
    return lambda draft: draft.buttons[index].__dict__.update(values)


def more_buttons(*extra: DraftButton, at: int | None = None) -> Callable[[TemplateDraft], None]:
    def edit(draft: TemplateDraft) -> None:
        place = len(draft.buttons) if at is None else at
        draft.buttons[place:place] = list(extra)

    return edit


QR = DraftButton("QUICK_REPLY", "Yes")
STATIC_URL = DraftButton("URL", "Site", url="https://example.com/")

BREAKS: list[tuple[str, str, Callable[[TemplateDraft], None]]] = [
    ("name_format", "utility", setter(name="Order Ready")),
    ("name_length", "utility", setter(name="a" * 513)),
    ("language", "utility", setter(language="english")),
    ("category", "named", setter(category="PROMOTION")),
    ("header_text_length", "utility", setter(header_text="Order {{1}} " + "x" * 60)),
    ("header_params", "utility", setter(header_text="Order {{1}} of {{2}}")),
    ("header_sample", "utility", setter(header_sample="")),
    ("media_sample", "marketing", setter(header_sample="")),
    ("body_required", "utility", setter(body="  ")),
    ("body_length", "utility", setter(body="Hi {{1}}, order {{2}} is ready." + " ok" * 340)),
    ("params_mixed", "utility", setter(body="Hi {{1}}, your order {{code}} is ready.")),
    ("params_sequential", "utility", setter(body="Hi {{1}}, your order {{3}} is ready.")),
    ("params_named", "named", setter(body="Hi {{First}}, your table for {{party_size}} is set.")),
    ("params_start", "utility", setter(body="{{1}}, your order {{2}} is ready.")),
    ("params_end", "utility", setter(body="Hi {{1}}, your order is {{2}}")),
    ("params_adjacent", "utility", setter(body="Hi {{1}} {{2}} is ready for pickup.")),
    ("body_samples", "utility", setter(body_samples=["Sam", " "])),
    ("footer_length", "utility", setter(footer="x" * 61)),
    ("footer_params", "utility", setter(footer="Reply {{1}} to stop")),
    ("button_text", "utility", button(0, text="")),
    ("button_text_length", "utility", button(0, text="x" * 26)),
    ("button_url", "utility", button(2, url="ftp://example.com/{{1}}")),
    ("button_url_suffix", "utility", button(2, url="https://example.com/{{1}}/track")),
    ("button_url_sample", "utility", button(2, sample="")),
    ("button_phone", "utility", button(3, phone="61234567")),
    ("button_code_sample", "marketing", button(0, sample="x" * 16)),
    ("buttons_total", "utility", more_buttons(*[QR] * 7, at=0)),
    ("buttons_url", "utility", more_buttons(STATIC_URL, STATIC_URL, at=3)),
    (
        "buttons_phone",
        "utility",
        more_buttons(DraftButton("PHONE_NUMBER", "Fax", phone="+6569876543")),
    ),
    ("buttons_copy_code", "marketing", more_buttons(DraftButton("COPY_CODE", "Code", sample="X"))),
    ("buttons_grouped", "utility", more_buttons(QR, at=3)),
    ("otp_outside_auth", "utility", more_buttons(DraftButton("OTP", "Copy code"))),
    ("auth_body", "authentication", setter(body="Your login code is {{1}}, use it now.")),
    ("auth_header", "authentication", setter(header_format="TEXT", header_text="Login")),
    ("auth_footer", "authentication", setter(footer="Thanks")),
    ("auth_buttons", "authentication", more_buttons(QR)),
    ("auth_expiry", "authentication", setter(code_expiration_minutes=120)),
    ("otp_one_tap_app", "authentication", button(0, otp_type="ONE_TAP")),
    ("utility_marketing", "utility", setter(body="Hi {{1}}, order {{2}} is in. Enjoy 20% off!")),
]


@pytest.mark.parametrize("base", BASES)
def test_each_base_template_passes_every_rule(base):
    assert template_lint(BASES[base]()) == []


@pytest.mark.parametrize(("rule", "base", "edit"), BREAKS, ids=[case[0] for case in BREAKS])
def test_a_template_that_breaks_one_rule_gets_that_rule_only(rule, base, edit):
    findings = template_lint(change(base, edit))

    assert [f.rule for f in findings] == [rule]
    finding = findings[0]
    assert finding.message  # says what is wrong, in words
    assert finding.field.endswith(RULES[rule].field)


def test_every_rule_in_the_table_has_a_breaking_case():
    assert {case[0] for case in BREAKS} == set(RULES)


def test_a_limit_message_names_the_field_and_the_limit():
    draft = change("utility", button(1, text="Tell me when it ships!!!!!"))

    (finding,) = template_lint(draft)
    assert finding.field == "buttons-1-text"
    assert finding.message == "button 2 text is 26 characters; WhatsApp allows 25"


def test_a_marketing_sounding_utility_body_is_a_warning_not_an_error():
    findings = template_lint(change("utility", setter(body="Hi {{1}}, {{2}}: big sale today!")))

    assert [f.level for f in findings] == [WARNING]
    assert errors(findings) == []
