"""In Chromium: the sandbox posts only to this product (1), WhatsApp's window is the sandbox's own
(5), and the preview shows what the customer sees: no ticks (10), WhatsApp's copy labels (11),
and the image the validator accepts (12)."""

from __future__ import annotations

import pytest

from catalog.models import Template
from messaging.models import MessageStatus, OutboundMessage
from sandbox.models import SandboxConfig
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, wait_until

pytestmark = pytest.mark.browser


def test_an_admin_cannot_point_the_sandbox_at_another_address_and_others_see_no_settings(
    live_server, page, admin, marketer
):
    log_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(live_server.url + "/sandbox/")
    page.get_by_label("Webhook URL").fill("http://169.254.169.254/latest/meta-data/")
    page.get_by_role("button", name="Save settings").click()

    page.get_by_text("must be on this product's own address").wait_for()
    assert SandboxConfig.objects.get().webhook_url == ""

    page.context.clear_cookies()
    log_in(page, live_server.url, marketer.username, PASSWORD)
    page.goto(live_server.url + "/sandbox/")
    assert page.get_by_text("Only an admin changes").is_visible()
    assert page.get_by_label("Webhook URL").count() == 0


@pytest.mark.worker
def test_free_form_to_a_customer_who_never_wrote_to_whatsapp_is_undelivered(
    live_stack, page, agent
):
    """Support may override the product's own window record; WhatsApp's (the sandbox's) still
    refuses, and the message page says so with 8x8's and Meta's codes."""
    log_in(page, live_stack.url, agent.username, PASSWORD)
    page.goto(live_stack.url + "/compose/?kind=text&msisdn=%2B6597770001")
    page.locator('[name="text"]').fill("Hello there")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("has never written to us").first.wait_for()  # the product's own rule
    page.get_by_label("I know the window is open", exact=False).check()
    page.get_by_role("button", name="Send", exact=True).click()

    page.wait_for_url("**/messages/*/")
    message = OutboundMessage.objects.get()
    wait_until(
        lambda: OutboundMessage.objects.filter(
            pk=message.pk, status=MessageStatus.UNDELIVERED
        ).exists(),
        what="undelivered",
    )
    page.reload()
    status = page.locator("#message-status")
    status.get_by_text("Undelivered").first.wait_for()
    assert "1022" in status.inner_text() and "131047" in page.content()


def test_the_preview_draws_what_the_customer_sees(live_server, page, marketer):
    Template.objects.create(
        name="login_otp",
        language="en",
        category="AUTHENTICATION",
        status="APPROVED",
        components=[
            {"type": "BODY", "text": "*{{1}}* is your verification code."},
            {
                "type": "BUTTONS",
                "buttons": [{"type": "OTP", "otpType": "COPY_CODE", "text": "Copy it"}],
            },
        ],
    )
    Template.objects.create(
        name="summer_sale",
        language="en",
        category="MARKETING",
        status="APPROVED",
        components=[
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Use {{1}} at checkout."},
            {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "SAVE10"}]},
        ],
    )
    log_in(page, live_server.url, marketer.username, PASSWORD)
    preview = page.locator("#phone-preview")

    page.goto(live_server.url + "/compose/?kind=template&template=en:login_otp")
    preview.get_by_text("Copy it").wait_for()  # the template's own button text (11)
    assert preview.locator(".wa-tick, .wa-ticks, [class*='tick']").count() == 0  # no ticks (10)

    page.goto(live_server.url + "/compose/?kind=template&template=en:summer_sale")
    page.locator('[name="header_url"]').fill("www.example.com/image.jpg")
    page.locator('[name="header_url"]').blur()
    preview.get_by_text("Copy offer code").wait_for()  # WhatsApp's fixed coupon label (11)
    image = preview.locator("img[src='https://www.example.com/image.jpg']")
    image.wait_for(state="attached")  # the bare host the validator accepts is previewed (12)
    assert image.get_attribute("referrerpolicy") == "no-referrer"
