"""Products from a CSV, through the same machinery as contacts."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from catalog.importing import mapping_errors, mapping_guess, products_import_execute
from catalog.models import Catalog, Product
from tabular.models import ImportJob, JobState
from tabular.writing import media_path
from tests.importing import import_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

HEADER = "catalog,sku,title,price,currency,image,description,availability,section\n"


def run(content: str, **kwargs) -> ImportJob:
    job = import_job(content.encode(), kind=ImportJob.Kind.PRODUCTS, guess=mapping_guess, **kwargs)
    products_import_execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    return job


def test_the_guess_reads_common_headers():
    assert mapping_guess(HEADER.strip().split(",")) == [
        "catalog_id", "retailer_id", "name", "price", "currency", "image_url", "description",
        "availability", "section",
    ]  # fmt: skip


def test_a_mapping_needs_catalog_retailer_id_and_name():
    assert mapping_errors({0: "catalog_id"}, ["c"]) == [
        "Choose the column that holds the retailer id (sku).",
        "Choose the column that holds the name.",
    ]


def test_good_rows_become_products_and_their_catalog_is_created():
    job = run(
        HEADER
        + "cat-1,SKU1,Tea,12.50,sgd,example.com/tea.jpg,Green,out of stock,Drinks\n"
        + 'cat-1,SKU2,Cake,"3,00",EUR,,,In stock,\n'
    )
    tea = Product.objects.get(retailer_id="SKU1")
    assert (tea.price, tea.currency, tea.image_url, tea.availability) == (
        Decimal("12.50"), "SGD", "https://example.com/tea.jpg", "out of stock",
    )  # fmt: skip
    assert Product.objects.get(retailer_id="SKU2").price == Decimal("3.00")
    assert Catalog.objects.get().catalog_id == "cat-1"
    assert (job.imported, job.rejected) == (2, 0)


def test_bad_rows_are_rejected_naming_the_column_and_rule():
    job = run(
        HEADER
        + "cat,A,Tea,12,XYZ,,,,\n"
        + "cat,B,Tea,-1,SGD,,,,\n"
        + "cat,C,Tea,5,,,,,\n"
        + "cat,D,Tea,,,ftp://x/y.jpg,,,\n"
        + "cat,E,Tea,,,,,sold,\n"
        + "cat,F,,,,,,,\n"
        + "cat,G,Tea,,,,,,A section name far too long\n"
    )
    with media_path(job.report).open(encoding="utf-8-sig", newline="") as file:
        reasons = [(row[0], row[2]) for row in list(csv.reader(file))[1:]]
    assert reasons == [
        ("2", "column 5 'currency': 'XYZ' is not an ISO 4217 currency such as SGD, USD or EUR"),
        ("3", "column 4 'price': '-1' is not a price (a number of zero or more, e.g. 12.50)"),
        ("4", "a price needs a currency (ISO 4217, e.g. SGD)"),
        ("5", "column 6 'image': 'ftp://x/y.jpg' is not an http(s) link"),
        ("6", "column 8 'availability': 'sold' is not one of: in stock, out of stock, preorder, "
              "available for order, discontinued"),
        ("7", "column 3 'title': required, but empty"),
        ("8", "column 9 'section': 27 characters; at most 24"),
    ]  # fmt: skip
    assert job.imported == 0 and job.rejected == 7


def test_stored_products_are_skipped_or_updated_as_chosen():
    Product.objects.create(catalog_id="cat", retailer_id="A", name="Old", section="Keep")
    skipped = run("catalog,sku,title\ncat,A,New\ncat,A,Again\n")
    assert Product.objects.get().name == "Old"
    assert (skipped.imported, skipped.updated, skipped.skipped) == (0, 0, 2)
    updated = run("catalog,sku,title\ncat,A,New\n", options={"update": True})
    product = Product.objects.get()
    assert (product.name, product.section) == ("New", "Keep")
    assert updated.updated == 1


def test_reimporting_the_same_products_adds_none():
    content = "catalog,sku,title\n" + "".join(f"cat,S{i},P{i}\n" for i in range(20))
    run(content)
    again = run(content)
    assert Product.objects.count() == 20
    assert (again.imported, again.skipped) == (0, 20)
