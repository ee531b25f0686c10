"""A support agent composes a list message with two sections in Chromium, watches the preview follow
their typing, sends it, and sees its status reach 'read' from the sandbox's receipts. The sandbox
received exactly one message, with exactly the body the page showed."""

from __future__ import annotations

import json

import pytest

from messaging.models import InboundMessage, OutboundMessage
from sandbox import selectors as sandbox
from sandbox.models import SandboxMessage
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker]

CUSTOMER = "+6591234567"


def fill(page, name: str, value: str) -> None:
    page.locator(f'[name="{name}"]').fill(value)


def test_compose_preview_send_and_watch_a_list_message_reach_read(live_stack, page, agent):
    base = live_stack.url
    log_in(page, base, agent.username, PASSWORD)
    # A new customer writes first from the Sandbox page: WhatsApp's side opens its window for
    # them and posts the message to our webhook, which opens ours.
    page.goto(base + "/sandbox/")
    page.get_by_label("Their number").fill(CUSTOMER)
    page.get_by_label("They write").fill("Can I book a session?")
    page.get_by_role("button", name="Send as the customer").click()
    page.locator(f'section[aria-label="Phone {CUSTOMER}"]').get_by_text(
        "Can I book a session?"
    ).wait_for()
    wait_until(lambda: InboundMessage.objects.filter(msisdn=CUSTOMER).exists(), what="inbound")
    page.goto(base + "/compose/?kind=list")

    fill(page, "msisdn", CUSTOMER)
    fill(page, "header_text", "Customer Success sessions")
    fill(page, "body", "Our team has these *slots* available. Tap to select a time.")
    fill(page, "footer", "Reply STOP to opt out")
    fill(page, "button", "Book Slot")
    fill(page, "sections-0-title", "Oct 9, 2024")
    fill(page, "sections-0-rows-0-title", "Monday, Oct 9")
    fill(page, "sections-0-rows-0-description", "9:00 AM - 10:00 AM")

    page.get_by_role("button", name="+ Add a row").click()
    page.locator('[name="sections-0-rows-1-title"]').wait_for()
    fill(page, "sections-0-rows-1-title", "Monday, Oct 9 (late)")
    page.get_by_role("button", name="+ Add a section").click()
    page.locator('[name="sections-1-title"]').wait_for()
    fill(page, "sections-1-title", "Oct 10, 2024")
    fill(page, "sections-1-rows-0-title", "Tuesday, Oct 10")
    fill(page, "sections-1-rows-0-description", "2:00 PM - 3:00 PM")

    preview = page.locator("#phone-preview")
    # The preview follows the typing (debounced): wait for the last value typed.
    preview.get_by_text("2:00 PM - 3:00 PM").wait_for()
    assert preview.locator("strong", has_text="slots").count() == 1  # *slots* rendered bold
    assert preview.get_by_text("Book Slot").count() >= 1
    assert preview.get_by_text("Oct 9, 2024").count() == 1
    assert preview.get_by_text("Oct 10, 2024").count() == 1

    page.get_by_role("tab", name="Request").click()
    shown = json.loads(page.locator("#request-json").inner_text())
    sections = shown["content"]["interactive"]["action"]["sections"]
    assert [len(s["rows"]) for s in sections] == [2, 1]
    assert "****" in page.locator("#request-curl").inner_text()

    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url(f"{base}/messages/*/")
    status = page.locator("#message-status .badge").first
    status.filter(has_text="Read").wait_for(timeout=30_000)  # updated live by polling

    message = OutboundMessage.objects.get()
    assert message.status == "read"
    shown_after_send = json.loads(page.locator("#message-payload").inner_text())
    assert shown_after_send == message.payload
    assert shown_after_send == {**shown, "clientMessageId": message.client_message_id}

    assert sandbox.accepted_count() == 1
    assert sandbox.duplicate_count() == 0
    received = SandboxMessage.objects.get()
    assert received.client_message_id == message.client_message_id
    assert received.umid == message.umid
    assert received.body["content"] == shown["content"]
    assert received.body["user"]["msisdn"] == CUSTOMER
