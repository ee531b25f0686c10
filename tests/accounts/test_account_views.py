"""Your account: changing your own password, turning two-factor login on and off."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from tests.accounts.conftest import code_for, signed_in_with, wrong_code
from tests.conftest import PASSWORD

ACCOUNT = "/accounts/me/"
PASSWORD_PAGE = "/accounts/me/password/"
ENROL = "/accounts/me/two-factor/"
REMOVE = "/accounts/me/two-factor/remove/"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def change(client: Client, old: str, new: str, again: str | None = None):
    return client.post(
        PASSWORD_PAGE,
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["admin_client_", "marketer_client", "agent_client"])
def test_every_signed_in_user_reaches_change_password_from_the_account_link(request, fixture):
    client = request.getfixturevalue(fixture)
    dashboard = client.get("/").content.decode()
    assert 'href="/accounts/me/"' in dashboard
    account = client.get(ACCOUNT)
    assert account.status_code == 200
    assert 'href="/accounts/me/password/"' in account.content.decode()
    assert client.get(PASSWORD_PAGE).status_code == 200


@pytest.mark.django_db
def test_a_password_change_keeps_the_session_and_is_audited(marketer_client, marketer):
    response = change(marketer_client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    marketer.refresh_from_db()
    assert marketer.check_password(NEW_PASSWORD)
    assert marketer_client.get("/").status_code == 200  # still signed in
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PASSWORD_CHANGE)
    assert entry.actor == marketer
    assert entry.target_id == str(marketer.pk)
    assert NEW_PASSWORD not in str(entry.data) + entry.summary
    fresh = Client()
    fresh.post("/accounts/login/", {"username": marketer.username, "password": NEW_PASSWORD})
    assert fresh.get("/").status_code == 200


@pytest.mark.django_db
def test_other_sessions_end_when_the_password_changes(marketer):
    here, elsewhere = Client(), Client()
    here.force_login(marketer)
    elsewhere.force_login(marketer)
    change(here, PASSWORD, NEW_PASSWORD)
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


@pytest.mark.django_db
def test_a_wrong_current_password_is_refused(marketer_client, marketer):
    response = change(marketer_client, "not-my-password", NEW_PASSWORD)
    assert response.status_code == 200
    assert "Current password: Your old password was entered incorrectly" in (
        response.content.decode()
    )
    marketer.refresh_from_db()
    assert marketer.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PASSWORD_CHANGE).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new", "again", "says"),
    [
        ("short", None, "too short"),
        ("password123", None, "too common"),
        ("48102937465", None, "entirely numeric"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "New password again: The two password fields"),
    ],
)
def test_the_password_validators_apply(marketer_client, marketer, new, again, says):
    response = change(marketer_client, PASSWORD, new, again)
    assert says in response.content.decode()
    marketer.refresh_from_db()
    assert marketer.check_password(PASSWORD)


def _enrolment_key(client: Client) -> str:
    page = client.get(ENROL).content.decode()
    assert "<svg" in page  # the QR code, drawn on the server
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)</pre>', page)
    assert secret is not None
    return client.session["accounts_two_factor_key"]


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_saves_the_device_only_after_a_right_code(
    marketer_client, marketer
):
    key = _enrolment_key(marketer_client)
    assert _enrolment_key(marketer_client) == key  # a reload keeps the same secret
    assert not TOTPDevice.objects.exists()

    refused = marketer_client.post(ENROL, {"code": wrong_code(key)})
    assert "Code: That code does not match" in refused.content.decode()
    assert not TOTPDevice.objects.exists()

    response = marketer_client.post(ENROL, {"code": code_for(key)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=marketer)
    assert device.confirmed and device.key == key
    assert marketer_client.get("/").status_code == 200  # this session stays signed in
    assert "Turn off two-factor login" in marketer_client.get(ACCOUNT).content.decode()
    summaries = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.TWO_FACTOR).values_list(
            "summary", flat=True
        )
    )
    assert any("Wrong two-factor code during enrolment" in s for s in summaries)
    assert any("turned on two-factor login" in s for s in summaries)


@pytest.mark.django_db
def test_a_code_that_is_not_six_digits_is_refused_by_the_form(marketer_client):
    _enrolment_key(marketer_client)
    response = marketer_client.post(ENROL, {"code": "12ab"})
    assert "Code: Enter the six digits" in response.content.decode()
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_removal_needs_a_current_code_and_is_audited(marketer, enrol):
    device = enrol(marketer)
    marketer_client = signed_in_with(device)
    marketer_client.post(REMOVE, {"code": wrong_code(device.key)})
    assert TOTPDevice.objects.filter(user=marketer).exists()
    assert AuditEntry.objects.filter(summary__contains="during removal").exists()

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code made the device wait a second
    device.throttling_failure_timestamp = None
    device.save()
    marketer_client.post(REMOVE, {"code": code_for(device.key)})
    assert not TOTPDevice.objects.filter(user=marketer).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.TWO_FACTOR, summary__contains="turned off"
    ).exists()


@pytest.mark.django_db
def test_nobody_enrols_twice(marketer, enrol):
    client = signed_in_with(enrol(marketer))
    # Enrolled already: the page goes back to the account, with no new secret shown.
    assert client.get(ENROL)["Location"] == ACCOUNT
    assert TOTPDevice.objects.filter(user=marketer).count() == 1
