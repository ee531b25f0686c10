"""The catalog and product forms: what WhatsApp's commerce catalog accepts for each."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pycountry
from django import forms
from django.db import models

from catalog.models import Catalog, Product
from catalog.services import PRODUCT_FIELDS

CURRENCY = re.compile(r"[A-Z]{3}")
CATALOG_ID = re.compile(r"[^\s]+")


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # A bare "example.com/a.jpg" becomes https://, as Django 6 will do by default.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def _no_maxlength(form: forms.BaseForm) -> None:
    # No HTML maxlength: it cuts pasted text without a word. Too long is refused instead, the
    # page naming the field ("Section: Ensure this value has at most 24 characters").
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class CatalogForm(forms.ModelForm):
    """A catalog's Meta id (fixed once saved: products point at it) and its name for people."""

    class Meta:
        model = Catalog
        fields = ["catalog_id", "name"]
        labels = {"catalog_id": "Catalog id"}
        help_texts = {
            "catalog_id": "The id Meta's Commerce Manager shows for the catalog.",
            "name": "What people here call it.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_maxlength(self)
        if self.instance.pk is not None:
            self.fields["catalog_id"].disabled = True
            self.fields["catalog_id"].help_text = "Fixed: products are filed under it."

    def clean_catalog_id(self) -> str:
        catalog_id = (self.cleaned_data.get("catalog_id") or "").strip()
        if not CATALOG_ID.fullmatch(catalog_id):
            raise forms.ValidationError("Must not contain spaces.")
        return catalog_id

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise forms.ValidationError("This field is required.")
        return name


def catalog_choices(current: str = "") -> list[tuple[str, str]]:
    """The catalogs to file a product under, plus `current` should it have lost its row."""
    rows = list(Catalog.objects.values_list("catalog_id", "name"))
    choices = [(catalog_id, f"{name} ({catalog_id})") for catalog_id, name in rows]
    if current and current not in {catalog_id for catalog_id, _ in rows}:
        choices.append((current, current))
    return [("", "Choose a catalog"), *choices]


class ProductForm(forms.ModelForm):
    catalog_id = forms.ChoiceField(
        label="Catalog",
        help_text="The Meta commerce catalog this product lives in.",
    )

    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)  # the same fields the audit trail records
        formfield_callback = _formfield
        labels = {
            "retailer_id": "Retailer id (SKU)",
            "image_url": "Image URL",
        }
        help_texts = {
            "image_url": "A public http(s) link to the product picture.",
            "retailer_id": "The product's id in that catalog (product_retailer_id).",
            "price": "At most 2 decimals, e.g. 24.90.",
            "currency": "ISO 4217 code, e.g. SGD. Needed when a price is given.",
            "section": "Default section title in product lists (WhatsApp allows 24 characters).",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_maxlength(self)
        field = self.fields["catalog_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = catalog_choices(self.instance.catalog_id)
        if len(field.choices) == 2 and not self.instance.pk:
            field.initial = field.choices[1][0]  # the only catalog: nothing to choose

    def clean_retailer_id(self) -> str:
        retailer_id = (self.cleaned_data.get("retailer_id") or "").strip()
        if not retailer_id:
            raise forms.ValidationError("This field is required.")
        return retailer_id

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

    def clean_image_url(self) -> str:
        url = self.cleaned_data.get("image_url") or ""
        if url and urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise forms.ValidationError("Must be an http:// or https:// link; phones fetch it.")
        return url

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("price") is not None and not cleaned.get("currency"):
            self.add_error("currency", "Required when a price is given.")
        catalog_id, retailer_id = cleaned.get("catalog_id"), cleaned.get("retailer_id")
        taken = Product.objects.filter(catalog_id=catalog_id, retailer_id=retailer_id)
        if catalog_id and retailer_id and taken.exclude(pk=self.instance.pk).exists():
            # Named on the field: the unique constraint alone would say it above the form.
            self.add_error(
                "retailer_id", f"{retailer_id} is already a product in the catalog {catalog_id}."
            )
        return cleaned


class ProductFilterForm(forms.Form):
    """The products page's filters; a bad value lists everything rather than failing."""

    catalog = forms.ChoiceField(label="Catalog", required=False)
    q = forms.CharField(
        label="Name or retailer id", required=False, max_length=100, widget=forms.TextInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["catalog"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All catalogs"), *catalog_choices()[1:]]
        self.fields["q"].widget.attrs.pop("maxlength", None)

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"catalog_id": "", "q": ""}
        return {"catalog_id": self.cleaned_data["catalog"], "q": self.cleaned_data["q"]}


class ProductSearchForm(forms.Form):
    """The picker's query: any text (NUL bytes refused), in any catalog id or none."""

    catalog = forms.CharField(required=False)
    q = forms.CharField(required=False)
