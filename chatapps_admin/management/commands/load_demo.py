"""Fill an empty database with a small demo: products, and the templates and a customer from 8x8.

The product learns templates the way it does in production: its own template sync, here against
the built-in sandbox. The sandbox is reached over its HTTP API through an in-process WSGI
transport, because `make run` loads the demo before the web server is listening.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.templatetags.static import static
from django.utils import timezone

from catalog.models import Product, Template
from catalog.services import templates_sync
from chatapps.client import client_from_settings
from messaging.models import InboundMessage, OutboundMessage

DEMO_CATALOG = "8x8-demo-catalog"
# The pictures are our own drawings under static/demo/products/.
DEMO_PRODUCTS = [
    ("shirt-001", "8x8 Shirt", "Soft cotton tee with the 8x8 logo.", "24.90", "Apparel", "shirt"),
    ("cap-002", "8x8 Cap", "Adjustable cap, one size.", "14.50", "Apparel", "cap"),
    ("mug-003", "8x8 Mug", "Ceramic mug, 350 ml.", "9.90", "Home", "mug"),
    ("bottle-004", "8x8 Bottle", "Insulated steel bottle, 500 ml.", "19.00", "Home", "bottle"),
]
# A customer who wrote in an hour ago, so free-form messages to them are inside the window.
DEMO_CUSTOMER = ("+6591234567", "Demo Customer")


def demo_image_url(picture: str) -> str:
    """The picture's absolute URL: a catalog holds full URLs, as 8x8 and phones fetch them."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + static(f"demo/products/{picture}.svg")


class Command(BaseCommand):
    help = "Load demo data when the database has no products, templates or messages (re-runnable)."

    def handle(self, *args: Any, **options: Any) -> None:
        if (
            Product.objects.exists()
            or Template.objects.exists()
            or OutboundMessage.objects.exists()
        ):
            self.stdout.write("The database already has data; demo not loaded.")
            return
        with transaction.atomic():
            self._products()
        if settings.SANDBOX_ENABLED:
            report = templates_sync(client=self._sandbox_client())
            self.stdout.write(f"Templates from the sandbox: {report}.")
            self._customer()
        self.stdout.write(self.style.SUCCESS("Loaded the demo data."))

    def _sandbox_client(self) -> Any:
        transport = httpx.WSGITransport(app=get_wsgi_application())
        return client_from_settings(transport=transport)

    def _products(self) -> None:
        for retailer_id, name, description, price, section, picture in DEMO_PRODUCTS:
            Product.objects.create(
                catalog_id=DEMO_CATALOG,
                retailer_id=retailer_id,
                name=name,
                description=description,
                price=Decimal(price),
                currency="SGD",
                section=section,
                image_url=demo_image_url(picture),
            )

    def _customer(self) -> None:
        msisdn, name = DEMO_CUSTOMER
        InboundMessage.objects.create(
            umid="00000000-0000-4000-8000-000000000001",
            msisdn=msisdn,
            profile_name=name,
            type="Text",
            content={"text": "Hi! Is my order on its way?"},
            received_at=timezone.now() - timedelta(hours=1),
        )
