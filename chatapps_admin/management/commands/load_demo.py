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

from catalog.models import Catalog, Product, Template
from catalog.services import templates_sync
from chatapps.client import client_from_settings
from messaging.intake import webhook_event_apply, webhook_events_pending
from messaging.models import OutboundMessage
from sandbox.replies import customer_reply
from sandbox.services import webhook_deliver

DEMO_CATALOG = "8x8-demo-catalog"
DEMO_CATALOG_NAME = "8x8 Demo Shop"
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
        Catalog.objects.get_or_create(catalog_id=DEMO_CATALOG, defaults={"name": DEMO_CATALOG_NAME})
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
        """The customer writes to WhatsApp's side (the sandbox), which posts the inbound webhook
        to the product, as 8x8 would: both then hold the message, and both windows are open."""
        msisdn, name = DEMO_CUSTOMER
        inbound = customer_reply(
            phone=msisdn,
            kind="text",
            text="Hi! Is my order on its way?",
            name=name,
            at=timezone.now() - timedelta(hours=1),
            schedule=False,
        )
        with httpx.Client(transport=httpx.WSGITransport(app=get_wsgi_application())) as client:
            for hook in inbound.webhooks.all():
                webhook_deliver(webhook_id=hook.pk, client=client)
        # Applied here too, so the demo is whole before any worker has started.
        for event_id in webhook_events_pending(older_than=timedelta(0)):
            webhook_event_apply(event_id=event_id)
