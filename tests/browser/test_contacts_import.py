"""A marketer imports a CSV with three bad rows into a new list in Chromium: the bar fills, the
three rows are listed by line in the downloadable report, and the list's size is shown."""

from __future__ import annotations

import csv
import io

import pytest

from recipients.models import Contact, ContactList, ListMember
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.worker]

ROWS = [
    "phone,name,city",
    "+6591234561,Ann,Paris",
    "12ab,Bad one,Rome",
    "+6591234562,Bo,Oslo",
    "+6591234563,Cy,Lima",
    "+6591234564,Di,Kyiv",
    "+65912,Too short,Nice",
    "+6591234565,Ed,Pune",
    "+6591234566,Fi,Bonn",
    ",No number,Riga",
    "+6591234567,Gus,Kobe",
]
CSV = ("\r\n".join(ROWS) + "\r\n").encode()


def test_import_three_bad_rows_into_a_new_list_and_download_them(
    live_server, celery_worker, media_root, page, marketer
):
    base = live_server.url
    log_in(page, base, marketer.username, PASSWORD)
    page.goto(base + "/contacts/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": "fair.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_label("A new list").check()
    page.get_by_label("New list's name").fill("Trade fair")
    page.get_by_role("button", name="Upload and map columns").click()

    page.get_by_role("heading", name="Map the columns of fair.csv").wait_for()
    assert page.get_by_label("Column 1 “phone”").input_value() == "msisdn"
    assert page.get_by_label("Column 3 “city”").input_value() == "attribute:city"
    assert page.get_by_role("cell", name="12ab").is_visible()
    page.get_by_role("button", name="Import").click()

    # htmx polls the progress fragment until the worker is done.
    page.locator('#import-progress .badge:text("Done")').wait_for(timeout=30_000)
    progress = page.locator("#import-progress")
    assert progress.locator('[data-count="imported"]').inner_text() == "7"
    assert progress.locator('[data-count="rejected"]').inner_text() == "3"
    assert progress.locator('[data-count="list"]').inner_text() == "7 contacts"
    assert page.locator("#import-bar").get_attribute("value") == "10"

    with page.expect_download() as info:
        page.get_by_role("link", name="Download rejected rows (CSV)").click()
    download = info.value
    assert download.suggested_filename == "fair-rejected-rows.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        report = list(csv.reader(io.StringIO(file.read())))
    assert [(row[0], row[1]) for row in report[1:]] == [
        ("3", "rejected"), ("7", "rejected"), ("10", "rejected"),
    ]  # fmt: skip
    assert report[1][2].startswith("column 1 'phone': '12ab' is not a phone number")
    assert report[3][3:] == ["", "No number", "Riga"]

    contact_list = ContactList.objects.get(name="Trade fair")
    assert ListMember.objects.filter(contact_list=contact_list).count() == 7
    assert Contact.objects.get(msisdn="+6591234567").attributes == {"city": "Kobe"}
