"""The audit page: only Admin opens it; it filters, pages by id, shows the hash and exports CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from tests.accounts.test_signals import attempt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
A = AuditEntry.Action


def _record(action: str = A.LOGIN, summary: str = "Logged in", **kwargs) -> AuditEntry:
    return audit_record(
        action=action, summary=summary, actor=kwargs.pop("actor", Actor()), **kwargs
    )


def test_audit_entries_cannot_be_changed_or_deleted(marketer):
    attempt(Client(), marketer.username, PASSWORD)
    entry = AuditEntry.objects.get()
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get().summary == "Logged in"


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
def test_it_lets_an_admin_in(admin_client_, url):
    assert admin_client_.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
@pytest.mark.parametrize("who", ["marketer_client", "agent_client", "outsider_client"])
def test_it_refuses_marketing_support_and_no_role(request, who, url):
    assert request.getfixturevalue(who).get(url).status_code == 403
    assert not AuditEntry.objects.filter(action=A.EXPORT).exists()


def test_it_sends_a_visitor_who_is_not_signed_in_to_the_login_page():
    response = Client().get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_rejects_post(admin_client_):
    assert admin_client_.post("/audit/").status_code == 405


def test_the_audit_page_lists_and_filters_entries(admin_client_, marketer):
    attempt(Client(), marketer.username, "wrong-password")
    attempt(Client(), marketer.username, PASSWORD)
    page = admin_client_.get("/audit/", {"action": "login_failed"}).content.decode()
    assert "Failed login for" in page
    assert "Logged in</td>" not in page


def test_it_filters_by_actor_object_and_dates(admin_client_, admin, marketer):
    _record(summary="by the marketer", actor=Actor.of(marketer))
    _record(summary="about the admin", actor=Actor.of(admin), target=admin)
    _record(summary="by the system")

    def shown(**query) -> str:
        return admin_client_.get("/audit/", query).content.decode()

    assert "by the marketer" in shown(actor=marketer.username[:4])
    assert "by the system" not in shown(actor=marketer.username)
    only_user = shown(target_type="user", target_id=str(admin.pk))
    assert "about the admin" in only_user and "by the marketer" not in only_user
    today = timezone.localdate()
    assert "by the system" in shown(date_from=today.isoformat(), date_to=today.isoformat())
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert "by the system" not in shown(date_from=tomorrow)


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"date_from": "2026-13-45"}, "From: Enter a valid date."),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "To: “To” must be on or after"),
        ({"action": "nonsense"}, "Action: Select a valid choice."),
        ({"after": "x"}, ""),
    ],
)
def test_bad_filters_are_named_never_a_500(admin_client_, query, error):
    for url in ("/audit/", "/audit/export.csv"):
        response = admin_client_.get(url, query)
        assert response.status_code == 400
        assert error in response.content.decode()
    assert not AuditEntry.objects.filter(action=A.EXPORT).exists()


def test_it_shows_the_payload_hash(admin_client_):
    entry = _record()
    assert entry.payload_hash[:12] in admin_client_.get("/audit/").content.decode()


def test_it_pages_by_id_newest_first():
    entries = [_record(summary=f"entry number {n}") for n in range(5)]
    from audit.selectors import entries_filtered, entries_page

    first = entries_page(entries_filtered({}), size=2)
    assert [e.pk for e in first.rows] == [entries[4].pk, entries[3].pk]
    second = entries_page(entries_filtered({}), after=first.older_than, size=2)
    assert [e.pk for e in second.rows] == [entries[2].pk, entries[1].pk]
    back = entries_page(entries_filtered({}), before=second.newer_than, size=2)
    assert [e.pk for e in back.rows] == [e.pk for e in first.rows]
    assert not back.has_newer and back.has_older


def test_a_page_reads_a_fixed_number_of_queries(admin_client_, django_assert_max_num_queries):
    for n in range(60):
        _record(summary=f"entry {n}")
    with django_assert_max_num_queries(12):
        response = admin_client_.get("/audit/", {"after": AuditEntry.objects.order_by("-pk")[0].pk})
    assert response.status_code == 200
    assert "Newer" in response.content.decode()


def test_a_send_in_the_audit_log_links_to_the_message(admin_client_, admin):
    from messaging.models import OutboundMessage

    message = OutboundMessage.objects.create(
        kind="template", msisdn="+6591234567", payload={}, sent_by=admin
    )
    _record(A.MESSAGE_SEND, "Queued", actor=Actor.of(admin), target=message)
    page = admin_client_.get("/audit/").content.decode()
    assert f'href="/messages/{message.pk}/"' in page


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_streams_the_filtered_entries_formula_safe(admin_client_, admin):
    _record(A.SETTINGS_TEST, summary='=HYPERLINK("http://evil")', data={"x": 1})
    _record(A.LOGOUT, "Logged out")

    response = admin_client_.get("/audit/export.csv", {"action": "settings_test"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:3] == ["id", "at", "actor"] and header[-1] == "payload_hash"
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["summary"] == '\'=HYPERLINK("http://evil")'
    assert row["data"] == '{"x":1}'
    assert len(row["payload_hash"]) == 64


def test_the_export_is_itself_audited(admin_client_, admin):
    _record(A.SETTINGS_TEST, "Tested")
    response = admin_client_.get("/audit/export.csv", {"action": "settings_test"})
    b"".join(response.streaming_content)

    export = AuditEntry.objects.get(action=A.EXPORT)
    assert export.actor_id == admin.pk
    assert export.ip_address == "127.0.0.1"
    assert export.data == {"rows": 1, "kind": "audit", "filters": {"action": "settings_test"}}
    assert export.summary == "Exported 1 audit entries (action settings_test)"
