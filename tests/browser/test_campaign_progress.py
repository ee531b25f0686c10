"""A marketer watches a running campaign in Chromium: as its messages' statuses change in the
database, the progress bar, the counters and the funnel chart follow without a reload, then the
page stops polling once the job is done and every message has settled. The campaign pages pass
axe-core in both themes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from messaging.models import MessageStatus as S
from messaging.models import OutboundMessage, SendJob
from tests.browser.axe import axe_violations, describe, own_findings
from tests.browser.conftest import log_in
from tests.campaigns.campaign_pages import launched, move
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

CHART_VALUES = "() => Chart.getChart('funnel-chart').data.datasets[0].data.join(',')"


def wait_for_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s)?.textContent.trim() === t",
        arg=[selector, text],
    )


def chart_shows(page, values: str) -> None:
    page.wait_for_function(f"() => window.Chart && ({CHART_VALUES})() === '{values}'")


def test_progress_counters_and_funnel_follow_the_messages_live(live_server, page, marketer):
    campaign = launched(20, owner=marketer, name="Live sale", excluded={"opted_out": 2})
    base = live_server.url
    log_in(page, base, marketer.username, PASSWORD)
    page.goto(f"{base}/campaigns/{campaign.pk}/")

    assert page.locator("#campaign-bar").get_attribute("value") == "0"
    assert page.locator('[data-count="queued"]').inner_text() == "20"
    assert page.locator('[data-count="excluded"]').inner_text() == "2"
    chart_shows(page, "0,0,0,0")  # drawn from the page's figures
    box = page.locator("#funnel-chart").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    page.evaluate("window.notReloaded = true")

    move(campaign, 8, S.ACCEPTED)
    move(campaign, 4, S.DELIVERED)
    move(campaign, 2, S.READ)
    move(campaign, 1, S.UNDELIVERED, error_code=1022, provider_error_code="131047")
    wait_for_text(page, '[data-count="delivered"]', "4")
    assert page.locator("#campaign-bar").get_attribute("value") == "75"
    assert page.locator("#campaign-percent").inner_text() == "75%"
    assert page.locator('[data-count="submitted"]').inner_text() == "8"
    assert page.locator('[data-count="failed"]').inner_text() == "1"
    chart_shows(page, "15,6,2,1")  # submitted, delivered, read, failed: each with those further
    assert page.get_by_text("The customer-service window is closed").is_visible()

    move(campaign, 5, S.DELIVERED)
    wait_for_text(page, '[data-count="delivered"]', "9")
    assert page.locator("#campaign-bar").get_attribute("value") == "100"
    chart_shows(page, "20,11,2,1")
    assert page.evaluate("window.notReloaded") is True

    # Done, every message settled: the live part stops asking.
    OutboundMessage.objects.filter(job=campaign.job).exclude(status=S.UNDELIVERED).update(
        status=S.READ
    )
    SendJob.objects.filter(pk=campaign.job_id).update(
        state=SendJob.State.DONE, finished_at=timezone.now()
    )
    wait_for_text(page, "#campaign-state", "Done")
    wait_for_text(page, '[data-count="read"]', "19")
    assert page.locator("#campaign-progress").get_attribute("hx-trigger") is None
    chart_shows(page, "20,19,19,1")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/campaigns/", "/campaigns/{pk}/", "/campaigns/{pk}/recipients/"])
def test_the_campaign_pages_pass_axe(live_server, page, marketer, path, theme):
    campaign = launched(6, owner=marketer, excluded={"opted_out": 1, "duplicate": 2})
    move(campaign, 2, S.DELIVERED)
    move(campaign, 1, S.UNDELIVERED, error_code=1022, provider_error_code="131047")
    move(campaign, 1, S.FAILED, error_code=2000, status_detail="gave_up")
    log_in(page, live_server.url, marketer.username, PASSWORD)
    page.evaluate(f"localStorage.setItem('theme', '{theme}')")
    page.goto(live_server.url + path.format(pk=campaign.pk))
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    violations = axe_violations(page)
    page.evaluate("localStorage.removeItem('theme')")
    assert violations == [], describe(violations)
    assert own_findings(page) == []
