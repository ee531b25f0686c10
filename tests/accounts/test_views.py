from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from audit.models import AuditEntry


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
