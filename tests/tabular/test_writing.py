"""Formula-safe cells, the rejected-rows report and stored files' paths."""

from __future__ import annotations

import csv
import io

import pytest

from tabular.writing import RejectReport, SafeWriter, cell_safe, cell_unsafe, media_path


@pytest.mark.parametrize("text", ["=1+2", "+6591234567", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(text):
    assert cell_safe(text) == "'" + text
    assert cell_unsafe(cell_safe(text)) == text


@pytest.mark.parametrize("value", ["Ann", "", "12", "a=b", "'quoted'", None, 7])
def test_other_cells_are_left_as_they_are(value):
    assert cell_safe(value) == ("" if value is None else str(value))
    assert cell_unsafe(cell_safe(value)) == cell_safe(value)


def test_the_writer_neutralises_every_cell():
    out = io.StringIO()
    SafeWriter(out).writerow(['=HYPERLINK("http://x")', "ok", '-1"'])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        '\'=HYPERLINK("http://x")',
        "ok",
        "'-1\"",
    ]


def test_a_report_is_only_written_when_a_row_is_added(media_root):
    report = RejectReport(["phone", "name"])
    report.close()
    assert report.relative == ""
    assert not (media_root / "imports").exists() or not any((media_root / "imports").iterdir())


def test_the_report_lists_line_outcome_reason_and_the_original_cells(media_root):
    report = RejectReport(["phone", "name"])
    report.add(line=3, outcome="rejected", reason="bad", cells=["12ab", "=cmd()"])
    report.close()
    path = media_path(report.relative)
    assert report.relative.startswith("imports/") and report.relative.endswith("-rejected.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows == [
        ["line", "outcome", "reason", "phone", "name"],
        ["3", "rejected", "bad", "12ab", "'=cmd()"],
    ]


@pytest.mark.parametrize("relative", ["", "../settings.py", "/etc/passwd", "imports/../../x"])
def test_stored_paths_never_leave_the_media_root(media_root, relative):
    with pytest.raises(FileNotFoundError):
        media_path(relative)
