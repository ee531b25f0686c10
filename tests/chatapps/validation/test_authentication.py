"""An authentication template's one-time code is at most 15 characters, as WhatsApp requires."""

from __future__ import annotations

import pytest

from audit.services import Actor
from catalog.models import Template
from chatapps.validation import authentication_code_problems
from messaging.sending import InvalidPayloadError, message_queue
from sandbox.checks import normalise
from sandbox.template_store import template_send_problems
from tests.factories import TemplateFactory


def otp_send(code: str, *, name: str = "login_otp") -> dict:
    return {
        "user": {"msisdn": "+6591234567"},
        "type": "template",
        "content": {
            "template": {
                "name": name,
                "language": "en",
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": code}]},
                    {
                        "type": "button",
                        "subType": "url",
                        "index": 0,
                        "parameters": [{"type": "text", "text": code}],
                    },
                ],
            }
        },
    }


def test_a_code_of_15_characters_passes():
    assert authentication_code_problems(otp_send("1" * 15)) == []


def test_a_code_of_16_characters_is_refused_at_both_places_it_is_sent():
    problems = authentication_code_problems(otp_send("1" * 16))

    assert [p.path for p in problems] == [
        "$.content.template.components[0].parameters[0].text",
        "$.content.template.components[1].parameters[0].text",
    ]
    assert problems[0].message == (
        "one-time code is 16 characters; WhatsApp allows 15 in authentication templates"
    )


@pytest.mark.django_db
def test_queueing_refuses_a_long_code_for_an_authentication_template(marketer):
    TemplateFactory(name="login_otp", language="en", category="AUTHENTICATION")

    with pytest.raises(InvalidPayloadError) as refused:
        message_queue(
            actor=Actor.of(marketer),
            kind="template",
            msisdn="+6591234567",
            payload=otp_send("x" * 16),
        )

    assert "WhatsApp allows 15" in str(refused.value)


@pytest.mark.django_db
def test_the_same_long_parameter_is_fine_in_a_utility_template(marketer):
    TemplateFactory(name="order_note", language="en", category="UTILITY")
    body = otp_send("x" * 16, name="order_note")
    body["content"]["template"]["components"] = body["content"]["template"]["components"][:1]

    message = message_queue(
        actor=Actor.of(marketer), kind="template", msisdn="+6591234567", payload=body
    )

    assert message.pk is not None
    assert Template.objects.count() == 1


@pytest.mark.django_db
def test_the_sandbox_refuses_a_long_code_for_its_authentication_template(db):
    from sandbox.config import config_get

    config_get()  # seeds the sandbox's templates, login_otp among them

    assert [p.code for p in template_send_problems(normalise(otp_send("1" * 16)))] == [3041]
    assert template_send_problems(normalise(otp_send("123456"))) == []
