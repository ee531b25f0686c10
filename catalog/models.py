from __future__ import annotations

import re

from django.db import models

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


class Template(models.Model):
    """A WhatsApp template as registered with 8x8, synced from its template list."""

    name = models.CharField(max_length=512)
    language = models.CharField(max_length=15)
    category = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=30, blank=True)
    # Why Meta rejected, paused or disabled it (template_status_update's meta.reason).
    reason = models.CharField(max_length=200, blank=True)
    # Meta's quality rating (template_quality_update's meta.newQualityScore): GREEN, YELLOW, RED.
    quality = models.CharField(max_length=30, blank=True)
    # 8x8's components list as returned by the template list endpoint (HEADER/BODY/FOOTER/BUTTONS).
    components = models.JSONField(default=list)
    # Where each parameter's value comes from when sent to a contact (kept across syncs):
    # {"<parameter>": {"source": "field" | "attribute" | "fixed", "key": "<field or attribute>",
    #   "value": "<fixed value>", "fallback": "..."}}; see catalog.parameters.
    parameter_sources = models.JSONField(default=dict, blank=True)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="unique_template_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    @property
    def is_approved(self) -> bool:
        return self.status.upper() == "APPROVED"

    def component(self, kind: str) -> dict | None:
        for component in self.components:
            if str(component.get("type", "")).upper() == kind.upper():
                return component
        return None


class TemplateStatusChange(models.Model):
    """One change of a template's status or quality, kept after the template itself is gone."""

    class Source(models.TextChoices):
        SUBMITTED = "submitted", "Submitted here"
        WEBHOOK = "webhook", "8x8 webhook"
        SYNC = "sync", "Template sync"

    template = models.ForeignKey(
        Template, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    # Kept as text too: a deleted template's history still reads right.
    name = models.CharField(max_length=512)
    language = models.CharField(max_length=15)
    status = models.CharField(max_length=30, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    quality = models.CharField(max_length=30, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["name", "language", "at"], name="template_history_key")]

    def __str__(self) -> str:
        return f"{self.name} ({self.language}): {self.status or self.quality}"


class Catalog(models.Model):
    """A WhatsApp commerce catalog connected to the business account, named for people."""

    catalog_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name", "catalog_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.catalog_id})"


class Product(models.Model):
    """A product in a WhatsApp commerce catalog, so agents pick products instead of pasting ids."""

    class Availability(models.TextChoices):
        # Meta's catalog values.
        IN_STOCK = "in stock", "In stock"
        OUT_OF_STOCK = "out of stock", "Out of stock"
        PREORDER = "preorder", "Pre-order"
        AVAILABLE_FOR_ORDER = "available for order", "Available for order"
        DISCONTINUED = "discontinued", "Discontinued"

    catalog_id = models.CharField(max_length=100, db_index=True)
    retailer_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    image_url = models.URLField(blank=True)
    availability = models.CharField(
        max_length=20, choices=Availability.choices, default=Availability.IN_STOCK
    )
    section = models.CharField(
        max_length=24, blank=True, help_text="Default section in product lists."
    )

    class Meta:
        ordering = ["catalog_id", "section", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog_id", "retailer_id"], name="unique_catalog_product"
            )
        ]
        # The picker and the products page list a catalog's products by name.
        indexes = [models.Index(fields=["catalog_id", "name"], name="product_catalog_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.retailer_id})"

    @property
    def price_text(self) -> str:
        """The price as WhatsApp shows it ("SGD 1,234.50"); "" without one."""
        if self.price is None:
            return ""
        return f"{self.currency} {self.price:,.2f}".strip()
