"""The picker's search endpoint: a few matching products as listbox options, for composers only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog.models import Catalog
from catalog.selectors import SEARCH_LIMIT
from tests.factories import CatalogFactory, ProductFactory

SEARCH = reverse("catalog:product-search")


@pytest.fixture
def shop(db) -> Catalog:
    return CatalogFactory(catalog_id="shop-1", name="Shop")


def options(response) -> int:
    return response.content.decode().count('role="option"')


def test_it_sends_anonymous_visitors_to_log_in(client, shop):
    response = client.get(SEARCH, {"q": "shirt"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_refuses_someone_who_cannot_compose(outsider_client, shop):
    ProductFactory(catalog_id=shop.catalog_id, name="Shirt")
    response = outsider_client.get(SEARCH, {"q": "shirt"})
    assert response.status_code == 403
    assert b"Shirt" not in response.content


@pytest.mark.parametrize("who", ["agent_client", "marketer_client", "admin_client_"])
def test_everyone_who_composes_may_search(who, request, shop):
    ProductFactory(catalog_id=shop.catalog_id, name="Shirt")
    assert options(request.getfixturevalue(who).get(SEARCH, {"q": "shirt"})) == 1


def test_it_rejects_post(agent_client, shop):
    assert agent_client.post(SEARCH, {"q": "x"}).status_code == 405


def test_it_finds_part_of_a_name_in_any_case_and_shows_picture_name_and_price(agent_client, shop):
    ProductFactory(
        catalog_id=shop.catalog_id, retailer_id="tee-1", name="Soft Cotton Tee",
        price="1234.5", currency="SGD", image_url="https://img.example.com/tee.jpg",
    )  # fmt: skip
    ProductFactory(catalog_id=shop.catalog_id, name="Mug")
    html = agent_client.get(SEARCH, {"q": "COTTON", "catalog": "shop-1"}).content.decode()
    assert html.count('role="option"') == 1
    assert 'data-value="tee-1"' in html and 'data-catalog="shop-1"' in html
    assert '<span class="picker-name">Soft Cotton Tee</span>' in html
    assert "SGD 1,234.50 · tee-1" in html
    assert 'src="https://img.example.com/tee.jpg"' in html


def test_it_finds_the_start_of_a_retailer_id(agent_client, shop):
    ProductFactory(catalog_id=shop.catalog_id, retailer_id="SKU-778", name="Cap")
    ProductFactory(catalog_id=shop.catalog_id, retailer_id="X-SKU-778", name="Bag")
    html = agent_client.get(SEARCH, {"q": "SKU-7"}).content.decode()
    assert 'data-value="SKU-778"' in html
    assert 'data-value="X-SKU-778"' not in html


def test_it_searches_only_the_catalog_asked_for(agent_client, shop):
    other = CatalogFactory(catalog_id="shop-2")
    ProductFactory(catalog_id=shop.catalog_id, retailer_id="a", name="Shirt A")
    ProductFactory(catalog_id=other.catalog_id, retailer_id="b", name="Shirt B")
    only_one = agent_client.get(SEARCH, {"q": "shirt", "catalog": "shop-2"}).content.decode()
    assert 'data-value="b"' in only_one and 'data-value="a"' not in only_one
    assert options(agent_client.get(SEARCH, {"q": "shirt"})) == 2  # no catalog: all of them


def test_it_answers_at_most_the_limit_in_name_order(agent_client, shop):
    for n in range(SEARCH_LIMIT + 5):
        ProductFactory(catalog_id=shop.catalog_id, name=f"Shirt {n:02d}")
    html = agent_client.get(SEARCH, {"q": "shirt"}).content.decode()
    assert html.count('role="option"') == SEARCH_LIMIT
    assert html.index("Shirt 00") < html.index("Shirt 01")


def test_an_empty_query_lists_the_first_products(agent_client, shop):
    ProductFactory(catalog_id=shop.catalog_id, name="Zip")
    ProductFactory(catalog_id=shop.catalog_id, name="Apple")
    html = agent_client.get(SEARCH).content.decode()
    assert html.index("Apple") < html.index("Zip")


def test_names_and_ids_are_escaped(agent_client, shop):
    ProductFactory(
        catalog_id=shop.catalog_id, retailer_id='"><script>r()</script>',
        name="<img src=x onerror=alert(1)>", image_url='https://x.example/a.jpg"onload="x()',
    )  # fmt: skip
    html = agent_client.get(SEARCH, {"q": "<img"}).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" not in html and "<img src=x" not in html
    assert '"onload="' not in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"q": "a\x00b", "catalog": "shop-1"},
        {"catalog": "\x00"},
        {"q": "%_'\"\\;--"},
        {"q": "x" * 5000},
        {"q": "🛍️ ünïcode"},
        {"q": ["a", "b"]},
        {"page": "-1"},
    ],
)
def test_odd_input_gets_an_answer_never_an_error(agent_client, shop, query):
    ProductFactory(catalog_id=shop.catalog_id, name="Shirt")
    response = agent_client.get(SEARCH, query)
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()


def test_like_wildcards_are_matched_literally(agent_client, shop):
    ProductFactory(catalog_id=shop.catalog_id, name="100% cotton")
    ProductFactory(catalog_id=shop.catalog_id, name="1000 threads")
    assert options(agent_client.get(SEARCH, {"q": "100%"})) == 1
    assert options(agent_client.get(SEARCH, {"q": "_"})) == 0


def test_a_search_is_one_query_whatever_it_finds(agent_client, shop, django_assert_num_queries):
    for n in range(40):
        ProductFactory(catalog_id=shop.catalog_id, name=f"Shirt {n}")
    # The session, the user and the permission check take the other five.
    with django_assert_num_queries(6):
        assert options(agent_client.get(SEARCH, {"q": "shirt"})) == SEARCH_LIMIT
    with django_assert_num_queries(6):
        assert options(agent_client.get(SEARCH, {"q": "nothing like it"})) == 0
