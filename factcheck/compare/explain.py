"""Plain-language explanations and severities of discrepancies."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

_QUAL_WORDS = {
    "approx": "about ", "more_than": "more than ", "at_least": "at least ", "less_than": "fewer than ",
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

    if c.get("qualifier") == "range" and c.get("low") is not None and c.get("high") is not None:
        return f"{num(c['low'])}–{num(c['high'])}{suffix}"
    return f"{_QUAL_WORDS.get(c.get('qualifier') or '', '')}{num(float(c['value']))}{suffix}"


def who(c: dict[str, Any]) -> str:
    """Where a figure comes from: outlet or file, and the party it is attributed to."""
    src = c.get("outlet") or str(c.get("source", "")).rsplit("/", 1)[-1]
    if c.get("attribution"):
        return f"{c['attribution']}, in {src}"
    return src


def when(c: dict[str, Any]) -> str:
    """The date a figure refers to, or a note that it is unknown."""
    return f"as of {c['date']}" if c.get("date") else "date not stated"


def severity(kind: str, rel_gap: float, a: dict[str, Any], b: dict[str, Any]) -> float:
    """0..1: how far apart relative to the figures' precision, raised for exact figures, lowered for hedges."""
    base = min(1.0, math.sqrt(max(rel_gap, 0.0) / 0.5))
    for c in (a, b):
        if c.get("qualifier") == "exact" and c.get("stance") == "asserted":
            base *= 1.1
        elif c.get("qualifier") != "exact":
            base *= 0.9
        if c.get("stance") == "hedged":
            base *= 0.7
    base *= {"conflict": 1.0, "disputed": 0.85, "update": 0.35}[kind]
    return round(max(0.01, min(1.0, base)), 3)


def explain(kind: str, metric: str, subject: str, a: dict[str, Any], b: dict[str, Any], days: int | None,
            n_claims: int) -> str:
    """One or two sentences: what disagrees, by how much, between whom and when, and why it is this kind."""
    what = metric + (f" ({subject})" if subject else "")
    va, vb = format_value(a), format_value(b)
    hi, lo = (a, b) if float(a["value"]) >= float(b["value"]) else (b, a)
    pct = abs(float(hi["value"]) - float(lo["value"])) / (abs(float(hi["value"])) or 1.0) * 100
    more = f" {n_claims} figures in this group." if n_claims > 2 else ""
    if kind == "update":
        gap_txt = f"{days} day{'s' if days != 1 else ''} later" if days is not None else "later"
        return (f"Update: {what} went from {va} ({who(a)}, {when(a)}) to {vb} ({who(b)}, {when(b)}), "
                f"{gap_txt}. A running count that grows over time is a revision, not a contradiction.{more}")
    if kind == "disputed":
        return (f"Disputed: {what} is {va} according to {who(a)} but {vb} according to {who(b)} "
                f"({pct:.0f}% apart). The parties themselves disagree, so report both and say who says what.{more}")
    days_txt = (f"; the reports are {days} day{'s' if days != 1 else ''} apart" if days else "")
    return (f"Conflict: {what} is {va} in {who(a)} ({when(a)}) but {vb} in {who(b)} ({when(b)}), "
            f"{pct:.1f}% apart{days_txt}. They describe the same thing at the same time and cannot both be "
            f"right.{more}")


def days_between(a: str | None, b: str | None) -> int | None:
    """Whole days between two ISO dates, or None."""
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
