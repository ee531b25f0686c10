"""The sandbox's template endpoints: list, create, delete, as 8x8 answers them."""

from __future__ import annotations

import pytest

from sandbox.models import SandboxTemplate
from tests.sandbox import bodies
from tests.sandbox.answers import TIMESTAMP, assert_error_body

# -- templates -----------------------------------------------------------------------------------


def test_the_template_list_holds_the_seed_templates_in_8x8s_shape(api):
    response = api.get(api.templates_url)

    assert response.status_code == 200
    items = response.json()["templates"]
    assert {(t["templateName"], t["language"]) for t in items} >= {
        ("order_update", "en_GB"),
        ("login_otp", "en"),
        ("appointment_reminder", "en"),
    }
    item = next(t for t in items if t["templateName"] == "order_update")
    assert set(item) == {
        "channelId", "channelName", "templateName", "language", "languageName", "components",
        "category", "categoryName", "status", "statusName", "createdAt", "updatedAt",
    }  # fmt: skip
    assert item["status"] == "APPROVED"
    assert TIMESTAMP.fullmatch(item["createdAt"])


def test_a_created_template_is_listed_and_can_be_sent(api):
    created = api.post(
        api.templates_url,
        {
            "name": "welcome_back",
            "language": "en",
            "category": "MARKETING",
            "components": [{"type": "BODY", "text": "Welcome back, {{1}}!", "examples": ["Sam"]}],
        },
    )

    assert created.status_code == 200
    assert created.json() == {}
    assert SandboxTemplate.objects.filter(name="welcome_back", status="APPROVED").exists()
    sent = api.send(bodies.template("welcome_back", "en", [bodies.body_params("Ann")]))
    assert sent.status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {
                "language": "en",
                "category": "UTILITY",
                "components": [{"type": "BODY", "text": "x"}],
            },
            3032,
        ),
        (
            {
                "name": "Bad Name",
                "language": "en",
                "category": "UTILITY",
                "components": [{"type": "BODY", "text": "x"}],
            },
            3032,
        ),
        (
            {
                "name": "ok_name",
                "category": "UTILITY",
                "components": [{"type": "BODY", "text": "x"}],
            },
            3036,
        ),
        ({"name": "ok_name", "language": "en", "category": "UTILITY", "components": []}, 3034),
        (
            {
                "name": "ok_name",
                "language": "en",
                "category": "UTILITY",
                "components": [
                    {"type": "HEADER", "format": "IMAGE"},
                    {"type": "BODY", "text": "x"},
                ],
            },
            3032,
        ),
    ],
    ids=["no-name", "bad-name", "no-language", "no-components", "image-header-without-example"],
)
def test_template_create_refuses_bad_requests_with_8x8_codes(api, body, code):
    response = api.post(api.templates_url, body)

    assert_error_body(response, 400, code)
    assert not SandboxTemplate.objects.filter(name="ok_name").exists()


def test_a_deleted_template_disappears_and_its_name_is_blocked_for_30_days(api):
    deleted = api.delete(f"{api.templates_url}/order_update")

    assert deleted.status_code == 200
    names = [t["templateName"] for t in api.get(api.templates_url).json()["templates"]]
    assert "order_update" not in names
    assert_error_body(api.send(bodies.order_update()), 400, 3038)
    again = api.post(
        api.templates_url,
        {
            "name": "order_update",
            "language": "en_GB",
            "category": "UTILITY",
            "components": [{"type": "BODY", "text": "x"}],
        },
    )
    assert_error_body(again, 409, 3060)


def test_templates_of_another_channel_are_not_found(api):
    response = api.get("/sandbox/api/v1/accounts/Other/channels/other-channel/templates")

    assert_error_body(response, 404, 1300)
