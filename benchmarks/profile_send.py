"""CPU per message of a send job's steps, measured in-process rather than by wall clock.

    python benchmarks/profile_send.py sandbox   # the sandbox's batch endpoint, scratch SQLite
    python benchmarks/profile_send.py product   # freeze, claim, record on DATABASE_URL

`sandbox` posts 1,000-message batches (the body the product sends) through the whole Django
stack to the batch endpoint. `product` freezes a 1,000-message job, claims it as one chunk and
records a sandbox-shaped 200 answer for it, ROUNDS times. Each step prints the CPU milliseconds
per message of this process and, on PostgreSQL, of its database backend (read from /proc, so
the server must run on this machine). PROFILE=1 adds each step's heaviest functions (cProfile).
The machine may be shared and busy: CPU time is what these figures count, not elapsed time.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODE = sys.argv[1] if len(sys.argv) > 1 else "sandbox"
if MODE == "sandbox":
    # The sandbox runs on its own scratch SQLite database, as in benchmarks/campaign.py.
    for name in [k for k in os.environ if k.startswith(("DATABASE_URL", "CELERY_"))]:
        del os.environ[name]
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="profile-send-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatapps_admin.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SIZE = int(os.environ.get("SIZE", "1000"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
PROFILE = os.environ.get("PROFILE") == "1"
TEMPLATE = {
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#523534"}]}],
        }
    },
}


def backend_cpu() -> float:
    """CPU seconds the database server process of this connection has used (0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(name: str, steps: list[Callable[[], object]], messages: int) -> None:
    """Run each step once, counting this process's and its backend's CPU time."""
    profiler = cProfile.Profile() if PROFILE else None
    own = db = 0.0
    for step in steps:
        db_before, own_before = backend_cpu(), time.process_time()
        if profiler:
            profiler.enable()
        step()
        if profiler:
            profiler.disable()
        own += time.process_time() - own_before
        db += backend_cpu() - db_before
    print(
        f"{name}: CPU ms per message: python {own * 1000 / messages:.3f}, "
        f"database {db * 1000 / messages:.3f} ({messages} messages)"
    )
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "tottime"))
        stats.print_stats(int(os.environ.get("TOP", "18")))
        print(out.getvalue())


def product_body(job_id: int, first: int) -> dict[str, object]:
    """The batch request the product sends: shared template defaults, one item per recipient."""
    messages = [
        {"user": {"msisdn": f"+659{n:07d}"}, "clientMessageId": f"j{job_id}-659{n:07d}"}
        for n in range(first, first + SIZE)
    ]
    return {
        "template": TEMPLATE,
        "messages": messages,
        "clientBatchId": f"chunk-{first}",
        "includeMessagesInResponse": True,
    }


def sandbox_main() -> None:
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    url = f"/sandbox/api/v1/subaccounts/{settings.CHATAPPS_SUBACCOUNT_ID}/messages/batch"
    headers = {"Authorization": f"Bearer {settings.CHATAPPS_API_KEY}"}
    answers: list[int] = []

    def post(first: int) -> None:
        data = json.dumps(product_body(1, first))
        response = client.post(url, data, content_type="application/json", headers=headers)
        answers.append(response.status_code)
        assert json.loads(response.content)["acceptedCount"] == SIZE, response.content[:300]

    post(10_000_000)  # the first request seeds the settings and templates
    measured("sandbox batch", [partial(post, n * SIZE) for n in range(ROUNDS)], SIZE * ROUNDS)


def product_main() -> None:
    from chatapps.results import batch_result
    from messaging import chunks, jobs
    from messaging.models import MessageEvent, MessageStatus, OutboundMessage, SendChunk, SendJob

    call_command("migrate", verbosity=0)
    earlier = SendJob.objects.filter(name="Profile")
    MessageEvent.objects.filter(message__job__in=earlier).delete()
    SendChunk.objects.filter(job__in=earlier).delete()
    OutboundMessage.objects.filter(job__in=earlier).delete()
    earlier.delete()
    made = [SendJob.objects.create(name="Profile", chunk_size=SIZE) for _ in range(ROUNDS)]
    claimed: list[object] = []

    def freeze(job: SendJob) -> None:
        bodies = (
            (f"+659{n:07d}", {"user": {"msisdn": f"+659{n:07d}"}, **TEMPLATE}) for n in range(SIZE)
        )
        jobs.job_freeze(job=job, kind="template", messages=bodies)
        SendJob.objects.filter(pk=job.pk).update(state=SendJob.State.RUNNING)

    def claim(job: SendJob) -> None:
        chunk = chunks.chunk_claim(job_id=job.pk, size=SIZE)
        assert chunk is not None and chunk.size == SIZE
        claimed.append(chunk)

    def record(index: int) -> None:
        chunk = claimed[index]
        rows = chunks.chunk_rows(chunk)  # type: ignore[arg-type]
        # What the client does on either side of the HTTP call: encode the body, read the answer.
        json.dumps(chunks.batch_body(chunk, [r["payload"] for r in rows]))  # type: ignore[arg-type]
        result = batch_result(json.loads(answers[index]))
        outcome = chunks._record_answer(chunk, rows, result)  # type: ignore[arg-type]
        assert outcome.accepted == SIZE, outcome

    messages = SIZE * ROUNDS
    measured("freeze", [partial(freeze, j) for j in made], messages)
    measured("claim", [partial(claim, j) for j in made], messages)
    answers = [sandbox_answer(chunks.chunk_rows(c)) for c in claimed]  # type: ignore[arg-type]
    measured("rows+parse+record", [partial(record, i) for i in range(ROUNDS)], messages)
    done = OutboundMessage.objects.filter(job__in=made, status=MessageStatus.ACCEPTED).count()
    assert done == messages, done


def sandbox_answer(rows: list[dict[str, object]]) -> bytes:
    """A 200 answer to the batch as the sandbox words it (every message accepted)."""
    items = [
        {
            "umid": str(uuid.uuid4()),
            "user": {"msisdn": r["msisdn"]},
            "clientMessageId": r["client_message_id"],
            "status": {"state": "queued", "timestamp": "2026-12-03T12:00:00.00Z"},
        }
        for r in rows
    ]
    body = {"batchId": str(uuid.uuid4()), "acceptedCount": len(items), "rejectedCount": 0}
    return json.dumps({**body, "messages": items}).encode()


if __name__ == "__main__":
    sandbox_main() if MODE == "sandbox" else product_main()
