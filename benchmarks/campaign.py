"""The send-job benchmark: RECIPIENTS template messages through real workers to the sandbox.

    RECIPIENTS=100000 LATENCY_MS=0 RATE=0 WORKERS=4 python benchmarks/campaign.py

The product side uses whatever DATABASE_URL and CELERY_BROKER_URL name (PostgreSQL + Redis for
the figures); the sandbox is served by gunicorn from its own scratch SQLite database, answering
each request after LATENCY_MS, so it stands where 8x8 would. Measured: launch (the freeze of the
audience, then the sending) → every message accepted by the sandbox, the time split over
chunks, CPU per message of the workers, the sandbox, PostgreSQL and Redis, the workers' peak
memory, duplicates and the busiest 1-second window as the sandbox received them (each request's
messages counted when it arrived, as a rate limiter at 8x8's door counts them; the window by the
time the sandbox stored them is printed beside it). Ends with one line; the figures are saved
beside the previous run's, and a comparison line per figure is printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.runs import compare, free_port  # noqa: E402

RECIPIENTS = int(os.environ.get("RECIPIENTS", "100000"))
LATENCY_MS = int(os.environ.get("LATENCY_MS", "0"))
RATE = int(os.environ.get("RATE", "0"))
WORKERS = int(os.environ.get("WORKERS", "4"))
SCRATCH = Path(tempfile.mkdtemp(prefix="bench-campaign-"))
QUEUE = f"bench-campaign-{uuid.uuid4().hex[:8]}"


PORT = free_port()
SANDBOX_URL = f"http://127.0.0.1:{PORT}"
SANDBOX_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_"))},
    "VAR_DIR": str(SCRATCH / "sandbox"),
    "PUBLIC_BASE_URL": SANDBOX_URL,
}
os.environ.update(
    VAR_DIR=str(SCRATCH / "product"),
    CHATAPPS_BASE_URL=SANDBOX_URL + "/sandbox",
    CELERY_TASK_DEFAULT_QUEUE=QUEUE,
    DJANGO_SETTINGS_MODULE="chatapps_admin.settings",
)

import django  # noqa: E402
import httpx  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks import processes  # noqa: E402
from benchmarks.seeding import tables_vacuum  # noqa: E402
from messaging import jobs  # noqa: E402
from messaging.models import (  # noqa: E402
    MessageEvent,
    MessageStatus,
    OutboundMessage,
    SendChunk,
    SendJob,
)

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
SANDBOX_STATS = """
import json, datetime
from django.db.models import Count
from sandbox import selectors
from sandbox.models import SandboxMessage, SandboxRequest
accepted = SandboxMessage.objects.exclude(state="rejected")

def busiest(points):
    # The most messages in any 1 s window, over (instant, messages) points.
    points.sort()
    most = inside = start = 0
    for end in range(len(points)):
        inside += points[end][1]
        while points[end][0] - points[start][0] >= datetime.timedelta(seconds=1):
            inside -= points[start][1]
            start += 1
        most = max(most, inside)
    return most

per_batch = dict(accepted.values("client_batch_id").annotate(n=Count("id")).values_list(
    "client_batch_id", "n"))
arrivals = [(at, per_batch.get(batch, 0)) for at, batch in SandboxRequest.objects.filter(
    endpoint="api-batch", status=200).values_list("arrived_at", "client_batch_id")]
stored = [(at, 1) for at in accepted.values_list("created_at", flat=True)]
print(json.dumps({"accepted": len(stored), "duplicates": selectors.duplicate_count(),
                  "busiest": busiest(arrivals), "busiest_stored": busiest(stored)}))
"""


def manage(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return done.stdout.decode()


def sandbox_start() -> subprocess.Popen[bytes]:
    manage("migrate", "-v0", env=SANDBOX_ENV)
    manage(
        "shell",
        "-c",
        f"from sandbox.config import config_update; config_update(slow_response_ms={LATENCY_MS})",
        env=SANDBOX_ENV,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "chatapps_admin.wsgi", "--bind", f"127.0.0.1:{PORT}"]
    command += ["--workers", "2", "--threads", "8", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=SANDBOX_ENV)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(SANDBOX_URL + "/accounts/login/", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the sandbox did not start")


def workers_start() -> subprocess.Popen[bytes]:
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "chatapps_admin", "worker", "-Q", QUEUE, "-c", str(WORKERS)]
    command += ["--loglevel", "warning", "--prefetch-multiplier", "1", "-n", f"{QUEUE}@%h"]
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ))


def earlier_runs_delete() -> None:
    """The benchmark database keeps nothing between runs: earlier runs' rows go first."""
    earlier = SendJob.objects.filter(name="Benchmark")
    MessageEvent.objects.filter(message__job__in=earlier).delete()  # one DELETE: no dependents
    SendChunk.objects.filter(job__in=earlier).delete()
    OutboundMessage.objects.filter(job__in=earlier).delete()
    earlier.delete()
    # The deleted rows stay dead until vacuumed, and a server may run without autovacuum.
    tables_vacuum(OutboundMessage, MessageEvent, SendChunk)


def freeze() -> tuple[SendJob, float]:
    job = SendJob.objects.create(name="Benchmark", rate=RATE, chunk_size=1000)
    started = time.perf_counter()
    bodies = (
        (f"+659{n:07d}", {"user": {"msisdn": f"+659{n:07d}"}, **TEMPLATE})
        for n in range(RECIPIENTS)
    )
    jobs.job_freeze(job=job, kind="template", messages=bodies)
    return job, time.perf_counter() - started


def wait_accepted(job: SendJob, watched: list[processes.CpuWatch]) -> float:
    started = time.perf_counter()
    jobs.job_launch(job=job)
    # Watching must not cost the database what it measures: one indexed EXISTS a tenth second.
    busy = OutboundMessage.objects.filter(
        job=job, status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]
    )
    sampled = 0.0
    while busy.exists():
        if time.perf_counter() - started > 1200:
            raise SystemExit(f"gave up waiting: {jobs.job_counts(job=job)}")
        if time.perf_counter() - sampled > 0.5:
            for watch in watched:
                watch.sample()
            sampled = time.perf_counter()
        time.sleep(0.1)
    return time.perf_counter() - started


def time_split(job: SendJob) -> dict[str, float]:
    split = {"claim": 0.0, "wait": 0.0, "http": 0.0, "record": 0.0}
    for timings in SendChunk.objects.filter(job=job).values_list("timings", flat=True):
        for key in split:
            split[key] += float(timings.get(key, 0)) / 1000
    return {key: round(value, 2) for key, value in split.items()}


def main() -> None:
    call_command("migrate", verbosity=0)
    earlier_runs_delete()
    server = sandbox_start()
    worker = workers_start()
    time.sleep(3)  # the worker processes start and connect before the clock runs
    try:
        job, freeze_s = freeze()
        database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else ""
        watched = {
            "workers": processes.CpuWatch(lambda: processes.tree(worker.pid)),
            "sandbox": processes.CpuWatch(lambda: processes.tree(server.pid)),
            # Sampled through the run: the workers' backends come and go with their tasks.
            "postgres": processes.CpuWatch(
                lambda: processes.database_processes(database) if database else []
            ),
            "redis": processes.CpuWatch(lambda: processes.named("redis-server")),
        }
        elapsed = wait_accepted(job, list(watched.values()))
        cpu = {k: watch.used() for k, watch in watched.items()}
        peak = processes.peak_mb(processes.tree(worker.pid))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
    stats = json.loads(
        manage("shell", "-c", SANDBOX_STATS, env=SANDBOX_ENV).strip().splitlines()[-1]
    )
    counts = jobs.job_counts(job=job)
    split = time_split(job)
    per_message = {k: round(v * 1000 / RECIPIENTS, 3) for k, v in cpu.items()}
    print(f"freeze: {RECIPIENTS} rows in {freeze_s:.2f} s ({RECIPIENTS / freeze_s:.0f} rows/s)")
    print(f"statuses: {counts}")
    print(f"time split over chunks (s, summed over {WORKERS} workers): {split}")
    print(f"CPU ms per message: {per_message}, total {sum(per_message.values()):.3f}")
    print(f"worker peak memory: {peak:.0f} MB per process")
    print(
        f"busiest 1 s window: {stats['busiest']} messages as their requests arrived, "
        f"{stats['busiest_stored']} as the sandbox stored them"
    )
    # A launch freezes its audience before the first pump starts (one transaction): the time
    # from launch to the last acceptance is the freeze plus the sending.
    total = freeze_s + elapsed
    print(f"launch: freeze {freeze_s:.1f} s + sending {elapsed:.1f} s = {total:.1f} s")
    compare(
        f"campaign-{RECIPIENTS}-{LATENCY_MS}-{RATE}",
        {
            "seconds": round(total, 2),
            "sending_s": round(elapsed, 2),
            "msg_per_s": round(stats["accepted"] / total),
            "cpu_ms_per_message": round(sum(per_message.values()), 3),
            "worker_peak_mb": round(peak),
            "freeze_s": round(freeze_s, 2),
        },
    )
    print(
        f"campaign: {stats['accepted']} accepted in {total:.1f} s "
        f"({stats['accepted'] / total:.0f} msg/s), duplicates {stats['duplicates']}, "
        f"max in any 1 s window {stats['busiest']}"
    )


if __name__ == "__main__":
    main()
