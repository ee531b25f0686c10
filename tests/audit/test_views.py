"""The audit trail: entries cannot be changed, and the page lists, filters and links them."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEntry
from audit.services import Actor
from tests.accounts.test_signals import attempt
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed_or_deleted(marketer):
    attempt(Client(), marketer.username, PASSWORD)
    entry = AuditEntry.objects.get()
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get().summary == "Logged in"


@pytest.mark.django_db
def test_the_audit_page_lists_and_filters_entries(admin_client_, marketer):
    attempt(Client(), marketer.username, "wrong-password")
    attempt(Client(), marketer.username, PASSWORD)
    page = admin_client_.get("/audit/", {"action": "login_failed"}).content.decode()
    assert "Failed login for" in page
    assert "Logged in</td>" not in page


@pytest.mark.django_db
def test_a_send_in_the_audit_log_links_to_the_message(admin_client_, admin):
    from messaging.models import OutboundMessage

    message = OutboundMessage.objects.create(
        kind="template", msisdn="+6591234567", payload={}, sent_by=admin
    )
    from audit.services import audit_record

    audit_record(
        action=AuditEntry.Action.MESSAGE_SEND,
        summary="Queued",
        actor=Actor.of(admin),
        target=message,
    )
    page = admin_client_.get("/audit/").content.decode()
    assert f'href="/messages/{message.pk}/"' in page
