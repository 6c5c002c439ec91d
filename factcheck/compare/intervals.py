"""How far a written figure reaches: its interval once rounding and hedges are allowed for.

| written as | interval |
|---|---|
| exact, "6,712" | value ± half its last digit's place, at most ±1% ("80%" covers 79.5–80.5) |
| exact measure, "six miles" | value ± 0.45 of its last digit's place (so "10 km" agrees) |
| approx, "some 7,000", "about 80%" | value ± 2%, or the rounding above if wider |
| more than / at least n | [n, ∞) |
| up to / as many as / fewer than / below n | [0, n] |
| nearly / almost n | [0.9·n, n] |
| range "between 40 and 50" | [40, 50] |
| vague "several hundred" | the parser's bounds (200–999) |
| fractions in words ("half", "a third", "nine in ten") | value ± 25% (they are rounded by nature) |

All values are first converted to base units (pint), so 1.5 metres and 5 feet, or 40 °C and
104 °F, are compared as the same quantity.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.quantities import get_registry, to_base

APPROX_REL = 0.02
ROUNDING_CAP_REL = 0.01
FRACTION_REL = 0.25
NEARLY_REL = 0.10
MEASURE_ROUNDING = 0.45  # of the last digit's place, for physical measures

_FRACTION_WORDS = re.compile(
    r"\b(half|halves|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths|in (?:two|three|four|five|"
    r"six|seven|eight|nine|ten)|out of (?:two|three|four|five|six|seven|eight|nine|ten))\b",
    re.I,
)
_NEARLY = re.compile(r"\b(nearly|almost|close to|just under|just shy of|approaching)\b", re.I)


@dataclass(frozen=True, slots=True)
class Interval:
    """A figure's reach in base units."""

    lo: float
    hi: float
    value: float  # the central value in base units
    unit: str  # base unit


@lru_cache(maxsize=512)
def is_physical(unit: str) -> bool:
    """True for a physical unit (length, mass, temperature...): not a count, share or currency."""
    if not unit or unit in ("percent", "percentage_point"):
        return False
    try:
        dim = str(get_registry().Quantity(1.0, unit).dimensionality)
    except Exception:
        return False
    return dim not in ("dimensionless", "") and not dim.startswith("[currency")


def _f(x: object) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def claim_interval(
    value: object, low: object, high: object, unit: str, qualifier: str, precision: object, surface: str
) -> Interval | None:
    """The interval a claim covers in base units, or None when it has no value."""
    v, lo, hi, p = _f(value), _f(low), _f(high), _f(precision)
    if v is None:
        return None
    unit = unit or ""
    bv, bunit = to_base(v, unit)
    scale = (bv / v) if v not in (0, 0.0) and bv is not None else None
    if scale is None:
        probe, _ = to_base(1.0, unit)
        zero, _ = to_base(0.0, unit)
        scale = probe - zero

    def conv(x: float | None) -> float | None:
        return None if x is None else to_base(x, unit)[0]

    if not p:
        rounding = 0.0
    elif is_physical(unit):
        # "six miles" may be 10 km converted and rounded: a measure is about as exact as its last digit
        # (a little less than half of it, so that 1 and 2 miles, or 40 and 41 °C, still differ)
        rounding = MEASURE_ROUNDING * p
    else:
        rounding = min(p / 2.0, ROUNDING_CAP_REL * abs(v))  # "2 vs 3 deaths": counts are not rounded
    tol = rounding
    if qualifier == "approx" and lo is None and hi is None:
        tol = max(tol, APPROX_REL * abs(v))
    if _FRACTION_WORDS.search(surface or ""):
        tol = max(tol, FRACTION_REL * abs(v))
    blo, bhi = conv(lo), conv(hi)
    btol = abs(tol * scale)
    if qualifier in ("more_than", "at_least") and blo is not None:
        return Interval(blo, math.inf, bv, bunit)
    if qualifier in ("less_than", "at_most") and bhi is not None:
        floor = bhi * (1 - NEARLY_REL) if _NEARLY.search(surface or "") else min(0.0, bhi)
        return Interval(floor, bhi, bv, bunit)
    if blo is not None and bhi is not None:
        return Interval(min(blo, bhi) - btol, max(blo, bhi) + btol, bv, bunit)
    return Interval(bv - btol, bv + btol, bv, bunit)


def gap(a: Interval, b: Interval) -> float:
    """Distance between two intervals (0 when they overlap)."""
    if a.hi < b.lo:
        return b.lo - a.hi
    if b.hi < a.lo:
        return a.lo - b.hi
    return 0.0
