"""Every kind of action the product audits lands as an entry with who, their role, where from
(when a request carried it) and the payload hash: one row of the table per kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from audit.models import AuditEntry
from audit.services import Actor, audit_entry_verify
from campaigns.controls import campaign_cancel
from campaigns.models import Campaign
from catalog.exporting import products_export_record
from catalog.models import Product
from catalog.services import product_save
from messaging.models import SendJob
from messaging.sending import message_queue
from recipients.services import keyword_apply
from tests.conftest import PASSWORD, logged_in
from tests.factories import ContactFactory, InboundMessageFactory, TemplateFactory, UserFactory
from tests.recipients.test_importing import run

pytestmark = pytest.mark.django_db
A = AuditEntry.Action
IP = "198.51.100.7"


def _client(user) -> Client:
    client = logged_in(user)
    client.defaults["REMOTE_ADDR"] = IP
    return client


def login(users: dict[str, Any]) -> None:
    Client().post(
        "/accounts/login/",
        {"username": users["marketer"].username, "password": PASSWORD},
        REMOTE_ADDR=IP,
    )


def user_create(users: dict[str, Any]) -> None:
    response = _client(users["admin"]).post(
        "/accounts/users/", {"username": "newcomer", "email": "", "role": "Support"}
    )
    assert response.status_code in (200, 302)


def role_change(users: dict[str, Any]) -> None:
    target = users["agent"]
    response = _client(users["admin"]).post(
        f"/accounts/users/{target.pk}/", {"role": "Marketing", "is_active": "on"}
    )
    assert response.status_code in (200, 302)
    assert list(target.groups.values_list("name", flat=True)) == ["Marketing"]


def admin_site_role_permissions(users: dict[str, Any]) -> None:
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    users["admin"] = root
    support = Group.objects.get(name="Support")
    keep = list(support.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(codename="view_audit")
    response = _client(root).post(
        f"/admin/auth/group/{support.pk}/change/",
        {"name": "Support", "permissions": [*keep, extra.pk]},
    )
    assert response.status_code == 302
    assert "Permissions" in AuditEntry.objects.latest("pk").data["change"]


def settings_test(users: dict[str, Any]) -> None:
    assert _client(users["admin"]).post("/settings/test/").status_code in (200, 302)


def opt_out_by_a_person(users: dict[str, Any]) -> None:
    contact = ContactFactory()
    response = _client(users["admin"]).post(
        f"/contacts/{contact.pk}/opt/",
        {"kind": "opt_out", "scope": "marketing", "reason": "asked by phone"},
    )
    assert response.status_code == 302


def opt_in_by_keyword(users: dict[str, Any]) -> None:
    keyword_apply(msisdn="+6591234567", text="START", umid="in-9")


def catalog_change(users: dict[str, Any]) -> None:
    product_save(
        actor=Actor(user=users["marketer"], ip_address=IP),
        data={"retailer_id": "SKU-1", "name": "Mug", "price": "9.90", "currency": "SGD"},
    )


def products_export(users: dict[str, Any]) -> None:
    products_export_record(
        actor=Actor(user=users["marketer"], ip_address=IP),
        products=Product.objects.all(),
        terms={},
    )


def contacts_import(users: dict[str, Any]) -> None:
    run("phone\n+6591234000\n", user=users["marketer"])


def audit_export(users: dict[str, Any]) -> None:
    response = _client(users["admin"]).get("/audit/export.csv")
    b"".join(response.streaming_content)


def message_send(users: dict[str, Any]) -> None:
    InboundMessageFactory(msisdn="+6591234567")
    message_queue(
        actor=Actor(user=users["agent"], ip_address=IP),
        kind="text",
        msisdn="+6591234567",
        payload={"user": {"msisdn": "+6591234567"}, "type": "text", "content": {"text": "Hi"}},
    )


def campaign_control(users: dict[str, Any]) -> None:
    job = SendJob.objects.create(name="Spring", state=SendJob.State.RUNNING)
    campaign = Campaign.objects.create(
        name="Spring", template=TemplateFactory(), job=job, created_by=users["marketer"]
    )
    result = campaign_cancel(campaign=campaign, actor=Actor(user=users["marketer"], ip_address=IP))
    assert result.changed, result


# (what is done, the entry's action, who is named, their role, the address: None = no request)
CASES: list[tuple[Callable[[dict[str, Any]], None], str, str, str, str | None]] = [
    (login, A.LOGIN, "marketer", "Marketing", IP),
    (user_create, A.USER_CHANGE, "admin", "Admin", IP),
    (role_change, A.USER_CHANGE, "admin", "Admin", IP),
    (admin_site_role_permissions, A.ADMIN_CHANGE, "admin", "Admin", IP),
    (settings_test, A.SETTINGS_TEST, "admin", "Admin", IP),
    (opt_out_by_a_person, A.RECIPIENT_OPT, "admin", "Admin", IP),
    (opt_in_by_keyword, A.RECIPIENT_OPT, "", "", None),
    (catalog_change, A.CATALOG_CHANGE, "marketer", "Marketing", IP),
    (products_export, A.EXPORT, "marketer", "Marketing", IP),
    (contacts_import, A.IMPORT, "marketer", "Marketing", None),
    (audit_export, A.EXPORT, "admin", "Admin", IP),
    (message_send, A.MESSAGE_SEND, "agent", "Support", IP),
    (campaign_control, A.CAMPAIGN_CANCEL, "marketer", "Marketing", IP),
]


@pytest.mark.parametrize(
    ("act", "action", "who", "role", "ip"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_each_kind_of_action_is_an_audit_entry(
    act, action, who, role, ip, admin, marketer, agent, sandbox_offline
):
    users: dict[str, Any] = {"admin": admin, "marketer": marketer, "agent": agent}
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    act(users)

    entry = AuditEntry.objects.exclude(pk__in=before).filter(action=action).latest("pk")
    expected_user = users.get(who)
    assert entry.actor_id == (expected_user.pk if expected_user else None)
    assert entry.actor_username == (expected_user.get_username() if expected_user else "")
    assert entry.actor_role == role
    assert entry.ip_address == ip
    assert entry.summary
    assert len(entry.payload_hash) == 64 and audit_entry_verify(entry)
