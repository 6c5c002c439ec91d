"""factcheck: catch conflicting figures across news sources.

Pipeline: ingest (files to articles) -> extract (claims) -> compare (discrepancies) -> report.

The public names are imported lazily (PEP 562), so ``factcheck --help`` and the pre-publication
check start fast: ``parse_quantities`` and ``Quantity`` (the quantity parser), ``check`` (a draft
against a claim store), ``run_pipeline`` (the batch pipeline), ``load_rules``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "parse_quantities": ("factcheck.quantities", "parse_quantities"),
    "Quantity": ("factcheck.quantities", "Quantity"),
    "check": ("factcheck.check", "check"),
    "run_pipeline": ("factcheck.pipeline", "run_pipeline"),
    "load_rules": ("factcheck.rules", "load_rules"),
}

__all__ = [
    "Quantity",
    "__version__",
    "build_kind",
    "check",
    "load_rules",
    "parse_quantities",
    "run_pipeline",
]


def build_kind() -> str:
    """"mypyc" when the extraction hot path is compiled (a wheel install, see setup.py), else "pure
    Python" (an editable install, or a machine that could not compile). Results are the same."""
    here = Path(__file__).parent / "quantities"
    compiled = any(here.glob("parser.*.so")) or any(here.glob("parser.*.pyd"))
    return "mypyc" if compiled else "pure Python"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        if name != "check":  # keep the submodule factcheck.check importable as a module
            globals()[name] = value
        return value
    raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
