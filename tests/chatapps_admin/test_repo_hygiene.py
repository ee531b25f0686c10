"""Nothing a run writes is tracked, and a run leaves `git status` as it found it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from chatapps_admin.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
# What runs write: the database, the broker's folders, task results, beat's schedule, uploads.
RUN_ARTEFACTS = ("var/", "control/", ".exchange", ".sqlite3", "celerybeat-schedule", "__pycache__")

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="needs a git checkout of the project to compare its status",
)


def git(*args: str) -> list[str]:
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line]


def test_no_run_artefact_is_tracked():
    tracked = git("ls-files")
    assert [path for path in tracked if any(part in path for part in RUN_ARTEFACTS)] == []


def test_every_folder_a_run_writes_is_under_the_ignored_var_dir():
    written = (
        [
            Path(settings.BROKER_DIR),
            Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent,
            Path(settings.MEDIA_ROOT),
            *(
                Path(v)
                for k, v in settings.CELERY_BROKER_TRANSPORT_OPTIONS.items()
                if "folder" in k
            ),
        ]
        if settings.CELERY_BROKER_URL.startswith("filesystem://")
        else [
            Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent,
            Path(settings.MEDIA_ROOT),
        ]
    )
    var_dir = Path(settings.VAR_DIR).resolve()
    for folder in written:
        assert folder.resolve().is_relative_to(var_dir), f"{folder} is outside {var_dir}"
    if var_dir.is_relative_to(ROOT):
        assert git("check-ignore", str(var_dir)), f"{var_dir} is not git-ignored"


@pytest.mark.worker
def test_a_round_trip_through_a_real_worker_leaves_git_status_as_it_was(celery_worker):
    before = set(git("status", "--porcelain", "--untracked-files=all"))

    assert ping.delay("hygiene").get(timeout=30) == "pong: hygiene"

    after = set(git("status", "--porcelain", "--untracked-files=all"))
    assert after - before == set()
    assert not (ROOT / "control").exists(), "the broker wrote its exchange table into the tree"
