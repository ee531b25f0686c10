"""Reads of the catalog: catalogs with their sizes, the products page, the composer's picker."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from catalog.models import Catalog, Product

SEARCH_LIMIT = 20  # a picker shows a screenful; the rest are a keystroke away
CANDIDATES = 200  # matches sorted by name to pick those shown; see product_search
SEARCH_MAX = 100  # longer than any name or retailer id, so a longer query cannot match


def catalogs_with_counts() -> QuerySet[Catalog]:
    """Every catalog with `products`, how many products are filed under it (one query)."""
    counted = (
        Product.objects.filter(catalog_id=OuterRef("catalog_id"))
        .order_by()
        .values("catalog_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Catalog.objects.annotate(products=Coalesce(Subquery(counted), 0))


def _matching(q: str) -> Q:
    return Q(name__icontains=q) | Q(retailer_id__startswith=q)


def products_listed(*, catalog_id: str = "", q: str = "") -> QuerySet[Product]:
    """The products page: one catalog's (or all) products, by name or retailer id typed."""
    products = Product.objects.order_by("catalog_id", "name", "pk")
    if catalog_id:
        products = products.filter(catalog_id=catalog_id)
    q = q.strip()
    if q:
        products = products.filter(_matching(q))
    return products


def product_search(
    *, catalog_id: str = "", q: str = "", limit: int = SEARCH_LIMIT
) -> list[Product]:
    """At most `limit` products whose name holds `q` or whose retailer id starts with it.

    Within `catalog_id` when one is given (the composer's catalog field), else in every
    catalog. An empty `q` lists the first products by name, for a picker opened by arrow key.
    """
    q = q.strip()
    if len(q) > SEARCH_MAX:
        return []
    products = Product.objects.only(
        "catalog_id", "retailer_id", "name", "price", "currency", "image_url", "availability"
    )
    if catalog_id:
        products = products.filter(catalog_id=catalog_id)
    if not q:
        return list(products.order_by("name", "pk")[:limit])  # the (catalog, name) index
    # Sorting every match by name would make PostgreSQL either walk the whole catalog in name
    # order hoping for `limit` hits (~45 ms at 20,000 when none match) or sort thousands of
    # hits. Instead: the first CANDIDATES matches in any order (found through the trigram and
    # pattern indexes of migration 0005, or a scan that stops early), sorted here by name.
    # Past CANDIDATES matches the ones shown are some of them, and typing more narrows it.
    candidates = products.filter(_matching(q)).order_by()[:CANDIDATES]
    return sorted(candidates, key=lambda p: (p.name.casefold(), p.name, p.pk))[:limit]
