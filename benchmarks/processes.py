"""What benchmarks read off running processes: CPU seconds and peak memory, from /proc."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces: fields start after its closing parenthesis.
    return text[text.rindex(")") + 2 :].split()


def tree(root: int) -> list[int]:
    """`root` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def named(name: str) -> list[int]:
    """Every process whose command is `name` (e.g. postgres, redis-server)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                comm = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if comm == name:
                pids.append(int(entry.name))
    return pids


def database_processes(database: str) -> list[int]:
    """The PostgreSQL processes working for `database`: its backends and autovacuum workers,
    whose titles name it. The server may be shared: other databases' work is left out."""
    pids = []
    for pid in named("postgres"):
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if database in title.split():
            pids.append(pid)
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes, with that of children they have waited for."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += sum(int(f) for f in fields[11:15])
    return total / TICKS


class CpuWatch:
    """CPU seconds used by a set of processes that may come and go while it is watched.

    `find` lists the processes; `sample()`, called every so often, reads each one's CPU time,
    so a process that started in between (a database backend opened by a worker's task) counts
    from its start, and one that ended counts up to its last sample.
    """

    def __init__(self, find: Callable[[], list[int]]) -> None:
        self.find = find
        self.before = {pid: cpu_seconds([pid]) for pid in find()}
        self.last = dict(self.before)

    def sample(self) -> None:
        for pid in self.find():
            self.last[pid] = cpu_seconds([pid])

    def used(self) -> float:
        self.sample()
        return sum(cpu - self.before.get(pid, 0.0) for pid, cpu in self.last.items())


def peak_mb(pids: list[int]) -> float:
    """The largest resident-set peak (VmHWM) among the processes, in MB."""
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024
