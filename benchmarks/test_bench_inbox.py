"""The support inbox over 10,000 conversations (BENCH_INBOX_CONVERSATIONS= for another count),
one of them 500 messages long, as a support agent sees it (targets: list and thread p95 <= 100 ms
of server time through the test client, on PostgreSQL).

Conversation i (0 <= i < N) is with +65 83000000 + i, its newest activity i minutes ago (so the
newest 1,440 are inside the 24-hour window), assigned to the agent when i % 3 = 0, to a colleague
when i % 3 = 1, to nobody otherwise, with i % 4 unread; it holds two customer messages and one
answer. Conversation 0 (the agent's) holds THREAD messages instead, alternating customer
messages of every kind and answers of text and reply buttons, one a minute.

The rows are written with bulk INSERTs (a few seconds for ~30,000 rows, on either database) and
committed by a module fixture before the test's transaction opens, so `--reuse-db` (as
`make bench-inbox` runs it) keeps them for the next run, as benchmarks/test_bench_history.py
does. The closing line also goes to var/bench-inbox.txt.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.roles import SUPPORT
from benchmarks.runs import REQUESTS, p95, timed
from messaging.models import Conversation, InboundMessage, MessageKind, OutboundMessage
from tests.factories import UserFactory

N = int(os.environ.get("BENCH_INBOX_CONVERSATIONS", "10000"))
THREAD = 500
LIST_P95_MS, THREAD_P95_MS, QUERIES_MAX = 100.0, 100.0, 20
PREFIX = "+6583"
BATCH = 2000

INBOUND_KINDS: list[tuple[str, dict[str, Any]]] = [
    ("Text", {"text": "Is my order on its way?"}),
    ("Image", {"url": "https://example.com/photo.jpg", "text": "This one"}),
    ("Location", {"location": {"latitude": 1.29, "longitude": 103.85, "name": "Office"}}),
    (
        "Interactive",
        {"interactive": {"type": "button_reply", "button_reply": {"id": "y", "title": "Yes"}}},
    ),
    ("Sticker", {"sticker": {"animated": False}}),
]
TEXT_BODY = {"type": "text", "content": {"text": "Thanks, we are on it. *Soon* you will hear."}}
BUTTONS_BODY = {
    "type": "interactive",
    "content": {
        "interactive": {
            "type": "button",
            "body": {"text": "Shall we keep one for you?"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "y", "title": "Yes, please"}},
                    {"type": "reply", "reply": {"id": "n", "title": "No, thanks"}},
                ]
            },
        }
    },
}


def msisdn(i: int) -> str:
    return f"{PREFIX}{i:08d}"


def user(username: str) -> User:
    return User.objects.filter(username=username).first() or UserFactory(
        username=username, role=SUPPORT
    )


def _conversations(agent: User, colleague: User, now: Any) -> None:
    owners = [agent, colleague, None]
    rows = []
    for i in range(N):
        at = now - timedelta(minutes=i)
        rows.append(
            Conversation(
                msisdn=msisdn(i),
                profile_name=f"Customer {i}",
                last_activity_at=at,
                last_preview="Thanks, we are on it.",
                last_direction="out",
                last_inbound_at=at - timedelta(seconds=30),
                unread_count=i % 4,
                assigned_to=owners[i % 3],
            )
        )
    Conversation.objects.bulk_create(rows, batch_size=BATCH)


def _short_threads(agent: User, now: Any) -> None:
    inbound, outbound = [], []
    for i in range(1, N):
        at = now - timedelta(minutes=i)
        for k, back in enumerate((90, 30)):
            inbound.append(
                InboundMessage(
                    umid=f"bench-in-{i}-{k}",
                    msisdn=msisdn(i),
                    type="Text",
                    content={"text": f"Hello, this is customer {i}"},
                    received_at=at - timedelta(seconds=back),
                )
            )
        outbound.append(_answer(f"bench-out-{i}", msisdn(i), at, agent, TEXT_BODY))
    InboundMessage.objects.bulk_create(inbound, batch_size=BATCH)
    _answers_store(outbound)


def _answers_store(answers: list[OutboundMessage]) -> None:
    """Insert the answers, then give each its own time (auto_now_add stamped them all now)."""
    times = [answer.created_at for answer in answers]  # bulk_create overwrites them
    stored = OutboundMessage.objects.bulk_create(answers, batch_size=BATCH)
    for message, at in zip(stored, times, strict=True):
        message.created_at = at
    OutboundMessage.objects.bulk_update(stored, ["created_at"], batch_size=BATCH)


def _answer(key: str, number: str, at: Any, agent: User, body: dict[str, Any]) -> OutboundMessage:
    kind = MessageKind.BUTTONS if body is BUTTONS_BODY else MessageKind.TEXT
    return OutboundMessage(
        kind=kind,
        msisdn=number,
        payload={"user": {"msisdn": number}, **body, "clientMessageId": key},
        client_message_id=key,
        umid=key,
        status="read",
        sent_by=agent,
        created_at=at,
    )


def _long_thread(agent: User, now: Any) -> None:
    number = msisdn(0)
    inbound, outbound = [], []
    for k in range(THREAD):
        at = now - timedelta(minutes=THREAD - k)
        if k % 2 == 0:
            type_, content = INBOUND_KINDS[(k // 2) % len(INBOUND_KINDS)]
            inbound.append(
                InboundMessage(
                    umid=f"bench-thread-in-{k}",
                    msisdn=number,
                    type=type_,
                    content=content,
                    received_at=at,
                )
            )
        else:
            body = BUTTONS_BODY if k % 4 == 1 else TEXT_BODY
            outbound.append(_answer(f"bench-thread-out-{k}", number, at, agent, body))
    InboundMessage.objects.bulk_create(inbound)
    _answers_store(outbound)


@pytest.fixture(scope="module")
def inbox(django_db_setup, django_db_blocker) -> int:
    """N conversations, committed; built once, then reused with --reuse-db."""
    with django_db_blocker.unblock():
        have = Conversation.objects.filter(msisdn__startswith=PREFIX).count()
        if have != N:
            for model in (Conversation, InboundMessage, OutboundMessage):
                model.objects.filter(msisdn__startswith=PREFIX).delete()
            start = time.monotonic()
            agent, colleague = user("bench-agent"), user("bench-colleague")
            now = timezone.now()
            _conversations(agent, colleague, now)
            _short_threads(agent, now)
            _long_thread(agent, now)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            have = Conversation.objects.filter(msisdn__startswith=PREFIX).count()
            print(f"\nbuilt {have} conversations in {time.monotonic() - start:.1f} s")
    return have


# The marker makes pytest-django create the test database; the rows were committed by the
# module fixture before this test's transaction opened, and the requests run inside it.
@pytest.mark.django_db
def test_the_inbox_over_ten_thousand_conversations(inbox, benchmark):
    client = Client()
    client.force_login(User.objects.get(username="bench-agent"))
    thread = Conversation.objects.get(msisdn=msisdn(0))
    assert (
        InboundMessage.objects.filter(msisdn=thread.msisdn).count()
        + (OutboundMessage.objects.filter(msisdn=thread.msisdn).count())
        == THREAD
    )
    queries: dict[str, int] = {}

    def get(name: str, url: str, query: dict[str, object], **headers: str) -> Callable[[], Any]:
        def call() -> Any:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, query, headers=headers)
            assert response.status_code == 200, name
            # The test's transaction adds savepoints that requests in production never run.
            queries[name] = sum(
                not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
                for q in captured.captured_queries
            )
            return response

        return call

    first = get("list", "/inbox/", {})()
    cursor = _link_value(first.content.decode(), "&amp;after=")
    older = _link_value(get("thread", f"/inbox/{thread.pk}/", {})().content.decode(), "?before=")
    lists = {
        "list": get("list", "/inbox/", {}),
        "list polled (htmx)": get("list polled (htmx)", "/inbox/", {}, HX_Request="true"),
        "list mine": get("list mine", "/inbox/", {"filter": "mine"}),
        "list unassigned": get("list unassigned", "/inbox/", {"filter": "unassigned"}),
        "list window open": get("list window open", "/inbox/", {"filter": "open"}),
        "list next page": get("list next page", "/inbox/", {"after": cursor}),
        "badge": get("badge", "/inbox/badge/", {}),
    }
    threads = {
        "thread": get("thread", f"/inbox/{thread.pk}/", {}),
        "thread polled (htmx)": get(
            "thread polled (htmx)", f"/inbox/{thread.pk}/", {"part": "thread"}, HX_Request="true"
        ),
        "thread older page": get("thread older page", f"/inbox/{thread.pk}/", {"before": older}),
    }
    results = {name: timed(call) for name, call in {**lists, **threads}.items()}
    benchmark.pedantic(lists["list"], rounds=REQUESTS, iterations=1)

    print(f"\n{'':24} {'p50 ms':>8} {'p95 ms':>8} queries  ({inbox} conversations)")
    for name, times in results.items():
        print(f"{name:24} {statistics.median(times):8.1f} {p95(times):8.1f} {queries[name]:>7}")
    list_p95 = max(p95(results[name]) for name in lists)
    thread_p95 = max(p95(results[name]) for name in threads)
    most = max(queries.values())
    line = (
        f"inbox: {inbox} conversations, list p95 {list_p95:.0f} ms, "
        f"thread ({THREAD} messages) p95 {thread_p95:.0f} ms, queries {most}"
    )
    (settings.VAR_DIR / "bench-inbox.txt").write_text(line + "\n", encoding="utf-8")
    print(line)
    assert inbox == N
    assert list_p95 <= LIST_P95_MS
    assert thread_p95 <= THREAD_P95_MS
    assert most <= QUERIES_MAX


def _link_value(page: str, marker: str) -> str:
    """The query value a page's link carries after `marker` (the next page's cursor)."""
    start = page.index(marker) + len(marker)
    return unquote(page[start : page.index('"', start)].replace("&amp;", "&"))
