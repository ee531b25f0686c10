"""Writing CSVs people open in spreadsheets: exports, and the report of rows an import refused.

Every cell goes through `cell_safe`: a cell starting with = + - @, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula (CSV injection, OWASP), so it gets a
leading apostrophe, which spreadsheets show as text. The importer takes that apostrophe off again,
so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
IMPORTS = "imports"
EXPORTS = "exports"


def cell_safe(value: Any) -> str:
    """The value as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_unsafe(text: str) -> str:
    """Undo `cell_safe`: "'+6591234567" as exported is "+6591234567" again."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r" else text


class SafeWriter:
    """csv.writer whose every cell is made formula-safe first."""

    def __init__(self, file: IO[str]) -> None:
        self._writer = csv.writer(file, lineterminator="\r\n")

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([cell_safe(cell) for cell in cells])


def csv_lines(
    header: Iterable[Any], rows: Iterable[Iterable[Any]], *, rows_a_piece: int = 500
) -> Iterator[str]:
    """A CSV to stream: a BOM and the header first (so spreadsheets read any alphabet as UTF-8),
    then a few hundred formula-safe rows a piece, never the whole file in memory."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(header)
    yield "\ufeff" + _take(buffer)
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % rows_a_piece == 0:
            yield _take(buffer)
    yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def media_file(folder: str, suffix: str = ".csv") -> tuple[str, Path]:
    """A new unguessable path under MEDIA_ROOT/<folder>/, as (relative, absolute)."""
    relative = f"{folder}/{secrets.token_urlsafe(18)}{suffix}"
    absolute = Path(settings.MEDIA_ROOT) / relative
    absolute.parent.mkdir(parents=True, exist_ok=True)
    return relative, absolute


def media_path(relative: str) -> Path:
    """The absolute path of a stored file, refusing anything that would leave MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not relative or root not in path.parents:
        raise FileNotFoundError(relative)
    return path


class RejectReport:
    """The rows an import did not take, each with its line, what happened and why, and its cells.

    The file is only created when the first row is added, so a clean import leaves none behind.
    """

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.relative = ""
        self.count = 0
        self._file: IO[str] | None = None
        self._writer: SafeWriter | None = None

    def add(self, *, line: int, outcome: str, reason: str, cells: list[str]) -> None:
        if self._writer is None:
            self.relative, path = media_file(IMPORTS, "-rejected.csv")
            # A BOM so Excel opens names in any alphabet as UTF-8.
            self._file = path.open("w", encoding="utf-8-sig", newline="")
            self._writer = SafeWriter(self._file)
            self._writer.writerow(["line", "outcome", "reason", *self.header])
        self._writer.writerow([line, outcome, reason, *cells])
        self.count += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
