"""Products from a CSV, through the same import machinery as contacts (tabular's RowHandler).

A row is checked as the product form checks one (ISO 4217 currency, a price needs a currency, an
http(s) image URL, Meta's availability values, a 24-character section). A (catalog, retailer id)
pair stored already is updated or skipped as the user chose; a catalog not known yet is created,
named after its id, so it shows up in the composer's picker.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from catalog.models import Catalog, Product
from tabular.guess import columns_guess
from tabular.jobs import Outcome, Totals, import_run, job_execute
from tabular.models import ImportJob
from tabular.reading import Row

IGNORE = ""
TARGETS = [
    (IGNORE, "Ignore this column"),
    ("catalog_id", "Catalog id"),
    ("retailer_id", "Retailer id (SKU)"),
    ("name", "Name"),
    ("price", "Price"),
    ("currency", "Currency"),
    ("image_url", "Image URL"),
    ("description", "Description"),
    ("availability", "Availability"),
    ("section", "Section"),
]
REQUIRED = ("catalog_id", "retailer_id", "name")
SYNONYMS = {
    "catalog_id": ["catalog", "catalogue", "catalog id", "catalogue id", "katalog"],
    "retailer_id": ["sku", "id", "retailer id", "product id", "product retailer id", "item id"],
    "name": ["title", "product", "product name", "nom", "nombre", "nome", "nama", "名称"],
    "price": ["amount", "prix", "precio", "preço", "preis", "harga", "价格"],
    "currency": ["currency code", "devise", "moneda", "moeda", "währung", "mata uang"],
    "image_url": ["image", "image link", "picture", "photo", "img", "imagen", "bild"],
    "description": ["desc", "details", "descripción", "beschreibung", "deskripsi"],
    "availability": ["stock", "status", "in stock", "disponibilité", "disponibilidad"],
    "section": ["category", "group", "catégorie", "categoría", "kategorie"],
}
LIMITS = {f.name: f.max_length for f in Product._meta.fields if getattr(f, "max_length", None)}
AVAILABILITY = {
    **{value: value for value in Product.Availability.values},
    **{str(label).lower(): value for value, label in Product.Availability.choices},
    "instock": "in stock",
    "outofstock": "out of stock",
}
MAX_PRICE = Decimal("9999999999.99")
is_url = URLValidator(schemes=["http", "https"])


def targets_for(header: str) -> list[tuple[str, str]]:
    return list(TARGETS)


def mapping_guess(header: list[str]) -> list[str]:
    return columns_guess(header, SYNONYMS)


def mapping_errors(mapping: dict[int, str], header: list[str]) -> list[str]:
    labels = dict(TARGETS)
    errors = [
        f"Choose the column that holds the {labels[target].lower()}."
        for target in REQUIRED
        if target not in mapping.values()
    ]
    chosen: dict[str, int] = {}
    for index in sorted(mapping):
        if (target := mapping[index]) in chosen:
            first = chosen[target]
            errors.append(
                f"Columns {first + 1} '{header[first]}' and {index + 1} '{header[index]}' "
                f"are both mapped to {labels[target]}: choose one."
            )
        chosen.setdefault(target, index)
    return errors


def _price(raw: str) -> Decimal:
    text = raw.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 12,50 as half of Europe writes it
    price = Decimal(text.replace(",", ""))
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise InvalidOperation
    return price.quantize(Decimal("0.01"))


def _check(target: str, raw: str) -> tuple[Any, str]:
    """The cell's value for the field, or "" and why it cannot be one."""
    limit = LIMITS.get(target)
    if target == "price":
        try:
            return _price(raw), ""
        except (InvalidOperation, ValueError):
            return None, f"'{raw}' is not a price (a number of zero or more, e.g. 12.50)"
    if target == "currency":
        code = raw.upper()
        if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
            return None, f"'{raw}' is not an ISO 4217 currency such as SGD, USD or EUR"
        return code, ""
    if target == "availability":
        value = AVAILABILITY.get(raw.lower()) or AVAILABILITY.get(raw.lower().replace(" ", ""))
        if value is None:
            return None, f"'{raw}' is not one of: {', '.join(Product.Availability.values)}"
        return value, ""
    if target == "image_url":
        url = raw if "://" in raw else "https://" + raw
        try:
            is_url(url)
        except ValidationError:
            return None, f"'{raw}' is not an http(s) link"
        raw = url
    if limit and len(raw) > limit:
        return None, f"{len(raw)} characters; at most {limit}"
    return raw, ""


class ProductsImport:
    """The RowHandler for products. `update` overwrites stored products' mapped fields."""

    def __init__(
        self,
        *,
        header: list[str],
        mapping: dict[int, str],
        update: bool,
        actor: Actor | None = None,
        source: str = "",
    ) -> None:
        self.header, self.mapping, self.update = header, mapping, update
        self.actor, self.source = actor, source
        self.seen: dict[tuple[str, str], int] = {}

    def parse(self, row: Row) -> dict[str, Any] | str:
        values: dict[str, Any] = {}
        for index, target in self.mapping.items():
            raw = row.cells[index].strip()
            if not raw:
                if target in REQUIRED:
                    return f"column {index + 1} '{self.header[index]}': required, but empty"
                continue
            value, problem = _check(target, raw)
            if problem:
                return f"column {index + 1} '{self.header[index]}': {problem}"
            values[target] = value
        if values.get("price") is not None and not values.get("currency"):
            return "a price needs a currency (ISO 4217, e.g. SGD)"
        return values

    def chunk(self, rows: list[Row]) -> Outcome:
        outcome = Outcome()
        wanted: dict[tuple[str, str], tuple[Row, dict[str, Any]]] = {}
        for row in rows:
            values = self.parse(row)
            if isinstance(values, str):
                outcome.reject(row, values)
                continue
            key = (values["catalog_id"], values["retailer_id"])
            if (first := self.seen.get(key)) is not None:
                outcome.skip(row, f"{key[1]} in {key[0]} is already on line {first}")
                continue
            self.seen[key] = row.line
            wanted[key] = (row, values)
        catalogs = {key[0] for key in wanted}
        Catalog.objects.bulk_create(
            [Catalog(catalog_id=c, name=c) for c in catalogs], ignore_conflicts=True
        )
        stored = {
            (p.catalog_id, p.retailer_id): p
            for p in Product.objects.filter(
                catalog_id__in=catalogs, retailer_id__in={key[1] for key in wanted}
            )
            if (p.catalog_id, p.retailer_id) in wanted
        }
        new = [Product(**values) for key, (_, values) in wanted.items() if key not in stored]
        Product.objects.bulk_create(new, batch_size=1000)
        outcome.imported = len(new)
        changed = []
        for key, product in stored.items():
            row, values = wanted[key]
            if not self.update:
                outcome.skip(row)
                continue
            for name, value in values.items():
                setattr(product, name, value)
            changed.append(product)
        keys = {"catalog_id", "retailer_id"}
        fields = sorted({name for _, values in wanted.values() for name in values} - keys)
        if changed and fields:
            Product.objects.bulk_update(changed, fields, batch_size=1000)
            outcome.updated = len(changed)
        else:
            outcome.skipped += len(changed)
        return outcome

    def finish(self, totals: Totals) -> None:
        if self.actor is None:
            return
        audit_record(
            action=AuditEntry.Action.IMPORT,
            summary=f"Imported products from {self.source or 'a CSV file'}: {totals}",
            actor=self.actor,
            data=asdict(totals),
        )


def products_import_for(job: ImportJob, *, actor: Actor | None) -> ProductsImport:
    return ProductsImport(
        header=job.header,
        mapping={int(k): v for k, v in job.mapping.items() if v},
        update=bool((job.options or {}).get("update")),
        actor=actor,
        source=job.original_name,
    )


IMPORT_TASK = "catalog.tasks.products_import_task"


def products_import_execute(job_id: int) -> bool:
    """Run a queued products import once; False when another run has it already."""

    def work(job: ImportJob) -> None:
        actor = Actor.of(job.created_by) if job.created_by is not None else None
        import_run(job, products_import_for(job, actor=actor))

    return job_execute(ImportJob, job_id, work)
