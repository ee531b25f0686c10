"""An admin tests the 8x8 connection from Settings, then makes the sandbox's customer reply: the
reply comes back as an inbound webhook and opens that customer's service window."""

from __future__ import annotations

import pytest

from audit.services import Actor
from messaging.models import InboundMessage
from messaging.sending import message_queue
from messaging.window import window_state
from sandbox.services import config_update
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker]

TEMPLATE = {
    "user": {"msisdn": "+6597777777"},
    "type": "template",
    "content": {
        "template": {
            "name": "coupon_offer",
            "language": "en_US",
            "components": [
                {
                    "type": "button",
                    "subType": "copyCode",
                    "index": 0,
                    "parameters": [{"type": "couponCode", "couponCode": "25OFF"}],
                },
            ],
        }
    },
}


def test_test_connection_then_a_customer_reply_opens_the_window(live_stack, page, admin):
    base = live_stack.url
    log_in(page, base, admin.username, PASSWORD)

    page.goto(base + "/settings/")
    page.get_by_role("button", name="Test connection").click()
    result = page.locator("#test-result")
    result.get_by_text("Connected").wait_for()
    assert result.locator(".badge").inner_text() == "OK"

    config_update(wrong_region=True)  # the sandbox answers like 8x8 in another region
    page.get_by_role("button", name="Test connection").click()
    result.get_by_text("HTTP 403").wait_for()
    assert "code 1201" in result.inner_text()
    assert result.locator(".badge").inner_text() == "Failed"
    config_update(wrong_region=False)

    message_queue(actor=Actor.of(admin), kind="template", msisdn="+6597777777", payload=TEMPLATE)
    assert not window_state("+6597777777").open

    page.goto(base + "/sandbox/")
    page.get_by_text("+6597777777").first.wait_for()
    page.get_by_label("The customer writes").first.fill("Thanks! Can I use it online?")
    page.get_by_role("button", name="Customer replies: text").first.click()

    inbound = wait_until(
        lambda: InboundMessage.objects.filter(msisdn="+6597777777").first(), what="inbound message"
    )
    assert inbound.content["text"] == "Thanks! Can I use it online?"
    assert window_state("+6597777777").open
