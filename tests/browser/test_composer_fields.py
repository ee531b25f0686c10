"""The composer's fields in a real browser: counters clear of help text, nothing cut short."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Each counter and the help text right after it, as boxes: the counter must end above the help.
COUNTER_AND_HELP = """
() => Array.from(document.querySelectorAll(".counter-note")).flatMap((note) => {
  const help = note.parentElement.querySelector(".help");
  if (!help || !note.checkVisibility() || !help.checkVisibility()) return [];
  const a = note.getBoundingClientRect(), b = help.getBoundingClientRect();
  return [{field: note.previousElementSibling.name, counterBottom: a.bottom, helpTop: b.top}];
})
"""


@pytest.mark.parametrize("width", [1280, 820])
def test_a_counter_never_runs_into_the_help_text(live_server, page, marketer, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, marketer.username, PASSWORD)
    page.goto(live_server.url + "/compose/?kind=buttons")

    pairs = page.evaluate(COUNTER_AND_HELP)
    assert {pair["field"] for pair in pairs} >= {"footer", "buttons-0-id"}
    assert [p for p in pairs if p["counterBottom"] > p["helpTop"]] == []


def test_a_pasted_draft_name_over_the_limit_is_refused_not_cut(live_server, page, marketer):
    log_in(page, live_server.url, marketer.username, PASSWORD)
    page.goto(live_server.url + "/compose/?kind=text")
    page.get_by_text("Save as draft").click()
    page.get_by_label("Draft name").fill("d" * 130)  # as a paste: the browser keeps all of it

    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft name is 130 characters; ChatApps Admin allows 120").wait_for()
    assert len(page.get_by_label("Draft name").input_value()) == 130
