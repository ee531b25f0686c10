"""How long the phone preview takes: it is re-rendered on every keystroke (debounced)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phone import render_payload_preview

SEEDS = sorted(
    (Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seed").glob("*.json")
)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_render_seed_preview(benchmark, seed):
    body = json.loads(seed.read_text())
    html = benchmark(render_payload_preview, body)
    assert "wa-" in html
