"""The product picker: a text field for a retailer id that, with JavaScript, searches the catalog.

It follows the ARIA 1.2 combobox pattern (an input with role=combobox owning a listbox popup);
static/js/picker.js fills the listbox from catalog:product-search as the person types and handles
the keys. Without JavaScript it is the plain text field it always was: a typed id is accepted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


class ProductPicker(forms.TextInput):
    """A retailer-id input with its (empty, hidden) listbox and a live region for the count."""

    def __init__(self, *, catalog_field: str = "catalog_id") -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false"})
        self.catalog_field = catalog_field

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = dict(attrs or {})
        listbox = f"{attrs.get('id') or 'id_' + name}-listbox"
        attrs.update(
            {
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": listbox,
                "data-picker": reverse("catalog:product-search"),
                "data-picker-catalog": self.catalog_field,
            }
        )
        return format_html(
            '<div class="picker">{}<ul class="picker-listbox" id="{}" role="listbox" '
            'aria-label="Matching products" hidden></ul>'
            '<span class="sr-only picker-status" role="status"></span></div>',
            super().render(name, value, attrs, renderer),
            listbox,
        )


def product_field(*, label: str = "Product", required: bool = True, help_text: str = "") -> Any:
    """A retailer id, picked from the catalog by name or typed."""
    return forms.CharField(
        label=label,
        required=required,
        widget=ProductPicker(),
        help_text=help_text or "Type part of a product's name to pick it, or type a retailer id.",
        error_messages={"required": "Product retailer id is required."},
    )
