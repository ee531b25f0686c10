"""Whether a template send fits the registered template: 3038, 3040 and 3041 per component."""

from __future__ import annotations

import pytest

from sandbox.checks import normalise
from sandbox.models import SandboxTemplate
from sandbox.seed_templates import SEED_TEMPLATES
from sandbox.services import config_get
from sandbox.template_store import parameter_problems, template_send_problems, templates_seed
from tests.sandbox import bodies

SEEDS = {(t["templateName"], t["language"]): t["components"] for t in SEED_TEMPLATES}


def codes(name: str, language: str, components: list) -> list[int]:
    problems = parameter_problems(
        SEEDS[(name, language)],
        normalise(bodies.template(name, language, components))["content"]["template"]["components"],
    )
    return [p.code for p in problems]


def text(value: str) -> dict:
    return {"type": "text", "text": value}


def button(index, sub_type, *parameters) -> dict:
    return {"type": "button", "index": index, "subType": sub_type, "parameters": list(parameters)}


def test_seeding_adds_each_seed_once(db):
    SandboxTemplate.objects.all().delete()

    assert templates_seed() == len(SEED_TEMPLATES)
    assert templates_seed() == 0
    assert SandboxTemplate.objects.count() == len(SEED_TEMPLATES)


def test_a_missing_template_is_3038_with_8x8s_words(db):
    config_get()
    [problem] = template_send_problems(normalise(bodies.template("nope", "en", [])))

    assert (problem.code, problem.message) == (
        3038,
        "Template not found for provided name and language",
    )


def test_a_template_waiting_for_approval_cannot_be_sent(db):
    SandboxTemplate.objects.create(
        name="pending_one", language="en", category="UTILITY", status="PENDING"
    )

    [problem] = template_send_problems(normalise(bodies.template("pending_one", "en", [])))

    assert problem.code == 3038


@pytest.mark.parametrize(
    ("name", "language", "components", "expected"),
    [
        ("order_update", "en_GB", [bodies.body_params("#1")], []),
        ("order_update", "en_GB", [], [3040]),
        ("order_update", "en_GB", [bodies.body_params("a", "b")], [3041]),
        (
            "order_update",
            "en_GB",
            [{"type": "body", "parameters": [{"type": "payload", "payload": "x"}]}],
            [3041],
        ),
        # 8x8's authentication sample: body code plus the code on button 0 with subType 1
        ("login_otp", "en", [bodies.body_params("12345"), button(0, 1, text("12345"))], []),
        ("login_otp", "en", [bodies.body_params("12345")], [3040]),
        (
            "new_collection",
            "en",
            [{"type": "header", "parameters": [{"type": "image", "url": "https://x.test/a.jpg"}]}],
            [],
        ),
        ("new_collection", "en", [], [3040]),
        (
            "invoice_ready",
            "en",
            [
                {
                    "type": "header",
                    "parameters": [{"type": "document", "url": "https://x.test/a.pdf"}],
                }
            ],
            [],
        ),
        (
            "store_location",
            "en",
            [
                {
                    "type": "header",
                    "parameters": [
                        {"type": "location", "location": {"latitude": "1.3", "longitude": "103.8"}}
                    ],
                }
            ],
            [],
        ),
        ("store_location", "en", [{"type": "header", "parameters": [text("Orchard")]}], [3041]),
        # the CTA sample: body, image header and the URL button's suffix
        (
            "promo_cta",
            "en_US",
            [
                bodies.body_params("12345"),
                {
                    "type": "header",
                    "parameters": [{"type": "image", "url": "https://x.test/p.jpg"}],
                },
                button(0, "url", text("samplecta")),
            ],
            [],
        ),
        (
            "promo_cta",
            "en_US",
            [
                bodies.body_params("12345"),
                {
                    "type": "header",
                    "parameters": [{"type": "image", "url": "https://x.test/p.jpg"}],
                },
            ],
            [3040],
        ),
        (
            "promo_cta",
            "en_US",
            [
                bodies.body_params("1"),
                {
                    "type": "header",
                    "parameters": [{"type": "image", "url": "https://x.test/p.jpg"}],
                },
                button(0, "url", text("a")),
                button(1, "url", text("b")),
            ],
            [3041],
        ),
        (
            "coupon_offer",
            "en_US",
            [button("0", "copyCode", {"type": "couponCode", "couponCode": "25OFF"})],
            [],
        ),
        ("coupon_offer", "en_US", [], [3040]),
        (
            "coupon_offer",
            "en_US",
            [
                bodies.body_params("extra"),
                button(0, "copyCode", {"type": "couponCode", "couponCode": "25OFF"}),
            ],
            [3041],
        ),
        (
            "appointment_reminder",
            "en",
            [
                {"type": "header", "parameters": [text("Sam")]},
                bodies.body_params("Monday", "10:00"),
            ],
            [],
        ),
        ("appointment_reminder", "en", [bodies.body_params("Monday", "10:00")], [3040]),
        (
            "appointment_reminder",
            "en",
            [
                {"type": "header", "parameters": [text("Sam")]},
                bodies.body_params("Monday", "10:00"),
                button(1, "quickReply", {"type": "payload", "payload": "later"}),
            ],
            [],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_parameters_are_counted_against_the_registered_template(
    name, language, components, expected
):
    assert codes(name, language, components) == expected
