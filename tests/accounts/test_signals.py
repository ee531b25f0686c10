"""Signing in and out, failed logins and lockouts land in the audit trail."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEntry
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.django_db
def test_a_good_login_lands_on_the_dashboard_and_is_audited(marketer):
    client = Client()
    response = attempt(client, marketer.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor == marketer
    assert entry.actor_role == "Marketing"
    assert entry.ip_address == "10.1.2.3"


@pytest.mark.django_db
def test_a_failed_login_is_audited_with_the_username(marketer):
    response = attempt(Client(), marketer.username, "wrong-password")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert marketer.username in entry.summary
    assert entry.actor is None
    assert entry.actor_username == marketer.username


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_out_even_with_the_right_password(settings, marketer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, marketer.username, "wrong-password")
    response = attempt(client, marketer.username, PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOCKED_OUT).exists()


@pytest.mark.django_db
def test_logout_is_audited_and_ends_the_session(marketer):
    client = Client()
    attempt(client, marketer.username, PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, actor=marketer).exists()
    assert client.get("/").status_code == 302
