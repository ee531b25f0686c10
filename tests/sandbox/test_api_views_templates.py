"""The sandbox's template endpoints: list, create, delete, as 8x8 answers them."""

from __future__ import annotations

import pytest

from sandbox.config import config_get, config_update
from sandbox.models import SandboxTemplate, SandboxWebhook
from sandbox.schedule import TEMPLATE_REVIEW_TASK, WEBHOOK_TASK
from sandbox.template_review import template_quality_set, template_review
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


WELCOME = {
    "name": "welcome_back",
    "language": "en",
    "category": "MARKETING",
    "components": [{"type": "BODY", "text": "Welcome back, {{1}}!", "examples": ["Sam"]}],
}


def test_a_created_template_waits_for_review_then_is_approved_and_can_be_sent(
    api, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(api.templates_url, WELCOME)

    assert created.status_code == 200
    assert created.json() == {}
    template = SandboxTemplate.objects.get(name="welcome_back")
    assert template.status == "PENDING"
    listed = {
        t["templateName"]: t["status"] for t in api.get(api.templates_url).json()["templates"]
    }
    assert listed["welcome_back"] == "PENDING"
    send = bodies.template("welcome_back", "en", [bodies.body_params("Ann")])
    assert_error_body(api.send(send), 400, 3038)  # not approved yet
    assert enqueued == [(TEMPLATE_REVIEW_TASK, (template.pk,), 3)]

    hook = template_review(template_id=template.pk)

    template.refresh_from_db()
    assert template.status == "APPROVED"
    assert hook is not None and hook.body["eventType"] == "template_status_update"
    assert hook.body["eventDetails"]["meta"] == {"status": "APPROVED", "reason": "NONE"}
    assert api.send(send).status_code == 200


def test_a_template_listed_for_rejection_is_rejected_with_the_reason(api):
    config_update(
        template_reject_names="other\nwelcome_back", template_reject_reason="INCORRECT_CATEGORY"
    )
    api.post(api.templates_url, WELCOME)
    template = SandboxTemplate.objects.get(name="welcome_back")

    hook = template_review(template_id=template.pk)

    template.refresh_from_db()
    assert (template.status, template.reason) == ("REJECTED", "INCORRECT_CATEGORY")
    assert hook is not None
    details = hook.body["eventDetails"]
    assert (details["templateName"], details["templateLanguage"]) == ("welcome_back", "en")
    assert details["meta"] == {"status": "REJECTED", "reason": "INCORRECT_CATEGORY"}
    assert set(hook.body) == {
        "eventId", "timestamp", "provider", "businessAccountId", "accountId", "eventType",
        "eventDetails",
    }  # fmt: skip


def test_a_review_that_runs_twice_posts_one_webhook(api):
    api.post(api.templates_url, WELCOME)
    template = SandboxTemplate.objects.get(name="welcome_back")

    first = template_review(template_id=template.pk)
    second = template_review(template_id=template.pk)

    assert first is not None and second is None
    assert SandboxWebhook.objects.filter(kind=SandboxWebhook.Kind.TEMPLATE).count() == 1


def test_the_same_name_twice_is_refused_as_8x8_does(api):
    api.post(api.templates_url, WELCOME)

    again = api.post(api.templates_url, WELCOME)

    assert_error_body(again, 400, 1000)
    assert "already exists" in again.json()["message"]


def test_a_quality_rating_posts_template_quality_update(
    api, enqueued, django_capture_on_commit_callbacks
):
    config_get()  # seeds the templates
    template = SandboxTemplate.objects.get(name="order_update")

    with django_capture_on_commit_callbacks(execute=True):
        hook = template_quality_set(template=template, score="YELLOW")

    assert hook.body["eventType"] == "template_quality_update"
    assert hook.body["eventDetails"]["meta"] == {
        "previousQualityScore": "UNKNOWN", "newQualityScore": "YELLOW"
    }  # fmt: skip
    assert (WEBHOOK_TASK, (hook.pk,), 0) in enqueued


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
