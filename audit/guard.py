"""The database's own refusal to change or delete audit entries.

AuditEntry.save and .delete refuse in Python, but a queryset's update() or delete(), raw SQL or
a shell would not pass through them; these triggers make the database itself refuse. TRUNCATE is
not refused (PostgreSQL fires no row triggers for it): it empties every table at once, as the
test suite's flush does, and on SQLite that flush drops and restores the delete trigger around
its DELETE (chatapps_admin/sqlite). Both raise SQLSTATE 23000, so Django raises IntegrityError
on either database.
"""

from __future__ import annotations

from typing import Any

TABLE = "audit_auditentry"
MESSAGE = "audit entries are append-only"

POSTGRESQL_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION audit_entry_refuse() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse()
    """,
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_entry_refuse()",
]

SQLITE_NO_DELETE = "audit_entry_no_delete"
SQLITE_CREATE_NO_DELETE = (
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_NO_DELETE} BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
)
SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    SQLITE_CREATE_NO_DELETE,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    f"DROP TRIGGER IF EXISTS {SQLITE_NO_DELETE}",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def guard_install(apps: Any, schema_editor: Any) -> None:
    """Create the triggers on PostgreSQL or SQLite (another database keeps the Python guard)."""
    _run(schema_editor, {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE})


def guard_remove(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP})
