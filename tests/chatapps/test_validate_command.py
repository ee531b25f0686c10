"""manage.py chatapps_validate: a verdict line per file (or per problem), exit 1 on any problem."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.chatapps.bodies import changed
from tests.fixtures import SEED_PATHS


def run(*files: Path | str) -> tuple[list[str], CommandError | None]:
    """The command's stdout lines, and the CommandError it ended with, if any."""
    out = StringIO()
    try:
        call_command("chatapps_validate", *map(str, files), stdout=out)
    except CommandError as error:
        return out.getvalue().splitlines(), error
    return out.getvalue().splitlines(), None


def write(tmp_path: Path, name: str, body: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_it_passes_every_seed_file():
    lines, error = run(*SEED_PATHS)
    assert error is None
    assert lines == [f"{path}: ok" for path in SEED_PATHS]


def test_it_prints_one_line_per_problem_and_fails(tmp_path):
    bad = write(
        tmp_path,
        "bad.json",
        changed(
            "button",
            ("user.msisdn", "+0123"),
            (
                "content.interactive.action.buttons",
                [{"type": "reply", "reply": {"id": str(n), "title": f"B{n}"}} for n in range(4)],
            ),
        ),
    )
    lines, error = run(bad)
    assert lines == [
        f"{bad}: $.user.msisdn: msisdn '+0123' is not an E.164 number (+ then up to 15 digits)",
        f"{bad}: $.content.interactive.action.buttons[3]: at most 3 reply buttons (got 4)",
    ]
    assert error is not None
    assert error.returncode == 1


def test_it_reports_invalid_json(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{nope", encoding="utf-8")
    lines, error = run(broken)
    assert len(lines) == 1
    assert lines[0].startswith(f"{broken}: not valid JSON: Expecting property name")
    assert error is not None


def test_it_reports_a_file_it_cannot_read(tmp_path):
    missing = tmp_path / "missing.json"
    lines, error = run(missing)
    assert lines == [f"{missing}: cannot read: [Errno 2] No such file or directory: '{missing}'"]
    assert error is not None


def test_it_checks_every_file_of_a_mixed_run(tmp_path):
    ok = write(tmp_path, "ok.json", changed("text"))
    bad = write(tmp_path, "bad.json", changed("text", ("type", "sticker")))
    lines, error = run(ok, bad, ok)
    assert lines[0] == f"{ok}: ok"
    assert lines[1].startswith(f"{bad}: $.type: type 'sticker' is not one of")
    assert lines[2] == f"{ok}: ok"
    assert str(error) == "1 of 3 files have problems"


def test_it_checks_a_batch_with_paths_into_its_messages(tmp_path):
    body = {
        "messages": [changed("text"), changed("text", ("content.text", ""))],
        "clientBatchId": "b" * 101,
    }
    path = write(tmp_path, "batch.json", body)
    lines, _ = run(path)
    assert lines == [
        f"{path}: $.clientBatchId: clientBatchId is 101 characters; 8x8 allows 100",
        f"{path}: $.messages[1].content.text: text must not be empty",
    ]


def test_it_checks_a_content_fragment_as_the_content_of_a_template_message(tmp_path):
    path = write(
        tmp_path,
        "fragment.json",
        {"fallbackText": "Hi", "sms": {"encoding": "utf8", "source": "S" * 17}},
    )
    lines, _ = run(path)
    assert lines == [
        f"{path}: $.content.sms.encoding: sms encoding 'utf8' is not one of AUTO, GSM7, UCS2",
        f"{path}: $.content.sms.source: sms source is 17 characters; 8x8 allows 16",
    ]


@pytest.mark.parametrize("body", [{}, [], "text", {"user": {"msisdn": "+6591234567"}}], ids=str)
def test_anything_else_is_checked_as_a_single_message(tmp_path, body):
    lines, error = run(write(tmp_path, "other.json", body))
    assert lines
    assert all(": $" in line for line in lines)
    assert error is not None
