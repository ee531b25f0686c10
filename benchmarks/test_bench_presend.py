"""The pre-send check of a 100,000-recipient campaign (target: a few seconds on PostgreSQL),
its page, and the launch that freezes what it counted.

A list of BENCH_PRESEND (100000) contacts is built with INSERT ... SELECT over a series; 1% of
them opted out, 1% had a message undelivered last week, and the template's body {{1}} is each
contact's name. Each figure is the median of 3 runs (the machine is shared, so runs are noisy).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.roles import MARKETING
from audit.services import Actor
from campaigns.launch import campaign_launch
from campaigns.models import Campaign
from campaigns.presend import campaign_check
from catalog.models import Template
from messaging.models import OutboundMessage
from recipients.models import ContactList
from tests.factories import UserFactory

N = int(os.environ.get("BENCH_PRESEND", "100000"))
RUNS = 3

STATEMENTS = [
    """INSERT INTO recipients_contact (msisdn, name, language, time_zone, attributes,
        opt_in_source, opt_in_at, number_warning, created_at, updated_at)
       SELECT '+65' || (80000000 + i), 'Person ' || i, 'en', '', '{}'{jsonb}, '', NULL, '',
        %(now)s, %(now)s FROM {series}""",
    """INSERT INTO recipients_contactlist (name, description, created_at)
       VALUES ('Presend list', '', %(now)s)""",
    """INSERT INTO recipients_listmember (contact_list_id, contact_id, added_at)
       SELECT l.id, c.id, %(now)s FROM recipients_contact c, recipients_contactlist l
       WHERE l.name = 'Presend list'""",
    """INSERT INTO recipients_optevent (msisdn, kind, scope, reason, source, actor_username,
        umid, at)
       SELECT '+65' || (80000000 + i), 'opt_out', 'marketing', 'bench', 'bulk', '', '', %(now)s
       FROM {series} WHERE i %% 100 = 0""",
]


def series_sql(n: int) -> tuple[str, str]:
    """(prefix, FROM clause) that yield i = 1..n on this database."""
    if connection.vendor == "postgresql":
        return "", f"generate_series(1, {n}) AS g(i)"
    # n is an int: nothing typed by anyone reaches this SQL.
    recursive = f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) "  # noqa: S608
    return recursive, "g"


@pytest.fixture
def audience(db) -> ContactList:
    prefix, series = series_sql(N)
    jsonb = "::jsonb" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for statement in STATEMENTS:
            sql = statement.replace("{series}", series).replace("{jsonb}", jsonb)
            cursor.execute(
                (prefix if "{series}" in statement else "") + sql, {"now": timezone.now()}
            )
    week_ago = timezone.now() - timedelta(days=7)
    OutboundMessage.objects.bulk_create(
        [
            OutboundMessage(
                kind="text",
                msisdn=f"+65{80000000 + i}",
                payload={},
                status="undelivered",
                failed_at=week_ago,
            )
            for i in range(50, N + 1, 100)
        ],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ContactList.objects.get(name="Presend list")


def median_ms(call: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def test_presend_check_of_a_hundred_thousand_recipients(benchmark, audience):
    template = Template.objects.create(
        name="spring_sale",
        language="en",
        category="MARKETING",
        status="APPROVED",
        components=[{"type": "BODY", "text": "Hello {{1}}, 20% off this week."}],
        parameter_sources={"body_1": {"source": "field", "key": "name"}},
    )
    campaign = Campaign.objects.create(name="Bench", template=template, contact_list=audience)
    check_ms, check = median_ms(lambda: campaign_check(campaign))
    client = Client()
    user = UserFactory(username="bench-marketer", role=MARKETING)
    client.force_login(user)
    url = reverse("campaign-builder:check", args=[campaign.pk])
    page_ms, _ = median_ms(lambda: client.get(url))
    benchmark.pedantic(campaign_check, args=(campaign,), rounds=1, iterations=1)
    start = time.perf_counter()
    launched = campaign_launch(
        campaign_id=campaign.pk, actor=Actor.of(user), expected=check.sendable
    )
    launch_ms = (time.perf_counter() - start) * 1000
    frozen = OutboundMessage.objects.filter(job=launched.job).count()
    print(
        f"\npresend: {check.audience} recipients checked in {check_ms:.0f} ms "
        f"(page {page_ms:.0f} ms), {check.sendable} sendable, excluded {dict(check.excluded)}; "
        f"launch froze {frozen} in {launch_ms:.0f} ms ({connection.vendor}, median of {RUNS})"
    )
    assert check.audience == N
    assert check.excluded == {"opted_out": N // 100, "undeliverable_recently": N // 100}
    assert frozen == check.sendable
