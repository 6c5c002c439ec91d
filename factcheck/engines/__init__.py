"""Engines: where extraction and comparison run. Registered by name, as formats are.

An engine is a class registered with ``@register_engine("name")``; ``factcheck run --engine NAME``
looks it up in ``ENGINES`` (so ``--help`` lists exactly the registered names). Every engine does
the same two jobs with the same functions, so their reports are byte-identical:

* ``extract(batches)``: batches of Articles (in read order) to claims tables, yielded in the order
  the batches came in, whatever order they finished in;
* ``compare(claims)``: the discrepancies table (``factcheck.compare`` run per metric block).

``local`` runs both in this process (the default); ``dask`` runs them on a Dask cluster (see
``docs/scale.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import pandas as pd

from factcheck.errors import FactcheckError
from factcheck.ingest import Article
from factcheck.rules import RuleSet

#: one batch of articles: (ordinals of the articles in read order, the articles)
Batch = tuple[list[int], list[Article]]


class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str

    def extract(self, batches: Iterable[Batch]) -> Iterator[tuple[list[int], pd.DataFrame]]:
        """(ordinal per claim row, claims table) per batch, in the order of ``batches``."""
        ...

    def compare(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The discrepancies among ``claims`` (as ``find_discrepancies``)."""
        ...

    def close(self) -> None:
        """Release what the engine started (cluster, workers)."""
        ...


ENGINES: dict[str, Callable[..., Engine]] = {}


def register_engine(name: str) -> Callable[[Callable[..., Engine]], Callable[..., Engine]]:
    """Register an engine class under ``name``; refuses a name registered twice."""

    def deco(cls: Callable[..., Engine]) -> Callable[..., Engine]:
        if name in ENGINES:
            raise ValueError(f"engine {name!r} already exists")
        ENGINES[name] = cls
        return cls

    return deco


class EngineError(FactcheckError, RuntimeError):
    """An engine could not start (unknown name, unreachable scheduler, missing package)."""


def get_engine(name: str, rules: RuleSet, **options: Any) -> Engine:
    """A started engine ``name`` for ``rules``; the error lists the available engines."""
    try:
        cls = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"unknown engine {name!r}; available engines: {known}") from None
    return cls(rules, **options)


def _load_builtin() -> None:
    from factcheck.engines import dask_engine, local  # noqa: F401


_load_builtin()

__all__ = ["ENGINES", "Batch", "Engine", "EngineError", "get_engine", "register_engine"]
