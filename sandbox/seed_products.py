"""The products the sandbox's commerce catalog starts with, as Meta's catalog would hold them.

They match the retailer ids of the product's demo catalog, so a cart sent from the sandbox names
products the dashboard knows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

DEMO_CATALOG = "8x8-demo-catalog"

# Each product's picture: our own drawings under static/demo/products/, served by the product.
SEED_PICTURES = {"shirt-001": "shirt", "cap-002": "cap", "mug-003": "mug", "bottle-004": "bottle"}

SEED_PRODUCTS: list[dict[str, Any]] = [
    {"retailer_id": "shirt-001", "name": "8x8 Shirt", "price": Decimal("24.90")},
    {"retailer_id": "cap-002", "name": "8x8 Cap", "price": Decimal("14.50")},
    {"retailer_id": "mug-003", "name": "8x8 Mug", "price": Decimal("9.90")},
    {"retailer_id": "bottle-004", "name": "8x8 Bottle", "price": Decimal("19.00")},
]
