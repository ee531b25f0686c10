"""contacts_import and contacts_export: the page's import and export, from the command line."""

from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command

from recipients.models import Contact, ContactList, ListMember

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CSV = "phone,name\n+6591234567,Ann\nnope,Bo\n+6591234567,Again\n+6591234568,Cy\n"


def importing(tmp_path, capsys, *args, content=CSV):
    path = tmp_path / "in.csv"
    path.write_text(content)
    call_command("contacts_import", str(path), *args)
    return capsys.readouterr()


def test_it_prints_one_line_of_counts_and_rejected_rows_on_stderr(tmp_path, capsys):
    out = importing(tmp_path, capsys)
    assert out.out == "imported 2, updated 0, skipped 1 (repeated or unchanged), rejected 1\n"
    assert out.err.splitlines() == [
        "line 3: column 1 'phone': 'nope' is not a phone number (only digits, + and separators)",
        "line 4: duplicate: the number +6591234567 is on line 2 too; that one is kept",
    ]


def test_it_updates_and_fills_a_list_when_asked(tmp_path, capsys):
    importing(tmp_path, capsys)
    out = importing(
        tmp_path, capsys, "--update", "--list", "Fair", content="phone,name\n+6591234567,Annie\n"
    )
    assert out.out == "imported 0, updated 1, skipped 0 (repeated or unchanged), rejected 0\n"
    assert Contact.objects.get(msisdn="+6591234567").name == "Annie"
    assert ListMember.objects.filter(contact_list=ContactList.objects.get(name="Fair")).count() == 1


def test_rejected_rows_can_go_to_a_report_file(tmp_path, capsys):
    report = tmp_path / "rejected.csv"
    out = importing(tmp_path, capsys, "--report", str(report))
    assert out.err == f"rejected rows: {report}\n"
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert [row[:2] for row in rows[1:]] == [["3", "rejected"], ["4", "duplicate"]]


def test_it_refuses_a_file_without_a_phone_column(tmp_path, capsys):
    with pytest.raises(CommandError, match="Choose the column that holds the phone number"):
        importing(tmp_path, capsys, content="name\nAnn\n")


def test_it_refuses_a_file_over_the_cap(tmp_path, capsys, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(CommandError, match="files up to 10 bytes can be imported"):
        importing(tmp_path, capsys)


def test_export_writes_the_pages_csv(tmp_path, capsys):
    importing(tmp_path, capsys, "--list", "Fair")
    Contact.objects.create(msisdn="+6591234569")
    out = tmp_path / "out.csv"
    call_command("contacts_export", "--list", "Fair", str(out))
    assert capsys.readouterr().out == f"exported 2 contacts to {out}\n"
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert [row[:2] for row in rows[1:]] == [["'+6591234567", "Ann"], ["'+6591234568", "Cy"]]


def test_an_export_imports_back_adding_nothing(tmp_path, capsys):
    importing(tmp_path, capsys)
    out = tmp_path / "out.csv"
    call_command("contacts_export", str(out))
    capsys.readouterr()
    call_command("contacts_import", str(out))
    assert (
        capsys.readouterr().out
        == "imported 0, updated 0, skipped 2 (repeated or unchanged), rejected 0\n"
    )


def test_export_refuses_an_unknown_list(tmp_path):
    with pytest.raises(CommandError, match="There is no list named 'Nope'"):
        call_command("contacts_export", "--list", "Nope", str(tmp_path / "x.csv"))
