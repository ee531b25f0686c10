"""The demo data: products with pictures the project itself serves."""

from __future__ import annotations

from io import StringIO

from django.contrib.staticfiles import finders
from django.core.management import call_command

from catalog.models import Product
from chatapps_admin.management.commands.load_demo import DEMO_PRODUCTS


def test_every_demo_picture_is_a_vendored_static_file():
    for *_, picture in DEMO_PRODUCTS:
        assert finders.find(f"demo/products/{picture}.svg"), picture


def test_demo_products_carry_absolute_picture_urls_on_the_public_base_url(db, settings):
    settings.SANDBOX_ENABLED = False
    settings.PUBLIC_BASE_URL = "https://admin.example.com/"
    call_command("load_demo", stdout=StringIO())
    urls = dict(Product.objects.values_list("retailer_id", "image_url"))
    assert urls == {
        "shirt-001": "https://admin.example.com/static/demo/products/shirt.svg",
        "cap-002": "https://admin.example.com/static/demo/products/cap.svg",
        "mug-003": "https://admin.example.com/static/demo/products/mug.svg",
        "bottle-004": "https://admin.example.com/static/demo/products/bottle.svg",
    }
