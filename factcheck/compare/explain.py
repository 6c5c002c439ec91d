"""Plain-language explanations and severities of discrepancies."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

_QUAL_WORDS = {
    "approx": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "fewer than ",
    "at_most": "up to ",
}
_UNIT_WORDS = {"percent": "%", "USD": " US dollars", "EUR": " euros", "GBP": " pounds", "": ""}


def format_value(c: dict[str, Any]) -> str:
    """A claim's figure as an editor would say it: "about 7,000", "60–70%", "10 kilometer"."""
    unit = c.get("unit") or ""
    suffix = _UNIT_WORDS.get(unit, f" {unit.replace('_', ' ')}")

    def num(x: float) -> str:
        if abs(x) >= 1e9 and x % 1e7 == 0:
            return f"{x / 1e9:g} billion"
        if abs(x) >= 1e6 and x % 1e4 == 0:
            return f"{x / 1e6:g} million"
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")

    if c.get("low") is not None and c.get("high") is not None and c.get("low") != c.get("high"):
        return f"{num(c['low'])}–{num(c['high'])}{suffix}"
    return f"{_QUAL_WORDS.get(c.get('qualifier') or '', '')}{num(float(c['value']))}{suffix}"


def who(c: dict[str, Any]) -> str:
    """Where a figure comes from: outlet or file, and the party it is attributed to."""
    src = c.get("outlet") or str(c.get("source", "")).rsplit("/", 1)[-1]
    if c.get("attribution"):
        return f"{src}, citing {c['attribution']}"
    return src


def published(c: dict[str, Any]) -> str:
    """When the report came out: its date, or its estimated window when undated."""
    if c.get("published"):
        return f"published {c['published']}"
    window = c.get("published_window")
    if window:
        lo, hi = window.split("..")
        return f"undated, estimated {lo} to {hi}"
    return "undated"


def when(c: dict[str, Any]) -> str:
    """The date a figure refers to, when the text says and it differs from publication, with the part
    of the day when the text gives it ("figure as of 2024-08-11 evening")."""
    part = c.get("time_of_day")
    if c.get("date") and (part or c.get("date") != c.get("published")):
        return f", figure as of {c['date']}" + (f" {part}" if part else "")
    return ""


def report_gap(a: dict[str, Any], b: dict[str, Any]) -> str:
    """How far apart two reports are ("6 days apart", "4 to 11 days apart"), or "" when unknown."""

    def span(c: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
        if c.get("published"):
            d = dt.date.fromisoformat(c["published"])
            return d, d
        if c.get("published_window"):
            lo, hi = c["published_window"].split("..")
            return dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        return None

    sa, sb = span(a), span(b)
    if not sa or not sb:
        return ""
    gaps = sorted(abs((x - y).days) for x in sa for y in sb)
    lo, hi = gaps[0], gaps[-1]
    if sa[0] <= sb[1] and sb[0] <= sa[1]:
        lo = 0
    if hi == 0:
        return "published the same day"
    if lo == hi:
        return f"published {lo} day{'s' if lo != 1 else ''} apart"
    return f"published {lo} to {hi} days apart"


def _source(c: dict[str, Any]) -> str:
    return f"{who(c)} ({published(c)}{when(c)})"


_KIND_WEIGHT = {"conflict": 1.0, "disputed": 0.85, "update": 0.35}


def severity_factors(qualifier: Any, stance: Any) -> tuple[float, float]:
    """What one figure multiplies its pairs' severity by: for exactness, then for hedging (1.0: no change)."""
    if qualifier == "exact" and stance == "asserted":
        exact = 1.1
    elif qualifier != "exact":
        exact = 0.9
    else:
        exact = 1.0
    return exact, 0.7 if stance == "hedged" else 1.0


def pair_severity(kind: str, rel_gap: float, fa: tuple[float, float], fb: tuple[float, float]) -> float:
    """``severity`` from the two figures' ``severity_factors``."""
    base = min(1.0, math.sqrt(max(rel_gap, 0.0) / 0.5))
    base *= fa[0]
    base *= fa[1]
    base *= fb[0]
    base *= fb[1]
    base *= _KIND_WEIGHT[kind]
    return round(max(0.01, min(1.0, base)), 3)


def pair_severities(kind: str, rel_gap: np.ndarray, fa: np.ndarray, fb: np.ndarray) -> list[float]:
    """``pair_severity`` of many pairs: ``fa`` and ``fb`` hold the two figures' factors as rows of two.

    The same floating-point steps in the same order (numpy's sqrt and products round as Python's do;
    ``fmin``/``fmax`` pass NaN over as ``min``/``max`` do here); Python's ``round`` last.
    """
    base = np.fmin(1.0, np.sqrt(np.maximum(rel_gap, 0.0) / 0.5))
    base = base * fa[:, 0]
    base = base * fa[:, 1]
    base = base * fb[:, 0]
    base = base * fb[:, 1]
    base = base * _KIND_WEIGHT[kind]
    return [round(x, 3) for x in np.fmax(0.01, np.fmin(1.0, base)).tolist()]


def severity(kind: str, rel_gap: float, a: dict[str, Any], b: dict[str, Any]) -> float:
    """0..1: the gap relative to the figures, raised for exact figures and lowered for hedges."""
    return pair_severity(kind, rel_gap, severity_factors(a.get("qualifier"), a.get("stance")),
                         severity_factors(b.get("qualifier"), b.get("stance")))


def explain(
    kind: str,
    metric: str,
    subject: str,
    a: dict[str, Any],
    b: dict[str, Any],
    days: int | None,
    n_claims: int,
) -> str:
    """One or two sentences: what disagrees, by how much, between whom and when, and why it is this kind."""
    what = metric + (f" ({subject})" if subject else "")
    va, vb = format_value(a), format_value(b)
    hi = max(abs(float(a["value"])), abs(float(b["value"]))) or 1.0
    pct = abs(float(a["value"]) - float(b["value"])) / hi * 100
    apart = f"{pct:.0f}%" if pct >= 10 else f"{pct:.1f}%"
    gap = report_gap(a, b)
    gap_txt = f"; the reports were {gap}" if gap else ""
    more = f" {n_claims} figures in this group." if n_claims > 2 else ""
    if kind == "update":
        if days:
            later = f"{days} day{'s' if days != 1 else ''} later"
        elif days == 0 and a.get("time_of_day") and b.get("time_of_day"):
            later = "later the same day"
        else:
            later = "later"
        return (
            f"Update: {what} went from {va} in {_source(a)} to {vb} in {_source(b)}, {later}. "
            f"A running figure that changes over time is a revision, not a contradiction.{more}"
        )
    if kind == "disputed":
        src_a = a.get("outlet") or str(a.get("source", "")).rsplit("/", 1)[-1]
        src_b = b.get("outlet") or str(b.get("source", "")).rsplit("/", 1)[-1]
        where = (
            f"both in {src_a}, {published(a)}"
            if a.get("article_id") == b.get("article_id")
            else f"{src_a}, {published(a)}; {src_b}, {published(b)}"
        )
        return (
            f"Disputed: {what} is {va} according to {a.get('attribution') or src_a} but {vb} according to "
            f"{b.get('attribution') or src_b}, {apart} apart ({where}). The parties themselves disagree, so "
            f"report both and say who says what.{more}"
        )
    return (
        f"Conflict: {what} is {va} in {_source(a)} but {vb} in {_source(b)}, {apart} apart{gap_txt}. "
        f"Both describe the same thing at the same time, so they cannot both be right.{more}"
    )


def days_between(a: str | None, b: str | None) -> int | None:
    """Whole days between two ISO dates, or None."""
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
