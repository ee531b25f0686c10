"""The product form's rules: a catalog picked from the Catalog rows, availability, price, URL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.forms import ProductFilterForm, ProductForm
from catalog.models import Product
from tests.factories import CatalogFactory, ProductFactory

pytestmark = pytest.mark.django_db

VALID = {
    "catalog_id": "shop-1",
    "retailer_id": "tee-1",
    "name": "Tee",
    "price": "24.90",
    "currency": "SGD",
    "image_url": "https://img.example.com/tee.jpg",
    "availability": "in stock",
}


@pytest.fixture(autouse=True)
def shop():
    return CatalogFactory(catalog_id="shop-1", name="Shop")


def errors(data: dict) -> dict[str, list[str]]:
    form = ProductForm({**VALID, **data})
    form.is_valid()
    return form.errors


def test_a_valid_product_passes_with_its_availability():
    form = ProductForm({**VALID, "availability": "preorder"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["availability"] == Product.Availability.PREORDER


def test_the_catalog_is_chosen_from_the_catalogs_by_name():
    CatalogFactory(catalog_id="shop-2", name="Outlet")
    choices = ProductForm().fields["catalog_id"].choices
    assert choices == [
        ("", "Choose a catalog"),
        ("shop-2", "Outlet (shop-2)"),
        ("shop-1", "Shop (shop-1)"),
    ]


def test_the_only_catalog_is_chosen_already():
    assert ProductForm().fields["catalog_id"].initial == "shop-1"


def test_a_catalog_that_has_no_row_is_refused():
    assert errors({"catalog_id": "nowhere"}) == {
        "catalog_id": ["Select a valid choice. nowhere is not one of the available choices."]
    }


def test_a_product_whose_catalog_lost_its_row_stays_editable():
    product = ProductFactory(catalog_id="orphan", retailer_id="x")
    form = ProductForm({**VALID, "catalog_id": "orphan", "retailer_id": "x"}, instance=product)
    assert ("orphan", "orphan") in form.fields["catalog_id"].choices
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"availability": "sold"}, "availability", "Select a valid choice. sold is not one"),
        ({"availability": ""}, "availability", "This field is required."),
        ({"price": "1.999"}, "price", "Ensure that there are no more than 2 decimal places."),
        ({"price": "-0.01"}, "price", "Must be zero or more."),
        ({"price": "1e3x"}, "price", "Enter a number."),
        ({"price": "12345678901.00"}, "price", "Ensure that there are no more than 12 digits"),
        ({"image_url": "ftp://img.example.com/a.jpg"}, "image_url", "Must be an http:// or"),
        ({"image_url": "javascript:alert(1)"}, "image_url", "Enter a valid URL."),
        ({"retailer_id": "   "}, "retailer_id", "This field is required."),
        ({"currency": "usd "}, None, None),
    ],
)
def test_each_rule_is_named_on_its_field(data, field, message):
    found = errors(data)
    if field is None:
        assert found == {}
    else:
        assert any(e.startswith(message) for e in found[field]), found


def test_a_bare_host_image_link_becomes_https():
    form = ProductForm({**VALID, "image_url": "img.example.com/a.jpg"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["image_url"] == "https://img.example.com/a.jpg"


def test_a_price_of_zero_with_two_decimals_is_fine():
    form = ProductForm({**VALID, "price": "0.00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["price"] == Decimal("0.00")


def test_a_retailer_id_is_unique_within_its_catalog_only():
    ProductFactory(catalog_id="shop-1", retailer_id="tee-1")
    assert errors({}) == {"retailer_id": ["tee-1 is already a product in the catalog shop-1."]}
    CatalogFactory(catalog_id="shop-2")
    assert errors({"catalog_id": "shop-2"}) == {}


def test_editing_a_product_does_not_clash_with_itself():
    product = ProductFactory(catalog_id="shop-1", retailer_id="tee-1")
    assert ProductForm({**VALID, "name": "Tee v2"}, instance=product).is_valid()


def test_bad_filters_list_everything_rather_than_fail():
    assert ProductFilterForm({"catalog": "nowhere", "q": "x"}).values() == {
        "catalog_id": "",
        "q": "",
    }
    assert ProductFilterForm({"catalog": "shop-1", "q": " tee "}).values() == {
        "catalog_id": "shop-1",
        "q": "tee",
    }
