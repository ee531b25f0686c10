from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import UserFactory

LOGIN = "/accounts/login/"


@pytest.mark.django_db
def test_an_admin_adds_a_user_and_sees_the_password_once(admin_client_):
    response = admin_client_.post(
        "/accounts/users/", {"username": "newbie", "email": "", "role": "Support"}
    )
    assert response.status_code == 200
    user = User.objects.get(username="newbie")
    assert list(user.groups.values_list("name", flat=True)) == ["Support"]
    page = response.content.decode()
    assert "Hand over this password now" in page
    password = page.split('id="new-password">', 1)[1].split("</pre>", 1)[0]
    assert user.check_password(password)
    assert admin_client_.get("/accounts/users/").content.decode().count(password) == 0
    assert AuditEntry.objects.filter(action="user_change", summary__contains="newbie").exists()


@pytest.mark.django_db
def test_a_taken_username_is_refused_with_a_reason(admin_client_, marketer):
    response = admin_client_.post(
        "/accounts/users/", {"username": marketer.username.upper(), "role": "Support"}
    )
    assert "is already taken" in response.content.decode()
    assert User.objects.filter(username__iexact=marketer.username).count() == 1


@pytest.mark.django_db
def test_an_admin_changes_a_role_and_deactivates(admin_client_, marketer):
    admin_client_.post(f"/accounts/users/{marketer.pk}/", {"role": "Support"})
    marketer.refresh_from_db()
    assert list(marketer.groups.values_list("name", flat=True)) == ["Support"]
    assert marketer.is_active is False
    assert AuditEntry.objects.filter(action="user_change", target_id=str(marketer.pk)).exists()


@pytest.mark.django_db
def test_the_last_admin_cannot_demote_themselves(admin_client_, admin):
    response = admin_client_.post(
        f"/accounts/users/{admin.pk}/", {"role": "Support", "is_active": "on"}, follow=True
    )
    assert "only active administrator" in response.content.decode()
    assert admin.groups.filter(name="Admin").exists()


@pytest.mark.django_db
def test_a_bad_role_is_refused_without_change(admin_client_, marketer):
    response = admin_client_.post(
        f"/accounts/users/{marketer.pk}/", {"role": "Root", "is_active": "on"}, follow=True
    )
    assert "Role: choose one of Marketing, Support, Admin" in response.content.decode()
    assert marketer.groups.filter(name="Marketing").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["marketer_client", "agent_client", "outsider_client"])
def test_only_admins_manage_users(request, fixture, marketer):
    client = request.getfixturevalue(fixture)
    assert client.get("/accounts/users/").status_code == 403
    assert (
        client.post(
            f"/accounts/users/{marketer.pk}/", {"role": "Admin", "is_active": "on"}
        ).status_code
        == 403
    )
    assert not marketer.groups.filter(name="Admin").exists()


def _shown_password(page: str) -> str:
    return page.split('id="new-password">', 1)[1].split("</pre>", 1)[0]


def _lock_out(settings, user) -> Client:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.username, "password": "wrong"}, REMOTE_ADDR="10.7.7.7")
    return client


def _log_in(client: Client, user, password: str = PASSWORD):
    return client.post(
        LOGIN, {"username": user.username, "password": password}, REMOTE_ADDR="10.7.7.7"
    )


@pytest.mark.django_db
def test_an_admin_resets_a_password_shown_once_that_signs_in(admin_client_, marketer):
    response = admin_client_.post(f"/accounts/users/{marketer.pk}/password/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Reset the password of {marketer.username}." in page
    password = _shown_password(page)
    assert password not in admin_client_.get("/accounts/users/").content.decode()
    marketer.refresh_from_db()
    assert not marketer.check_password(PASSWORD)
    client = Client()
    assert _log_in(client, marketer, password)["Location"] == "/"
    assert client.get("/").status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PASSWORD_RESET)
    assert entry.target_id == str(marketer.pk)
    assert entry.actor_username == "alice-admin"
    assert password not in entry.summary + str(entry.data)


@pytest.mark.django_db
def test_a_reset_ends_the_users_open_sessions(admin_client_, marketer_client, marketer):
    assert marketer_client.get("/").status_code == 200
    admin_client_.post(f"/accounts/users/{marketer.pk}/password/")
    assert marketer_client.get("/").status_code == 302


@pytest.mark.django_db
def test_an_admin_is_sent_to_change_password_for_their_own(admin_client_, admin):
    response = admin_client_.post(f"/accounts/users/{admin.pk}/password/")
    assert response["Location"] == "/accounts/me/password/"
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


@pytest.mark.django_db
def test_an_admin_unlocks_a_locked_out_user_who_can_then_sign_in(settings, admin_client_, agent):
    client = _lock_out(settings, agent)
    assert _log_in(client, agent).status_code == 429

    page = admin_client_.get("/accounts/users/").content.decode()
    assert "Locked out" in page
    assert f"/accounts/users/{agent.pk}/unlock/" in page
    response = admin_client_.post(f"/accounts/users/{agent.pk}/unlock/", follow=True)
    assert f"Unlocked {agent.username}" in response.content.decode()
    assert "Locked out</span>" not in response.content.decode()

    assert _log_in(client, agent)["Location"] == "/"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.USER_UNLOCK)
    assert entry.target_id == str(agent.pk)
    assert entry.data == {"cleared": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["marketer_client", "agent_client", "outsider_client"])
def test_only_admins_reset_unlock_or_turn_off_two_factor(request, settings, fixture, marketer):
    client = request.getfixturevalue(fixture)
    _lock_out(settings, marketer)
    for action in ("password", "unlock", "two-factor/remove"):
        assert client.post(f"/accounts/users/{marketer.pk}/{action}/").status_code == 403
    marketer.refresh_from_db()
    assert marketer.check_password(PASSWORD)
    assert _log_in(Client(), marketer).status_code == 429  # still locked out
    assert not AuditEntry.objects.filter(
        action__in=[AuditEntry.Action.PASSWORD_RESET, AuditEntry.Action.USER_UNLOCK]
    ).exists()


@pytest.mark.django_db
def test_an_admin_turns_off_two_factor_for_a_lost_phone(admin_client_, marketer, enrol):
    enrol(marketer)
    page = admin_client_.get("/accounts/users/").content.decode()
    assert f"Turn off 2FA for {marketer.username}" in page
    admin_client_.post(f"/accounts/users/{marketer.pk}/two-factor/remove/")
    assert not TOTPDevice.objects.filter(user=marketer).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.TWO_FACTOR, target_id=str(marketer.pk)
    ).exists()


@pytest.mark.django_db
def test_no_stray_separator_without_an_email_and_long_names_wrap(admin_client_):
    long_name = "a" * 150
    UserFactory(username=long_name, email="")
    UserFactory(username="no-mail-logged-in", email="", last_login=timezone.now())
    page = admin_client_.get("/accounts/users/").content.decode()
    assert '<div class="muted small"> ·' not in page
    assert '<div class="muted small"><span>last login' in page
    row = page.split(f"<strong>{long_name}</strong>", 1)[0].rsplit("<td", 1)[1]
    assert 'class="wrap-anywhere"' in row
    css = (settings.BASE_DIR / "static/css/app.css").read_text()
    assert ".wrap-anywhere { overflow-wrap: anywhere; }" in css
    assert "text-overflow: ellipsis" in css  # the name in the top bar


@pytest.mark.django_db
def test_errors_name_the_field_as_labelled(admin_client_):
    page = admin_client_.post(
        "/accounts/users/", {"username": "x", "email": "not-an-email", "role": "Support"}
    ).content.decode()
    assert '<label for="id_email">E-mail</label>' in page
    assert "E-mail: Enter a valid email address." in page
