"""0004 gives every catalog id products already use a Catalog row, so none is orphaned."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from catalog.models import Catalog
from tests.factories import CatalogFactory, ProductFactory

pytestmark = pytest.mark.django_db

migration = import_module("catalog.migrations.0004_catalog_rows_for_products")


def test_catalog_ids_without_a_row_get_one_named_after_the_id():
    CatalogFactory(catalog_id="known", name="Known shop")
    for catalog_id in ("known", "legacy-1", "legacy-1", "legacy-2"):
        ProductFactory.build(catalog_id=catalog_id).save()
    migration.catalogs_create(apps, None)
    assert dict(Catalog.objects.values_list("catalog_id", "name")) == {
        "known": "Known shop",
        "legacy-1": "legacy-1",
        "legacy-2": "legacy-2",
    }
    migration.catalogs_create(apps, None)  # running it again adds nothing
    assert Catalog.objects.count() == 3
