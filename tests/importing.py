"""Helpers the import tests share: a CSV on disk as an ImportJob, run as the worker runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tabular.models import ImportJob, JobState
from tabular.reading import csv_inspect
from tabular.writing import IMPORTS, media_file


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n") -> bytes:
    return newline.join(delimiter.join(cells) for cells in rows).encode() + newline.encode()


def import_job(
    content: bytes,
    *,
    kind: str = ImportJob.Kind.CONTACTS,
    mapping: dict[int, str] | None = None,
    options: dict[str, Any] | None = None,
    user: Any = None,
    guess: Any = None,
    state: str = JobState.QUEUED,
) -> ImportJob:
    """A job for `content`, queued, its mapping given or guessed from the header."""
    relative, path = media_file(IMPORTS)
    Path(path).write_bytes(content)
    inspection = csv_inspect(path)
    if mapping is None and guess is not None:
        mapping = {i: t for i, t in enumerate(guess(inspection.header)) if t}
    return ImportJob.objects.create(
        kind=kind,
        original_name="people.csv",
        file=relative,
        size=len(content),
        encoding=inspection.encoding,
        delimiter=inspection.delimiter,
        header=inspection.header,
        mapping={str(k): v for k, v in (mapping or {}).items()},
        options=options or {},
        rows_total=inspection.rows_estimate,
        created_by=user,
        state=state,
    )


def big_contacts_csv(path: Path, rows: int = 100_000) -> dict[str, Any]:
    """A contacts CSV of `rows` rows: every 10th row bad, every 20th a duplicate of an earlier one.

    Returns what an import of it must find: the counts, and the line of every bad row.
    """
    bad_lines, duplicates = [], 0
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("phone,name,language,tags,city\r\n")
        for i in range(rows):
            if i % 10 == 9:
                kind = i % 3
                cells = [f"12ab{i}", "Bad", "en"] if kind == 0 else [f"+6590{i:06d}", "Bad", "!!"]
                if kind == 2:
                    cells = ["", "No number", "en"]
                bad_lines.append(i + 2)
            elif i % 20 == 4:
                cells = [f"+6590{i - 3:06d}", f"Again {i}", "en"]
                duplicates += 1
            else:
                cells = [f"+6590{i:06d}", f"Person {i}", "en"]
            file.write(",".join([*cells, "vip" if i % 2 else "new", f"City {i % 50}"]) + "\r\n")
    return {
        "imported": rows - len(bad_lines) - duplicates,
        "rejected": len(bad_lines),
        "duplicates": duplicates,
        "bad_lines": bad_lines,
    }
