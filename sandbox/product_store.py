"""The sandbox's commerce catalog: seeding it, and the prices a simulated cart is built from."""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static

from sandbox.models import SandboxProduct
from sandbox.seed_products import DEMO_CATALOG, SEED_PICTURES, SEED_PRODUCTS


def seed_image_url(retailer_id: str) -> str:
    """The seed product's picture as an absolute URL on the product's server, or ""."""
    picture = SEED_PICTURES.get(retailer_id)
    if not picture:
        return ""
    return settings.PUBLIC_BASE_URL.rstrip("/") + static(f"demo/products/{picture}.svg")


def products_seed() -> int:
    """Add the seed products that are missing; returns how many were added."""
    present = set(
        SandboxProduct.objects.filter(catalog_id=DEMO_CATALOG).values_list("retailer_id", flat=True)
    )
    missing = [
        SandboxProduct(
            catalog_id=DEMO_CATALOG,
            currency="SGD",
            image_url=seed_image_url(item["retailer_id"]),
            **item,
        )
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
