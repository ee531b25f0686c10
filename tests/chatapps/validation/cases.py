"""Shared pieces of the validation tests: JSON paths, small body builders, the seed names."""

from __future__ import annotations

from chatapps.validation import (
    validate_message,
)
from tests.fixtures import BATCH_SEED, FRAGMENT_SEED, SEED_PATHS

SINGLE_SEEDS = [path.name for path in SEED_PATHS if path.name not in (FRAGMENT_SEED, BATCH_SEED)]
LONG = "x" * 40000
IMAGE_URL = "https://e.com/a.jpg"


def q(*parts: str) -> str:
    return "$." + ".".join(parts)


INTERACTIVE = q("content", "interactive")
ACTION = f"{INTERACTIVE}.action"
BUTTONS = f"{ACTION}.buttons"
SECTIONS = f"{ACTION}.sections"
TEMPLATE = q("content", "template")
COMPONENTS = f"{TEMPLATE}.components"
C = "content.template.components"  # the same, as a path for changed()
CARD = f"{C}[0].cards[0]"


def reply(button_id: str, title: str) -> dict[str, object]:
    return {"type": "reply", "reply": {"id": button_id, "title": title}}


def rows(count: int, prefix: str) -> list[dict[str, str]]:
    return [{"id": f"{prefix}{n}", "title": f"Row {n}"} for n in range(count)]


def products(count: int) -> list[dict[str, str]]:
    return [{"product_retailer_id": f"p{n}"} for n in range(count)]


def button(sub_type: object, index: object, *parameters: dict[str, object]) -> dict[str, object]:
    return {"type": "button", "subType": sub_type, "index": index, "parameters": list(parameters)}


TEXT_PARAM = {"type": "text", "text": "x"}


def assert_reports(body: object, path: str, code: int, words: str) -> None:
    """validate_message names this rule for this body: its path, 8x8 code and the words used."""
    problems = validate_message(body)
    matching = [p for p in problems if p.path == path and p.code == code and words in p.message]
    assert matching, f"expected {path} {code} '{words}', got {problems}"
