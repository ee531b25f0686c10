"""Storing a batch's messages: multi-row INSERTs of plain tuples, the ids read back by RETURNING.

The ORM's bulk_create prepares every value of every row through its field (17 columns, a
1,000-message batch: 17,000 calls) and caps SQLite at 999 parameters a statement; at campaign
volume that was most of the batch endpoint's CPU. The values here are the same the ORM would
write: text and numbers as they are, JSON encoded once, datetimes adapted by the backend.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import connections, models
from django.utils import timezone

from sandbox.models import SandboxMessage

_FIELDS = [f for f in SandboxMessage._meta.concrete_fields if not f.primary_key]
_COLUMNS = ", ".join(f'"{f.column}"' for f in _FIELDS)
# SQLite's default limit on a statement's parameters is 32,766 (since 3.32); PostgreSQL's 65,535.
_PARAMS_PER_STATEMENT = 30_000


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, cls=field.encoder)
    if isinstance(field, models.DateTimeField):
        ops = connections[SandboxMessage.objects.db].ops
        return ops.adapt_datetimefield_value
    return lambda value: value


def messages_insert(messages: list[SandboxMessage]) -> None:
    """INSERT the unsaved messages in list order and set each one's primary key."""
    if not messages:
        return
    db = SandboxMessage.objects.db
    connection = connections[db]
    now = timezone.now()
    for message in messages:
        message.updated_at = now  # what auto_now would set on save
    adapters = [(f.attname, _adapter(f)) for f in _FIELDS]
    # On PostgreSQL a JSON value goes as text: the cast makes it the column's jsonb.
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    one = ", ".join(f"%s{cast}" if isinstance(f, models.JSONField) else "%s" for f in _FIELDS)
    per_statement = max(1, _PARAMS_PER_STATEMENT // len(_FIELDS))
    table = SandboxMessage._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(messages), per_statement):
            part = messages[start : start + per_statement]
            params = [adapt(getattr(message, name)) for message in part for name, adapt in adapters]
            values = ", ".join([f"({one})"] * len(part))
            cursor.execute(
                f'INSERT INTO "{table}" ({_COLUMNS}) VALUES {values} RETURNING "id"',  # noqa: S608
                params,
            )
            # RETURNING gives the rows in the order of VALUES on both SQLite and PostgreSQL.
            for message, (pk,) in zip(part, cursor.fetchall(), strict=True):
                message.pk = pk
                message._state.adding = False
                message._state.db = db
