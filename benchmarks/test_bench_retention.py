"""Retention over 20,000 old messages (with a receipt each) and the audit page over 50,000
entries: `pytest benchmarks/test_bench_retention.py --benchmark-only -s` ends with one line."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from benchmarks.runs import timed
from messaging.models import MessageEvent, MessageStatus, OutboundMessage
from messaging.retention import retention_run
from tests.conftest import logged_in, make_user

MESSAGES = 20_000
ENTRIES = 50_000
BODY = {"user": {"msisdn": "+6581000000"}, "type": "text", "content": {"text": "Hello " * 20}}


@pytest.fixture
def old_messages(db) -> None:
    OutboundMessage.objects.bulk_create(
        (
            OutboundMessage(
                kind="text", msisdn=f"+6581{n:06d}", payload=BODY, status=MessageStatus.READ
            )
            for n in range(MESSAGES)
        ),
        batch_size=2000,
    )
    OutboundMessage.objects.update(created_at=timezone.now() - timedelta(days=400))
    MessageEvent.objects.bulk_create(
        (
            MessageEvent(message_id=pk, status="read", source="receipt", data={"raw": BODY})
            for pk in OutboundMessage.objects.values_list("pk", flat=True)
        ),
        batch_size=2000,
    )
    MessageEvent.objects.update(at=timezone.now() - timedelta(days=400))


def _restore() -> None:
    OutboundMessage.objects.update(payload=BODY, content_cleared_at=None)
    MessageEvent.objects.update(data={"raw": BODY})


def test_retention_over_twenty_thousand_messages(benchmark, old_messages):
    report = benchmark.pedantic(
        lambda: retention_run(days=365), setup=_restore, rounds=3, iterations=1
    )
    assert report.outbound == MESSAGES and report.events == MESSAGES
    median = benchmark.stats.stats.median
    print(
        f"\nretention: {MESSAGES} messages and {MESSAGES} receipts cleared in {median:.2f} s "
        f"({2 * MESSAGES / median:,.0f} rows/s), median of 3"
    )


def test_the_audit_page_over_fifty_thousand_entries(benchmark, db):
    admin_client_: Client = logged_in(make_user("alice-admin", "Admin"))
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(action="login", summary=f"entry {n}", actor_username="alice-admin")
            for n in range(ENTRIES)
        ),
        batch_size=5000,
    )
    middle = AuditEntry.objects.order_by("pk")[ENTRIES // 2].pk
    first = timed(lambda: admin_client_.get("/audit/"))
    deep = timed(lambda: admin_client_.get("/audit/", {"after": middle, "actor": "alice"}))
    benchmark.pedantic(lambda: admin_client_.get("/audit/", {"after": middle}), rounds=5)
    print(
        f"\naudit page over {ENTRIES} entries: first page {statistics.median(first):.0f} ms, "
        f"a page halfway back {statistics.median(deep):.0f} ms (median of {len(first)})"
    )
