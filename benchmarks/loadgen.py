"""An open-loop HTTP/1.1 load generator: requests leave on a fixed schedule, whatever the server.

A closed loop (N clients, each waiting for its answer before the next request) slows down with
the server and so hides its queue; here request i is due at start + i / rate, and its latency is
counted from that moment, so time spent waiting for a free connection counts too. Requests are
prepared bytes written on keep-alive connections with asyncio: a few tens of microseconds of CPU
each, so the generator takes little from the server it measures on the same machine.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0

    @property
    def per_s(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def post_request(host: str, port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; (status, whether the server keeps the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            keep = False
    await reader.readexactly(length)
    return status, keep


async def _open_loop(
    host: str, port: int, requests: list[bytes], rate: float, connections: int
) -> Run:
    run = Run()
    due: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        while (item := await due.get()) is not None:
            scheduled, request = item
            writer.write(request)
            status, keep = await _answer(reader)
            run.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
            run.statuses[status] = run.statuses.get(status, 0) + 1
            if not keep:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
        writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(connections)]
    started = time.perf_counter()
    for number, request in enumerate(requests):
        scheduled = started + number / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        due.put_nowait((scheduled, request))
    for _ in workers:
        due.put_nowait(None)
    await asyncio.gather(*workers)
    run.seconds = time.perf_counter() - started
    return run


def open_loop(host: str, port: int, requests: list[bytes], *, rate: float, connections: int) -> Run:
    """Send `requests` at `rate` per second over up to `connections` connections."""
    return asyncio.run(_open_loop(host, port, requests, rate, connections))
