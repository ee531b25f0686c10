"""Changes made in Django's admin site are audited like changes made on the product's pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_adding_a_group_in_the_admin_site_is_audited(superuser_client):
    response = superuser_client.post("/admin/auth/group/add/", {"name": "Auditors"})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ADMIN_CHANGE)
    assert entry.summary == "Added group “Auditors” in the admin site"
    assert entry.actor_username == "root"
    assert entry.data["model"] == "group"


def test_changing_a_users_groups_in_the_admin_site_is_audited(superuser_client, marketer):
    admins = Group.objects.get(name="Admin")
    form = {
        "username": marketer.username,
        "email": marketer.email,
        "is_active": "on",
        "groups": [admins.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    response = superuser_client.post(f"/admin/auth/user/{marketer.pk}/change/", form)

    assert response.status_code == 302, response.content[:2000]
    assert list(marketer.groups.values_list("name", flat=True)) == ["Admin"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ADMIN_CHANGE)
    assert entry.summary == f"Changed user “{marketer.username}” in the admin site"
    assert "Groups" in entry.data["change"]
