"""report.json: the machine-readable report (schema in the README; a scorer reads it)."""

from __future__ import annotations

import io
import json
import math
from typing import Any, TextIO

import pandas as pd

from factcheck.report import register_format
from factcheck.result import RunResult

ARTICLE_FIELDS = ("source", "title", "outlet", "published", "published_source", "encoding", "error")
CLAIM_FIELDS = (
    "id",
    "source",
    "outlet",
    "published",
    "published_window",
    "subject",
    "metric",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "kind",
    "date",
    "date_source",
    "date_from",
    "date_to",
    "time_of_day",
    "sentence",
    "start",
    "end",
    "surface",
    "attribution",
    "stance",
    "rule",
    "timing",
)
DISCREPANCY_FIELDS = ("id", "subject", "metric", "kind", "severity", "claims", "conflicts", "explanation")


def clean(v: Any) -> Any:
    """JSON-safe scalar: NA/NaN to None, numpy numbers to Python numbers."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    if hasattr(v, "item"):
        return clean(v.item())
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


def records(df: pd.DataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-safe dicts with ``fields`` in order."""
    cols = [f for f in fields if f in df.columns]
    return [{f: clean(row[f]) for f in cols} for row in df[cols].astype(object).to_dict("records")]


def report_dict(result: RunResult) -> dict[str, Any]:
    """The report as a dict, in the documented schema."""
    return {
        "version": 1,
        "generated_by": result.generated_by,
        "summary": result.counts(),
        "articles": records(result.articles, ARTICLE_FIELDS),
        "claims": records(result.claims, CLAIM_FIELDS),
        "discrepancies": records(result.discrepancies, DISCREPANCY_FIELDS),
    }


CHUNK = 5_000  # rows turned into dicts at a time when streaming


def stream_json(result: RunResult, fh: TextIO) -> None:
    """Write report.json one record per line, a few thousand rows at a time (bounded memory)."""

    def dump(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, allow_nan=False)

    fh.write('{"version": 1,\n "generated_by": ' + dump(result.generated_by) + ",\n")
    fh.write(' "summary": ' + dump(result.counts()))
    sections = (("articles", result.articles, ARTICLE_FIELDS), ("claims", result.claims, CLAIM_FIELDS),
                ("discrepancies", result.discrepancies, DISCREPANCY_FIELDS))
    for key, df, fields in sections:
        fh.write(f',\n "{key}": [')
        first = True
        for i in range(0, len(df), CHUNK):
            for rec in records(df.iloc[i : i + CHUNK], fields):
                fh.write(("\n  " if first else ",\n  ") + dump(rec))
                first = False
        fh.write("\n ]" if not first else "]")
    fh.write("\n}\n")


@register_format("json", filename="report.json", stream=stream_json)
def render_json(result: RunResult) -> str:
    """The full report as JSON (articles, claims, discrepancies)."""
    buf = io.StringIO()
    stream_json(result, buf)
    return buf.getvalue()
