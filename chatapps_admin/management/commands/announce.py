"""Say, once the server answers, where it is and the first admin's password, in a box at the end
of `make run`'s start-up output (where the worker's log cannot scroll it away), then wait."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand

WAIT_SECONDS = 120


class Command(BaseCommand):
    help = "Print the address and first admin password once the web server answers, then idle."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password-file", default=str(settings.VAR_DIR / "first-admin.txt"))

    def handle(self, *args: Any, password_file: str, **options: Any) -> None:
        # Ctrl-C and honcho's SIGTERM end the wait quietly: this process only talks.
        signal.signal(signal.SIGTERM, lambda *_: raise_exit())
        url = settings.PUBLIC_BASE_URL.rstrip("/") + "/"
        try:
            answered = self._wait_for(url)
            self.stdout.write(self._box(url, answered, Path(password_file)))
            while True:
                time.sleep(3600)
        except (KeyboardInterrupt, SystemExit):
            return

    def _wait_for(self, url: str) -> bool:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                httpx.get(url + "accounts/login/", timeout=2)  # any answer: it is up
                return True
            except httpx.HTTPError:
                time.sleep(0.5)
        return False

    def _box(self, url: str, answered: bool, password_file: Path) -> str:
        lines = [
            f"ChatApps Admin is running at {url}"
            if answered
            else f"ChatApps Admin did not answer at {url} within {WAIT_SECONDS} s: see the log",
        ]
        if password_file.exists():
            username, _, password = password_file.read_text().partition("\n")
            password_file.unlink()  # shown once, kept nowhere
            lines += [
                f"Sign in as {username} with the password {password.strip()}",
                "Note it now: it is not stored anywhere and will not be shown again.",
            ]
        lines.append("Ctrl-C stops the web server and the worker.")
        width = max(len(line) for line in lines)
        rule = "─" * (width + 2)
        body = "\n".join(f"│ {line.ljust(width)} │" for line in lines)
        return f"\n┌{rule}┐\n{body}\n└{rule}┘\n"


def raise_exit() -> None:
    raise SystemExit(0)
