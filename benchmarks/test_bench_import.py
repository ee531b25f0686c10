"""CSV import of 100,000 contacts (10% bad rows, 5% duplicates) by `manage.py contacts_import`,
in a process of its own so its peak memory is its own ru_maxrss, on whatever DATABASE_URL says.

Target on the 2-core machine, PostgreSQL: at most 10 s (bar: 30 s) and 150 MB. Prints one line:
`import: 100000 rows in S s (R rows/s), peak memory M MB, imported I, rejected J, duplicates D`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from recipients.models import Contact
from tabular.models import ImportJob
from tabular.writing import media_path
from tests.importing import big_contacts_csv

ROWS = 100_000
ROOT = Path(__file__).resolve().parents[1]
MAX_SECONDS, MAX_MB = 30, 150
# Runs the command as a child and reports that child's peak memory: the only child it has.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": done.returncode, "out": done.stdout, "err": done.stderr[-2000:],
                  "seconds": seconds, "mb": peak}))
"""


def database_url() -> str:
    """The test database, as a URL the child process's settings read."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db.get("USER") or "postgres"
        auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
        host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
        return f"postgres://{auth}@{host}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_import_100k_contacts(benchmark, tmp_path, capsys):
    path = tmp_path / "contacts-100k.csv"
    expected = big_contacts_csv(path, ROWS)
    report = tmp_path / "rejected.csv"
    env = {**os.environ, "DATABASE_URL": database_url(), "VAR_DIR": str(settings.VAR_DIR)}
    command = [sys.executable, "manage.py", "contacts_import", str(path), "--report", str(report)]
    result: dict = {}

    def run() -> None:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, *command],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        result.update(json.loads(done.stdout))

    started = time.perf_counter()
    benchmark.pedantic(run, rounds=1, iterations=1)
    assert result["rc"] == 0, result["err"]
    rate = ROWS / result["seconds"]
    line = (
        f"import: {ROWS} rows in {result['seconds']:.1f} s ({rate:,.0f} rows/s), "
        f"peak memory {result['mb']:.0f} MB, imported {expected['imported']}, "
        f"rejected {expected['rejected']}, duplicates {expected['duplicates']}"
    )
    with capsys.disabled():
        print("\n" + line)
    assert result["out"].strip() == (
        f"imported {expected['imported']}, updated 0, "
        f"skipped {expected['duplicates']} (repeated or unchanged), rejected {expected['rejected']}"
    )
    assert Contact.objects.count() == expected["imported"]
    assert result["mb"] <= MAX_MB
    assert result["seconds"] <= MAX_SECONDS, (
        f"over the bar after {time.perf_counter() - started:.0f} s"
    )
    for job in ImportJob.objects.all():  # the child's upload copy and report, in VAR_DIR/media
        for stored in (job.file, job.report):
            if stored:
                media_path(stored).unlink(missing_ok=True)
