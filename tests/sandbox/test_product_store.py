"""The sandbox's seed products carry the same pictures as the product's demo catalog."""

from __future__ import annotations

from sandbox.models import SandboxProduct
from sandbox.product_store import products_seed


def test_seeded_products_have_absolute_picture_urls_on_the_product(db, settings):
    settings.PUBLIC_BASE_URL = "https://admin.example.com"
    SandboxProduct.objects.all().delete()
    products_seed()
    urls = dict(SandboxProduct.objects.values_list("retailer_id", "image_url"))
    assert urls == {
        "shirt-001": "https://admin.example.com/static/demo/products/shirt.svg",
        "cap-002": "https://admin.example.com/static/demo/products/cap.svg",
        "mug-003": "https://admin.example.com/static/demo/products/mug.svg",
        "bottle-004": "https://admin.example.com/static/demo/products/bottle.svg",
    }
