"""Contacts export: all, a list or a segment, formula-safe, readable back by the import."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from audience.exporting import contacts_csv_write
from audience.importing import EXPORT_TASK, contacts_export_execute
from audit.models import AuditEntry
from recipients.models import Contact, ContactList, ContactTag, ListMember, Segment, Tag
from tabular.models import ExportJob, JobState
from tests.conftest import logged_in
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def exported(contacts=None) -> list[list[str]]:
    out = io.StringIO()
    contacts_csv_write(Contact.objects.all() if contacts is None else contacts, out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_cells_that_would_run_as_formulas_are_neutralised():
    ContactFactory(
        msisdn="+6591234567",
        name='=HYPERLINK("http://evil","x")',
        attributes={"note": "@SUM(1)", "a": "-1", "b": "\tx", "c": "\rx", "d": "plain"},
    )
    header, row = exported()
    cells = dict(zip(header, row, strict=True))
    assert cells["phone"] == "'+6591234567"
    assert cells["name"] == '\'=HYPERLINK("http://evil","x")'
    assert (cells["note"], cells["a"], cells["b"], cells["c"], cells["d"]) == (
        "'@SUM(1)", "'-1", "'\tx", "'\rx", "plain",
    )  # fmt: skip


def test_columns_are_the_fields_tags_and_every_attribute():
    contact = ContactFactory(
        msisdn="+6591234567", name="Ann", language="", attributes={"city": "Paris"}
    )
    ContactFactory(msisdn="+6591234568", attributes={"name": "shadow", "tier": "gold"})
    for name in ("vip", "new"):
        ContactTag.objects.create(contact=contact, tag=Tag.objects.create(name=name))
    header, *rows = exported()
    assert header == [
        "phone", "name", "language", "time_zone", "tags", "city", "attribute:name", "tier",
        "opt_in_source", "opt_in_at", "created_at",
    ]  # fmt: skip
    assert rows[0][:7] == ["'+6591234567", "Ann", "", "", "new, vip", "Paris", ""]
    assert rows[1][5:8] == ["", "shadow", "gold"]


def run_export(client, data) -> ExportJob:
    response = client.post(reverse("contacts-io:export"), data)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("contacts-io:export-job", args=[job.pk])
    contacts_export_execute(job.pk)
    job.refresh_from_db()
    return job


def download(client, job) -> list[list[str]]:
    response = client.get(reverse("contacts-io:export-download", args=[job.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_a_list_is_exported_in_the_background_and_downloaded(marketer_client, marketer):
    inside, _ = ContactFactory(msisdn="+6591234567"), ContactFactory(msisdn="+6591234568")
    contact_list = ContactList.objects.create(name="VIP")
    ListMember.objects.create(contact_list=contact_list, contact=inside)
    job = run_export(marketer_client, {"scope": "list", "contact_list": contact_list.pk})
    assert (job.state, job.rows_done, job.params) == (
        JobState.DONE,
        1,
        {"list_id": contact_list.pk},
    )
    assert [row[0] for row in download(marketer_client, job)[1:]] == ["'+6591234567"]
    assert AuditEntry.objects.get(action=AuditEntry.Action.EXPORT).summary == (
        "Exported 1 contacts: the list VIP"
    )


def test_a_segment_is_exported_by_its_rules(marketer_client):
    ContactFactory(msisdn="+6591234567", attributes={"city": "Paris"})
    ContactFactory(msisdn="+6591234568", attributes={"city": "Rome"})
    segment = Segment.objects.create(name="Parisians", rules={"q": "+6591234567"})
    job = run_export(marketer_client, {"scope": "segment", "segment": segment.pk})
    assert [row[0] for row in download(marketer_client, job)[1:]] == ["'+6591234567"]


def test_everyone_is_exported_by_default(marketer_client):
    ContactFactory(msisdn="+6591234567")
    ContactFactory(msisdn="+6591234568")
    job = run_export(marketer_client, {"scope": "all"})
    assert len(download(marketer_client, job)) == 3


def test_the_export_is_queued_on_commit(
    marketer_client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "tabular.services.current_app.send_task", lambda n, args: sent.append((n, args))
    )
    with django_capture_on_commit_callbacks(execute=True):
        marketer_client.post(reverse("contacts-io:export"), {"scope": "all"})
    assert sent == [(EXPORT_TASK, (ExportJob.objects.get().pk,))]


def test_a_scope_without_its_list_is_refused(marketer_client):
    response = marketer_client.post(reverse("contacts-io:export"), {"scope": "list"})
    assert "List: Choose the list to export." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_deleted_list_fails_the_export_saying_so(marketer_client):
    contact_list = ContactList.objects.create(name="Gone")
    marketer_client.post(
        reverse("contacts-io:export"), {"scope": "list", "contact_list": contact_list.pk}
    )
    contact_list.delete()
    job = ExportJob.objects.get()
    contacts_export_execute(job.pk)
    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.FAILED, "The list to export no longer exists.")


def test_the_job_page_polls_until_done_then_links_the_file(marketer_client):
    marketer_client.post(reverse("contacts-io:export"), {"scope": "all"})
    job = ExportJob.objects.get()
    url = reverse("contacts-io:export-job", args=[job.pk])
    assert 'hx-trigger="every 1s"' in marketer_client.get(url).content.decode()
    contacts_export_execute(job.pk)
    page = marketer_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in page and "Download the CSV" in page


def test_only_the_owner_or_an_admin_downloads(marketer_client, admin_client_, agent_client):
    job = run_export(marketer_client, {"scope": "all"})
    url = reverse("contacts-io:export-download", args=[job.pk])
    assert logged_in(UserFactory(role="Marketing")).get(url).status_code == 404
    assert agent_client.get(url).status_code == 403
    assert admin_client_.get(url).status_code == 200


def test_an_unfinished_export_has_nothing_to_download(marketer_client):
    marketer_client.post(reverse("contacts-io:export"), {"scope": "all"})
    job = ExportJob.objects.get()
    assert (
        marketer_client.get(reverse("contacts-io:export-download", args=[job.pk])).status_code
        == 404
    )
