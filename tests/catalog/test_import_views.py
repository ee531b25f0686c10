"""The products import pages: the contacts pages' machinery behind the catalog's permission."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.importing import products_import_execute
from catalog.models import Product
from tabular.models import ImportJob, JobState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CSV = b"catalog,sku,title,price,currency\ncat,A,Tea,2.50,SGD\ncat,B,Cake,1,NOPE\n"


def upload(client):
    return client.post(
        reverse("products-io:import"),
        {"existing": "update", "file": SimpleUploadedFile("products.csv", CSV)},
    )


def test_the_products_page_links_the_import(marketer_client):
    page = marketer_client.get(reverse("catalog:products")).content.decode()
    assert f'href="{reverse("products-io:import")}"' in page


@pytest.mark.parametrize("who", ["agent_client", "outsider_client"])
def test_it_refuses_users_who_do_not_manage_the_catalog(request, who):
    client = request.getfixturevalue(who)
    assert client.get(reverse("products-io:import")).status_code == 403
    assert upload(client).status_code == 403


def test_upload_map_import_and_see_the_counts(marketer_client):
    upload(marketer_client)
    job = ImportJob.objects.get(kind=ImportJob.Kind.PRODUCTS)
    mapping = marketer_client.get(reverse("products-io:mapping", args=[job.pk])).content.decode()
    assert '<option value="retailer_id" selected>' in mapping
    marketer_client.post(
        reverse("products-io:mapping", args=[job.pk]),
        {
            f"column_{i}": t
            for i, t in enumerate(["catalog_id", "retailer_id", "name", "price", "currency"])
        },
    )
    products_import_execute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.imported, job.rejected) == (JobState.DONE, 1, 1)
    assert Product.objects.get().name == "Tea"
    page = marketer_client.get(reverse("products-io:progress", args=[job.pk])).content.decode()
    assert "Download rejected rows (CSV)" in page and "See the products" in page
    report = marketer_client.get(reverse("products-io:report", args=[job.pk]))
    assert b"'NOPE' is not an ISO 4217 currency" in b"".join(report.streaming_content)
