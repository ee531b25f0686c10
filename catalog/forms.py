"""The product form: what WhatsApp's commerce catalog accepts for a product."""

from __future__ import annotations

import re
from typing import Any

import pycountry
from django import forms
from django.db import models

from catalog.models import Product
from catalog.services import PRODUCT_FIELDS

CURRENCY = re.compile(r"[A-Z]{3}")


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # A bare "example.com/a.jpg" becomes https://, as Django 6 will do by default.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)  # the same fields the audit trail records
        formfield_callback = _formfield
        labels = {
            "catalog_id": "Catalog id",
            "retailer_id": "Retailer id (SKU)",
            "image_url": "Image URL",
        }
        help_texts = {
            "image_url": "A public http(s) link to the product picture.",
            "catalog_id": "The Meta commerce catalog this product lives in.",
            "retailer_id": "The product's id in that catalog (product_retailer_id).",
            "currency": "ISO 4217 code, e.g. SGD. Needed when a price is given.",
            "section": "Default section title in product lists (WhatsApp allows 24 characters).",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No HTML maxlength: it cuts pasted text without a word. Too long is refused instead,
        # the page naming the field ("Section: Ensure this value has at most 24 characters").
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean_price(self) -> Any:
        price = self.cleaned_data.get("price")
        if price is not None and price < 0:
            raise forms.ValidationError("Must be zero or more.")
        return price

    def clean_currency(self) -> str:
        currency = (self.cleaned_data.get("currency") or "").strip().upper()
        if currency and not CURRENCY.fullmatch(currency):
            raise forms.ValidationError("Must be a 3-letter ISO 4217 code such as SGD.")
        if currency and pycountry.currencies.get(alpha_3=currency) is None:
            raise forms.ValidationError(
                f"{currency} is not an ISO 4217 currency; WhatsApp prices products in one "
                "(SGD, USD, EUR…)."
            )
        return currency

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("price") is not None and not cleaned.get("currency"):
            self.add_error("currency", "Required when a price is given.")
        return cleaned
