"""Products out as CSV, in the columns the products import reads back, streamed.

A catalog holds thousands of products, not millions, so the download is written while it is
sent (no background job): rows are read in keyset pages by id and every cell is formula-safe.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from catalog.importing import TARGETS
from catalog.models import Product
from tabular.writing import csv_lines

PAGE = 2000
# The import's own targets, in its order: a file exported here imports back unchanged.
COLUMNS = [target for target, _label in TARGETS if target]


def _cells(product: Product) -> list[object]:
    price = "" if product.price is None else f"{product.price:.2f}"
    return [
        product.catalog_id,
        product.retailer_id,
        product.name,
        price,
        product.currency,
        product.image_url,
        product.description,
        product.availability,
        product.section,
    ]


def products_csv_lines(products: QuerySet[Product]) -> Iterator[str]:
    """The CSV, header first, a page of products a piece."""
    return csv_lines(COLUMNS, _rows(products), rows_a_piece=PAGE)


def _rows(products: QuerySet[Product]) -> Iterator[list[object]]:
    page = products.order_by("id")
    last = 0
    while batch := list(page.filter(id__gt=last)[:PAGE]):
        for product in batch:
            yield _cells(product)
        last = batch[-1].pk


def products_export_record(
    *, actor: Actor, products: QuerySet[Product], terms: dict[str, str]
) -> int:
    """Audit an export before it streams, saying which products; how many it holds."""
    rows = products.count()
    scope = f"catalog {terms.get('catalog_id') or 'all'}"
    if terms.get("q"):
        scope += f", matching {terms['q']}"
    audit_record(
        action=AuditEntry.Action.EXPORT,
        summary=f"Exported {rows} products: {scope}",
        actor=actor,
        data={"rows": rows, "kind": "products", "scope": scope},
    )
    return rows
