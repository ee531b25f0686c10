"""Templates mirrored from 8x8's registry, and the product catalog agents pick from.

Sync removes templates 8x8 no longer lists rather than marking them: 8x8 is the only source of
truth, a template it does not list cannot be sent (error 3038), and nothing else points at a
Template row (messages keep their own copy of the body), so keeping it would only offer a dead
choice in the composer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from catalog.models import PLACEHOLDER, Catalog, Product, Template
from catalog.parameters import mapping_pruned
from catalog.template_history import sync_history_record
from chatapps.client import ChatAppsClient, get_client

NAME_MAX = Template._meta.get_field("name").max_length or 512
LANGUAGE_MAX = Template._meta.get_field("language").max_length or 15


@dataclass(frozen=True)
class SyncReport:
    created: int
    updated: int
    removed: int
    unchanged: int = 0
    skipped: int = 0  # list items without a usable name or language

    def __str__(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged"
        )
        return text + (f", {self.skipped} skipped (no name or language)" if self.skipped else "")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _fields(item: dict[str, Any]) -> dict[str, Any] | None:
    """The Template fields of one template-list item, or None when it cannot be stored."""
    name = _text(item.get("templateName")) or _text(item.get("name"))
    language = _text(item.get("language"))
    if not name or not language or len(name) > NAME_MAX or len(language) > LANGUAGE_MAX:
        return None
    components = item.get("components")
    return {
        "name": name,
        "language": language,
        "category": _text(item.get("category")).upper()[:30],
        "status": _text(item.get("status")).upper()[:30],
        "components": [c for c in components if isinstance(c, dict)]
        if isinstance(components, list)
        else [],
    }


def templates_sync(
    *, client: ChatAppsClient | None = None, actor: Actor | None = None
) -> SyncReport:
    """Make the local templates match 8x8's list. Raises chatapps.errors.ChatAppsError.

    1. Fetch the list (before any transaction: no lock is held during the network call).
    2. Compare with what is stored, to report created / updated / unchanged.
    3. Upsert every listed template in one statement (safe against a concurrent sync); the
       parameter mapping is not among the columns it writes, so it is kept.
    4. Drop the mappings of parameters a template no longer takes.
    5. Delete the ones 8x8 no longer lists, and audit a sync a person asked for.
    """
    items = (client or get_client()).list_templates()
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    skipped = 0
    for item in items:
        fields = _fields(item)
        if fields is None:
            skipped += 1
            continue
        wanted[(fields["name"], fields["language"])] = fields  # a repeated item: the last wins
    now = timezone.now()
    with transaction.atomic():
        rows = Template.objects.only("name", "language", "category", "status", "components")
        stored = {(t.name, t.language): t for t in rows}
        created = updated = 0
        # (name, language, status) of each template new here or whose status moved.
        moved: list[tuple[str, str, str]] = []
        for key, fields in wanted.items():
            if key not in stored or stored[key].status != fields["status"]:
                moved.append((*key, fields["status"]))
            if key not in stored:
                created += 1
            else:
                old = stored[key]
                if (old.category, old.status, old.components) != (
                    fields["category"],
                    fields["status"],
                    fields["components"],
                ):
                    updated += 1
        Template.objects.bulk_create(
            [Template(**fields, synced_at=now) for fields in wanted.values()],
            update_conflicts=True,
            unique_fields=["name", "language"],
            update_fields=["category", "status", "components", "synced_at"],
        )
        _mappings_prune(stored.keys() & wanted.keys())
        sync_history_record(moved)
        gone = [t.pk for key, t in stored.items() if key not in wanted]
        removed = Template.objects.filter(pk__in=gone).delete()[0] if gone else 0
        report = SyncReport(
            created=created,
            updated=updated,
            removed=removed,
            unchanged=len(wanted) - created - updated,
            skipped=skipped,
        )
        if actor is not None:
            audit_record(
                action=AuditEntry.Action.IMPORT,
                summary=f"Synced templates from 8x8: {report}",
                actor=actor,
                data=asdict(report),
            )
    return report


def _mappings_prune(keys: set[tuple[str, str]]) -> None:
    """Forget the mapping of each parameter its template no longer takes (new components)."""
    mapped = Template.objects.exclude(parameter_sources={}).only(
        "name", "language", "components", "parameter_sources"
    )
    for template in mapped:
        if (template.name, template.language) not in keys:
            continue
        pruned = mapping_pruned(template)
        if pruned != template.parameter_sources:
            Template.objects.filter(pk=template.pk).update(parameter_sources=pruned)


@dataclass(frozen=True)
class TemplateSummary:
    """What a template needs when sent: its header kind, body values and buttons."""

    body: str
    header: str  # "", "Text", "Image", "Document", "Video", "Location"
    header_params: int
    body_params: int
    buttons: list[str]

    @property
    def parameter_text(self) -> str:
        parts = []
        if self.header:
            extra = f" ({self.header_params} value)" if self.header_params else ""
            parts.append(f"{self.header} header{extra}")
        if self.body_params:
            parts.append(f"{self.body_params} body value{'s' if self.body_params != 1 else ''}")
        if self.buttons:
            parts.append(f"buttons: {', '.join(self.buttons)}")
        return "; ".join(parts) or "No parameters"


def _placeholders(text: str) -> int:
    return len(set(PLACEHOLDER.findall(text)))


def template_summary(template: Template) -> TemplateSummary:
    header = template.component("HEADER") or {}
    body = template.component("BODY") or {}
    buttons_component = template.component("BUTTONS") or {}
    header_format = _text(header.get("format")).capitalize() if header else ""
    if header and not header_format:
        header_format = "Text"
    buttons = []
    for button in buttons_component.get("buttons") or []:
        if isinstance(button, dict):
            kind = _text(button.get("type")).replace("_", " ").lower() or "button"
            label = _text(button.get("text"))
            buttons.append(f"{kind} “{label}”" if label else kind)
    body_text = _text(body.get("text"))
    return TemplateSummary(
        body=body_text,
        header=header_format,
        header_params=_placeholders(_text(header.get("text"))) if header_format == "Text" else 0,
        body_params=_placeholders(body_text),
        buttons=buttons,
    )


# -- products ----------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A field's value as the audit trail keeps it."""
    return "" if value is None else str(value)


PRODUCT_FIELDS = (
    "catalog_id",
    "retailer_id",
    "name",
    "description",
    "price",
    "currency",
    "image_url",
    "availability",
    "section",
)


@transaction.atomic
def product_save(*, actor: Actor, product: Product | None = None, data: dict[str, Any]) -> Product:
    """Create a product, or update `product`, from cleaned_data; audited with what changed."""
    created = product is None
    product = product or Product()
    # From the database: a ModelForm has already written the new values onto its instance.
    stored = Product.objects.filter(pk=product.pk).values(*PRODUCT_FIELDS).first() or {}
    before = {field: _shown(stored.get(field)) for field in PRODUCT_FIELDS}
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    product.save()
    after = {field: _shown(getattr(product, field)) for field in PRODUCT_FIELDS}
    changed = {
        f: {"before": before[f], "after": after[f]} for f in PRODUCT_FIELDS if before[f] != after[f]
    }
    audit_record(
        action=AuditEntry.Action.CATALOG_CHANGE,
        summary=f"{'Added' if created else 'Changed'} the product {product.name} "
        f"({product.retailer_id})",
        actor=actor,
        target=product,
        data={"created": created, "changed": changed},
    )
    return product


@transaction.atomic
def product_delete(*, actor: Actor, product: Product) -> None:
    audit_record(
        action=AuditEntry.Action.CATALOG_CHANGE,
        summary=f"Deleted the product {product.name} ({product.retailer_id})",
        actor=actor,
        target=product,
        data={"deleted": {field: _shown(getattr(product, field)) for field in PRODUCT_FIELDS}},
    )
    product.delete()


# -- catalogs ----------------------------------------------------------------------------------


class CatalogInUseError(Exception):
    """A catalog still holding products: deleting it would leave them filed under nothing."""

    def __init__(self, catalog: Catalog, products: int) -> None:
        self.catalog, self.products = catalog, products
        noun = "product" if products == 1 else "products"
        super().__init__(
            f"{catalog.name} still holds {products} {noun}: delete them or file them under "
            "another catalog first."
        )


class CatalogExistsError(Exception):
    """Another catalog took the id between the form's check and the save (two people at once)."""

    def __init__(self, catalog_id: str) -> None:
        self.catalog_id = catalog_id
        super().__init__(f"A catalog with the id {catalog_id} already exists.")


@transaction.atomic
def catalog_save(*, actor: Actor, catalog: Catalog | None = None, data: dict[str, Any]) -> Catalog:
    """Create a catalog, or rename `catalog` (its id is fixed: products are filed under it).

    Raises CatalogExistsError when a new catalog's id was taken since the form looked.
    """
    created = catalog is None
    catalog = catalog or Catalog(catalog_id=data["catalog_id"])
    before = Catalog.objects.filter(pk=catalog.pk).values_list("name", flat=True).first() or ""
    catalog.name = data["name"]
    try:
        with transaction.atomic():
            catalog.save()
    except IntegrityError as taken:
        raise CatalogExistsError(catalog.catalog_id) from taken
    audit_record(
        action=AuditEntry.Action.CATALOG_CHANGE,
        summary=f"Added the catalog {catalog.name} ({catalog.catalog_id})"
        if created
        else f"Renamed the catalog {before} to {catalog.name} ({catalog.catalog_id})",
        actor=actor,
        target=catalog,
        data={"created": created, "catalog_id": catalog.catalog_id, "name": catalog.name}
        | ({} if created else {"before": before}),
    )
    return catalog


@transaction.atomic
def catalog_delete(*, actor: Actor, catalog: Catalog) -> None:
    """Delete an empty catalog; raises CatalogInUseError while products are filed under it.

    Refused rather than cascading: a catalog can hold thousands of products, each of which
    a template or a saved draft may name, and one click should not take them all.
    """
    # A product saved in the same instant may still name the id; the product form keeps
    # offering an id without a row, so such a product stays editable rather than lost.
    products = Product.objects.filter(catalog_id=catalog.catalog_id).count()
    if products:
        raise CatalogInUseError(catalog, products)
    audit_record(
        action=AuditEntry.Action.CATALOG_CHANGE,
        summary=f"Deleted the catalog {catalog.name} ({catalog.catalog_id})",
        actor=actor,
        target=catalog,
        data={"deleted": {"catalog_id": catalog.catalog_id, "name": catalog.name}},
    )
    catalog.delete()
