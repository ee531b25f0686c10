"""The sandbox stands in for 8x8, so it imports nothing of the product it answers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
PRODUCT_APPS = {
    "access",
    "accounts",
    "audit",
    "catalog",
    "chatapps",
    "chatapps_admin",
    "composer",
    "messaging",
}


def imported_modules(tree: ast.AST) -> list[str]:
    """Every module an import statement names, anywhere in the file (also inside functions)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


SOURCES = sorted(SANDBOX.rglob("*.py"))


def test_it_finds_the_sandbox_sources():
    assert SANDBOX / "checks" / "__init__.py" in SOURCES


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(SANDBOX)) for p in SOURCES])
def test_no_sandbox_module_imports_the_product(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    product_imports = [m for m in imported_modules(tree) if m.split(".")[0] in PRODUCT_APPS]
    assert product_imports == []
