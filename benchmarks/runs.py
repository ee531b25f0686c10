"""What the standalone benchmark scripts share: a free port, and the comparison with last time."""

from __future__ import annotations

import json
import os
import socket
import statistics
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(
    os.environ.get("BENCH_RESULTS", Path(__file__).resolve().parent.parent / "var" / "bench")
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def compare(name: str, figures: dict[str, float]) -> None:
    """Print each figure beside the previous run's of the same `name`, then save these."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = RESULTS / f"{name}.json"
    previous = json.loads(saved.read_text()) if saved.exists() else {}
    for key, value in figures.items():
        before = previous.get(key)
        change = f"{(value - before) / before * 100:+.0f}%" if before else "(no previous run)"
        print(f"  {key}: {value} (previous {before if before is not None else '-'}) {change}")
    saved.write_text(json.dumps(figures, indent=1))


# Requests timed per page scenario by the page benchmarks.
REQUESTS = 30


def timed(call: Callable[[], object], n: int = REQUESTS) -> list[float]:
    """Milliseconds of each of `n` calls, after one call that warms caches and the session."""
    call()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]
