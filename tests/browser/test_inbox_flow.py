"""A support conversation in Chromium, both sides at once: the customer on the sandbox's phone,
the agent in the inbox. Nothing is reloaded by hand; each side learns of the other by polling.

The customer writes first; the conversation appears in the inbox with the navigation's count;
the agent opens it (the customer's ticks turn blue) and answers with reply buttons; the customer
taps one, and the tap appears in the agent's thread."""

from __future__ import annotations

import pytest

from messaging.models import Conversation, InboundMessage, OutboundMessage
from sandbox.models import SandboxInbound
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker]

CUSTOMER = "+6598760001"
FIRST_WORDS = "Hi! Is the blue jacket back in stock?"
TIMEOUT = 30_000  # ms: the slowest poll (the badge, every 10 s) twice over, and a worker's hop


def test_a_customer_writes_an_agent_answers_with_buttons_and_the_tap_comes_back(
    live_stack, browser, page, agent
):
    base = live_stack.url
    log_in(page, base, agent.username, PASSWORD)
    inbox = page
    inbox.goto(base + "/inbox/")
    inbox.get_by_text("No conversations here yet").wait_for()
    phone_page = browser.new_page()  # the same browser: the agent's session shows the sandbox
    phone_page.set_default_timeout(15_000)
    phone_page.goto(base + "/sandbox/")

    # 1. The customer writes first, from the sandbox's phone.
    phone_page.get_by_label("Their number").fill(CUSTOMER)
    phone_page.get_by_label("They write").fill(FIRST_WORDS)
    phone_page.get_by_role("button", name="Send as the customer").click()
    phone = phone_page.locator(f'section[aria-label="Phone {CUSTOMER}"]')
    phone.get_by_text(FIRST_WORDS).wait_for()
    first_bubble = phone.locator(".sb-customer", has_text=FIRST_WORDS)
    assert first_bubble.get_by_role("img", name="Delivered").count() == 1  # grey: nobody read it

    # 2. The inbox shows it without a reload: the list and the navigation's count both poll.
    row = inbox.locator(f'#conversations li[data-msisdn="{CUSTOMER}"]')
    row.wait_for(timeout=TIMEOUT)
    assert FIRST_WORDS in row.inner_text()
    assert row.locator(".unread").inner_text().startswith("1")
    nav_badge = inbox.locator("nav .nav-badge-slot .nav-badge")
    nav_badge.wait_for(timeout=TIMEOUT)
    assert nav_badge.inner_text().startswith("1")

    # 3. The agent opens it: the customer's phone shows blue ticks (8x8's read, via the worker).
    row.get_by_role("link").click()
    inbox.wait_for_url(f"{base}/inbox/*/")
    thread = inbox.locator("#thread")
    thread.get_by_text(FIRST_WORDS).wait_for()
    first_bubble.get_by_role("img", name="Read").wait_for(timeout=TIMEOUT)
    assert Conversation.objects.get(msisdn=CUSTOMER).unread_count == 0

    # 4. The agent answers with reply buttons, from the reply box's own form.
    inbox.get_by_role("navigation", name="Reply kind").get_by_role(
        "link", name="Reply buttons"
    ).click()
    inbox.locator('[name="body"]').wait_for()
    inbox.locator('[name="body"]').fill("It is! Shall we keep one for you?")
    inbox.locator('[name="buttons-0-title"]').fill("Yes, please")
    inbox.locator('[name="buttons-0-id"]').fill("keep-yes")
    inbox.get_by_role("button", name="+ Add a button").click()
    inbox.locator('[name="buttons-1-title"]').wait_for()
    inbox.locator('[name="buttons-1-title"]').fill("No, thanks")
    inbox.locator('[name="buttons-1-id"]').fill("keep-no")
    inbox.get_by_role("button", name="Send reply buttons").click()
    inbox.get_by_text("Queued the reply buttons reply.").wait_for()
    sent = OutboundMessage.objects.get(msisdn=CUSTOMER)
    assert sent.kind == "buttons"
    assert sent.sent_by == agent

    # 5. The customer's phone shows the buttons (its live part polls) and they tap the first.
    phone.get_by_text("It is! Shall we keep one for you?").wait_for(timeout=TIMEOUT)
    assert phone.get_by_text("Yes, please").count() >= 1
    assert phone.get_by_text("No, thanks").count() >= 1
    tap = phone.get_by_role("button", name="Tap first button")
    tap.and_(phone_page.locator(":enabled")).wait_for(timeout=TIMEOUT)
    tap.click()
    tapped = phone.locator(".sb-customer", has_text="Yes, please")
    tapped.wait_for()

    # 6. The tap reaches the agent's thread, still without a reload.
    answer = thread.locator(".msg-in", has_text="Yes, please")
    answer.wait_for(timeout=TIMEOUT)
    assert "Tapped" in answer.inner_text()
    assert "keep-yes" in answer.inner_text()
    stored = InboundMessage.objects.get(msisdn=CUSTOMER, type="Interactive")
    assert stored.content["interactive"]["button_reply"] == {
        "id": "keep-yes",
        "title": "Yes, please",
    }
    assert stored.reply_to_umid == sent.umid

    # 7. The thread was open when the tap came in: it too turns blue on the customer's phone,
    # and so every message the customer sent is read.
    tapped.get_by_role("img", name="Read").wait_for(timeout=TIMEOUT)
    wait_until(
        lambda: not SandboxInbound.objects.filter(msisdn=CUSTOMER, read_at__isnull=True).exists(),
        what="every customer message read at the sandbox",
    )
    assert phone.locator(".sb-customer").get_by_role("img", name="Delivered").count() == 0
    phone_page.close()
