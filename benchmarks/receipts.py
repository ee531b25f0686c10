"""The receipt-storm benchmark: a campaign's delivery receipts posted to the webhook and applied.

    MESSAGES=100000 PER_POST=100 WORKERS=4 python benchmarks/receipts.py

MESSAGES accepted messages of one send job get three receipts each (sent, delivered, read), in
shuffled order, posted to the product's own webhook endpoint (served by gunicorn) PER_POST
events a request from four client threads; real Celery workers apply them. Measured: first POST
→ every event applied and every message read; the posting alone; receipts/s; CPU ms per receipt
of web, workers, PostgreSQL and Redis. Ends with one line, and one comparison line per figure
against the previous run.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.runs import compare, free_port  # noqa: E402

MESSAGES = int(os.environ.get("MESSAGES", "100000"))
PER_POST = int(os.environ.get("PER_POST", "100"))
WORKERS = int(os.environ.get("WORKERS", "4"))
QUEUE = f"bench-receipts-{uuid.uuid4().hex[:8]}"
SECRET = "bench-webhook-secret"


PORT = free_port()
os.environ.update(
    VAR_DIR=tempfile.mkdtemp(prefix="bench-receipts-"),
    CELERY_TASK_DEFAULT_QUEUE=QUEUE,
    CHATAPPS_WEBHOOK_SECRETS=SECRET,
    PUBLIC_BASE_URL=f"http://127.0.0.1:{PORT}",
    DJANGO_SETTINGS_MODULE="chatapps_admin.settings",
)

import django  # noqa: E402
import httpx  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from benchmarks import processes  # noqa: E402
from benchmarks.seeding import accepted_job_seed  # noqa: E402
from messaging.models import (  # noqa: E402
    MessageStatus,
    OutboundMessage,
    WebhookEvent,
)


def seed() -> list[tuple[str, str]]:
    """A job of MESSAGES accepted messages; returns their (umid, clientMessageId)."""
    job = accepted_job_seed(name="Receipt benchmark", messages=MESSAGES, umid_prefix="bench-")
    return list(job.messages.values_list("umid", "client_message_id"))


def receipt(umid: str, client_id: str, state: str, n: int) -> dict:
    return {
        "namespace": "ChatApps",
        "eventType": "outbound_message_status_changed",
        "description": "ChatApps outbound message delivery receipt",
        "version": 9,
        "payload": {
            "umid": umid,
            "clientMessageId": client_id,
            "channel": "whatsapp",
            "user": {"msisdn": "+6580000000"},
            "status": {
                "state": state,
                "detail": state,
                "timestamp": f"2026-12-02T10:{n % 60:02d}:00Z",
            },
        },
    }


def start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ))


def stop(process: subprocess.Popen[bytes]) -> None:
    """Wait for a process told to stop; kill it when its warm shutdown takes over 30 s (a task
    still running when the measuring is over must not lose the figures)."""
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print(f"{Path(process.args[0]).name} did not stop within 30 s: killed")
        process.kill()
        process.wait()


def post_all(bodies: list[bytes]) -> float:
    """POST every body from four threads, each over one kept-alive connection of its own.

    The bodies are encoded before the clock starts and no client is made per request: the
    client is the load, not the product, and one httpx.Client a request (its SSL context
    included) cost this process most of a core, on the same two cores the product runs on.
    """
    headers = {"Authorization": SECRET, "Content-Type": "application/json"}
    url = f"http://127.0.0.1:{PORT}/webhooks/8x8/"
    local = threading.local()

    def post(body: bytes) -> int:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=60)
        return local.client.post(url, content=body, headers=headers).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(post, bodies))
    elapsed = time.perf_counter() - started
    if set(statuses) != {200}:
        raise SystemExit(f"the webhook answered {sorted(set(statuses))}")
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    pairs = seed()
    events = [
        receipt(u, c, s, n) for n, (u, c) in enumerate(pairs) for s in ("sent", "delivered", "read")
    ]
    random.Random(7).shuffle(events)  # noqa: S311 - receipts arrive out of order
    bodies = [
        json.dumps(events[i : i + PER_POST]).encode() for i in range(0, len(events), PER_POST)
    ]
    bin_dir = Path(sys.executable).parent
    web = start([str(bin_dir / "gunicorn"), "chatapps_admin.wsgi", "--bind", f"127.0.0.1:{PORT}",
                 "--workers", "2", "--threads", "4", "--log-level", "warning"])  # fmt: skip
    worker = start([str(bin_dir / "celery"), "-A", "chatapps_admin", "worker", "-Q", QUEUE,
                    "-c", str(WORKERS), "--loglevel", "warning", "-n", f"{QUEUE}@%h"])  # fmt: skip
    time.sleep(4)
    try:
        watched = {
            "web": processes.tree(web.pid),
            "workers": processes.tree(worker.pid),
            "postgres": processes.named("postgres") if connection.vendor == "postgresql" else [],
            "redis": processes.named("redis-server"),
        }
        before = {k: processes.cpu_seconds(v) for k, v in watched.items()}
        started = time.perf_counter()
        posting = post_all(bodies)
        waiting = WebhookEvent.objects.filter(state__in=["pending", "processing"])
        while waiting.exists():
            if time.perf_counter() - started > 1800:
                raise SystemExit("gave up waiting for the receipts to be applied")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        cpu = {k: processes.cpu_seconds(v) - before[k] for k, v in watched.items()}
    finally:
        worker.terminate()
        web.terminate()
        for process in (worker, web):
            stop(process)
    read = OutboundMessage.objects.filter(
        umid__startswith="bench-", status=MessageStatus.READ
    ).count()
    states = dict(WebhookEvent.objects.values_list("state").annotate(n=Count("id")))
    per_receipt = {k: round(v * 1000 / len(events), 3) for k, v in cpu.items()}
    print(f"posted {len(events)} receipts in {len(bodies)} requests in {posting:.1f} s")
    print(f"events by state: {states}; messages read: {read} of {MESSAGES}")
    print(f"CPU ms per receipt: {per_receipt}, total {sum(per_receipt.values()):.3f}")
    compare(
        f"receipts-{MESSAGES}-{PER_POST}",
        {
            "seconds": round(elapsed, 2),
            "receipts_per_s": round(len(events) / elapsed),
            "cpu_ms_per_receipt": round(sum(per_receipt.values()), 3),
        },
    )
    print(
        f"receipts: {len(events)} posted and applied in {elapsed:.1f} s "
        f"({len(events) / elapsed:.0f}/s), {read} of {MESSAGES} messages read"
    )


if __name__ == "__main__":
    main()
