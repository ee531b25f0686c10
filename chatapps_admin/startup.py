"""Start-up refusals in one line: a wrong setting names itself instead of printing a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


def or_exit(start: Callable[[], T]) -> T:
    """Run `start`; a setting that is missing or wrong ends the process with one clear line."""
    try:
        return start()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"ChatApps Admin cannot start: {exc}\n")
        raise SystemExit(2) from None
