"""The payload hash of an audit entry: sha256 over a canonical JSON of what the entry says.

Each entry is hashed on its own, not chained to the previous one: a chain needs every writer, in
every process, to take one lock and read the newest hash before inserting, which would serialise
every audited action behind the longest transaction that audits something (a campaign launch).
The per-entry hash still lets a copy of the trail (a CSV export, a log shipped elsewhere) be
checked against the database row by row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

# What is hashed, in this order; the id and the hash itself are not.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "ip_address",
    "action",
    "target_type",
    "target_id",
    "summary",
    "data",
)


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 as is: the same data always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(fields: dict[str, Any]) -> str:
    """The hex sha256 of the entry's fields (as HASHED_FIELDS names them)."""
    shown = {name: fields.get(name) for name in HASHED_FIELDS}
    at = shown["at"]
    if isinstance(at, datetime):
        # In UTC to the microsecond, as both databases store the time and give it back.
        shown["at"] = at.astimezone(UTC).isoformat()
    return hashlib.sha256(canonical_json(shown).encode()).hexdigest()
