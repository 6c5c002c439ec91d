"""The Dask engine: extraction over partitions and comparison by metric block on a Dask cluster.

The client reads the inputs once, in order (``factcheck.ingest.read_articles``: decoding is cheap
next to extraction), and sends each partition of articles to the cluster, keeping only
``inflight`` partitions on the way, so memory stays bounded however large the input. Workers run
``extract_batch`` (the local engine's own function) with the rule set, which is sent to every
worker once. The claims come back in partition order and the client assembles them; then each
metric block is compared on a worker (``discrepancy_rows``) and the client sorts the rows
(``finish_discrepancies``). The report is therefore byte-identical to the local engine's.

With no scheduler address a LocalCluster of worker processes is started (and closed after the
run). Workers of an existing cluster need factcheck (and its dependencies) installed; the rules
travel as loaded objects, so the rules folder does not have to be reachable from them.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd

from factcheck.compare import discrepancy_rows, finish_discrepancies, metric_blocks
from factcheck.engines import Batch, EngineError, register_engine
from factcheck.engines.local import extract_batch
from factcheck.rules import RuleSet


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """A dask.distributed Client (and the LocalCluster it started, or None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is an optional dependency
        raise EngineError("the dask engine needs dask.distributed: pip install 'dask[distributed]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    # the workers' own logs are silenced: a task's error reaches the client as its exception, and what
    # the workers log at ERROR on shutdown (a heartbeat to the closing scheduler) is only noise
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.CRITICAL)
    return Client(cluster), cluster


@register_engine("dask")
class DaskEngine:
    """Extraction and comparison on a Dask cluster (``scheduler`` address, or a LocalCluster)."""

    name = "dask"

    def __init__(self, rules: RuleSet, scheduler: str | None = None, workers: int | None = None,
                 inflight: int | None = None) -> None:
        self.rules = rules
        self.client, self.cluster = _client(scheduler, workers)
        threads = sum(self.client.nthreads().values()) or 1
        self.inflight = inflight or 2 * threads  # partitions on the way: enough to keep every worker busy
        self._rules_future = self.client.scatter(rules, broadcast=True)

    def extract(self, batches: Iterable[Batch]) -> Iterator[tuple[list[int], pd.DataFrame]]:
        """Submit partitions as they are read, at most ``inflight`` at once; yield results in order."""
        pending: deque[Any] = deque()
        for ordinals, articles in batches:
            job = self.client.submit(extract_batch, ordinals, articles, self._rules_future, pure=False)
            pending.append(job)
            if len(pending) >= self.inflight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def compare(self, claims: pd.DataFrame) -> pd.DataFrame:
        """Each metric block on a worker (largest first), rows sorted on the client."""
        blocks = sorted(metric_blocks(claims), key=len, reverse=True)
        if not blocks:
            return finish_discrepancies([])
        data = self.client.scatter(blocks)  # to the workers directly, not inside the task graph
        futures = self.client.map(discrepancy_rows, data, pure=False)
        return finish_discrepancies(row for rows in self.client.gather(futures) for row in rows)

    def close(self) -> None:
        """Close the client, and the LocalCluster if this engine started one."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
