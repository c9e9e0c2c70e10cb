"""Imports only point down the layers of docs/architecture.md."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "armstrack"
LAYER = {"cli": 3, "web": 3, "pipeline": 2, "corridor": 1, "imagery": 1, "reports": 1, "screening": 1,
         "fusion": 1, "model": 0, "settings": 0, "store": 0}
CORES = {"corridor", "imagery", "reports", "screening", "fusion"}


def top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "armstrack" and len(parts) > 1 else None


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0].removesuffix(".py") in LAYER)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    here = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    for module in imports(path):
        there = top(module)
        if there is None or there == here or there not in LAYER:
            continue
        assert LAYER[there] <= LAYER[here], f"{path.relative_to(PACKAGE)} imports {module}: {here} is below {there}"
        if here in CORES:
            assert there not in ("store", "pipeline", "cli", "web"), f"core {here} imports {module}"
        if here == "store":
            assert there not in CORES, f"store imports the core {module}"
