"""The webhook benchmark: 8x8's delivery receipts, one event a request, as 8x8 posts them.

    RATE=500 DURATION=20 CONNECTIONS=20 MESSAGES=20000 python benchmarks/webhook.py

The product's web server (gunicorn, as the Procfile runs it) and a Celery worker (likewise) run
against the configured database and broker. Each POST is one receipt (sent, then delivered,
then read, for MESSAGES accepted messages).

1. Sustained: RATE receipts/s for DURATION seconds, open loop (benchmarks/loadgen.py: each
   request's latency counts from when it was due), over up to CONNECTIONS connections; the
   percentiles of every request. The baseline, in the same run and at the same rate: the same
   endpoint answering a wrong secret (server and middleware, no database, no broker).
2. Applied: how long after the last POST every event is applied, and each event's lag
   (stored -> applied) at p50/p99.
3. Ceiling: `wrk` keeping CONNECTIONS requests in flight for DURATION / 2 seconds (a closed
   loop, like that many senders retrying at once): the most receipts/s the endpoint takes.

Ends with one line, and one comparison line per figure against the previous run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import Run, open_loop, post_request  # noqa: E402
from benchmarks.runs import compare, free_port  # noqa: E402

RATE = int(os.environ.get("RATE", "500"))
DURATION = int(os.environ.get("DURATION", "20"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "20"))
MESSAGES = int(os.environ.get("MESSAGES", "20000"))
QUEUE = f"bench-webhook-{uuid.uuid4().hex[:8]}"
SECRET = "bench-webhook-secret"
PORT = free_port()
os.environ.update(
    VAR_DIR=tempfile.mkdtemp(prefix="bench-webhook-"),
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
    WebhookEvent,
)

NAME = "Webhook benchmark"
# Request n is the receipt of message n % messages, its state the pass it is in (all 'sent'
# first, then 'delivered', 'read'); receipt_body builds the same in Python. Each wrk thread
# numbers its requests n = offset + thread + threads * k.
LUA = """
local threads, counter, messages, nthreads, offset = {}, 0, 1, 1, 0
local states = {"sent", "delivered", "read"}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  nthreads = tonumber(args[1]); messages = tonumber(args[2]); offset = tonumber(args[3])
end
function request()
  local n = offset + tid + nthreads * counter
  counter = counter + 1
  local m = n % messages
  local state = states[(math.floor(n / messages) % 3) + 1]
  local body = '{"namespace":"ChatApps","eventType":"outbound_message_status_changed",'
    .. '"description":"ChatApps outbound message delivery receipt","payload":{'
    .. '"umid":"wh-' .. m .. '","clientMessageId":"","channel":"whatsapp",'
    .. '"user":{"msisdn":"+6580000000"},"status":{"state":"' .. state .. '","detail":"'
    .. state .. '","timestamp":"2026-12-02T10:00:00Z"}}}'
  return wrk.format("POST", nil, nil, body)
end
function done(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('RESULT {"requests":%d,"seconds":%.3f,"errors":%d,'
    .. '"p50":%.2f,"p90":%.2f,"p99":%.2f,"max":%.2f}\\n',
    summary.requests, summary.duration / 1e6, bad, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def seed() -> None:
    """MESSAGES accepted messages with umids wh-0 … wh-(MESSAGES-1); no earlier run's rows."""
    accepted_job_seed(name=NAME, messages=MESSAGES, umid_prefix="wh-")


def receipt_body(n: int) -> bytes:
    state = ("sent", "delivered", "read")[(n // MESSAGES) % 3]
    event = {
        "namespace": "ChatApps",
        "eventType": "outbound_message_status_changed",
        "description": "ChatApps outbound message delivery receipt",
        "payload": {
            "umid": f"wh-{n % MESSAGES}",
            "clientMessageId": "",
            "channel": "whatsapp",
            "user": {"msisdn": "+6580000000"},
            "status": {"state": state, "detail": state, "timestamp": "2026-12-02T10:00:00Z"},
        },
    }
    return json.dumps(event, separators=(",", ":")).encode()


def sustained(secret: str, first: int) -> Run:
    """RATE requests/s for DURATION s, receipts first, first + 1, …; open loop."""
    headers = {"Authorization": secret, "Content-Type": "application/json"}
    requests = [
        post_request("127.0.0.1", PORT, "/webhooks/8x8/", receipt_body(n), headers)
        for n in range(first, first + RATE * DURATION)
    ]
    return open_loop("127.0.0.1", PORT, requests, rate=RATE, connections=CONNECTIONS)


def warm_up_requests() -> list[bytes]:
    headers = {"Authorization": "warm-up", "Content-Type": "application/json"}
    body = receipt_body(0)
    return [post_request("127.0.0.1", PORT, "/webhooks/8x8/", body, headers)] * RATE


def wrk(script: Path, secret: str, seconds: int, offset: int) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(script)]
    command += ["-H", f"Authorization: {secret}", "-H", "Content-Type: application/json"]
    command += [f"http://127.0.0.1:{PORT}/webhooks/8x8/", "--", "2", str(MESSAGES), str(offset)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["per_s"] = result["requests"] / result["seconds"]
    return result


def applied_wait() -> float:
    """Seconds until no event is waiting to be applied."""
    started = time.perf_counter()
    waiting = WebhookEvent.objects.filter(state__in=["pending", "processing"])
    while waiting.exists():
        if time.perf_counter() - started > 600:
            raise SystemExit("gave up waiting for the receipts to be applied")
        time.sleep(0.05)
    return time.perf_counter() - started


def start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ))


def wait_for_web() -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{PORT}/health/", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the web server did not start")


def event_lag_ms() -> tuple[float, float]:
    """p50 and p99 of stored -> applied, over every event of the run."""
    lags = sorted(
        (done - got).total_seconds() * 1000
        for got, done in WebhookEvent.objects.exclude(processed_at=None).values_list(
            "received_at", "processed_at"
        )
    )
    if not lags:
        return 0.0, 0.0
    return lags[len(lags) // 2], lags[min(len(lags) - 1, int(len(lags) * 0.99))]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    if MESSAGES * 3 < RATE * DURATION * 2:
        raise SystemExit("MESSAGES too small: every receipt of the run must be a new one")
    call_command("migrate", verbosity=0)
    seed()
    script = Path(os.environ["VAR_DIR"]) / "receipts.lua"
    script.write_text(LUA)
    bin_dir = Path(sys.executable).parent
    web = start([str(bin_dir / "gunicorn"), "chatapps_admin.wsgi", "--bind", f"127.0.0.1:{PORT}",
                 "--workers", "2", "--threads", "8", "--log-level", "warning"])  # fmt: skip
    worker = start([str(bin_dir / "celery"), "-A", "chatapps_admin", "worker", "-Q", QUEUE,
                    "--pool", "threads", "-c", "4", "--loglevel", "warning",
                    "--without-gossip", "--without-mingle", "-n", f"{QUEUE}@%h"])  # fmt: skip
    try:
        wait_for_web()
        time.sleep(3)  # the worker connects
        # A second of requests first, so neither phase pays for the servers' first requests.
        open_loop("127.0.0.1", PORT, warm_up_requests(), rate=RATE, connections=CONNECTIONS)
        bare = sustained("not-the-secret", 0)
        watched = {
            "web": processes.tree(web.pid),
            "workers": processes.tree(worker.pid),
            "postgres": processes.named("postgres") if connection.vendor == "postgresql" else [],
            "redis": processes.named("redis-server"),
        }
        before = {k: processes.cpu_seconds(v) for k, v in watched.items()}
        posted = sustained(SECRET, 0)
        backlog_s = applied_wait()
        cpu = {k: processes.cpu_seconds(v) - before[k] for k, v in watched.items()}
        stored = WebhookEvent.objects.count()
        lag50, lag99 = event_lag_ms()
        ceiling = wrk(script, SECRET, max(5, DURATION // 2), offset=RATE * DURATION)
        applied_wait()
    finally:
        worker.terminate()
        web.terminate()
        worker.wait(timeout=30)
        web.wait(timeout=30)
    states = dict(WebhookEvent.objects.values_list("state").annotate(n=Count("id")))
    per_receipt = {k: round(v * 1000 / max(stored, 1), 3) for k, v in cpu.items()}
    p99, bare_p99 = posted.percentile(0.99), bare.percentile(0.99)
    print(f"baseline, wrong secret at {RATE}/s: {bare.per_s:.0f}/s, {bare.statuses}, "
          f"p50 {bare.percentile(0.5):.1f} ms, p99 {bare_p99:.1f} ms")  # fmt: skip
    print(f"receipts at {RATE}/s: {posted.per_s:.0f}/s, {posted.statuses}, p50 "
          f"{posted.percentile(0.5):.1f} ms, p99 {p99:.1f} ms, max {posted.percentile(1):.1f} ms; "
          f"{stored} stored, applied lag p50 {lag50:.0f} ms p99 {lag99:.0f} ms, "
          f"all applied {backlog_s:.2f} s after the last POST")  # fmt: skip
    print(f"ceiling, wrk {CONNECTIONS} connections: {ceiling['per_s']:.0f}/s, "
          f"{ceiling['errors']} errors, p99 {ceiling['p99']:.1f} ms")  # fmt: skip
    print(f"events by state: {states}")
    print(f"CPU ms per receipt at {RATE}/s: {per_receipt}, total {sum(per_receipt.values()):.3f}")
    compare(
        f"webhook-{RATE}",
        {
            "receipts_per_s": round(posted.per_s),
            "p99_ms": round(p99, 1),
            "baseline_p99_ms": round(bare_p99, 1),
            "lag_p99_ms": round(lag99),
            "ceiling_per_s": round(ceiling["per_s"]),
            "cpu_ms_per_receipt": round(sum(per_receipt.values()), 3),
        },
    )
    print(
        f"webhook: {posted.per_s:.0f} receipts/s one a request, p99 {p99:.0f} ms (baseline "
        f"{bare_p99:.0f} ms), applied lag p99 {lag99:.0f} ms, ceiling {ceiling['per_s']:.0f}/s"
    )


if __name__ == "__main__":
    main()
