"""The sandbox's commerce catalog: seeding it, and the prices a simulated cart is built from."""

from __future__ import annotations

from sandbox.models import SandboxProduct
from sandbox.seed_products import DEMO_CATALOG, SEED_PRODUCTS


def products_seed() -> int:
    """Add the seed products that are missing; returns how many were added."""
    present = set(
        SandboxProduct.objects.filter(catalog_id=DEMO_CATALOG).values_list("retailer_id", flat=True)
    )
    missing = [
        SandboxProduct(catalog_id=DEMO_CATALOG, currency="SGD", **item)
        for item in SEED_PRODUCTS
        if item["retailer_id"] not in present
    ]
    SandboxProduct.objects.bulk_create(missing)
    return len(missing)


def products_first(*, count: int) -> list[SandboxProduct]:
    """The first products of the store, for a cart sent without a product message to answer."""
    return list(SandboxProduct.objects.all()[:count])


def products_in_catalog(*, catalog_id: str, retailer_ids: list[str]) -> dict[str, SandboxProduct]:
    """The stored products of one catalog with these retailer ids, by retailer id."""
    found = SandboxProduct.objects.filter(catalog_id=catalog_id, retailer_id__in=retailer_ids)
    return {product.retailer_id: product for product in found}
