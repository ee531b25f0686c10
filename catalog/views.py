import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import models
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from access.http import HtmxHttpRequest
from access.permissions import MANAGE_CATALOG, MANAGE_TEMPLATES, perm
from audit.services import Actor
from catalog.models import Product, Template
from catalog.services import (
    SyncReport,
    product_delete,
    product_save,
    template_summary,
    templates_sync,
)
from chatapps.errors import ChatAppsError

TEMPLATES_PAGE = "catalog/templates.html"
PRODUCTS_PAGE = "catalog/products.html"
CURRENCY = re.compile(r"[A-Z]{3}")


# -- templates -----------------------------------------------------------------------------------


def _templates_context(**extra: Any) -> dict[str, Any]:
    templates = list(Template.objects.all())
    return {
        "rows": [(t, template_summary(t)) for t in templates],
        "last_synced": Template.objects.aggregate(last=Max("synced_at"))["last"],
        **extra,
    }


def _sync_error(exc: ChatAppsError) -> dict[str, Any]:
    said = f' 8x8 said: "{exc.message}".' if exc.http_status is not None and exc.code else ""
    return {
        "detail": exc.explanation + said,
        "http_status": exc.http_status,
        "code": exc.code,
        "error_id": exc.error_id,
        "retryable": exc.retryable,
    }


@require_GET
@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def templates_index(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES_PAGE, _templates_context())


@require_POST
@permission_required(perm(MANAGE_TEMPLATES), raise_exception=True)
def templates_sync_view(request: HtmxHttpRequest) -> HttpResponse:
    report: SyncReport | None = None
    error: dict[str, Any] | None = None
    try:
        report = templates_sync(actor=Actor.from_request(request))
    except ChatAppsError as exc:
        error = _sync_error(exc)
    if request.htmx:
        context = _templates_context(report=report, error=error)
        return render(request, f"{TEMPLATES_PAGE}#templates-panel", context)
    if report is not None:
        messages.success(request, f"Synced from 8x8: {report}.")
    elif error is not None:
        messages.error(request, f"Could not sync from 8x8. {error['detail']}")
    return redirect("catalog:templates")


# -- products ------------------------------------------------------------------------------------


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # A bare "example.com/a.jpg" becomes https://, as Django 6 will do by default.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "catalog_id",
            "retailer_id",
            "name",
            "description",
            "price",
            "currency",
            "image_url",
            "section",
        ]
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
        return currency

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("price") is not None and not cleaned.get("currency"):
            self.add_error("currency", "Required when a price is given.")
        return cleaned


@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def products_index(request: HttpRequest) -> HttpResponse:
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = product_save(actor=Actor.from_request(request), data=form.cleaned_data)
        messages.success(request, f"Added {product.name}.")
        return redirect("catalog:products")
    return render(request, PRODUCTS_PAGE, {"products": Product.objects.all(), "form": form})


@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        product_save(actor=Actor.from_request(request), product=product, data=form.cleaned_data)
        messages.success(request, f"Saved {product.name}.")
        return redirect("catalog:products")
    return render(request, "catalog/product_edit.html", {"product": product, "form": form})


@require_POST
@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def product_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk)
    product_delete(actor=Actor.from_request(request), product=product)
    messages.success(request, f"Deleted {product.name}.")
    return redirect("catalog:products")
