"""A 403 is logged as one line naming the path, not with the traceback of PermissionDenied."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.django_db
def test_a_forbidden_page_is_logged_in_one_line(outsider_client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert outsider_client.get("/audit/").status_code == 403

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert record.getMessage() == "Forbidden (Permission denied): /audit/"
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_a_server_error_keeps_its_traceback(admin_client_, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("messaging.views.dashboard_summary", broken)
    admin_client_.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert admin_client_.get("/").status_code == 500

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
