"""The history page and the dashboard over a million outbound messages (targets on PostgreSQL:
history pages p95 <= 150 ms, goal 50 ms, <= 8 queries a page; dashboard p95 <= 100 ms).

The messages are built once with INSERT ... SELECT over a series of numbers (seconds, not
minutes: the same rows COPY would carry, without shipping them through Python) and committed
outside the test's transaction, so `--reuse-db` (as `make bench-history` runs it) keeps them for
the next run. Message i: sent by one of 5 users (i % 5), to +65 80000000 + i, in one
of 50 campaigns when i % 4 = 0, a template message (one of 20 names) when i % 3 = 0, queued
(BENCH_HISTORY_DAYS * (1 - i / N)) days ago so ids grow with time; status by i % 100: read
0-49, delivered 50-79, sent 80-94, failed 95-97, undelivered 98, queued 99. Run with
BENCH_HISTORY_ROWS=100000 for a quicker look; the closing line goes to var/bench-history.txt too.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.roles import ADMIN
from benchmarks.runs import REQUESTS, p95, timed
from messaging.dashboard import dashboard_rollup
from messaging.models import OutboundMessage, SendJob
from tests.factories import UserFactory

N = int(os.environ.get("BENCH_HISTORY_ROWS", "1000000"))
DAYS = int(os.environ.get("BENCH_HISTORY_DAYS", "90"))
PAGE_P95_MS, QUERIES_MAX, DASHBOARD_P95_MS = 150.0, 8, 100.0

STATUS = """CASE WHEN i %% 100 < 50 THEN 'read' WHEN i %% 100 < 80 THEN 'delivered'
    WHEN i %% 100 < 95 THEN 'sent' WHEN i %% 100 < 98 THEN 'failed'
    WHEN i %% 100 < 99 THEN 'undelivered' ELSE 'queued' END"""
PAYLOAD = """CASE WHEN i %% 3 = 0 THEN jsonb_build_object('user', jsonb_build_object('msisdn',
    '+65' || (80000000 + i)), 'type', 'template', 'content', jsonb_build_object(
    'template', jsonb_build_object('name', 'bench_template_' || (i %% 20), 'language', 'en')))
    ELSE jsonb_build_object('user', jsonb_build_object('msisdn', '+65' || (80000000 + i)),
    'type', 'text', 'content', jsonb_build_object('text', 'Hello number ' || i)) END"""
INSERT = f"""
INSERT INTO messaging_outboundmessage (kind, msisdn, payload, client_message_id, umid, status,
    status_detail, error_code, error_message, provider_error_code, window_override, attempts,
    created_at, updated_at, accepted_at, sent_at, delivered_at, read_at, failed_at, job_id,
    sent_by_id)
SELECT CASE WHEN i %% 3 = 0 THEN 'template' ELSE 'text' END,
    '+65' || (80000000 + i), {PAYLOAD}, 'bench-' || i, 'umid-' || i,
    s.status, '', CASE WHEN s.status IN ('failed', 'undelivered') THEN 1000 + i %% 4 END, '', '',
    false, 1, t.at, t.at, t.at, t.at,
    CASE WHEN s.status IN ('delivered', 'read') THEN t.at END,
    CASE WHEN s.status = 'read' THEN t.at END,
    CASE WHEN s.status IN ('failed', 'undelivered') THEN t.at END,
    CASE WHEN i %% 4 = 0 THEN %(first_job)s + i %% 50 END, %(first_user)s + i %% 5
FROM generate_series(1, %(n)s) AS g(i),
    LATERAL (SELECT {STATUS} AS status) s,
    LATERAL (SELECT %(now)s::timestamptz
        - make_interval(secs => %(days)s * 86400.0 * (1 - i::float8 / %(n)s)) AS at) t
"""  # noqa: S608 - only constants are formatted in; values go as parameters


@pytest.fixture(scope="module")
def million(django_db_setup, django_db_blocker) -> int:
    """N messages of 5 senders and 50 campaigns, committed; built once, then reused."""
    if connection.vendor != "postgresql":
        pytest.fail("bench-history needs PostgreSQL: set DATABASE_URL")
    with django_db_blocker.unblock():
        have = OutboundMessage.objects.count()
        if have < N:
            OutboundMessage.objects.all().delete()
            users = [
                User.objects.filter(username=f"bench-sender-{k}").first()
                or UserFactory(username=f"bench-sender-{k}", role=ADMIN)
                for k in range(5)
            ]
            jobs = [SendJob.objects.create(name=f"Bench campaign {k}") for k in range(50)]
            params = {
                "n": N,
                "now": timezone.now(),
                "days": DAYS,
                "first_job": jobs[0].pk,
                "first_user": users[0].pk,
            }
            assert [u.pk for u in users] == list(range(users[0].pk, users[0].pk + 5))
            assert [j.pk for j in jobs] == list(range(jobs[0].pk, jobs[0].pk + 50))
            with connection.cursor() as cursor:
                cursor.execute(INSERT, params)
                cursor.execute("ANALYZE")
            have = OutboundMessage.objects.count()
        dashboard_rollup(days=DAYS + 1)
    return have


# The marker is what makes pytest-django (4.14) create the test database at all. The rows were
# committed by the module fixture before the test's transaction opened, so --reuse-db keeps them;
# the requests run inside it.
@pytest.mark.django_db
def test_history_and_dashboard_over_a_million_messages(million, benchmark):
    measure(million, benchmark)


def measure(million: int, benchmark) -> None:
    client = Client()
    user = User.objects.filter(username="bench-admin").first() or UserFactory(
        username="bench-admin", role=ADMIN
    )
    client.force_login(user)
    deep = OutboundMessage.objects.order_by("pk").values_list("pk", flat=True)[million // 3]
    job = SendJob.objects.filter(name="Bench campaign 7").values_list("pk", flat=True).first()
    sender = User.objects.get(username="bench-sender-3").pk
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    month_ago = (timezone.localdate() - timedelta(days=30)).isoformat()
    queries: dict[str, int] = {}

    def get(name: str, url: str, query: dict[str, object]) -> Callable[[], object]:
        def call() -> object:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, query)
            assert response.status_code == 200, name
            # The test's transaction adds savepoints that requests in production never run.
            queries[name] = sum(
                not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
                for q in captured.captured_queries
            )
            return response

        return call

    pages = {
        "first page": get("first page", "/messages/", {}),
        "keyset page": get("keyset page", "/messages/", {"after": deep}),
        "filter status failed": get("status", "/messages/", {"status": "failed"}),
        "filter status queued": get("queued", "/messages/", {"status": "queued"}),
        "filter kind": get("kind", "/messages/", {"kind": "template"}),
        "filter campaign": get("campaign", "/messages/", {"campaign": job}),
        "filter template": get("template", "/messages/", {"template": "bench_template_7"}),
        "filter sender": get("sender", "/messages/", {"sender": sender}),
        "filter number prefix": get("number", "/messages/", {"msisdn": "+65 80100"}),
        "filter one number": get("one number", "/messages/", {"msisdn": "+6580012344"}),
        "filter date range": get("dates", "/messages/", {"since": month_ago, "until": week_ago}),
        "filter status + campaign": get(
            "status+campaign", "/messages/", {"status": "failed", "campaign": job}
        ),
        "filter keyset + template": get(
            "keyset+template", "/messages/", {"template": "bench_template_3", "after": deep}
        ),
    }
    results = {name: timed(call) for name, call in pages.items()}
    results["dashboard"] = timed(get("dashboard", "/", {}))
    benchmark.pedantic(pages["first page"], rounds=REQUESTS, iterations=1)

    print(f"\n{'':28} {'p50 ms':>8} {'p95 ms':>8}  ({million} messages, {connection.vendor})")
    for name, times in results.items():
        print(f"{name:28} {statistics.median(times):8.1f} {p95(times):8.1f}")
    filters = [p95(t) for name, t in results.items() if name.startswith("filter")]
    page_queries = max(q for name, q in queries.items() if name != "dashboard")
    line = (
        f"history: {million} rows, first page p95 {p95(results['first page']):.0f} ms, "
        f"keyset page p95 {p95(results['keyset page']):.0f} ms, "
        f"filtered p95 {max(filters):.0f} ms, queries {page_queries}"
    )
    dashboard = (
        f"dashboard: {million} rows, p95 {p95(results['dashboard']):.0f} ms, "
        f"queries {queries['dashboard']}"
    )
    out = settings.VAR_DIR / "bench-history.txt"
    out.write_text(f"{dashboard}\n{line}\n", encoding="utf-8")
    print(dashboard)
    print(line)
    assert million >= N
    pages_p95 = [p95(results["first page"]), p95(results["keyset page"]), *filters]
    assert max(pages_p95) <= PAGE_P95_MS
    assert page_queries <= QUERIES_MAX
    assert p95(results["dashboard"]) <= DASHBOARD_P95_MS
