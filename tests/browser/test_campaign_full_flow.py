"""A campaign from start to finish in Chromium, with nothing moved by hand: the marketer syncs the
templates from 8x8 (the sandbox), maps a template's parameter to the contacts' names, builds the
campaign on a list of 30 (one opted out), reads the pre-send check and launches it. A real worker
sends it through the sandbox over HTTP; the sandbox's receipts come back to the webhook, and the
campaign page follows them without a reload: the progress bar to 100%, the counters, the funnel
table and chart. The results export lists every recipient with the status the receipts left, and
the one failure's drill-down its number."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from campaigns.models import Campaign
from messaging.models import MessageStatus as S
from sandbox.models import SandboxMessage, SandboxTemplate, SandboxWebhook
from sandbox.schedule import RECEIPTS_TASK, enqueue
from sandbox.services import DELIVERED, READ, config_update
from tabular.writing import cell_unsafe
from tests.browser.conftest import log_in
from tests.campaigns.conftest import members, numbers, opt_out
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.worker]

PEOPLE = numbers(30)
OPTED_OUT = PEOPLE[0]
UNREACHABLE = PEOPLE[7]  # WhatsApp's side cannot deliver to it
SENT_TO = set(PEOPLE) - {OPTED_OUT}
# The worker, the sandbox's receipts and the page's 2-second poll all take their time on a
# loaded machine: each wait on them may last this long (milliseconds).
LIVE_WAIT = 60_000
CHART_VALUES = "Chart.getChart('funnel-chart').data.datasets[0].data.join(',')"


def shows(page, counters: dict[str, int], funnel: str) -> None:
    """Wait until the page's counters and its funnel chart show these figures."""
    checks = " && ".join(
        f"document.querySelector('[data-count=\"{key}\"]')?.textContent.trim() === '{value}'"
        for key, value in counters.items()
    )
    try:
        page.wait_for_function(
            f"() => {checks} && window.Chart && Chart.getChart('funnel-chart')"
            f" && {CHART_VALUES} === '{funnel}'",
            timeout=LIVE_WAIT,
        )
    except PlaywrightTimeout:
        pytest.fail(f"the page never showed {counters} and {funnel}; it shows {figures(page)}")
    table = [c.inner_text() for c in page.locator("[data-funnel]").all()]
    assert ",".join(table) == funnel  # the table says what the chart draws


def figures(page) -> str:
    """What the page shows now, for the message of a wait that ran out."""
    shown = page.locator("[data-count]").evaluate_all(
        "cells => cells.map(c => c.dataset.count + '=' + c.textContent.trim()).join(' ')"
    )
    chart = page.evaluate(f"() => window.Chart && Chart.getChart('funnel-chart') && {CHART_VALUES}")
    section = page.locator("#campaign-progress").inner_text()
    return f"{shown}, chart {chart}; {section}"


def sandbox_moves(step: str, messages: list[int]) -> None:
    """Have the sandbox run this step of its timetable now, through the worker, as it would
    when its delay ran out: the messages move on its side and it posts their receipts."""
    enqueue(RECEIPTS_TASK, messages, step)


def in_sandbox(state: str) -> list[int]:
    return list(
        SandboxMessage.objects.filter(state=state).order_by("pk").values_list("pk", flat=True)
    )


def test_a_marketer_builds_launches_and_follows_a_campaign_to_its_last_receipt(
    live_stack, page, marketer, tmp_path
):
    # An approved template on 8x8's side, which the product learns by its sync.
    SandboxTemplate.objects.create(
        name="spring_sale",
        language="en",
        category="MARKETING",
        components=[
            {
                "type": "BODY",
                "text": "Hello {{1}}, 20% off this week.",
                "example": {"bodyText": ["Jane"]},
            }
        ],
    )
    members("VIP customers", PEOPLE)
    opt_out(OPTED_OUT)
    # The sandbox holds each step of its timetable until told, so every step is seen on the page;
    # one number is unreachable on WhatsApp's side.
    config_update(
        delivered_after_seconds=3600,
        read_after_seconds=3600,
        unreachable_numbers=UNREACHABLE.lstrip("+"),
    )
    base = live_stack.url
    log_in(page, base, marketer.username, PASSWORD)

    # The template, synced from 8x8; its {{1}} takes each contact's name.
    page.goto(base + "/catalog/templates/")
    page.get_by_role("button", name="Sync from 8x8").click()
    page.get_by_role("link", name="Map parameters of spring_sale (en)").click()
    page.get_by_label("body {{1}}: source").select_option(label="Contact name")
    page.get_by_role("button", name="Save mapping").click()
    page.get_by_text("Saved the parameter mapping of spring_sale.").wait_for()

    page.goto(base + "/campaigns/new/")
    page.get_by_label("Name").fill("Spring sale")
    page.locator('select[name="template"]').select_option(label="spring_sale · en (marketing)")
    page.get_by_label("Contact list").check()
    page.locator('select[name="audience"]').select_option(label="VIP customers (list)")
    page.get_by_role("button", name="Save and check").click()

    page.get_by_role("heading", name="Pre-send check: Spring sale").wait_for()
    assert page.locator("#check-audience").inner_text() == "30"
    assert page.locator("#check-sendable").inner_text() == "29"
    assert page.locator("#check-excluded").inner_text() == "1"
    opted_out = page.locator('#excluded [data-reason="opted_out"] td')
    assert opted_out.nth(0).inner_text() == "Opted out"
    assert opted_out.nth(1).inner_text() == "1"
    previews = page.locator(".campaign-preview")
    assert previews.count() == 3
    assert "Hello Customer 0001, 20% off this week." in previews.nth(0).inner_text()

    page.get_by_role("button", name="Launch to 29 recipients").click()
    campaign = Campaign.objects.get()
    page.wait_for_url(f"{base}/campaigns/{campaign.pk}/")
    page.evaluate("window.notReloaded = true")

    # Every message accepted by the sandbox: the bar is full, nothing delivered yet.
    shows(page, {"queued": 0, "submitted": 29, "delivered": 0, "excluded": 1}, "29,0,0,0")
    assert page.locator("#campaign-bar").get_attribute("value") == "100"
    assert page.locator("#campaign-percent").inner_text() == "100%"
    assert set(SandboxMessage.objects.values_list("msisdn", flat=True)) == SENT_TO
    names = {m.body["user"]["msisdn"]: m.body for m in SandboxMessage.objects.all()}
    parameters = names["+6581000012"]["content"]["template"]["components"][0]["parameters"]
    assert parameters == [{"type": "text", "text": "Customer 0012"}]

    # Delivery receipts: 28 delivered, the unreachable number fails with 8x8's reason.
    sandbox_moves(DELIVERED, in_sandbox(SandboxMessage.State.QUEUED))
    shows(page, {"submitted": 0, "delivered": 28, "read": 0, "failed": 1}, "29,28,0,1")
    failures = page.locator("#campaign-progress table").nth(1).inner_text()
    assert "8x8 15" in failures and "The destination is invalid" in failures

    # Read receipts, first from 20 of them, then from the rest.
    delivered = in_sandbox(SandboxMessage.State.DELIVERED)
    sandbox_moves(READ, delivered[:20])
    shows(page, {"delivered": 8, "read": 20, "failed": 1}, "29,28,20,1")
    sandbox_moves(READ, delivered[20:])
    shows(page, {"delivered": 0, "read": 28, "failed": 1}, "29,28,28,1")
    page.wait_for_function(
        "() => document.querySelector('#campaign-state').textContent.trim() === 'Done'",
        timeout=LIVE_WAIT,
    )
    # Done and every message settled: the page stops asking.
    page.wait_for_function(
        "() => !document.querySelector('#campaign-progress').hasAttribute('hx-trigger')"
    )
    assert page.evaluate("window.notReloaded") is True
    # Every figure came from the sandbox's receipts, posted to the webhook over HTTP: one when
    # each message was delivered or failed, one when each delivered message was read.
    receipts = SandboxWebhook.objects.filter(kind=SandboxWebhook.Kind.RECEIPT)
    assert receipts.count() == 29 + 28
    assert set(receipts.values_list("last_status", flat=True)) == {200}

    with page.expect_download() as download:
        page.get_by_role("link", name="Export results (CSV)").click()
    assert re.fullmatch(rf"campaign-{campaign.pk}-results\.csv", download.value.suggested_filename)
    path = tmp_path / "results.csv"
    download.value.save_as(path)
    # The file starts with a BOM, and its numbers are kept from spreadsheets' formulas.
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 29
    by_phone = {cell_unsafe(row["phone"]): row for row in rows}
    assert set(by_phone) == SENT_TO
    assert by_phone[UNREACHABLE]["status"] == S.UNDELIVERED
    assert by_phone[UNREACHABLE]["error_code"] == "15"
    read = [row for phone, row in by_phone.items() if phone != UNREACHABLE]
    assert all(row["status"] == S.READ and row["read_at"] and row["umid"] for row in read)

    # The failure's own recipients: only the unreachable number.
    page.get_by_role("link", name="Recipients failed for this reason").click()
    page.get_by_role("heading", name="Recipients of Spring sale").wait_for()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == UNREACHABLE
    assert "8x8 15" in rows.first.inner_text()
