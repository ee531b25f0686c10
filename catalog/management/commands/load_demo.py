"""Fill an empty database with a small demo: products, templates, a customer who wrote in."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from catalog.models import Product, Template
from chatapps.models import InboundMessage
from composer.models import OutboundMessage

DEMO_CATALOG = "8x8-demo-catalog"
DEMO_PRODUCTS = [
    ("shirt-001", "8x8 Shirt", "Soft cotton tee with the 8x8 logo.", "24.90", "Apparel"),
    ("cap-002", "8x8 Cap", "Adjustable cap, one size.", "14.50", "Apparel"),
    ("mug-003", "8x8 Mug", "Ceramic mug, 350 ml.", "9.90", "Home"),
    ("bottle-004", "8x8 Bottle", "Insulated steel bottle, 500 ml.", "19.00", "Home"),
]
# A customer who wrote in an hour ago, so free-form messages to them are inside the window.
DEMO_CUSTOMER = ("+6591234567", "Demo Customer")


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
                self._sandbox_templates()
                self._customer()
        self.stdout.write(self.style.SUCCESS("Loaded the demo data."))

    def _products(self) -> None:
        for retailer_id, name, description, price, section in DEMO_PRODUCTS:
            Product.objects.create(
                catalog_id=DEMO_CATALOG,
                retailer_id=retailer_id,
                name=name,
                description=description,
                price=Decimal(price),
                currency="SGD",
                section=section,
            )

    def _sandbox_templates(self) -> None:
        from sandbox.seed_templates import SEED_TEMPLATES

        for item in SEED_TEMPLATES:
            Template.objects.create(
                name=item["templateName"],
                language=item["language"],
                category=item["category"],
                status=item["status"],
                components=item["components"],
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
