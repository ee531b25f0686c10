from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from access.http import HtmxHttpRequest
from access.permissions import COMPOSE, MANAGE_CATALOG, MANAGE_TEMPLATES, perm
from audit.services import Actor
from catalog.exporting import products_csv_lines, products_export_record
from catalog.forms import CatalogForm, ProductFilterForm, ProductForm, ProductSearchForm
from catalog.models import Catalog, Product, Template
from catalog.selectors import catalogs_with_counts, product_search, products_listed
from catalog.services import (
    CatalogExistsError,
    CatalogInUseError,
    SyncReport,
    catalog_delete,
    catalog_save,
    product_delete,
    product_save,
    template_summary,
    templates_sync,
)
from chatapps.errors import ChatAppsError

TEMPLATES_PAGE = "catalog/templates.html"
PRODUCTS_PAGE = "catalog/products.html"
CATALOGS_PAGE = "catalog/catalogs.html"
PRODUCTS_PER_PAGE = 50


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


def _products_context(request: HttpRequest, form: ProductForm) -> dict[str, Any]:
    filters = ProductFilterForm(request.GET or None)
    terms = filters.values()
    products = products_listed(catalog_id=terms["catalog_id"], q=terms["q"])
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    # The filters again on the page links, so paging keeps them.
    wanted = {"catalog": terms["catalog_id"], "q": terms["q"]}
    query = urlencode(wanted) if any(wanted.values()) else ""
    return {"page": page, "form": form, "filters": filters, "query": query}


@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def products_index(request: HttpRequest) -> HttpResponse:
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = product_save(actor=Actor.from_request(request), data=form.cleaned_data)
        messages.success(request, f"Added {product.name}.")
        return redirect("catalog:products")
    return render(request, PRODUCTS_PAGE, _products_context(request, form))


@require_GET
@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def products_export(request: HttpRequest) -> StreamingHttpResponse:
    """The products the page's filters show, as CSV the products import reads back."""
    terms = ProductFilterForm(request.GET or None).values()
    products = products_listed(catalog_id=terms["catalog_id"], q=terms["q"])
    products_export_record(actor=Actor.from_request(request), products=products, terms=terms)
    response = StreamingHttpResponse(products_csv_lines(products), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="products.csv"'
    return response


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


@require_GET
@permission_required(perm(COMPOSE), raise_exception=True)
def product_search_view(request: HttpRequest) -> HttpResponse:
    """The composer picker's options: at most SEARCH_LIMIT products, as listbox options."""
    form = ProductSearchForm(request.GET)
    found = []
    if form.is_valid():
        found = product_search(catalog_id=form.cleaned_data["catalog"], q=form.cleaned_data["q"])
    return render(request, "catalog/_product_options.html", {"products": found})


# -- catalogs ------------------------------------------------------------------------------------


@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def catalogs_index(request: HttpRequest) -> HttpResponse:
    form = CatalogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            catalog = catalog_save(actor=Actor.from_request(request), data=form.cleaned_data)
        except CatalogExistsError as taken:
            form.add_error("catalog_id", str(taken))
        else:
            messages.success(request, f"Added the catalog {catalog.name}.")
            return redirect("catalog:catalogs")
    return render(request, CATALOGS_PAGE, {"catalogs": catalogs_with_counts(), "form": form})


@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def catalog_edit(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = get_object_or_404(catalogs_with_counts(), pk=pk)
    form = CatalogForm(request.POST or None, instance=catalog)
    if request.method == "POST" and form.is_valid():
        catalog_save(actor=Actor.from_request(request), catalog=catalog, data=form.cleaned_data)
        messages.success(request, f"Saved the catalog {catalog.name}.")
        return redirect("catalog:catalogs")
    return render(request, "catalog/catalog_edit.html", {"catalog": catalog, "form": form})


@require_POST
@permission_required(perm(MANAGE_CATALOG), raise_exception=True)
def catalog_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = get_object_or_404(Catalog, pk=pk)
    try:
        catalog_delete(actor=Actor.from_request(request), catalog=catalog)
    except CatalogInUseError as refused:
        messages.error(request, f"Not deleted: {refused}")
        return redirect("catalog:catalog-edit", pk=catalog.pk)
    messages.success(request, f"Deleted the catalog {catalog.name}.")
    return redirect("catalog:catalogs")
