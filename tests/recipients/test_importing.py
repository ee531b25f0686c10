"""Contacts from a CSV: normalised, validated, de-duplicated, written in bulk, audited once."""

from __future__ import annotations

import csv

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audience.importing import contacts_import_execute
from audit.models import AuditEntry
from recipients.importing import (
    ATTRIBUTE,
    ContactsImport,
    mapping_errors,
    mapping_guess,
)
from recipients.models import Contact, ContactList, ContactTag, ListMember, Tag
from tabular.models import ImportJob, JobState
from tabular.reading import Row
from tabular.writing import media_path
from tests.factories import ContactFactory
from tests.importing import import_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

HEADER = "phone,name,language,time zone,tags,city\n"


def run(content: str | bytes, **kwargs) -> ImportJob:
    data = content.encode() if isinstance(content, str) else content
    job = import_job(data, guess=mapping_guess, **kwargs)
    assert contacts_import_execute(job.pk) is True
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    return job


def report_rows(job: ImportJob) -> list[list[str]]:
    with media_path(job.report).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))[1:]


def test_the_guess_maps_known_headers_and_makes_the_rest_attributes():
    header = ["Mobile", "Full Name", "Lang", "TZ", "Tags", "Loyalty Tier", "created_at", ""]
    assert mapping_guess(header) == [
        "msisdn", "name", "language", "time_zone", "tag", ATTRIBUTE + "loyalty_tier", "", "",
    ]  # fmt: skip


def test_an_exported_attribute_column_maps_back_to_its_attribute():
    assert mapping_guess(["phone", "attribute:name"]) == ["msisdn", ATTRIBUTE + "name"]


def test_a_mapping_needs_a_phone_column_and_each_field_once():
    header = ["a", "b", "c"]
    assert mapping_errors({0: "name"}, header) == ["Choose the column that holds the phone number."]
    assert mapping_errors({0: "msisdn", 1: "name", 2: "name"}, header) == [
        "Columns 2 'b' and 3 'c' are both mapped to Name: choose one."
    ]
    assert mapping_errors({0: "msisdn", 1: "tag", 2: "tag"}, header) == []


def test_good_rows_become_contacts_with_their_fields_tags_and_attributes():
    job = run(HEADER + "+65 9123-4567,Ann,en,Asia/Singapore,VIP; newsletter|vip,Paris\n")
    contact = Contact.objects.get()
    assert (contact.msisdn, contact.name, contact.language, contact.time_zone) == (
        "+6591234567", "Ann", "en", "Asia/Singapore",
    )  # fmt: skip
    assert contact.attributes == {"city": "Paris"}
    assert sorted(contact.tags.values_list("name", flat=True)) == ["newsletter", "vip"]
    assert (job.imported, job.updated, job.skipped, job.rejected, job.report) == (1, 0, 0, 0, "")


def test_every_bad_row_is_rejected_with_its_line_column_and_reason():
    job = run(
        HEADER
        + "12ab,Bad,,,,\n"
        + "+6591234567,Ann,english!,,,\n"
        + "+6591234568,Bo,,Mars/Base,,\n"
        + "+6591234569,Cy,,,,\n"
        + "+6591234570,Di,,,,,extra\n"
        + ",Empty,,,,\n"
    )
    assert job.imported == 1 and job.rejected == 5
    not_a_number = "'12ab' is not a phone number (only digits, + and separators)"
    assert [(r[0], r[1], r[2]) for r in report_rows(job)] == [
        ("2", "rejected", f"column 1 'phone': {not_a_number}"),
        ("3", "rejected", "column 3 'language': 'english!' is not a language code such as en, id "
         "or pt_BR"),
        ("4", "rejected", "column 4 'time zone': 'Mars/Base' is not a time zone such as "
         "Asia/Singapore"),
        ("6", "rejected", "the row has 7 cells; the header 6"),
        ("7", "rejected", "column 1 'phone': the phone number is empty"),
    ]  # fmt: skip
    assert report_rows(job)[0][3:] == ["12ab", "Bad", "", "", "", ""]


def test_national_numbers_use_the_default_country_and_unusual_ones_keep_a_warning(settings):
    settings.CONTACTS_DEFAULT_COUNTRY = "SG"
    run("phone\n9123 4567\n+15550000000\n")
    assert set(Contact.objects.values_list("msisdn", flat=True)) == {"+6591234567", "+15550000000"}
    assert Contact.objects.get(msisdn="+6591234567").number_warning == ""
    assert "not a number in use" in Contact.objects.get(msisdn="+15550000000").number_warning


def test_the_first_row_of_a_number_wins_and_later_ones_are_reported_duplicates():
    job = run("phone,name\n+6591234567,First\n0065 9123 4567,Second\n+6591234568,Other\n")
    assert Contact.objects.get(msisdn="+6591234567").name == "First"
    assert (job.imported, job.skipped, job.rejected) == (2, 1, 0)
    assert [r[:3] for r in report_rows(job)] == [
        ["3", "duplicate", "the number +6591234567 is on line 2 too; that one is kept"]
    ]


def test_duplicates_are_found_across_chunks(monkeypatch):
    monkeypatch.setattr("tabular.jobs.CHUNK_ROWS", 2)
    job = run("phone\n+6591234567\n+6591234568\n+6591234569\n+6591234567\n")
    assert (job.imported, job.skipped) == (3, 1)
    assert report_rows(job)[0][:2] == ["5", "duplicate"]


def test_reimporting_the_same_file_adds_no_rows():
    content = HEADER + "".join(f"+65912345{i:02d},N{i},en,,vip,X\n" for i in range(30))
    first = run(content)
    second = run(content)
    assert first.imported == 30
    assert (second.imported, second.updated, second.skipped) == (0, 0, 30)
    assert Contact.objects.count() == 30
    assert ContactTag.objects.count() == 30


def test_skip_leaves_stored_contacts_untouched():
    ContactFactory(msisdn="+6591234567", name="Kept", attributes={"city": "Rome"})
    job = run("phone,name,city\n+6591234567,New,Paris\n")
    contact = Contact.objects.get()
    assert (contact.name, contact.attributes) == ("Kept", {"city": "Rome"})
    assert (job.imported, job.updated, job.skipped) == (0, 0, 1)


def test_update_merges_fields_attributes_and_tags():
    contact = ContactFactory(
        msisdn="+6591234567", name="Old", language="en", attributes={"city": "Rome", "tier": "gold"}
    )
    ContactTag.objects.create(contact=contact, tag=Tag.objects.create(name="old"))
    job = run(
        "phone,name,language,city,tags\n+6591234567,New,,Paris,new\n", options={"update": True}
    )
    contact.refresh_from_db()
    # An empty cell keeps what is stored; a filled one overwrites; attributes and tags merge.
    assert (contact.name, contact.language) == ("New", "en")
    assert contact.attributes == {"city": "Paris", "tier": "gold"}
    assert sorted(contact.tags.values_list("name", flat=True)) == ["new", "old"]
    assert (job.imported, job.updated, job.skipped) == (0, 1, 0)


def test_update_counts_an_unchanged_contact_as_skipped():
    ContactFactory(msisdn="+6591234567", name="Same")
    job = run("phone,name\n+6591234567,Same\n", options={"update": True})
    assert (job.updated, job.skipped) == (0, 1)


def test_every_contact_of_the_file_joins_the_chosen_list(admin):
    stored = ContactFactory(msisdn="+6591234560")
    contact_list = ContactList.objects.create(name="Spring")
    run("phone\n+6591234560\n+6591234561\nbad\n", options={"list_id": contact_list.pk})
    members = ListMember.objects.filter(contact_list=contact_list)
    assert members.count() == 2
    assert stored.pk in members.values_list("contact_id", flat=True)


def test_a_new_list_is_created_and_kept_on_the_job(admin):
    job = run("phone\n+6591234560\n", options={"new_list": "Fair 2026"}, user=admin)
    contact_list = ContactList.objects.get(name="Fair 2026")
    assert job.options["list_id"] == contact_list.pk
    assert contact_list.created_by == admin
    assert ListMember.objects.filter(contact_list=contact_list).count() == 1


def test_a_person_started_import_is_audited_once_with_its_counts(admin):
    run("phone\n" + "".join(f"+6591234{i:03d}\n" for i in range(50)) + "bad\n", user=admin)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.actor == admin
    assert entry.summary == (
        "Imported contacts from people.csv: "
        "imported 50, updated 0, skipped 0 (repeated or unchanged), rejected 1"
    )
    assert entry.data["imported"] == 50


def test_a_chunk_costs_a_few_queries_per_batch_never_one_per_row():
    def queries(first: int, size: int) -> int:
        handler = ContactsImport(
            header=["phone", "tags"], mapping={0: "msisdn", 1: "tag"}, update=True
        )
        rows = [Row(line=i + 2, cells=[f"+659{first + i:07d}", "a,b"]) for i in range(size)]
        with CaptureQueriesContext(connection) as context:
            outcome = handler.chunk(rows)
        assert outcome.imported == size
        return len(context)

    # Bulk statements split by the database's parameter limit (SQLite's is 999): a few per batch.
    assert queries(0, 10) <= 8
    assert queries(1000, 900) <= 30
    assert ContactTag.objects.count() == 2 * 910


def test_formula_safe_cells_from_an_export_import_back_as_written():
    run("phone,name\n'+6591234567,'=Ann\n")
    contact = Contact.objects.get()
    assert (contact.msisdn, contact.name) == ("+6591234567", "=Ann")


def test_latin1_semicolon_crlf_files_import(settings):
    data = "phone;name\r\n+6591234567;José\r\n+6591234568;Zoë\r\n".encode("cp1252")
    job = run(data)
    assert job.imported == 2
    assert set(Contact.objects.values_list("name", flat=True)) == {"José", "Zoë"}


def test_a_bom_file_imports_its_first_column():
    job = run("\ufeffphone,name\n+6591234567,Ann\n".encode())
    assert job.imported == 1 and Contact.objects.get().name == "Ann"
