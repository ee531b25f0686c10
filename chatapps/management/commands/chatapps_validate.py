"""`manage.py chatapps_validate FILE [FILE…]`: check request bodies against 8x8 and WhatsApp rules.

Each file holds one JSON body:
- a batch (it has a "messages" key), checked with validate_batch;
- a content fragment (only `content` keys, e.g. {"fallbackText": …, "sms": …} as 8x8 documents SMS
  fallback), checked as the `content` of a minimal template message, so its paths read
  "$.content.sms.source";
- otherwise a single message, checked with validate_message.

Prints "FILE: ok" or one "FILE: PATH: MESSAGE" line per problem, and exits 1 unless every file
is valid.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeGuard

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chatapps.validation import Problem, validate_batch, validate_message

CONTENT_KEYS = frozenset(
    {
        "text",
        "url",
        "location",
        "interactive",
        "template",
        "fallbackText",
        "sms",
        "whatsApp",
        "video",
        "image",
        "audio",
    }
)
# The envelope a content fragment is checked in; its own keys win, including a "template".
FRAGMENT_ENVELOPE: dict[str, Any] = {
    "user": {"msisdn": "+6500000000"},
    "type": "template",
    "content": {"template": {"name": "fragment_check", "language": "en"}},
}


class Command(BaseCommand):
    help = (
        "Validate 8x8 Chat Apps request bodies (single, batch or content fragment) in JSON files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: object, **options: Any) -> None:
        failed = [name for name in options["files"] if not self._report(name)]
        if failed:
            raise CommandError(f"{len(failed)} of {len(options['files'])} files have problems")

    def _report(self, name: str) -> bool:
        """Print the file's verdict; True when it is valid."""
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.stdout.write(f"{name}: cannot read: {error}")
            return False
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            self.stdout.write(f"{name}: not valid JSON: {error}")
            return False
        problems = problems_of(body)
        for problem in problems:
            self.stdout.write(f"{name}: {problem.path}: {problem.message}")
        if not problems:
            self.stdout.write(f"{name}: ok")
        return not problems


def problems_of(body: object) -> list[Problem]:
    if isinstance(body, dict) and "messages" in body:
        return validate_batch(body)
    if is_content_fragment(body):
        return validate_message(fragment_message(body))
    return validate_message(body)


def is_content_fragment(body: object) -> TypeGuard[dict[str, Any]]:
    """A non-empty object made only of `content` keys (so no user, type or messages)."""
    return isinstance(body, dict) and bool(body) and body.keys() <= CONTENT_KEYS


def fragment_message(fragment: dict[str, Any]) -> dict[str, Any]:
    """The minimal template message a content fragment is checked in; the fragment's keys win."""
    return {**FRAGMENT_ENVELOPE, "content": {**FRAGMENT_ENVELOPE["content"], **fragment}}
