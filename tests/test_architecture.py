"""The pipeline's layers, written down and checked (as sqlfluff does with import-linter).

Data flows one way: ingest -> extract -> compare -> report, joined by the schema; the applications
(pipeline, engines, check, store, service, cli) sit on top. A stage never imports a later stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "factcheck"

APPS = {"pipeline", "engines", "check", "store", "service", "cli", "cli_check", "result"}
#: for each layer, the top-level factcheck modules it must not import
FORBIDDEN = {
    "quantities": {"ingest", "extract", "compare", "report", *APPS},
    "rules": {"ingest", "extract", "compare", "report", *APPS},
    "schema": {"ingest", "extract", "compare", "report", *APPS},
    "ingest": {"extract", "compare", "report", *APPS},
    "extract": {"compare", "report", *APPS},
    "compare": {"ingest", "extract", "report", *APPS},
    "report": {"ingest", "extract", "pipeline", "engines", "store", "service", "cli", "cli_check"},
}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0].removesuffix(".py")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("factcheck."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("factcheck."))
    return found


MODULES = sorted(p for p in PKG.rglob("*.py") if layer_of(p) in FORBIDDEN)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PKG)) for p in MODULES])
def test_stages_import_only_earlier_stages(path: Path) -> None:
    bad = imported_modules(path) & FORBIDDEN[layer_of(path)]
    assert not bad, f"{path.relative_to(PKG)} ({layer_of(path)}) imports later layers: {sorted(bad)}"
