"""Products out as CSV: the page's filters, the import's columns, formula-safe, audited, and a
file that the products import reads back unchanged."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from catalog.importing import mapping_guess
from catalog.models import Catalog, Product

EXPORT = reverse("catalog:products-export")


@pytest.fixture
def products(db) -> list[Product]:
    Catalog.objects.create(catalog_id="shop", name="Shop")
    Catalog.objects.create(catalog_id="outlet", name="Outlet")
    return [
        Product.objects.create(
            catalog_id="shop",
            retailer_id="sku-1",
            name="Tea",
            price=Decimal("4.50"),
            currency="SGD",
        ),
        Product.objects.create(catalog_id="shop", retailer_id="sku-2", name="=HYPERLINK(1)"),
        Product.objects.create(catalog_id="outlet", retailer_id="sku-9", name="Mug"),
    ]


def rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_is_for_people_who_manage_the_catalog(agent_client, products):
    assert agent_client.get(EXPORT).status_code == 403


def test_the_export_holds_the_filtered_products_in_the_imports_columns(marketer_client, products):
    response = marketer_client.get(EXPORT, {"catalog": "shop"})
    assert response["Content-Disposition"] == 'attachment; filename="products.csv"'
    header, *body = rows(response)
    assert header[:3] == ["catalog_id", "retailer_id", "name"]
    # The import recognises every column of the export by its header.
    assert mapping_guess(header) == header
    assert [row[:5] for row in body] == [
        ["shop", "sku-1", "Tea", "4.50", "SGD"],
        ["shop", "sku-2", "'=HYPERLINK(1)", "", ""],
    ]


def test_an_export_is_audited_with_what_it_held(marketer_client, products):
    rows(marketer_client.get(EXPORT, {"q": "mug"}))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.summary == "Exported 1 products: catalog all, matching mug"
    assert entry.data["rows"] == 1


def test_the_products_page_links_to_the_export_of_what_it_shows(marketer_client, products):
    page = marketer_client.get(reverse("catalog:products"), {"catalog": "shop"}).content.decode()
    assert f'href="{EXPORT}?catalog=shop&amp;q="' in page
