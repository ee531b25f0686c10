"""The Catalogs page: list with product counts, add, rename, delete an empty one; all audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import Actor
from catalog.forms import CatalogForm
from catalog.models import Catalog, Product
from catalog.services import CatalogExistsError, catalog_save

CATALOGS = reverse("catalog:catalogs")


def edit_url(catalog: Catalog) -> str:
    return reverse("catalog:catalog-edit", args=[catalog.pk])


def delete_url(catalog: Catalog) -> str:
    return reverse("catalog:catalog-delete", args=[catalog.pk])


@pytest.fixture
def shop(db) -> Catalog:
    return Catalog.objects.create(catalog_id="1234567890", name="Shop")


def test_it_sends_anonymous_visitors_to_log_in(client, shop):
    response = client.get(CATALOGS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["agent_client", "outsider_client"])
def test_catalogs_are_for_marketing_and_admins_only(who, request, shop):
    client = request.getfixturevalue(who)
    assert client.get(CATALOGS).status_code == 403
    assert client.post(CATALOGS, {"catalog_id": "x", "name": "X"}).status_code == 403
    assert client.post(edit_url(shop), {"name": "Renamed"}).status_code == 403
    assert client.post(delete_url(shop)).status_code == 403
    assert list(Catalog.objects.values_list("name", flat=True)) == ["Shop"]


def test_the_list_shows_each_catalog_with_its_product_count(marketer_client, shop):
    Catalog.objects.create(catalog_id="empty-1", name="Empty <b>")
    for n in range(3):
        Product.objects.create(catalog_id=shop.catalog_id, retailer_id=f"p{n}", name=f"P{n}")
    page = marketer_client.get(CATALOGS).content.decode()
    assert f'?catalog={shop.catalog_id}">3<span class="sr-only"> products in Shop' in page
    assert '?catalog=empty-1">0<span class="sr-only"> products in Empty &lt;b&gt;' in page
    assert "<b>" not in page


def test_the_list_takes_a_fixed_number_of_queries(marketer_client, django_assert_max_num_queries):
    for n in range(30):
        Catalog.objects.create(catalog_id=f"c{n}", name=f"C{n}")
        Product.objects.create(catalog_id=f"c{n}", retailer_id="p", name="P")
    with django_assert_max_num_queries(8):
        assert marketer_client.get(CATALOGS).status_code == 200


def test_a_catalog_can_be_added_and_it_is_audited(marketer_client, marketer):
    response = marketer_client.post(CATALOGS, {"catalog_id": " 987654 ", "name": " Outlet "})
    assert response.status_code == 302
    catalog = Catalog.objects.get()
    assert (catalog.catalog_id, catalog.name) == ("987654", "Outlet")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CATALOG_CHANGE)
    assert entry.summary == "Added the catalog Outlet (987654)"
    assert entry.actor_username == marketer.username


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"catalog_id": "", "name": "X"}, "Catalog id: This field is required."),
        ({"catalog_id": "12 34", "name": "X"}, "Catalog id: Must not contain spaces."),
        ({"catalog_id": "x" * 101, "name": "X"}, "Catalog id: Ensure this value has at most 100"),
        ({"catalog_id": "1234567890", "name": "X"}, "Catalog id: Catalog with this Catalog id"),
        ({"catalog_id": "new", "name": "  "}, "Name: This field is required."),
        ({"catalog_id": "new", "name": "n" * 201}, "Name: Ensure this value has at most 200"),
    ],
)
def test_bad_catalog_input_is_refused_naming_the_field_and_rule(
    marketer_client, shop, data, message
):
    response = marketer_client.post(CATALOGS, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Catalog.objects.count() == 1


def test_a_catalog_is_renamed_but_keeps_its_id(marketer_client, shop):
    assert marketer_client.get(edit_url(shop)).status_code == 200
    response = marketer_client.post(edit_url(shop), {"catalog_id": "changed", "name": "Big shop"})
    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.catalog_id, shop.name) == ("1234567890", "Big shop")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CATALOG_CHANGE)
    assert entry.summary == "Renamed the catalog Shop to Big shop (1234567890)"
    assert entry.data["before"] == "Shop"


def test_an_empty_catalog_is_deleted_by_post_only_and_audited(marketer_client, shop):
    assert marketer_client.get(delete_url(shop)).status_code == 405
    assert marketer_client.post(delete_url(shop)).status_code == 302
    assert Catalog.objects.count() == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CATALOG_CHANGE)
    assert entry.summary == "Deleted the catalog Shop (1234567890)"


def test_a_catalog_holding_products_is_not_deleted_and_the_page_says_why(marketer_client, shop):
    Product.objects.create(catalog_id=shop.catalog_id, retailer_id="p1", name="P1")
    edit_page = marketer_client.get(edit_url(shop)).content.decode()
    assert "Shop holds" in edit_page and "1 product</a>" in edit_page
    assert "Delete Shop</button>" not in edit_page

    response = marketer_client.post(delete_url(shop), follow=True)
    assert "Not deleted: Shop still holds 1 product: delete them or file them under" in (
        response.content.decode()
    )
    assert Catalog.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CATALOG_CHANGE).exists()


def test_a_missing_catalog_is_404(marketer_client):
    assert marketer_client.get(reverse("catalog:catalog-edit", args=[999])).status_code == 404
    assert marketer_client.post(reverse("catalog:catalog-delete", args=[999])).status_code == 404


def test_an_id_taken_between_the_check_and_the_save_is_refused_on_the_field(
    marketer_client, shop, monkeypatch
):
    """Two people adding the same id at once: the second save loses the race, and is told so
    on the id field instead of a 500 (the form's own check passed before the first saved)."""
    monkeypatch.setattr(CatalogForm, "validate_unique", lambda form: None)
    response = marketer_client.post(CATALOGS, {"catalog_id": shop.catalog_id, "name": "Again"})
    assert response.status_code == 200
    assert "A catalog with the id 1234567890 already exists." in response.content.decode()
    assert list(Catalog.objects.values_list("name", flat=True)) == ["Shop"]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CATALOG_CHANGE).exists()


def test_the_service_refuses_a_taken_id_and_records_nothing(shop, admin_user):
    with pytest.raises(CatalogExistsError):
        catalog_save(actor=Actor(user=admin_user), data={"catalog_id": "1234567890", "name": "X"})
    assert Catalog.objects.get().name == "Shop"
