"""A plain-text summary for terminals and logs."""

from __future__ import annotations

from factcheck.report import register_format
from factcheck.result import RunResult


@register_format("text")
def render_text(result: RunResult) -> str:
    """A plain-text summary: counts, then one line per discrepancy."""
    c = result.counts()
    lines = [
        f"{c['articles']} articles read, {c['skipped']} skipped, {c['claims']} claims, "
        f"{c['discrepancies']} discrepancies ({c['conflict']} conflict, {c['disputed']} disputed, "
        f"{c['update']} update)"
    ]
    for d in result.discrepancies.to_dict("records"):
        lines.append(f"[{d['kind']} {d['severity']:.2f}] {d['explanation']}")
    for a in result.skipped.to_dict("records"):
        lines.append(f"skipped {a['source']}: {a['error']}")
    return "\n".join(lines) + "\n"
