"""Give every catalog id products already use a Catalog row, named after the id, so that the
product form's catalog select can show them and no product is left without a catalog."""

from django.db import migrations


def catalogs_create(apps, schema_editor):
    Catalog = apps.get_model("catalog", "Catalog")
    Product = apps.get_model("catalog", "Product")
    used = set(Product.objects.values_list("catalog_id", flat=True).distinct())
    known = set(Catalog.objects.values_list("catalog_id", flat=True))
    Catalog.objects.bulk_create(
        [Catalog(catalog_id=catalog_id, name=catalog_id) for catalog_id in sorted(used - known)]
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_product_catalog_name_index")]

    # Undoing it leaves the rows: they are harmless, and may have been renamed since.
    operations = [migrations.RunPython(catalogs_create, migrations.RunPython.noop)]
