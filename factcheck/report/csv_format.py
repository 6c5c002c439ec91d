"""claims.csv: the claims table as CSV, one row per claim, every schema column."""

from __future__ import annotations

from typing import TextIO

from factcheck.report import register_format
from factcheck.result import RunResult


def stream_csv(result: RunResult, fh: TextIO) -> None:
    """Write the claims table as CSV in chunks."""
    result.claims.to_csv(fh, index=False, lineterminator="\n", float_format="%.10g", chunksize=10_000)


@register_format("csv", filename="claims.csv", stream=stream_csv)
def render_csv(result: RunResult) -> str:
    """The claims table as CSV."""
    return result.claims.to_csv(index=False, lineterminator="\n", float_format="%.10g")
