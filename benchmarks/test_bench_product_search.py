"""How fast the composer's product picker answers over 20,000 products in one catalog.

The endpoint runs on every pause in typing, so it should stay well under ~20 ms at that size.
Each round is one GET through Django's test client: session, user, permission check, search and
rendering of at most 20 options, as a browser's request would be; the _query benchmarks time
the search alone (catalog.selectors.product_search).
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from access.roles import SUPPORT
from catalog.models import Catalog, Product
from catalog.selectors import SEARCH_LIMIT, product_search
from tests.factories import UserFactory

PRODUCTS = 20_000
ADJECTIVES = ["Soft", "Steel", "Cotton", "Classic", "Slim", "Travel", "Kids", "Eco", "Pro", "Mini"]
NOUNS = ["Tee", "Mug", "Cap", "Bottle", "Bag", "Hoodie", "Sock", "Pen", "Lamp", "Towel"]


@pytest.fixture
def catalog_of_20000(db) -> Client:
    Catalog.objects.create(catalog_id="big", name="Big shop")
    names = itertools.cycle(f"{a} {n}" for a in ADJECTIVES for n in NOUNS)
    Product.objects.bulk_create(
        [
            Product(
                catalog_id="big",
                retailer_id=f"SKU-{i:06d}",
                name=f"{next(names)} {i}",
                price=Decimal("19.90"),
                currency="SGD",
                image_url=f"https://img.example.com/{i}.jpg",
            )
            for i in range(PRODUCTS)
        ],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum keeps them in a live database: without them the planner
        # guesses and ignores the trigram index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_product")
    client = Client()
    client.force_login(UserFactory(role=SUPPORT))
    return client


QUERIES = [
    "",  # nothing typed yet: the first 20 by name, from the index (the request's own cost)
    "tee",  # common: 2,000 names hold it
    "towel 19959",  # rare: one name in 20,000
    "SKU-0123",  # the start of a retailer id
]


@pytest.mark.parametrize("q", QUERIES)
def test_bench_product_search_endpoint(benchmark, catalog_of_20000, q):
    client, url = catalog_of_20000, reverse("catalog:product-search")
    response = benchmark(client.get, url, {"catalog": "big", "q": q})
    assert response.status_code == 200
    assert 'role="option"' in response.content.decode()


@pytest.mark.parametrize(
    ("q", "found"),
    [("tee", SEARCH_LIMIT), ("towel 19959", 1), ("SKU-0123", SEARCH_LIMIT), ("no such", 0)],
)
def test_bench_product_search_query(benchmark, catalog_of_20000, q, found):
    assert len(benchmark(product_search, catalog_id="big", q=q)) == found
