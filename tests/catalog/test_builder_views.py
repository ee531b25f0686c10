"""The template builder: permissions, the live preview, lint errors under their fields, and 8x8's
refusals (a missing media sample, 3032; a name taken) shown as form errors, never a 500."""

from __future__ import annotations

import json

import httpx
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from catalog.models import Template, TemplateStatusChange
from chatapps.client import reset_client, set_client
from tests.chatapps.mock8x8 import error_body, make_client
from tests.factories import TemplateFactory

NEW = reverse("catalog:template-new")
PREVIEW = reverse("catalog:template-preview")


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "order_ready",
        "language": "en_GB",
        "category": "UTILITY",
        "header_format": "TEXT",
        "header_text": "Order {{1}}",
        "header_sample": "A-100",
        "body": "Hi {{1}}, your order {{2}} is ready for pickup.",
        "body_samples": "Sam\nA-100",
        "footer": "Reply STOP to opt out",
        "buttons-TOTAL_FORMS": "2",
        "buttons-INITIAL_FORMS": "0",
        "buttons-MIN_NUM_FORMS": "0",
        "buttons-MAX_NUM_FORMS": "12",
        "buttons-0-type": "QUICK_REPLY",
        "buttons-0-text": "Thanks",
        "buttons-1-type": "URL",
        "buttons-1-text": "Track",
        "buttons-1-url": "https://example.com/track/{{1}}",
        "buttons-1-sample": "A-100",
        "action": "submit",
    }
    data.update(overrides)
    return data


@pytest.fixture
def eightbyeight():
    """A fake 8x8: records each request and answers with `answer` (status and body)."""
    state: dict = {"status": 200, "body": {}, "requests": []}

    def handle(request: httpx.Request) -> httpx.Response:
        state["requests"].append(request)
        return httpx.Response(state["status"], json=state["body"])

    set_client(make_client(handle))
    yield state
    reset_client()


@pytest.mark.parametrize("who", ["agent_client", "outsider_client"])
def test_it_is_for_marketing_and_admins_only(who, request, eightbyeight):
    client = request.getfixturevalue(who)

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert client.post(PREVIEW, form_data()).status_code == 403
    assert eightbyeight["requests"] == []


def test_the_empty_builder_shows_the_language_list(marketer_client):
    page = marketer_client.get(NEW)

    assert page.status_code == 200
    assert b'<option value="pt_BR">Portuguese (BR)</option>' in page.content


def test_a_submission_goes_to_8x8_and_is_kept_pending_with_its_history(
    marketer_client, marketer, eightbyeight
):
    response = marketer_client.post(NEW, form_data())

    template = Template.objects.get(name="order_ready")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:template-detail", args=[template.pk])
    (sent,) = eightbyeight["requests"]
    assert sent.method == "POST" and sent.url.path.endswith("/templates")
    body = json.loads(sent.content)
    assert body["name"] == "order_ready" and body["category"] == "UTILITY"
    assert body["components"][0] == {
        "type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "examples": ["A-100"]
    }  # fmt: skip
    assert body["components"][1]["examples"] == ["Sam", "A-100"]
    assert body["components"][3]["buttons"][1] == {
        "type": "URL", "text": "Track", "url": "https://example.com/track/{{1}}",
        "example": ["A-100"],
    }  # fmt: skip
    assert template.status == "PENDING"
    assert list(TemplateStatusChange.objects.values_list("status", "source")) == [
        ("PENDING", "submitted")
    ]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TEMPLATE_SUBMIT)
    assert entry.actor == marketer and "order_ready" in entry.summary


def test_a_lint_error_is_shown_under_its_field_and_nothing_is_sent(marketer_client, eightbyeight):
    response = marketer_client.post(NEW, form_data(**{"buttons-0-text": "x" * 26}))

    assert response.status_code == 200
    assert "button 1 text is 26 characters; WhatsApp allows 25" in response.content.decode()
    assert response.context["buttons"].forms[0].errors["text"]
    assert eightbyeight["requests"] == []
    assert not Template.objects.exists()


def test_a_button_count_error_is_shown_with_the_buttons(marketer_client, eightbyeight):
    data = form_data(**{"buttons-TOTAL_FORMS": "11"})
    for index in range(11):
        data[f"buttons-{index}-type"] = "QUICK_REPLY"
        data[f"buttons-{index}-text"] = f"Reply {index}"

    response = marketer_client.post(NEW, data)

    assert response.status_code == 200
    assert "buttons: 11 given; WhatsApp allows 10 in all" in response.context["form"].button_errors
    assert eightbyeight["requests"] == []


def test_8x8s_missing_media_sample_refusal_is_a_form_error_on_the_header_sample(
    marketer_client, eightbyeight
):
    eightbyeight["status"] = 400
    eightbyeight["body"] = error_body(
        3032, "Templates with IMAGE header type need an example/sample, but it was not provided."
    )
    data = form_data(header_format="IMAGE", header_text="", header_sample="https://x.test/a.jpg")

    response = marketer_client.post(NEW, data)

    assert response.status_code == 200
    errors = response.context["form"].errors["header_sample"]
    assert "header sample is missing (8x8 3032)" in errors[0]
    assert "need an example/sample" in errors[0]
    assert not Template.objects.exists()


def test_a_name_8x8_already_has_is_a_form_error_on_the_name(marketer_client, eightbyeight):
    eightbyeight["status"] = 400
    eightbyeight["body"] = error_body(1000, "A template named order_ready in en_GB already exists")

    response = marketer_client.post(NEW, form_data())

    assert response.status_code == 200
    assert "name is taken at 8x8" in response.context["form"].errors["name"][0]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TEMPLATE_SUBMIT).exists()


def test_8x8_unreachable_is_a_form_error_not_a_500(marketer_client):
    def refuse(request):
        raise httpx.ConnectError("no route", request=request)

    set_client(make_client(refuse))
    try:
        response = marketer_client.post(NEW, form_data())
    finally:
        reset_client()

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize(
    "junk",
    [
        {"buttons-TOTAL_FORMS": "x"},
        {"buttons-TOTAL_FORMS": "999"},
        {"code_expiration_minutes": "soon", "category": "AUTHENTICATION"},
        {"category": "PROMO", "header_format": "GIF", "buttons-0-type": "FLOW"},
        {"name": "", "language": "", "body": ""},
    ],
)
def test_nonsense_is_answered_with_errors_not_a_500(marketer_client, eightbyeight, junk):
    assert marketer_client.post(NEW, form_data(**junk)).status_code == 200
    assert marketer_client.post(PREVIEW, form_data(**junk)).status_code == 200
    assert eightbyeight["requests"] == []


def test_the_preview_draws_the_samples_with_the_composers_phone(marketer_client, eightbyeight):
    response = marketer_client.post(PREVIEW, form_data())

    html = response.content.decode()
    assert response.status_code == 200
    assert "A-100" in html and "Sam" in html
    assert "wa-" in html  # the phone renderer's markup
    assert "Passes every rule" in html


def test_add_a_button_adds_a_row(marketer_client, eightbyeight):
    response = marketer_client.post(NEW, form_data(action="", add_button="1"))

    assert len(response.context["buttons"].forms) == 3
    assert eightbyeight["requests"] == []


def test_a_new_version_copies_the_template_under_a_new_name(marketer_client):
    template = TemplateFactory(
        name="order_ready",
        components=[
            {"type": "BODY", "text": "Hi {{1}}, ready.", "example": {"bodyText": ["Sam"]}},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"}]},
        ],
    )

    page = marketer_client.get(NEW + f"?from={template.pk}")

    form = page.context["form"]
    assert form.initial["name"] == "order_ready_v2"
    assert form.initial["body"] == "Hi {{1}}, ready."
    assert page.context["buttons"].forms[0].initial["text"] == "Thanks"


# -- a template's page -----------------------------------------------------------------------------


def test_a_templates_page_shows_status_reason_quality_and_history(marketer_client):
    template = TemplateFactory(name="spring", status="REJECTED", quality="YELLOW")
    template.reason = "INCORRECT_CATEGORY"
    template.save()
    TemplateStatusChange.objects.create(
        template=template, name="spring", language="en", status="REJECTED",
        reason="INCORRECT_CATEGORY", source="webhook", at=template.synced_at,
    )  # fmt: skip

    page = marketer_client.get(reverse("catalog:template-detail", args=[template.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Reason: <strong>INCORRECT_CATEGORY</strong>" in html
    assert "Quality: <strong>YELLOW</strong>" in html
    assert "8x8 webhook" in html
    assert "Use this template" not in html  # only an approved one can be sent


def test_use_this_template_opens_the_composer_with_it_selected(marketer_client):
    template = TemplateFactory(name="order_ready", language="en_GB")

    page = marketer_client.get(reverse("catalog:template-detail", args=[template.pk]))

    assert page.context["compose_url"] == "/compose/?kind=template&template=en_GB%3Aorder_ready"
    assert b"Use this template" in page.content


def test_delete_removes_it_at_8x8_and_here_and_is_audited(marketer_client, eightbyeight):
    template = TemplateFactory(name="old_notice")
    TemplateFactory(name="old_notice", language="es")

    response = marketer_client.post(reverse("catalog:template-delete", args=[template.pk]))

    assert response.status_code == 302
    (sent,) = eightbyeight["requests"]
    assert sent.method == "DELETE" and sent.url.path.endswith("/templates/old_notice")
    assert not Template.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TEMPLATE_DELETE)
    assert sorted(entry.data["languages"]) == ["en", "es"]


def test_a_delete_8x8_refuses_keeps_the_template_and_says_why(marketer_client, eightbyeight):
    template = TemplateFactory(name="old_notice")
    eightbyeight["status"], eightbyeight["body"] = 500, error_body(2000, "Internal server error")

    response = marketer_client.post(
        reverse("catalog:template-delete", args=[template.pk]), follow=True
    )

    assert response.status_code == 200
    assert "Not deleted" in response.content.decode()
    assert Template.objects.filter(pk=template.pk).exists()


def test_an_agent_cannot_delete_or_see_a_template(agent_client, eightbyeight):
    template = TemplateFactory()

    assert (
        agent_client.get(reverse("catalog:template-detail", args=[template.pk])).status_code == 403
    )
    assert (
        agent_client.post(reverse("catalog:template-delete", args=[template.pk])).status_code == 403
    )
    assert eightbyeight["requests"] == [] and Template.objects.exists()
