"""The products page: filtered by catalog, searched by name or retailer id, a page at a time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog.views import PRODUCTS_PER_PAGE
from tests.factories import CatalogFactory, ProductFactory

PRODUCTS = reverse("catalog:products")


@pytest.fixture
def shops(db):
    return CatalogFactory(catalog_id="shop-1", name="Shop"), CatalogFactory(
        catalog_id="shop-2", name="Outlet"
    )


def test_each_row_shows_thumbnail_name_price_and_availability(marketer_client, shops):
    ProductFactory(
        catalog_id="shop-1", retailer_id="tee-1", name="Tee", price="1999.5", currency="USD",
        image_url="https://img.example.com/tee.jpg", availability="out of stock",
    )  # fmt: skip
    page = marketer_client.get(PRODUCTS).content.decode()
    assert 'class="product-thumb" src="https://img.example.com/tee.jpg" alt=""' in page
    assert "USD 1,999.50" in page
    assert "Out of stock" in page
    assert "<code>tee-1</code>" in page


def test_it_filters_by_catalog(marketer_client, shops):
    ProductFactory(catalog_id="shop-1", name="Only here")
    ProductFactory(catalog_id="shop-2", name="Elsewhere")
    page = marketer_client.get(PRODUCTS, {"catalog": "shop-2"}).content.decode()
    assert "Elsewhere" in page and "Only here" not in page


@pytest.mark.parametrize(("q", "found"), [("ORTS", "Sports cap"), ("cap-", "Sports cap")])
def test_it_searches_names_and_the_start_of_retailer_ids(marketer_client, shops, q, found):
    ProductFactory(catalog_id="shop-1", retailer_id="cap-9", name="Sports cap")
    ProductFactory(catalog_id="shop-1", retailer_id="mug-1", name="Mug")
    page = marketer_client.get(PRODUCTS, {"q": q}).content.decode()
    assert found in page and "Mug" not in page


def test_nothing_found_says_so(marketer_client, shops):
    ProductFactory(catalog_id="shop-1", name="Mug")
    page = marketer_client.get(PRODUCTS, {"q": "zzz"}).content.decode()
    assert "No products match these filters." in page


def test_odd_filters_list_everything(marketer_client, shops):
    ProductFactory(catalog_id="shop-1", name="Mug")
    for query in ({"catalog": "\x00"}, {"q": "\x00"}, {"page": "x"}, {"page": "99999"}):
        response = marketer_client.get(PRODUCTS, query)
        assert response.status_code == 200
        assert "Mug" in response.content.decode()


def test_it_pages_and_the_page_links_keep_the_filters(marketer_client, shops):
    for n in range(PRODUCTS_PER_PAGE + 3):
        ProductFactory(catalog_id="shop-1", name=f"Tee {n:03d}")
    first = marketer_client.get(PRODUCTS, {"catalog": "shop-1", "q": "tee"}).content.decode()
    assert f"Page 1 of 2 · {PRODUCTS_PER_PAGE + 3} products" in first
    assert "?catalog=shop-1&amp;q=tee&amp;page=2" in first
    assert "Tee 000" in first and f"Tee {PRODUCTS_PER_PAGE:03d}" not in first
    second = marketer_client.get(PRODUCTS, {"catalog": "shop-1", "q": "tee", "page": 2})
    assert f"Tee {PRODUCTS_PER_PAGE + 2:03d}" in second.content.decode()


def test_the_page_takes_a_fixed_number_of_queries(
    marketer_client, shops, django_assert_max_num_queries
):
    for n in range(PRODUCTS_PER_PAGE + 10):
        ProductFactory(catalog_id="shop-1", name=f"Tee {n}")
    with django_assert_max_num_queries(12):
        assert marketer_client.get(PRODUCTS).status_code == 200


def test_without_a_catalog_the_form_says_to_add_one_first(marketer_client):
    page = marketer_client.get(PRODUCTS).content.decode()
    assert "first: every product is filed under one." in page
