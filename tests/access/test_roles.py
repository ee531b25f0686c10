"""A role x page matrix: each role sees its pages (200) and is refused the others (403)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission

from access.roles import ADMIN, MARKETING, ROLE_CAPABILITIES, SUPPORT
from tests.conftest import logged_in, make_user

PAGES = {
    "/": {MARKETING, SUPPORT, ADMIN, None},
    "/compose/": {MARKETING, SUPPORT, ADMIN},
    "/messages/": {MARKETING, SUPPORT, ADMIN},
    "/campaigns/": {MARKETING, ADMIN},
    "/campaigns/new/": {MARKETING, ADMIN},
    "/campaigns/send-to-many/": {MARKETING, ADMIN},
    "/contacts/": {MARKETING, SUPPORT, ADMIN},
    "/contacts/new/": {MARKETING, ADMIN},
    "/contacts/lists/": {MARKETING, ADMIN},
    "/contacts/segments/": {MARKETING, ADMIN},
    "/catalog/templates/": {MARKETING, ADMIN},
    "/catalog/products/": {MARKETING, ADMIN},
    "/inbox/": {SUPPORT, ADMIN},
    "/audit/": {ADMIN},
    "/audit/export.csv": {ADMIN},
    "/settings/": {ADMIN},
    "/accounts/users/": {ADMIN},
    "/sandbox/": {MARKETING, SUPPORT, ADMIN},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [MARKETING, SUPPORT, ADMIN, None], ids=["marketing", "support", "admin", "no-role"]
)
@pytest.mark.parametrize("path", list(PAGES))
def test_role_page_matrix(role, path):
    client = logged_in(make_user(f"user-{role or 'none'}", role))
    response = client.get(path)
    expected = 200 if role in PAGES[path] else 403
    assert response.status_code == expected, f"{role} {path}"


@pytest.mark.django_db
def test_roles_are_groups_with_real_permissions():
    for role, capabilities in ROLE_CAPABILITIES.items():
        group = Group.objects.get(name=role)
        assert set(group.permissions.values_list("codename", flat=True)) == capabilities
    assert Permission.objects.filter(content_type__app_label="access").count() == len(
        ROLE_CAPABILITIES[ADMIN]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, visible, hidden",
    [
        (
            MARKETING,
            ["Compose", "Campaigns", "Templates", "Catalog"],
            ["Inbox", "Audit", "Settings"],
        ),
        (SUPPORT, ["Compose", "Inbox", "History"], ["Campaigns", "Audit", "Templates", "Settings"]),
        (ADMIN, ["Compose", "Campaigns", "Inbox", "Audit", "Settings", "Sandbox"], []),
    ],
)
def test_navigation_shows_only_the_pages_a_role_may_use(role, visible, hidden):
    client = logged_in(make_user("nav-user", role))
    nav = client.get("/").content.decode().split('<nav class="sidenav"', 1)[1].split("</nav>", 1)[0]
    # A label is followed by the link's end, or by the live badge some items carry (Inbox).
    shown = set(re.findall(r'</span> ([A-Z][a-z]+)(?:</a>| <span class="nav-badge-slot")', nav))
    for label in visible:
        assert label in shown, label
    for label in hidden:
        assert label not in shown, label
