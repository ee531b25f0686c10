"""PostgreSQL only: indexes that keep the picker's search fast in catalogs of many thousands.

The search is `UPPER(name) LIKE '%Q%' OR retailer_id LIKE 'Q%'` (Django's icontains and
startswith). A B-tree serves neither, so a query matching nothing (a typo) reads the whole
catalog: ~45 ms at 20,000 products. A trigram GIN index serves the name half and a pattern-ops
B-tree the retailer-id half, so PostgreSQL answers either through a bitmap in a few ms.

pg_trgm ships with PostgreSQL and is a trusted extension (13+), so the database's owner may
create it. Where it cannot be created the migration carries on without the name index: the
search still works, only slower. SQLite has neither; it scans, which is fine embedded.
"""

from django.db import migrations, transaction

NAME_INDEX = (
    "CREATE INDEX IF NOT EXISTS product_name_trgm ON catalog_product "
    "USING gin (UPPER(name) gin_trgm_ops)"
)
RETAILER_INDEX = (
    "CREATE INDEX IF NOT EXISTS product_retailer_pattern ON catalog_product "
    "(retailer_id varchar_pattern_ops)"
)


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(RETAILER_INDEX)
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - any refusal means: go on without it
        print(f"\n  pg_trgm not available ({exc}); product search will scan names.")
        return
    schema_editor.execute(NAME_INDEX)


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS product_retailer_pattern")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_catalog_rows_for_products")]

    operations = [migrations.RunPython(indexes_create, indexes_drop)]
