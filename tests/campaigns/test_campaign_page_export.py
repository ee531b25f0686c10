"""The results export: every recipient once, formula-safe cells, streamed a page at a time."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from campaigns import selectors
from campaigns.selectors import EXPORT_COLUMNS
from messaging.models import MessageStatus as S
from messaging.models import OutboundMessage
from tests.campaigns.campaign_pages import launched, move, numbers

pytestmark = pytest.mark.django_db


def export(client, campaign):
    return client.get(reverse("campaigns:export", args=[campaign.pk]))


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_every_recipient_with_status_reason_and_explanation(marketer_client, marketer):
    campaign = launched(5, owner=marketer)
    move(campaign, 1, S.UNDELIVERED, error_code=1022, provider_error_code="131047")
    move(campaign, 2, S.DELIVERED)
    response = export(marketer_client, campaign)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="campaign-{campaign.pk}-results.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == EXPORT_COLUMNS
    assert [r[0] for r in rows] == ["'" + m for m in numbers(5)]  # a leading + is a formula
    undelivered = dict(zip(header, rows[0], strict=True))
    assert undelivered["status"] == "undelivered" and undelivered["error_code"] == "1022"
    assert "customer-service window is closed" in undelivered["explanation"]
    assert [r[1] for r in rows[1:]] == ["delivered", "delivered", "queued", "queued"]
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.EXPORT, target_id=campaign.pk
    ).exists()


def test_every_cell_is_formula_safe(marketer_client, marketer):
    campaign = launched(2, owner=marketer)
    move(campaign, 1, S.FAILED, error_message='=HYPERLINK("http://evil")', status_detail="@cmd")
    move(campaign, 1, S.FAILED, error_message="-2+3", status_detail="+x")
    _, *rows = rows_of(export(marketer_client, campaign))
    cells = [cell for row in rows for cell in row if cell]
    assert '\'=HYPERLINK("http://evil")' in cells and "'-2+3" in cells
    assert "'@cmd" in cells and "'+x" in cells
    assert not [c for c in cells if c[0] in "=+-@\t\r"]


def test_it_streams_a_page_of_rows_at_a_time(marketer_client, marketer, monkeypatch):
    monkeypatch.setattr(selectors, "EXPORT_PAGE", 10)
    campaign = launched(35, owner=marketer)
    response = export(marketer_client, campaign)
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        header = next(pieces)
    assert header.decode("utf-8-sig").startswith("phone,status")
    assert len(queries) == 0  # nothing read before the header went out
    with CaptureQueriesContext(connection) as queries:
        rest = b"".join(pieces)
    reads = [q for q in queries if "messaging_outboundmessage" in q["sql"]]
    assert len(reads) == 4  # 10 + 10 + 10 + 5 rows: never all at once
    assert all("LIMIT 10" in q["sql"] and "OFFSET" not in q["sql"] for q in reads)
    assert rest.decode().count("\r\n") == 35
    assert OutboundMessage.objects.filter(job=campaign.job).count() == 35


def test_a_role_without_campaigns_is_refused(agent_client, marketer):
    assert export(agent_client, launched(1, owner=marketer)).status_code == 403
