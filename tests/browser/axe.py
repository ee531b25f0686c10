"""axe-core in the page under test: injected from the vendored copy on disk, never the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_SOURCE = Path(__file__).with_name("vendor") / "axe.min.js"

# The phone mock-ups draw WhatsApp's and the SMS app's own colours and chrome, not ours.
EXCLUDE = [[".wa-phone"], [".wa-sms"]]

RUN = """
async (exclude) => {
  const results = await axe.run({exclude: exclude}, {
    resultTypes: ["violations"],
    // Experimental in axe, so off by default: a control's visible text must be in its name.
    rules: {"label-content-name-mismatch": {enabled: true}},
  });
  return results.violations.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.map((node) => ({target: node.target, summary: node.failureSummary})),
  }));
}
"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every axe violation on the page as it stands, outside the phone mock-ups."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE.read_text())
    return page.evaluate(RUN, EXCLUDE)


# What axe leaves out (dangling id references, placeholder contrast), in plain JavaScript.
OWN_CHECKS = Path(__file__).with_name("own_checks.js")


def own_findings(page: Any) -> list[str]:
    """Dangling id references and placeholders below 4.5:1 against their field."""
    return page.evaluate(OWN_CHECKS.read_text())


def describe(violations: list[dict[str, Any]]) -> str:
    """One block per rule: its id, impact and help, then each failing element and why."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"  {node['target']}: {summary}")
    return "\n".join(lines)
