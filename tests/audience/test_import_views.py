"""The contacts import pages: upload, mapping, progress, rejected-rows download; permissions."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.roles import MARKETING
from audience.importing import IMPORT_TASK, contacts_import_execute
from recipients.models import Contact, ContactList
from tabular.models import ImportJob, JobState
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CSV = b"phone,name,city\n+6591234567,Ann,Paris\nbad,Bo,Rome\n+6591234568,Cy,Oslo\n"


def upload(client, content: bytes = CSV, **data):
    form = {"existing": "skip", "list_choice": "none", **data}
    form["file"] = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    return client.post(reverse("contacts-io:import"), form)


@pytest.mark.parametrize("who", ["agent_client", "outsider_client"])
def test_it_refuses_users_who_do_not_manage_contacts(request, who):
    client = request.getfixturevalue(who)
    assert client.get(reverse("contacts-io:import")).status_code == 403
    assert upload(client).status_code == 403
    assert not ImportJob.objects.exists()


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(reverse("contacts-io:import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_upload_page_says_the_caps(marketer_client):
    response = marketer_client.get(reverse("contacts-io:import"))
    assert "Up to 50 MB and 1,000,000 rows" in response.content.decode()


def test_an_upload_is_kept_and_leads_to_the_mapping(marketer_client, marketer, media_root):
    response = upload(marketer_client, existing="update")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts-io:mapping", args=[job.pk])
    assert (job.state, job.created_by, job.header) == (
        JobState.UPLOADED, marketer, ["phone", "name", "city"],
    )  # fmt: skip
    assert job.options == {"update": True}
    assert (media_root / job.file).read_bytes() == CSV


def test_a_file_over_the_cap_is_refused_on_the_form_before_parsing(marketer_client, settings):
    settings.IMPORT_MAX_BYTES = 20
    response = upload(marketer_client)
    assert response.status_code == 200
    assert (
        f"CSV file: The file is {len(CSV)} bytes; files up to 20 bytes can be imported."
        in response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_csv_is_refused_with_a_reason(marketer_client):
    response = upload(marketer_client, content=b",,\n")
    assert "The first line is empty" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_list_choice_is_checked(marketer_client):
    ContactList.objects.create(name="Taken")
    response = upload(marketer_client, list_choice="new", new_list="Taken")
    assert "A list named “Taken” exists" in response.content.decode()
    response = upload(marketer_client, list_choice="existing")
    assert "Existing list: Choose the list" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_mapping_page_previews_rows_with_guesses(marketer_client):
    upload(marketer_client)
    job = ImportJob.objects.get()
    page = marketer_client.get(reverse("contacts-io:mapping", args=[job.pk])).content.decode()
    assert "UTF-8" in page and "comma" in page
    assert '<option value="msisdn" selected>' in page
    assert '<option value="attribute:city" selected>' in page
    assert "+6591234567" in page and "<td>bad</td>" in page


def test_mapping_queues_the_import(
    marketer_client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "tabular.services.current_app.send_task", lambda name, args: sent.append((name, args))
    )
    upload(marketer_client)
    job = ImportJob.objects.get()
    url = reverse("contacts-io:mapping", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = marketer_client.post(
            url, {"column_0": "msisdn", "column_1": "name", "column_2": "attribute:city"}
        )
    assert response["Location"] == reverse("contacts-io:progress", args=[job.pk])
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.mapping == {"0": "msisdn", "1": "name", "2": "attribute:city"}
    assert sent == [(IMPORT_TASK, (job.pk,))]


def test_a_mapping_without_a_phone_column_is_refused(marketer_client):
    upload(marketer_client)
    job = ImportJob.objects.get()
    response = marketer_client.post(
        reverse("contacts-io:mapping", args=[job.pk]), {"column_0": "name", "column_1": ""}
    )
    assert "Choose the column that holds the phone number." in response.content.decode()
    job.refresh_from_db()
    assert job.state == JobState.UPLOADED


def test_a_mapping_with_an_unknown_target_is_refused_not_a_500(marketer_client):
    upload(marketer_client)
    job = ImportJob.objects.get()
    response = marketer_client.post(
        reverse("contacts-io:mapping", args=[job.pk]), {"column_0": "attribute:x'; DROP"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def finished_job(client, **options) -> ImportJob:
    upload(client, **options)
    job = ImportJob.objects.get()
    client.post(
        reverse("contacts-io:mapping", args=[job.pk]), {"column_0": "msisdn", "column_1": "name"}
    )
    contacts_import_execute(job.pk)
    return job


def test_progress_shows_counts_list_size_and_the_report_link(marketer_client):
    job = finished_job(marketer_client, list_choice="new", new_list="Fair")
    page = marketer_client.get(reverse("contacts-io:progress", args=[job.pk])).content.decode()
    assert '<dd data-count="imported">2</dd>' in page
    assert '<dd data-count="rejected">1</dd>' in page
    assert '<dd data-count="list">2 contacts</dd>' in page
    assert "Download rejected rows (CSV)" in page
    assert "hx-trigger" not in page  # finished: no more polling


def test_the_progress_fragment_polls_while_running(marketer_client):
    upload(marketer_client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, rows_done=1)
    response = marketer_client.get(
        reverse("contacts-io:progress", args=[job.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert "<html" not in body
    assert "1 of about 3 rows" in body


def test_the_rejected_rows_download_is_an_attachment(marketer_client):
    job = finished_job(marketer_client)
    response = marketer_client.get(reverse("contacts-io:report", args=[job.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="people-rejected-rows.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1] == [
        "3", "rejected", "column 1 'phone': 'bad' is not a phone number (only digits, + and "
        "separators)", "bad", "Bo", "Rome",
    ]  # fmt: skip
    assert Contact.objects.count() == 2


def test_another_users_job_is_not_found(marketer_client, admin_client_):
    job = finished_job(marketer_client)
    stranger = logged_in(UserFactory(role=MARKETING))
    for name in ("mapping", "progress", "report"):
        assert stranger.get(reverse(f"contacts-io:{name}", args=[job.pk])).status_code == 404
    assert admin_client_.get(reverse("contacts-io:report", args=[job.pk])).status_code == 200


def test_a_binary_file_is_refused_with_a_reason_not_a_500(marketer_client):
    response = upload(marketer_client, content=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    assert response.status_code == 200
    assert "The file is not a CSV text file: it holds binary data" in response.content.decode()
    assert not ImportJob.objects.exists()
