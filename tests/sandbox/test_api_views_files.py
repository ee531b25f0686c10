"""The sandbox's files endpoint: upload, download with its token, limits."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sandbox.models import SandboxFile
from tests.sandbox.answers import assert_error_body

# -- files ---------------------------------------------------------------------------------------


def test_an_uploaded_file_is_answered_201_with_a_location_and_served_back_with_its_token(api):
    upload = SimpleUploadedFile("photo.JPG", b"\xff\xd8 jpeg bytes", content_type="image/jpeg")

    response = api.client.post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/files", {"file": upload}, headers=api.headers
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"fileName", "token"}
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", body["fileName"])
    assert response["Location"] == f"/files/{body['fileName']}?token={body['token']}"
    download = Client().get(f"/sandbox/files/{body['fileName']}", {"token": body["token"]})
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"\xff\xd8 jpeg bytes"
    download.close()
    assert download["Content-Type"] == "image/jpeg"


def test_a_file_with_the_wrong_token_is_not_found(api):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    body = api.client.post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/files", {"file": upload}, headers=api.headers
    ).json()

    response = Client().get(f"/sandbox/files/{body['fileName']}", {"token": "guess"})

    assert_error_body(response, 404, 1300)


def test_an_uploaded_html_file_is_served_as_a_download_never_as_a_page(api):
    upload = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    body = api.client.post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/files", {"file": upload}, headers=api.headers
    ).json()

    response = Client().get(f"/sandbox/files/{body['fileName']}", {"token": body["token"]})

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    response.close()


def test_a_file_over_the_limit_is_refused_with_413_code_7001(api, settings):
    settings.SANDBOX_MAX_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("big.bin", b"x" * 100, content_type="application/octet-stream")

    response = api.client.post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/files", {"file": upload}, headers=api.headers
    )

    body = assert_error_body(response, 413, 7001)
    assert body["message"] == "Request size must not exceed 100 MB"
    assert SandboxFile.objects.count() == 0


def test_an_upload_without_a_file_field_is_refused(api):
    response = api.client.post(
        "/sandbox/api/v1/subaccounts/ChatAppsDemo_WA/files", {"other": "x"}, headers=api.headers
    )

    assert_error_body(response, 400, 1000)
