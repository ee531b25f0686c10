"""The login's second step: a user with an authenticator enters a code after the password."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEntry
from tests.accounts.conftest import LOGIN_CODE, code_for, code_step, password_step, wrong_code


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_user_without_a_device_signs_in_with_the_password_alone(marketer):
    client = Client()
    response = password_step(client, marketer)
    assert response["Location"] == "/"
    assert signed_in(client)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_password_alone_does_not_sign_in_a_user_with_a_device(marketer, enrol):
    enrol(marketer)
    client = Client()
    response = password_step(client, marketer)
    assert response["Location"] == LOGIN_CODE
    assert not signed_in(client)
    assert client.get("/")["Location"].startswith("/accounts/login/")
    page = client.get(LOGIN_CODE).content.decode()
    assert "Enter the six-digit code" in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


@pytest.mark.django_db
def test_the_right_code_signs_in_to_the_page_asked_for(marketer, enrol):
    device = enrol(marketer)
    client = Client()
    password_step(client, marketer, next_url="/messages/")
    response = code_step(client, code_for(device.key))
    assert response["Location"] == "/messages/"
    assert signed_in(client)
    assert client.get("/").status_code == 200  # verified: the session is not ended
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=marketer).exists()


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_audited_as_a_failed_login(marketer, enrol):
    device = enrol(marketer)
    client = Client()
    password_step(client, marketer)
    response = code_step(client, wrong_code(device.key))
    assert response.status_code == 200
    assert "Code: That code is not right" in response.content.decode()
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.summary == f"Wrong two-factor code for {marketer.username!r}"
    assert entry.ip_address == "10.9.8.7"


@pytest.mark.django_db
def test_wrong_codes_count_towards_the_lockout(settings, marketer, enrol):
    device = enrol(marketer)
    client = Client()
    password_step(client, marketer)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = code_step(client, wrong_code(device.key))
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    device.throttling_failure_count = 0  # let the device itself accept a code again
    device.save()
    assert code_step(client, code_for(device.key)).status_code == 429
    assert password_step(Client(), marketer).status_code == 429
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOCKED_OUT).exists()


@pytest.mark.django_db
def test_a_spent_code_does_not_sign_in_twice(marketer, enrol):
    device = enrol(marketer)
    code = code_for(device.key)
    first = Client()
    password_step(first, marketer)
    code_step(first, code)
    assert signed_in(first)
    second = Client()
    password_step(second, marketer)
    code_step(second, code)
    assert not signed_in(second)


@pytest.mark.django_db
def test_the_code_step_needs_the_password_step_first(marketer, enrol):
    device = enrol(marketer)
    client = Client()
    response = code_step(client, code_for(device.key))
    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_password_step_expires(marketer, enrol):
    device = enrol(marketer)
    client = Client()
    password_step(client, marketer)
    session = client.session
    session["accounts_pending_login"]["at"] -= 301
    session.save()
    code_step(client, code_for(device.key))
    assert not signed_in(client)
