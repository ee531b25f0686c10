"""The 100,000-row file: 10% bad rows, each reported by its line; 5% duplicates skipped."""

from __future__ import annotations

import csv

import pytest

from audience.importing import contacts_import_execute
from recipients.importing import mapping_guess
from recipients.models import Contact, ContactTag
from tabular.models import JobState
from tabular.writing import media_path
from tests.importing import big_contacts_csv, import_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_a_100k_file_imports_its_good_rows_and_reports_every_bad_one_by_line(tmp_path):
    path = tmp_path / "big.csv"
    expected = big_contacts_csv(path)
    job = import_job(path.read_bytes(), guess=mapping_guess)
    assert job.rows_total == 100_000

    contacts_import_execute(job.pk)

    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.imported, job.rejected, job.skipped, job.rows_done) == (
        expected["imported"], expected["rejected"], expected["duplicates"], 100_000,
    )  # fmt: skip
    assert Contact.objects.count() == 85_000
    assert ContactTag.objects.count() == 85_000
    with media_path(job.report).open(encoding="utf-8-sig", newline="") as file:
        report = list(csv.reader(file))[1:]
    rejected = [row for row in report if row[1] == "rejected"]
    assert [int(row[0]) for row in rejected] == expected["bad_lines"]
    assert rejected[0][:3] == [
        "11", "rejected",
        "column 1 'phone': '12ab9' is not a phone number (only digits, + and separators)",
    ]  # fmt: skip
    assert rejected[1][:3] == [
        "21", "rejected",
        "column 3 'language': '!!' is not a language code such as en, id or pt_BR",
    ]  # fmt: skip
    assert sum(row[1] == "duplicate" for row in report) == expected["duplicates"]
