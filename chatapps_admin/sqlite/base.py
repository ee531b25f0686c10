"""Django's SQLite backend, but its flush empties the audit trail as TRUNCATE would.

PostgreSQL's flush is a TRUNCATE, which row triggers do not see; SQLite has no TRUNCATE, and its
flush's DELETE would meet the trigger that refuses deleting audit entries (audit/guard.py). So
the flush, and only the flush (the test suite's reset between tests, `manage.py flush`), drops
that trigger, deletes, and creates it again in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

from audit.guard import SQLITE_CREATE_NO_DELETE, SQLITE_NO_DELETE, TABLE


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        sql = super().sql_flush(style, tables, **kwargs)
        if TABLE not in tables:
            return sql
        return [f"DROP TRIGGER IF EXISTS {SQLITE_NO_DELETE};", *sql, f"{SQLITE_CREATE_NO_DELETE};"]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
