"""The phone preview shows a catalog product as WhatsApp does: its own picture, name and price."""

from __future__ import annotations

import pytest
from django.urls import reverse

from composer.forms import post_data
from tests.factories import CatalogFactory, ProductFactory

PREVIEW = reverse("composer:preview")
HTMX = {"HTTP_HX_REQUEST": "true"}
MSISDN = "+6591234567"


@pytest.fixture
def tee(db):
    CatalogFactory(catalog_id="shop-1")
    return ProductFactory(
        catalog_id="shop-1", retailer_id="tee-1", name="Soft <Tee>", price="1234.5",
        currency="SGD", image_url="https://img.example.com/tee.jpg",
    )  # fmt: skip


def preview(client, state: dict) -> str:
    response = client.post(PREVIEW, post_data({"msisdn": MSISDN, **state}), **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_a_known_product_shows_its_picture_name_and_price(agent_client, tee):
    html = preview(
        agent_client, {"kind": "product", "catalog_id": "shop-1", "product_retailer_id": "tee-1"}
    )
    assert 'src="https://img.example.com/tee.jpg"' in html
    assert "Soft &lt;Tee&gt;" in html and "<Tee>" not in html
    assert "SGD 1,234.50" in html


def test_a_product_of_another_catalog_is_not_taken_for_it(agent_client, tee):
    html = preview(
        agent_client, {"kind": "product", "catalog_id": "shop-2", "product_retailer_id": "tee-1"}
    )
    assert "img.example.com/tee.jpg" not in html
    assert "SGD 1,234.50" not in html
    assert "wa-product-placeholder" in html


def test_an_unknown_retailer_id_keeps_the_placeholder(agent_client, tee):
    html = preview(
        agent_client, {"kind": "product", "catalog_id": "shop-1", "product_retailer_id": "nope"}
    )
    assert "wa-product-placeholder" in html
    assert "nope" in html and "Soft &lt;Tee&gt;" not in html


def test_a_product_list_shows_each_item_with_its_picture_name_and_price(agent_client, tee):
    ProductFactory(
        catalog_id="shop-1", retailer_id="mug-1", name="Mug", price="9.9", currency="USD",
        image_url="https://img.example.com/mug.jpg",
    )  # fmt: skip
    state = {
        "kind": "product_list",
        "catalog_id": "shop-1",
        "header_text": "Our picks",
        "body": "Have a look",
        "sections": [
            {
                "title": "All",
                "products": [{"product_retailer_id": r} for r in ("tee-1", "mug-1", "gone")],
            }
        ],
    }
    html = preview(agent_client, state)
    assert 'src="https://img.example.com/tee.jpg"' in html
    assert 'src="https://img.example.com/mug.jpg"' in html
    assert "SGD 1,234.50" in html and "USD 9.90" in html
    assert "Not in the catalog" in html  # "gone": its id only, as before
