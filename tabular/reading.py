"""Reading an uploaded CSV the way people's spreadsheets write them, one row at a time.

Encoding: a BOM means UTF-8 (Excel's "CSV UTF-8"); a file that decodes as UTF-8 is UTF-8; anything
else is Windows-1252, what Excel writes on Western Windows (a superset of Latin-1 for text). The
separator is sniffed among comma, semicolon (Excel in most of Europe) and tab. Rows carry the
physical line they start on, so a rejected row can be found in the file even when a quoted field
spans lines. Nothing reads the whole file into memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
PREVIEW_ROWS = 5
# Cells of a few megabytes are not contacts or products; the csv module's default is 128 kB.
csv.field_size_limit(1024 * 1024)


class CsvRefused(ValueError):
    """A file this importer will not read, with a sentence saying why."""


class Row(NamedTuple):
    """A row as read. A tuple, not a dataclass: a 100,000-row import makes 100,000 of them."""

    line: int  # the physical line of the file the row starts on (the header is line 1)
    cells: list[str]


@dataclass
class Inspection:
    encoding: str
    delimiter: str
    header: list[str]
    preview: list[Row] = field(default_factory=list)
    rows_estimate: int = 0


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 1_000_000))


def size_text(size: int) -> str:
    """12582912 -> '12 MB', 2048 -> '2 kB': sizes as the refusal and the form's help say them."""
    for unit, scale in (("MB", 1024 * 1024), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def size_check(size: int) -> None:
    """Refuse a file over IMPORT_MAX_BYTES from its size alone, before a byte of it is parsed."""
    if size > max_bytes():
        raise CsvRefused(
            f"The file is {size_text(size)}; files up to {size_text(max_bytes())} can be "
            "imported. Split it into smaller files."
        )
    if size == 0:
        raise CsvRefused("The file is empty.")


def rows_refusal(limit: int) -> str:
    return (
        f"The file has more than {limit:,} rows; files up to {limit:,} rows can be imported. "
        "Split it into smaller files."
    )


def encoding_detect(path: Path) -> str:
    """'utf-8-sig' for a BOM, 'utf-8' when every byte decodes as UTF-8, else 'cp1252'."""
    with path.open("rb") as file:
        start = file.read(3)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = start
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = file.read(CHUNK_BYTES)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def delimiter_sniff(sample: str) -> str:
    """The separator that splits the sample's first lines into the most, equally long, rows."""
    lines = sample.splitlines(keepends=True)[:50]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample cut the last line short
    text = "".join(lines)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open(path: Path, encoding: str) -> io.TextIOWrapper:
    # newline="" hands CR, LF and CRLF to the csv module untouched, as it needs for quoted fields.
    return path.open(encoding=encoding, errors="replace", newline="")


def rows_read(
    path: Path, *, encoding: str, delimiter: str, limit: int | None = None
) -> Iterator[Row]:
    """Every row after the header, blank lines left out; more than `limit` rows is refused."""
    limit = max_rows() if limit is None else limit
    with _open(path, encoding) as file:
        reader = csv.reader(file, delimiter=delimiter)
        try:
            next(reader)
            line, count = reader.line_num + 1, 0
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    count += 1
                    if count > limit:
                        raise CsvRefused(rows_refusal(limit))
                    yield Row(line=line, cells=cells)
                line = reader.line_num + 1
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvRefused(f"Line {reader.line_num}: the file is not valid CSV ({exc}).") from exc


def lines_count(path: Path) -> int:
    """Physical lines, counted in binary chunks: an upper bound on rows, fast at any size."""
    newlines = returns = 0
    last = b"\n"
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            newlines += chunk.count(b"\n")
            returns += chunk.count(b"\r")
            last = chunk[-1:]
    # A file of bare CRs (old Mac exports) has no LF at all; CRLF files count once, by their LF.
    count = newlines or returns
    return count + (0 if last in (b"\n", b"\r") else 1)


def csv_inspect(path: Path) -> Inspection:
    """Encoding, separator, header, the first rows and a row estimate; a file over a cap refused.

    1. The size cap, from the file's size alone.
    2. The row cap, from a fast count of lines; only when that count is over the cap are the
       rows counted exactly (quoted fields can span lines), so a big file is refused unparsed.
    3. Encoding and separator, then the header and a preview read as the import will read them.
    """
    size_check(path.stat().st_size)
    with path.open("rb") as file:
        if b"\x00" in file.read(SNIFF_BYTES):
            raise CsvRefused(
                "The file is not a CSV text file: it holds binary data (an Excel workbook or a "
                "picture?). Save it from the spreadsheet as CSV and upload that."
            )
    lines = lines_count(path)
    encoding = encoding_detect(path)
    with _open(path, encoding) as file:
        delimiter = delimiter_sniff(file.read(SNIFF_BYTES))
        file.seek(0)
        try:
            header = next(csv.reader(file, delimiter=delimiter))
        except (StopIteration, csv.Error) as exc:
            raise CsvRefused(
                "The file has no header row (the first line names the columns)."
            ) from exc
    header = [cell.strip() for cell in header]
    if not any(header):
        raise CsvRefused("The first line is empty: it should name the columns.")
    if lines - 1 > max_rows():
        exact = sum(1 for _ in rows_read(path, encoding=encoding, delimiter=delimiter))
        lines = exact + 1  # rows_read refuses with the cap's sentence before getting here
    preview = []
    for row in rows_read(path, encoding=encoding, delimiter=delimiter):
        preview.append(row)
        if len(preview) == PREVIEW_ROWS:
            break
    return Inspection(encoding, delimiter, header, preview, rows_estimate=max(lines - 1, 0))
