"""The server-side way back in when the only admin has lost their authenticator phone."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_two_factor_remove_turns_off_a_users_device_and_is_audited(admin, enrol):
    enrol(admin)
    out = StringIO()
    call_command("two_factor_remove", admin.username, stdout=out)
    assert "Turned off two-factor login" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TWO_FACTOR)
    assert entry.actor is None and entry.target_id == str(admin.pk)


@pytest.mark.django_db
def test_two_factor_remove_says_so_when_there_is_nothing_to_do(admin):
    out = StringIO()
    call_command("two_factor_remove", admin.username, stdout=out)
    assert "nothing to do" in out.getvalue()
    with pytest.raises(CommandError, match="No user"):
        call_command("two_factor_remove", "nobody")


@pytest.mark.django_db
def test_axes_reset_username_clears_a_lockout_from_the_command_line(settings, marketer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": marketer.username, "password": "wrong"})
    call_command("axes_reset_username", marketer.username, stdout=StringIO())
    response = client.post(
        "/accounts/login/",
        {"username": marketer.username, "password": PASSWORD},
    )
    assert response["Location"] == "/"
