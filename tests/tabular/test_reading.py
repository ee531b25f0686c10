"""Reading uploads: encodings, separators, line endings, quoted fields, physical lines, the caps."""

from __future__ import annotations

import pytest

from tabular import reading
from tabular.reading import CsvRefused, csv_inspect, rows_read


def write(tmp_path, data: bytes, name: str = "f.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def all_rows(path):
    inspection = csv_inspect(path)
    return inspection, list(
        rows_read(path, encoding=inspection.encoding, delimiter=inspection.delimiter)
    )


def test_it_reads_utf8_with_a_bom_without_the_bom_in_the_first_header(tmp_path):
    path = write(tmp_path, "\ufeffphone,name\n+6591234567,Zoë\n".encode())
    inspection, rows = all_rows(path)
    assert inspection.encoding == "utf-8-sig"
    assert inspection.header == ["phone", "name"]
    assert rows[0].cells == ["+6591234567", "Zoë"]


def test_it_reads_utf8_without_a_bom(tmp_path):
    inspection, rows = all_rows(write(tmp_path, "phone,name\n+6591234567,Łukasz 李\n".encode()))
    assert inspection.encoding == "utf-8"
    assert rows[0].cells[1] == "Łukasz 李"


def test_it_detects_latin1_when_the_bytes_are_not_utf8(tmp_path):
    inspection, rows = all_rows(
        write(tmp_path, "phone;name\n+6591234567;José Müller\n".encode("latin-1"))
    )
    assert inspection.encoding == "cp1252"
    assert rows[0].cells == ["+6591234567", "José Müller"]


def test_it_detects_latin1_past_the_first_megabyte(tmp_path):
    head = b"phone,name\n" + b"+6591234567,Ann\n" * 70_000
    inspection, rows = all_rows(write(tmp_path, head + "+6591234568,Zoé\n".encode("latin-1")))
    assert inspection.encoding == "cp1252"
    assert rows[-1].cells[1] == "Zoé"


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_it_sniffs_the_separator(tmp_path, delimiter, name):
    text = f"phone{delimiter}name{delimiter}city\n+6591234567{delimiter}Ann, Jr{delimiter}Paris\n"
    if delimiter == ",":
        text = text.replace("Ann, Jr", '"Ann, Jr"')
    inspection, rows = all_rows(write(tmp_path, text.encode()))
    assert inspection.delimiter == delimiter
    assert reading.DELIMITER_NAMES[inspection.delimiter] == name
    assert rows[0].cells == ["+6591234567", "Ann, Jr", "Paris"]


def test_it_reads_crlf_files_without_stray_carriage_returns(tmp_path):
    inspection, rows = all_rows(
        write(tmp_path, b"phone,name\r\n+6591234567,Ann\r\n+6591234568,Bo\r\n")
    )
    assert [r.cells for r in rows] == [["+6591234567", "Ann"], ["+6591234568", "Bo"]]
    assert [r.line for r in rows] == [2, 3]
    assert inspection.rows_estimate == 2


def test_rows_keep_their_physical_line_across_quoted_newlines_and_blank_lines(tmp_path):
    data = b'phone,note\n+6591234567,"two\nlines"\n\n+6591234568,"a ""quote"""\n+6591234569,x\n'
    _, rows = all_rows(write(tmp_path, data))
    assert [(r.line, r.cells[1]) for r in rows] == [
        (2, "two\nlines"),
        (5, 'a "quote"'),
        (6, "x"),
    ]


def test_the_preview_is_the_first_five_rows(tmp_path):
    data = b"phone\n" + b"".join(b"+659123456%d\n" % i for i in range(9))
    inspection = csv_inspect(write(tmp_path, data))
    assert [r.line for r in inspection.preview] == [2, 3, 4, 5, 6]
    assert inspection.rows_estimate == 9


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed(tmp_path, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1024
    path = write(tmp_path, b"phone\n" + b"+6591234567\n" * 200)

    def never(*args, **kwargs):
        raise AssertionError("parsed a file over the cap")

    monkeypatch.setattr(reading, "lines_count", never)
    monkeypatch.setattr(reading, "encoding_detect", never)
    monkeypatch.setattr(reading.csv, "reader", never)
    with pytest.raises(CsvRefused) as refused:
        csv_inspect(path)
    assert str(refused.value) == (
        "The file is 2.3 kB; files up to 1 kB can be imported. Split it into smaller files."
    )


def test_a_file_over_the_row_cap_is_refused_with_the_cap(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = write(tmp_path, b"phone\n" + b"+6591234567\n" * 5)
    with pytest.raises(CsvRefused, match="more than 3 rows"):
        csv_inspect(path)


def test_rows_over_the_cap_are_refused_while_streaming(tmp_path, settings):
    path = write(tmp_path, b"phone\n" + b"+6591234567\n" * 5)
    with pytest.raises(CsvRefused, match="files up to 3 rows"):
        list(rows_read(path, encoding="utf-8", delimiter=",", limit=3))


def test_quoted_newlines_do_not_count_against_the_row_cap(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 2
    path = write(tmp_path, b'phone,note\n+6591234567,"a\nb\nc"\n+6591234568,"d\ne"\n')
    assert csv_inspect(path).header == ["phone", "note"]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "The file is empty."), (b",,\n1,2,3\n", "The first line is empty")],
)
def test_it_refuses_files_without_a_header(tmp_path, data, message):
    with pytest.raises(CsvRefused, match=message):
        csv_inspect(write(tmp_path, data))
