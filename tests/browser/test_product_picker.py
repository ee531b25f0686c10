"""The composer's product picker in Chromium: type part of a name, pick it, see it previewed."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.factories import CatalogFactory, ProductFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def shop(db):
    CatalogFactory(catalog_id="shop-1", name="Shop")
    ProductFactory(catalog_id="shop-1", retailer_id="mug-003", name="8x8 Mug", price="9.9")
    ProductFactory(
        catalog_id="shop-1", retailer_id="bottle-004", name="Steel Bottle", price="1019",
        currency="SGD", image_url="",
    )  # fmt: skip
    for n in range(30):
        ProductFactory(catalog_id="shop-1", retailer_id=f"tee-{n}", name=f"Cotton Tee {n}")


def test_pick_a_product_by_typing_part_of_its_name(live_server, page, agent, shop):
    log_in(page, live_server.url, agent.username, PASSWORD)
    page.goto(live_server.url + "/compose/?kind=product")
    page.get_by_label("Catalog id").fill("shop-1")
    picker = page.get_by_role("combobox", name="Product")
    picker.press_sequentially("bott")

    listbox = page.get_by_role("listbox", name="Matching products")
    option = listbox.get_by_role("option", name="Steel Bottle")
    option.wait_for()
    assert "SGD 1,019.00" in option.inner_text()
    assert picker.get_attribute("aria-expanded") == "true"
    assert picker.get_attribute("aria-controls") == listbox.get_attribute("id")
    assert listbox.get_by_role("option").count() == 1

    picker.press("ArrowDown")
    assert picker.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    picker.press("Enter")

    assert picker.input_value() == "bottle-004"
    assert picker.get_attribute("aria-expanded") == "false"
    assert listbox.count() == 0  # hidden again
    preview = page.locator("#phone-preview")
    preview.get_by_text("Steel Bottle").wait_for()
    preview.get_by_text("SGD 1,019.00").wait_for()
    assert page.url.endswith("/compose/?kind=product")  # Enter picked; it did not submit


def test_a_click_picks_and_escape_closes_in_a_product_list(live_server, page, agent, shop):
    log_in(page, live_server.url, agent.username, PASSWORD)
    page.goto(live_server.url + "/compose/?kind=product_list")
    picker = page.locator('[name="sections-0-products-0-product_retailer_id"]')
    picker.press_sequentially("tee")
    listbox = page.get_by_role("listbox", name="Matching products")
    listbox.get_by_role("option").first.wait_for()
    assert listbox.get_by_role("option").count() == 20  # at most a screenful from 30 matches
    picker.press("Escape")
    assert picker.get_attribute("aria-expanded") == "false"

    picker.fill("")
    picker.press_sequentially("mug")
    listbox.get_by_role("option", name="8x8 Mug").click()
    assert picker.input_value() == "mug-003"
    # The catalog was empty: picking filed the message under the product's catalog.
    assert page.get_by_label("Catalog id").input_value() == "shop-1"
    page.locator("#phone-preview .wa-row-price").get_by_text("SGD 9.90").wait_for()
