"""Logging filters: what reaches the log is worth reading."""

from __future__ import annotations

import logging


class OneLineClientErrors(logging.Filter):
    """A 4xx answer (a page the role may not use, a missing page) is the caller's doing, not a
    fault of ours: one line with the path, never the traceback of the exception behind it."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
