"""The shape the code keeps: small modules, thin views, no import hidden inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "access", "accounts", "audience", "audit", "campaigns", "catalog", "chatapps", "chatapps_admin",
    "composer", "inbox", "messaging", "phone", "recipients", "sandbox", "tabular", "tests",
    "benchmarks",
]  # fmt: skip
SOURCES = sorted(
    path
    for package in PACKAGES
    for path in (ROOT / package).rglob("*.py")
    if "migrations" not in path.parts
)
MAX_MODULE_LINES = 500
MAX_VIEW_LINES = 40
# Imports that must wait for Django's app registry (an AppConfig's ready() and what it connects).
READY_TIME_IMPORTS = {"access/apps.py", "accounts/apps.py", "audit/apps.py"}


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_it_reads_the_whole_tree():
    assert ROOT / "messaging" / "sending.py" in SOURCES


def test_no_module_is_over_500_lines():
    long = {
        name(p): n for p in SOURCES if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_view_is_over_40_lines():
    views = [p for p in SOURCES if p.name.endswith("views.py") and not name(p).startswith("tests")]
    long = {}
    for path in views:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_VIEW_LINES:
                    long[f"{name(path)}:{node.name}"] = length
    assert long == {}


@pytest.mark.parametrize("path", [p for p in SOURCES if not name(p).startswith(("tests", "bench"))])
def test_no_product_import_hides_inside_a_function(path):
    hidden = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.ImportFrom)
                    and inner.level == 0
                    and (inner.module or "").split(".")[0] in PACKAGES
                ):
                    hidden.append(f"line {inner.lineno}: from {inner.module}")
    if name(path) in READY_TIME_IMPORTS:
        return
    assert hidden == []
