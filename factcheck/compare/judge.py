"""Judge a pair of claims of the same metric and subject: agree, conflict, update or disputed.

Time decides first (see the README table): figures of a running count dated on different days are
an update when the later one is larger and a conflict when it is smaller; snapshot figures are
only compared on the same day; fixed facts are compared whatever their dates. Then values decide:
two figures disagree when their intervals (``intervals.claim_interval``) do not overlap. Parties
decide the kind: figures from two different named parties that disagree are "disputed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from factcheck.compare.intervals import Interval, gap

PARTY_SIMILARITY = 80
GENERIC_CONTEXT_SIMILARITY = 60  # token_set_ratio of the clauses of two claims of a generic metric  # rapidfuzz token_set_ratio at or above which two attributions are one party


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one pair."""

    kind: str  # conflict, update, disputed
    rel_gap: float  # relative difference of the central values
    earlier: str | None  # claim id of the earlier figure, for updates
    days: int | None  # days between the two figures, when both are dated


def same_party(a: str | None, b: str | None) -> bool:
    """True when two attributions name the same party (or either is missing)."""
    if not a or not b:
        return True
    return fuzz.token_set_ratio(a.lower(), b.lower()) >= PARTY_SIMILARITY


def _date(s: Any) -> dt.date | None:
    if not isinstance(s, str):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def judge(a: dict[str, Any], b: dict[str, Any], ia: Interval, ib: Interval) -> Verdict | None:
    """The verdict on claims ``a`` and ``b`` (rows as dicts), or None when they agree or can't be compared."""
    if a["stance"] not in ("asserted", "hedged") or b["stance"] not in ("asserted", "hedged"):
        return None  # denied, projected or incremental figures are not assertions of the figure
    if ia.unit != ib.unit:
        return None
    parties_differ = not same_party(a["attribution"], b["attribution"])
    if a["article_id"] == b["article_id"] and not parties_differ:
        return None  # an article restating or updating itself is not a discrepancy between sources
    if str(a["rule"]).startswith("generic.") and (
        fuzz.token_set_ratio(a["context"] or "", b["context"] or "") < GENERIC_CONTEXT_SIMILARITY
    ):
        return None  # a figure no rule knows is only compared with one said in nearly the same words
    if gap(ia, ib) <= 0:
        return None
    big = max(abs(ia.value), abs(ib.value)) or 1.0
    rel = abs(ia.value - ib.value) / big
    da, db = _date(a["date"]), _date(b["date"])
    days = abs((da - db).days) if da and db else None
    timing = a["timing"]
    if timing == "snapshot" and da != db:
        return None
    if timing == "cumulative" and da and db and da != db:
        if "explicit" in (a["date_source"], b["date_source"]):
            return None  # a count for one named day's event is not the running total
        first, second, ifirst, isecond = (a, b, ia, ib) if da < db else (b, a, ib, ia)
        if isecond.lo >= ifirst.hi or isecond.value > ifirst.value:
            return Verdict("update", rel, first["id"], days)
        return Verdict("disputed" if parties_differ else "conflict", rel, None, days)
    if timing == "cumulative" and (da is None) != (db is None):
        known = a if da else b
        unknown = b if da else a
        if unknown["date_source"] == "explicit" or known["date_source"] == "explicit":
            return None
    return Verdict("disputed" if parties_differ else "conflict", rel, None, days)
