"""The customer's view in Chromium: the highlights go without a request, and it is remembered."""

from __future__ import annotations

import pytest

from catalog.models import Template
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

STYLES = """(selector) => {
  const style = getComputedStyle(document.querySelector('#phone-preview ' + selector));
  return {background: style.backgroundColor, padding: style.paddingLeft,
          underline: style.textDecorationLine};
}"""
NONE = "rgba(0, 0, 0, 0)"


def test_the_customer_view_drops_parameter_code_and_link_styling_without_a_round_trip(
    live_server, page, marketer
):
    Template.objects.create(
        name="promo",
        language="en_GB",
        status="APPROVED",
        components=[{"type": "BODY", "text": "Hi {{1}}, use `SAVE10` at https://shop.example.com"}],
    )
    log_in(page, live_server.url, marketer.username, PASSWORD)
    page.goto(live_server.url + "/compose/?kind=template&template=en_GB:promo")
    page.locator('[name="body_1"]').fill("Sam")
    page.locator('[name="body_1"]').blur()  # its change event refreshes the preview: let it be
    preview = page.locator("#phone-preview")
    preview.locator(".wa-param", has_text="Sam").wait_for()
    page.wait_for_load_state("networkidle")

    authoring = {part: page.evaluate(STYLES, part) for part in (".wa-param", "code", ".wa-link")}
    assert authoring[".wa-param"]["background"] != NONE, "parameters are highlighted by default"
    assert authoring["code"]["background"] != NONE
    assert authoring[".wa-link"]["underline"] == "underline"

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_label("Customer’s view").check()
    customer = {part: page.evaluate(STYLES, part) for part in (".wa-param", "code", ".wa-link")}
    assert customer[".wa-param"] == {"background": NONE, "padding": "0px", "underline": "none"}
    assert customer["code"]["background"] == NONE
    assert customer["code"]["padding"] == "0px"
    assert customer[".wa-link"]["underline"] == "none"
    assert requests == [], "the toggle is a class switch, not a request"

    page.reload()  # remembered in localStorage
    assert page.get_by_label("Customer’s view").is_checked()
    assert "wa-customer-view" in (preview.get_attribute("class") or "")
    page.get_by_label("Customer’s view").uncheck()
    assert page.evaluate(STYLES, ".wa-param")["background"] != NONE
