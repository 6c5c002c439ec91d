"""claims.csv: the claims table as CSV, one row per claim, every schema column."""

from __future__ import annotations

from factcheck.report import register_format
from factcheck.result import RunResult


@register_format("csv", filename="claims.csv")
def render_csv(result: RunResult) -> str:
    """The claims table as CSV."""
    return result.claims.to_csv(index=False, lineterminator="\n", float_format="%.10g")
