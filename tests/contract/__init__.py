"""The 8x8 contract as JSON Schema: `contract_errors(name, body)` lists how a body breaks it.

schemas_8x8.json was derived from 8x8's Business Messaging OpenAPI v1; its "$comment" says what
was dropped and which mistakes of the spec were fixed up. Formats checked: uuid and date-time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker

SCHEMAS_FILE = Path(__file__).with_name("schemas_8x8.json")
DEFINITIONS = json.loads(SCHEMAS_FILE.read_text(encoding="utf-8"))["definitions"]

# Only formats whose check needs no optional jsonschema dependency, so results do not depend
# on what else is installed.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value: object) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(datetime.fromisoformat(value))


def contract_errors(schema_name: str, body: object) -> list[str]:
    """Each way `body` breaks the named schema, as "PATH: MESSAGE"; empty when it matches."""
    errors = _validator(schema_name).iter_errors(body)
    return sorted(f"{_path(error.absolute_path)}: {error.message}" for error in errors)


def schema_names() -> list[str]:
    return sorted(DEFINITIONS)


@cache
def _validator(schema_name: str) -> Draft7Validator:
    if schema_name not in DEFINITIONS:
        raise KeyError(f"no schema {schema_name!r}; known: {', '.join(schema_names())}")
    root = {"$ref": f"#/definitions/{schema_name}", "definitions": DEFINITIONS}
    return Draft7Validator(root, format_checker=FORMATS)


def _path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
