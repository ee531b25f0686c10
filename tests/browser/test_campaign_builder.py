"""A marketer builds a campaign from a list in Chromium, reads its pre-send check (an opted-out
member left out, three previews with each recipient's own name) and launches it."""

from __future__ import annotations

import re

import pytest

from campaigns.models import Campaign
from messaging.models import OutboundMessage
from recipients.models import OptEvent
from tests.browser.conftest import log_in
from tests.campaigns.conftest import members
from tests.conftest import PASSWORD
from tests.factories import TemplateFactory

pytestmark = pytest.mark.browser
PEOPLE = [f"+6581{n:06d}" for n in range(5)]


def test_build_a_campaign_from_a_list_check_it_and_launch(live_server, page, marketer):
    TemplateFactory(
        name="spring_sale",
        category="MARKETING",
        components=[{"type": "BODY", "text": "Hello {{1}}, 20% off this week."}],
        parameter_sources={"body_1": {"source": "field", "key": "name"}},
    )
    vip = members("VIP customers", PEOPLE)
    OptEvent.objects.create(msisdn=PEOPLE[0], kind="opt_out", scope="marketing", source="manual")
    base = live_server.url
    log_in(page, base, marketer.username, PASSWORD)

    page.goto(base + "/campaigns/new/")
    page.get_by_label("Name").fill("Spring sale")
    page.locator('select[name="template"]').select_option(label="spring_sale · en (marketing)")
    page.get_by_label("Contact list").check()
    page.locator('select[name="audience"]').select_option(label="VIP customers (list)")
    page.get_by_label("SMS fallback text").fill("Hi {{1}}, 20% off this week")
    page.get_by_role("button", name="Save and check").click()

    page.get_by_role("heading", name="Pre-send check: Spring sale").wait_for()
    assert page.locator("#check-audience").inner_text() == "5"
    assert page.locator("#check-sendable").inner_text() == "4"
    assert "Opted out" in page.locator("#excluded").inner_text()
    previews = page.locator(".campaign-preview")
    assert previews.count() == 3
    assert "Hello Customer 0001, 20% off this week." in previews.nth(0).inner_text()
    assert "Hi Customer 0001, 20% off this week" in previews.nth(0).inner_text()  # its SMS

    page.get_by_role("button", name="Launch to 4 recipients").click()
    # The campaign's own page once it exists, else the campaigns list.
    page.wait_for_url(re.compile(re.escape(base) + r"/campaigns/(\d+/)?$"))
    campaign = Campaign.objects.get()
    assert campaign.job is not None and campaign.contact_list == vip
    assert set(OutboundMessage.objects.values_list("msisdn", flat=True)) == set(PEOPLE[1:])
