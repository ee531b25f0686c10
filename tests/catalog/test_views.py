"""The Templates page (list, sync from 8x8) and the Products page (add, edit, delete)."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from catalog.models import Catalog, Product, Template
from chatapps.client import reset_client, set_client
from tests.chatapps.mock8x8 import error_body, make_client

TEMPLATES = reverse("catalog:templates")
SYNC = reverse("catalog:templates-sync")
PRODUCTS = reverse("catalog:products")

LISTED = {
    "templates": [
        {
            "templateName": "order_update",
            "language": "en_GB",
            "category": "UTILITY",
            "status": "APPROVED",
            "components": [{"type": "BODY", "text": "Your order {{1}} is on its way."}],
        }
    ]
}


@pytest.fixture
def eightbyeight():
    """Install a mock 8x8 answering with `answer` (a status and a body)."""
    answer: dict = {"status": 200, "body": LISTED}
    set_client(make_client(lambda r: httpx.Response(answer["status"], json=answer["body"])))
    yield answer
    reset_client()


# -- templates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent_client", "outsider_client"])
def test_templates_are_for_marketing_and_admins_only(who, request, eightbyeight):
    client = request.getfixturevalue(who)
    assert client.get(TEMPLATES).status_code == 403
    assert client.post(SYNC).status_code == 403
    assert Template.objects.count() == 0


@pytest.mark.parametrize("who", ["marketer_client", "admin_client_"])
def test_marketing_and_admins_see_the_templates(who, request, db):
    Template.objects.create(
        name="promo_<b>",
        language="en",
        category="MARKETING",
        status="REJECTED",
        components=[
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Hi {{1}} <script>x</script>"},
        ],
    )
    page = request.getfixturevalue(who).get(TEMPLATES).content.decode()
    assert "promo_&lt;b&gt;" in page
    assert "REJECTED" in page
    assert "Image header; 1 body value" in page
    assert "<script>x</script>" not in page
    assert "Last synced:" in page


def test_the_templates_page_takes_a_fixed_number_of_queries(
    marketer_client, django_assert_max_num_queries
):
    for n in range(20):
        Template.objects.create(name=f"t{n}", language="en", components=[{"type": "BODY"}])
    with django_assert_max_num_queries(8):
        assert marketer_client.get(TEMPLATES).status_code == 200


def test_sync_with_htmx_returns_the_panel_with_the_report(marketer_client, eightbyeight):
    response = marketer_client.post(SYNC, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="templates-panel"')
    assert "Synced from 8x8: 1 created, 0 updated, 0 removed" in page
    assert "order_update" in page
    assert Template.objects.get().name == "order_update"


def test_sync_without_javascript_redirects_with_a_message(marketer_client, eightbyeight):
    response = marketer_client.post(SYNC)
    assert response.status_code == 302
    assert response["Location"] == TEMPLATES
    page = marketer_client.get(TEMPLATES).content.decode()
    assert "Synced from 8x8: 1 created" in page
    assert Template.objects.count() == 1


def test_a_sync_error_is_explained_and_changes_nothing(marketer_client, eightbyeight):
    Template.objects.create(name="kept", language="en")
    eightbyeight.update(status=401, body=error_body(1200, "Request was not authenticated"))
    page = marketer_client.post(SYNC, HTTP_HX_REQUEST="true").content.decode()
    assert "Could not sync from 8x8." in page
    assert "CHATAPPS_API_KEY" in page
    assert "HTTP 401" in page and "code 1200" in page
    assert list(Template.objects.values_list("name", flat=True)) == ["kept"]


def test_an_unreachable_8x8_is_reported_as_temporary(marketer_client):
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    set_client(make_client(down))
    try:
        response = marketer_client.post(SYNC)
    finally:
        reset_client()
    page = marketer_client.get(response["Location"]).content.decode()
    assert "Could not sync from 8x8." in page
    assert "Could not connect to 8x8" in page


def test_sync_refuses_get(marketer_client):
    assert marketer_client.get(SYNC).status_code == 405


# -- products ------------------------------------------------------------------------------------

VALID = {
    "catalog_id": "8x8-demo-catalog",
    "availability": "in stock",
    "retailer_id": "shirt-001",
    "name": "8x8 Shirt",
    "description": "Soft cotton tee.",
    "price": "24.90",
    "currency": "sgd",
    "image_url": "https://example.com/shirt.jpg",
    "section": "Apparel",
}


@pytest.fixture(autouse=True)
def demo_catalog(db) -> Catalog:
    return Catalog.objects.create(catalog_id=VALID["catalog_id"], name="Demo shop")


@pytest.mark.parametrize("who", ["agent_client", "outsider_client"])
def test_products_are_for_marketing_and_admins_only(who, request):
    client = request.getfixturevalue(who)
    assert client.get(PRODUCTS).status_code == 403
    assert client.post(PRODUCTS, VALID).status_code == 403
    assert Product.objects.count() == 0


@pytest.mark.parametrize("who", ["marketer_client", "admin_client_"])
def test_a_product_can_be_added(who, request):
    response = request.getfixturevalue(who).post(PRODUCTS, VALID)
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.retailer_id, product.price, product.currency) == (
        "shirt-001",
        Decimal("24.90"),
        "SGD",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Name: This field is required."),
        ({"currency": "U$D"}, "Currency: Must be a 3-letter ISO 4217 code such as SGD."),
        ({"currency": "XYZ"}, "Currency: XYZ is not an ISO 4217 currency"),
        ({"currency": "ABC"}, "Currency: ABC is not an ISO 4217 currency"),
        ({"currency": "dollars"}, "Currency: Ensure this value has at most 3 characters"),
        ({"currency": ""}, "Currency: Required when a price is given."),
        ({"price": "-1"}, "Price: Must be zero or more."),
        ({"price": "abc"}, "Price: Enter a number."),
        ({"image_url": "not a url"}, "Image URL: Enter a valid URL."),
        ({"section": "x" * 25}, "Section: Ensure this value has at most 24 characters"),
    ],
)
def test_bad_product_input_is_refused_naming_the_field_and_rule(marketer_client, change, message):
    response = marketer_client.post(PRODUCTS, {**VALID, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Product.objects.count() == 0


def test_the_same_retailer_id_twice_in_a_catalog_is_refused(marketer_client):
    marketer_client.post(PRODUCTS, VALID)
    response = marketer_client.post(PRODUCTS, {**VALID, "name": "Another"})
    assert (
        "Retailer id (SKU): shirt-001 is already a product in the catalog 8x8-demo-catalog."
        in response.content.decode()
    )
    assert Product.objects.count() == 1


def test_a_product_can_be_edited(marketer_client):
    marketer_client.post(PRODUCTS, VALID)
    product = Product.objects.get()
    url = reverse("catalog:product-edit", args=[product.pk])
    assert marketer_client.get(url).status_code == 200
    response = marketer_client.post(url, {**VALID, "name": "8x8 Shirt v2", "price": ""})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price) == ("8x8 Shirt v2", None)


def test_a_product_can_be_deleted_by_post_only(marketer_client):
    marketer_client.post(PRODUCTS, VALID)
    url = reverse("catalog:product-delete", args=[Product.objects.get().pk])
    assert marketer_client.get(url).status_code == 405
    assert marketer_client.post(url).status_code == 302
    assert Product.objects.count() == 0


def test_editing_a_missing_product_is_404(marketer_client):
    assert marketer_client.get(reverse("catalog:product-edit", args=[999])).status_code == 404


def test_product_names_are_escaped(marketer_client):
    marketer_client.post(PRODUCTS, {**VALID, "name": "<img src=x onerror=alert(1)>"})
    page = marketer_client.get(PRODUCTS).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_adding_editing_and_deleting_a_product_are_audited_with_what_changed(
    marketer_client, marketer
):
    marketer_client.post(PRODUCTS, VALID)
    product = Product.objects.get()
    marketer_client.post(
        reverse("catalog:product-edit", args=[product.pk]), {**VALID, "price": "19.90"}
    )
    marketer_client.post(reverse("catalog:product-delete", args=[product.pk]))

    entries = AuditEntry.objects.filter(action=AuditEntry.Action.CATALOG_CHANGE).order_by("id")
    assert [e.summary for e in entries] == [
        "Added the product 8x8 Shirt (shirt-001)",
        "Changed the product 8x8 Shirt (shirt-001)",
        "Deleted the product 8x8 Shirt (shirt-001)",
    ]
    assert entries[1].data["changed"] == {"price": {"before": "24.90", "after": "19.90"}}
    assert {e.actor_username for e in entries} == {marketer.username}
