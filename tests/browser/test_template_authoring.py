"""A marketer builds a template in Chromium, watches the preview and the lint follow their typing,
submits it to the sandbox over HTTP, sees it approved by the sandbox's template_status_update
webhook, and sends it from the composer; a second one, which the sandbox's Meta rejects, shows
its reason."""

from __future__ import annotations

import pytest

from catalog.models import Template, TemplateStatusChange
from messaging.models import OutboundMessage
from sandbox.models import SandboxMessage, SandboxTemplate
from sandbox.services import config_update
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker]

CUSTOMER = "+6591234567"


def fill(page, name: str, value: str) -> None:
    page.locator(f'[name="{name}"]').fill(value)


def build(page, base: str, *, name: str, body: str, samples: str) -> None:
    page.goto(base + "/catalog/templates/new/")
    fill(page, "name", name)
    fill(page, "language", "en_GB")
    page.locator('[name="category"]').select_option("UTILITY")
    fill(page, "body", body)
    fill(page, "body_samples", samples)
    page.locator('[name="buttons-0-type"]').select_option("QUICK_REPLY")
    fill(page, "buttons-0-text", "Thanks")


def test_build_submit_approve_and_send_a_template_and_see_a_rejection(live_stack, page, marketer):
    config_update(
        template_review_seconds=1,
        template_reject_names="spring_sale_notice",
        template_reject_reason="INCORRECT_CATEGORY",
    )
    base = live_stack.url
    log_in(page, base, marketer.username, PASSWORD)

    build(
        page,
        base,
        name="pickup_ready",
        body="Hi {{1}}, your order {{2}} is ready for pickup.",
        samples="Sam",
    )
    preview = page.locator("#builder-output")
    # One sample for two parameters: the lint says so while typing, naming the field.
    preview.get_by_text("body samples: 2 parameters need 2 samples, 1 given").wait_for()
    fill(page, "body_samples", "Sam\nA-100")
    preview.get_by_text("Passes every rule checked here.").wait_for()
    assert preview.locator("#phone-preview").get_by_text("A-100").count() >= 1
    assert preview.locator("#phone-preview").get_by_text("Thanks").count() >= 1

    page.get_by_role("button", name="Submit to 8x8").click()
    page.wait_for_url(f"{base}/catalog/templates/*/")
    assert SandboxTemplate.objects.get(name="pickup_ready").status in {"PENDING", "APPROVED"}
    # The sandbox's review posts template_status_update to our webhook; a worker applies it.
    wait_until(
        lambda: Template.objects.filter(name="pickup_ready", status="APPROVED").exists(),
        what="the approval webhook",
    )
    page.reload()
    page.locator("#template-status").get_by_text("APPROVED").wait_for()
    statuses = TemplateStatusChange.objects.filter(name="pickup_ready").order_by("at", "id")
    assert [(c.status, c.source) for c in statuses] == [
        ("PENDING", "submitted"),
        ("APPROVED", "webhook"),
    ]

    page.get_by_role("link", name="Use this template").click()
    page.wait_for_url(f"{base}/compose/*")
    assert page.locator('[name="template"]').input_value() == "en_GB:pickup_ready"
    fill(page, "msisdn", CUSTOMER)
    page.locator('[name="body_1"]').wait_for()
    fill(page, "body_1", "Ann")
    fill(page, "body_2", "B-200")
    page.locator("#phone-preview").get_by_text("B-200").wait_for()
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url(f"{base}/messages/*/")
    page.locator("#message-status .badge").first.filter(has_text="Delivered").or_(
        page.locator("#message-status .badge").first.filter(has_text="Read")
    ).wait_for(timeout=30_000)
    message = OutboundMessage.objects.get()
    received = SandboxMessage.objects.get(umid=message.umid)
    sent = received.body["content"]["template"]
    assert (sent["name"], sent["language"]) == ("pickup_ready", "en_GB")
    assert received.state in {"delivered", "read"}

    build(
        page,
        base,
        name="spring_sale_notice",
        body="Hi {{1}}, our spring range is in store now.",
        samples="Sam",
    )
    page.locator("#builder-output").get_by_text("Passes every rule checked here.").wait_for()
    page.get_by_role("button", name="Submit to 8x8").click()
    page.wait_for_url(f"{base}/catalog/templates/*/")
    wait_until(
        lambda: Template.objects.filter(name="spring_sale_notice", status="REJECTED").exists(),
        what="the rejection webhook",
    )
    page.reload()
    page.locator("#template-reason").get_by_text("INCORRECT_CATEGORY").wait_for()
    page.goto(base + "/catalog/templates/")
    assert page.get_by_text("INCORRECT_CATEGORY").count() == 1


def test_a_name_the_sandbox_already_has_is_a_form_error(live_stack, page, marketer):
    base = live_stack.url
    log_in(page, base, marketer.username, PASSWORD)
    # order_update (en_GB) is one of the sandbox's own templates, not yet synced here.
    build(page, base, name="order_update", body="Hi {{1}}, order {{2}} is ready.", samples="a\nb")
    page.locator("#builder-output").get_by_text("Passes every rule checked here.").wait_for()

    page.get_by_role("button", name="Submit to 8x8").click()

    error = page.locator(".field-invalid", has=page.locator('[name="name"]'))
    error.get_by_text("name is taken at 8x8").wait_for()
    assert not Template.objects.filter(name="order_update").exists()
