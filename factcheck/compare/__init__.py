"""Compare stage: group claims that speak of the same thing and judge where they disagree.

Claims are blocked by metric and base unit, then grouped by subject (rapidfuzz merges near-identical
subject strings). Intervals, group keys and first mentions are computed column-wise (numpy/pandas)
for the whole table; inside a group only the pairs that can produce a verdict are judged
(``judge.judge`` decides each one), so the cost grows about linearly with the number of claims:

* pairs that speak of the same time (or of a fixed fact) disagree only when their intervals do not
  overlap: within each time block the intervals are sorted by their bounds and only the
  non-overlapping pairs are judged;
* a running total that falls between two times is found by the same sweep, earlier against later;
* updates only link consecutive days that carry a revision (``consecutive_updates``), so only pairs
  of neighbouring update days are judged.

Small groups (``SMALL_GROUP`` claims or fewer) are judged pair by pair; the sweep gives the same
pairs. Each group may judge ``PAIR_BUDGET + PAIRS_PER_CLAIM`` per claim pairs in all; every kind of
pair (same time, falling total, neighbouring update days) is counted exactly before it is judged,
and a kind whose count no longer fits the group's budget is judged against the most extreme figures
of the other side only (each claim against the ``EXTREMES`` lowest and highest figures it
disagrees with, stopping at the first verdict): whether a group has a conflict or an update does
not depend on the cap, and a discrepancy lists its ``MAX_LISTED_PAIRS`` most severe pairs with the
exact count of disagreeing pairs. The pairs that disagree become discrepancies, one per group and
kind, sorted by severity.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import hashlib
import itertools
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from factcheck.compare.explain import explain, pair_severities, pair_severity, severity_factors
from factcheck.compare.intervals import (
    _FRACTION_WORDS,
    _NEARLY,
    APPROX_REL,
    FRACTION_REL,
    MEASURE_ROUNDING,
    NEARLY_REL,
    ROUNDING_CAP_REL,
    Interval,
    claim_interval,
    is_physical,
)
from factcheck.compare.judge import CHANGE_REL, TableJudge, Verdict
from factcheck.quantities.units import _base_of
from factcheck.schema import (
    DAYPART_RANK,
    DISCREPANCY_COLUMNS,
    empty_frame,
    validate_claims,
    validate_discrepancies,
)

SUBJECT_SIMILARITY = 90
#: groups this small are judged pair by pair (the sweep finds the same pairs; this is just simpler)
SMALL_GROUP = 8
#: pairs a group may judge in full (PAIR_BUDGET + PAIRS_PER_CLAIM per claim, shared by all kinds of
#: pairs); a kind of pair whose exact count does not fit is judged against the extreme figures only
PAIR_BUDGET = 500
PAIRS_PER_CLAIM = 2
#: most pairs a discrepancy lists (the most severe); the explanation gives the total
MAX_LISTED_PAIRS = 1_000
#: pairs tried per day (UPDATE_SCAN + UPDATE_SCAN_PER_CLAIM per figure of the day, nearest days first)
#: when looking for a revision on another day; pairs that differ by CHANGE_REL or less are skipped
UPDATE_SCAN = 200
UPDATE_SCAN_PER_CLAIM = 8
#: extreme figures of the other side kept, and tried per claim (most distant first, until a verdict),
#: when a kind of pair is over the group's budget
EXTREMES = 3

#: the columns the comparator reads (judge, severity, explain and the discrepancy rows)
COMPARE_COLUMNS = (
    "id", "article_id", "source", "outlet", "published", "published_window", "subject", "metric", "rule",
    "timing", "match_context", "kind", "value", "low", "high", "unit", "qualifier", "precision", "date",
    "date_source", "date_from", "date_to", "time_of_day", "surface", "context", "attribution", "stance",
    "start",
)
#: the columns of the rows judge, severity and explain see (a plain dict per member of the group at hand)
ROW_COLUMNS = tuple(c for c in COMPARE_COLUMNS if c not in ("surface", "precision", "start"))
#: the columns held for every claim while comparing (judge, time blocks, severity); explain's other
#: columns are read for the claims the explanations name only
TABLE_COLUMNS = (
    "id", "article_id", "subject", "metric", "rule", "timing", "match_context", "kind", "qualifier", "date",
    "date_source", "date_from", "date_to", "time_of_day", "context", "attribution", "stance",
)


class Row:
    """One claim as a read-only mapping over column lists (a dict per claim would cost ~1 kB each)."""

    __slots__ = ("_cols", "_i")

    def __init__(self, cols: dict[str, list[Any]], i: int) -> None:
        self._cols = cols
        self._i = i

    def __getitem__(self, key: str) -> Any:
        return self._cols[key][self._i]

    def get(self, key: str, default: Any = None) -> Any:
        """The value of column ``key`` (None when missing), or ``default`` if there is no such column."""
        col = self._cols.get(key)
        return default if col is None else col[self._i]


def _columns(claims: pd.DataFrame, names: Iterable[str] | None = None) -> dict[str, list[Any]]:
    """Columns as plain lists with None for missing values."""
    out: dict[str, list[Any]] = {}
    for name in names or claims.columns:
        if name not in claims.columns:
            continue
        col = claims[name].astype(object)
        out[name] = col.where(col.notna(), None).tolist()
    return out


@lru_cache(maxsize=1 << 16)
def _interval(value: Any, low: Any, high: Any, unit: str, qualifier: str, precision: Any,
              surface: str) -> Interval | None:
    return claim_interval(value, low, high, unit, qualifier, precision, surface)


def interval_of(c: Any) -> Interval | None:
    """The claim's interval in base units (see ``intervals``); ``c`` is a row (dict or ``Row``)."""
    return _interval(c["value"], c["low"], c["high"], c["unit"] or "", c["qualifier"] or "exact",
                     c["precision"], c["surface"] or "")


# --- intervals of a whole table ---------------------------------------------------------------------


class Intervals:
    """The intervals of a table's claims as columns: ``lo``, ``hi``, ``value`` and base ``unit``.

    ``unit[i]`` is None when claim ``i`` has no interval. ``at(i)`` gives the ``Interval`` that
    ``claim_interval`` gives for the claim (the tests check every field).
    """

    __slots__ = ("hi", "lo", "unit", "value")

    def __init__(self, lo: list[float], hi: list[float], value: list[float], unit: list[str | None]) -> None:
        self.lo, self.hi, self.value, self.unit = lo, hi, value, unit

    def at(self, i: int) -> Interval | None:
        """Claim ``i``'s interval, or None."""
        unit = self.unit[i]
        return None if unit is None else Interval(self.lo[i], self.hi[i], self.value[i], unit)


def _numbers(col: pd.Series) -> np.ndarray:
    """A column as floats with NaN for missing or unreadable values (as ``intervals._f`` reads them)."""
    try:
        return col.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        out = pd.to_numeric(col.astype(object), errors="coerce")
        return np.asarray(out, dtype=float)


def _round12(x: np.ndarray) -> np.ndarray:
    """``float(f"{x:.12g}")`` elementwise, as ``to_base`` rounds (integers below 1e12 are unchanged)."""
    out = x.copy()
    with np.errstate(invalid="ignore"):
        todo = np.flatnonzero(~((x == np.round(x)) & (np.abs(x) < 1e12)) & ~np.isnan(x))
    for k in todo.tolist():
        out[k] = float(f"{float(x[k]):.12g}")
    return out


def _strings(col: pd.Series, default: str) -> np.ndarray:
    obj = col.astype(object)
    return obj.where(obj.notna() & (obj != ""), default).to_numpy(dtype=object)


def _matches(pattern: Any, surfaces: np.ndarray) -> np.ndarray:
    """Whether ``pattern`` occurs in each surface (searched once per distinct string)."""
    codes, uniq = pd.factorize(surfaces)
    hit = np.array([pattern.search(s) is not None for s in uniq], dtype=bool)
    return hit[codes] if len(uniq) else np.zeros(len(surfaces), dtype=bool)


def table_intervals(claims: pd.DataFrame) -> Intervals:
    """``claim_interval`` for every claim of ``claims``, vectorised: one pint lookup per unit.

    Numbers with a unit pint does not know, and non-finite numbers, take ``claim_interval`` itself.
    """
    n = len(claims)
    v, lo, hi, p = (_numbers(claims[c]) for c in ("value", "low", "high", "precision"))
    units = _strings(claims["unit"], "")
    qual = _strings(claims["qualifier"], "exact")
    surf = _strings(claims["surface"], "")
    valid = ~np.isnan(v)
    slow = valid & ~(np.isfinite(v) & ~np.isinf(lo) & ~np.isinf(hi) & ~np.isinf(p))
    factor, offset, one_scale = np.ones(n), np.zeros(n), np.ones(n)
    physical = np.zeros(n, dtype=bool)
    base = np.empty(n, dtype=object)
    ucodes, uniq = pd.factorize(units)
    for code, unit in enumerate(uniq):
        at = ucodes == code
        try:
            f, o, b = _base_of(unit)
        except Exception:  # unknown to pint: claim_interval keeps the number as it is
            slow |= at & valid
            continue
        factor[at], offset[at], base[at] = f, o, b
        physical[at] = is_physical(unit)
        one, zero = _round12(np.array([1.0 * f + o, 0.0 * f + o]))
        one_scale[at] = one - zero
    fast = valid & ~slow
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        bv = np.where(fast, _round12(np.where(fast, v, 0.0) * factor + offset), np.nan)
        blo = _round12(lo * factor + offset)
        bhi = _round12(hi * factor + offset)
        scale = np.where(v != 0, bv / np.where(v != 0, v, 1.0), one_scale)
        av = np.abs(v)
        cap = ROUNDING_CAP_REL * av
        half = p / 2.0
        rounding = np.where(~np.isnan(p) & (p != 0),
                            np.where(physical, MEASURE_ROUNDING * p, np.where(half < cap, half, cap)), 0.0)
        tol = rounding
        approx = (qual == "approx") & np.isnan(lo) & np.isnan(hi)
        wide = APPROX_REL * av
        tol = np.where(approx & (wide > tol), wide, tol)
        frac = FRACTION_REL * av
        tol = np.where(_matches(_FRACTION_WORDS, surf) & (frac > tol), frac, tol)
        btol = np.abs(tol * scale)
        more = np.isin(qual, ("more_than", "at_least")) & ~np.isnan(blo)
        less = np.isin(qual, ("less_than", "at_most")) & ~np.isnan(bhi) & ~more
        both = ~np.isnan(blo) & ~np.isnan(bhi) & ~more & ~less
        floor = np.where(_matches(_NEARLY, surf), bhi * (1 - NEARLY_REL), np.where(bhi < 0.0, bhi, 0.0))
        out_lo = np.where(more, blo, np.where(less, floor,
                          np.where(both, np.where(bhi < blo, bhi, blo) - btol, bv - btol)))
        out_hi = np.where(more, np.inf, np.where(less, bhi,
                          np.where(both, np.where(bhi > blo, bhi, blo) + btol, bv + btol)))
    lo_l, hi_l, v_l = out_lo.tolist(), out_hi.tolist(), bv.tolist()
    unit_l: list[str | None] = np.where(fast, base, None).tolist()
    if slow.any():
        cols = _columns(claims.iloc[np.flatnonzero(slow)],
                        ("value", "low", "high", "unit", "qualifier", "precision", "surface"))
        for k, i in enumerate(np.flatnonzero(slow).tolist()):
            iv = _interval(cols["value"][k], cols["low"][k], cols["high"][k], cols["unit"][k] or "",
                           cols["qualifier"][k] or "exact", cols["precision"][k], cols["surface"][k] or "")
            if iv is not None:
                lo_l[i], hi_l[i], v_l[i], unit_l[i] = iv.lo, iv.hi, iv.value, iv.unit
    return Intervals(lo_l, hi_l, v_l, unit_l)


# --- groups -----------------------------------------------------------------------------------------


_FROM_PLACE = re.compile(r"(?:^|, )from ")


def _named(subject: str) -> bool:
    """Whether a subject names a place, party or instance of its own (a restrictor with a capital)."""
    return any(part[:1].isupper() for part in subject.split(", "))


def _subject_key(subject: str, seen: list[str]) -> str:
    """Map a subject to the first already-seen near-identical one (rapidfuzz), or to itself."""
    if not subject:
        return ""
    if seen:  # the first seen subject that is similar enough (cdist: extract_iter's generators leak cycles)
        # a part of the whole merges with the whole ("Bajhang, children" with "children"), but a
        # distance's two ends must both match: "Ashkelon, from Gaza" is not "from Gaza"
        scorer = fuzz.token_sort_ratio if _FROM_PLACE.search(subject) else fuzz.token_set_ratio
        scores = process.cdist([subject], seen, scorer=scorer, score_cutoff=SUBJECT_SIMILARITY)
        named = _named(subject)
        for hit in np.flatnonzero(scores[0] >= SUBJECT_SIMILARITY).tolist():
            if named == _named(seen[hit]):  # "Zarand, in 2003" is a part of the place, not "in 2003"
                return seen[hit]
    seen.append(subject)
    return subject


def _group_keys(metrics: Sequence[Any], subjects: Sequence[Any], units: Sequence[str | None]) -> np.ndarray:
    """metric | base unit | subject per claim (``units[i]`` None: no interval, written "?").

    A subject string is matched once per block, in order of first appearance: the same string always
    maps to the same key (the list of seen subjects only grows at its end), so rapidfuzz only runs
    over the distinct (block, subject) combinations of the table.
    """
    frame = pd.DataFrame({"m": pd.Series(metrics, dtype=object), "u": pd.Series(units, dtype=object),
                          "s": pd.Series(subjects, dtype=object)})
    codes = frame.groupby(["m", "u", "s"], sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)  # first row of each combination, by code
    seen_by_block: dict[str, list[str]] = defaultdict(list)
    keys = np.empty(len(first), dtype=object)
    for code in np.argsort(first, kind="stable").tolist():  # in order of first appearance
        i = int(first[code])
        unit = units[i]
        block = f"{metrics[i]}|{unit if unit is not None else '?'}"
        keys[code] = f"{block}|{_subject_key(subjects[i] or '', seen_by_block[block])}"
    return keys[codes]


def group_claims(claims: pd.DataFrame) -> pd.Series:
    """A group key per claim: metric | base unit | subject. Claims with the same key are compared."""
    cols = _columns(claims, ("metric", "subject"))
    keys = _group_keys(cols["metric"], cols["subject"], table_intervals(claims).unit)
    return pd.Series(keys, index=claims.index, dtype="string")


def _pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            yield a, b


def first_mentions(members: list[int], recs: Sequence[Any]) -> list[int]:
    """Members in id order, without later repeats of the same figure in the same article."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for i in sorted(members, key=lambda i: (recs[i]["source"], recs[i]["start"])):
        c = recs[i]
        key = (c["article_id"], c["value"], c["low"], c["high"], c["unit"])
        if key in seen:
            continue
        seen.add(key)
        kept.append(i)
    return sorted(kept, key=lambda i: recs[i]["id"])


def _id_rank(ids: list[Any]) -> list[int]:
    """Each claim's position in id order."""
    rank = [0] * len(ids)
    for r, i in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
        rank[i] = r
    return rank


def _rank_of(values: np.ndarray) -> np.ndarray:
    """Dense ranks of ``values`` in Python's sort order (strings, numbers)."""
    codes, uniq = pd.factorize(values)
    order = sorted(range(len(uniq)), key=uniq.__getitem__)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    return rank[codes]


def _group_members(claims: pd.DataFrame, cols: dict[str, list[Any]], keys: np.ndarray, ivs: Intervals,
                   rank: list[int]) -> list[list[int]]:
    """The first mentions of each group with two or more of them, groups by key, members by id.

    Column-wise ``first_mentions`` for the whole table: claims sorted by (source, start), then the
    first of each (group, article, value, low, high, unit).
    """
    idx = np.flatnonzero(np.array([u is not None for u in ivs.unit], dtype=bool))
    if not len(idx):
        return []
    gcode, gkeys = pd.factorize(keys[idx])
    part = claims[["article_id", "value", "low", "high", "unit"]].iloc[idx].reset_index(drop=True)
    part["g"] = gcode
    source, start = claims["source"].iloc[idx], claims["start"].iloc[idx]
    if source.isna().any() or start.isna().any():  # not sortable column-wise: one group at a time
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in idx.tolist():
            by_key[keys[i]].append(i)
        full = _columns(claims, ("id", "article_id", "source", "start", "value", "low", "high", "unit"))
        rows = [Row(full, i) for i in range(len(claims))]
        kept = (first_mentions(by_key[k], rows) for k in sorted(by_key) if len(by_key[k]) > 1)
        return [m for m in kept if len(m) > 1]
    order = np.lexsort((np.arange(len(idx)), start.to_numpy(dtype=np.int64), _rank_of(source.to_numpy())))
    first = ~part.iloc[order].duplicated(["g", "article_id", "value", "low", "high", "unit"]).to_numpy()
    kept = order[first]
    key_rank = _rank_of(np.asarray(gkeys, dtype=object))
    g_of, pos = key_rank[gcode[kept]], idx[kept]
    by_group = np.lexsort((np.asarray(rank)[pos], g_of))
    g_of, pos = g_of[by_group], pos[by_group]
    cuts = np.flatnonzero(np.diff(g_of)) + 1
    return [m for m in (p.tolist() for p in np.split(pos, cuts)) if len(m) > 1]


def _day(r: Any) -> str:
    """The claim's day, the part of the day after it: "2024-08-11" < "2024-08-11 1" (morning) < "... 3"."""
    return _day_of(r["date_from"] or r["date"] or "", r.get("time_of_day"))


def _day_of(day: str, part: Any) -> str:
    rank = DAYPART_RANK.get(part) if part and day else None
    return f"{day} {rank}" if rank else day


def consecutive_updates(pairs: list[tuple[int, int, Verdict]], recs: Sequence[Any]
                        ) -> list[tuple[int, int, Verdict]]:
    """Keep each update pair only when no figure of the group lies strictly between its two dates.

    A toll reported on days 1, 2 and 4 is two revisions (1->2, 2->4), not three.
    """
    return _consecutive(pairs, [_day(recs[i]) for i in range(len(recs))])


def _consecutive(pairs: list[tuple[int, int, Verdict]], day: Sequence[str]) -> list[tuple[int, int, Verdict]]:
    """``consecutive_updates`` with each claim's day (``_day``) given."""
    following = _following({day[i] for i, _, _ in pairs} | {day[j] for _, j, _ in pairs})
    return [(i, j, v) for i, j, v in pairs if day[j] in following[day[i]]]


def _day_span(day: str) -> tuple[str, str]:
    """A ``_day`` as the first and last moment it covers: a part of a day is a moment of its own, a
    day without one is the whole day ("2024-08-11 0" to "2024-08-11 9")."""
    return (day, day) if day[-2:-1] == " " else (f"{day} 0", f"{day} 9")


def _following(days: Iterable[str]) -> dict[str, set[str]]:
    """For each day, the days that come next after it: wholly after it, with no day wholly between.

    Sunday (all day) is followed by Monday, and Sunday morning by Sunday evening; a figure of all
    Sunday is neither before nor after Sunday evening, so it does not stand between Saturday and
    Sunday evening.
    """
    spans = sorted((_day_span(d), d) for d in days)
    los = [lo for (lo, _), _ in spans]
    suffix_hi = [hi for (_, hi), _ in spans] + ["\uffff"]  # least last moment of the days from k on
    for k in range(len(spans) - 1, -1, -1):
        suffix_hi[k] = min(suffix_hi[k], suffix_hi[k + 1])
    out: dict[str, set[str]] = {}
    for (_, hi), d in spans:
        k = bisect.bisect_right(los, hi)  # the days that start after this one ends
        end = bisect.bisect_right(los, suffix_hi[k])  # ... and before any of them has ended
        out[d] = {spans[n][1] for n in range(k, end)}
    return out


def _disc_id(kind: str, claim_ids: list[str]) -> str:
    return "d" + hashlib.sha1((kind + "|" + "|".join(sorted(claim_ids))).encode()).hexdigest()[:10]


# --- pair finding -----------------------------------------------------------------------------------


class _Table:
    """What the pair finder reads of the whole table, as lists by claim position (built once)."""

    def __init__(self, cols: dict[str, list[Any]], ivs: Intervals, rank: list[int]) -> None:
        self.cols, self.rank = cols, rank
        self.lo, self.hi, self.value = ivs.lo, ivs.hi, ivs.value
        self.lo_a, self.hi_a = np.asarray(ivs.lo, dtype=float), np.asarray(ivs.hi, dtype=float)
        self.judge = TableJudge(cols, ivs.lo, ivs.hi, ivs.value, ivs.unit)
        parts = cols.get("time_of_day") or [None] * len(cols["date"])
        self.day = [_day_of(f or d or "", p)  # _day()
                    for f, d, p in zip(cols["date_from"], cols["date"], parts, strict=True)]
        self.time_memo: dict[tuple[Any, ...], int | None] = {}  # time_order of two time-block keys
        memo: dict[tuple[Any, Any], tuple[float, float]] = {}
        self.sev: list[tuple[float, float]] = []  # severity_factors of each claim
        for qs in zip(cols["qualifier"], cols["stance"], strict=True):
            f = memo.get(qs)
            if f is None:
                f = memo[qs] = severity_factors(*qs)
            self.sev.append(f)
        self.sev_a = np.array(self.sev, dtype=float).reshape(-1, 2)
        self.rank_a = np.asarray(rank, dtype=np.int64)

    def row(self, i: int) -> Row:
        """Claim ``i`` as a row of TABLE_COLUMNS (for its dates)."""
        return Row(self.cols, i)


_UNSEEN = object()


class _Group:
    """The members of one group (in id order) and the verdicts found among them."""

    def __init__(self, members: list[int], t: _Table) -> None:
        self.members = members
        self.t = t
        self.rank = t.rank
        self.judge_ix = t.judge._judge_ix
        self.ids = t.judge.id
        self.found: dict[str, dict[tuple[int, int], Verdict]] = defaultdict(dict)
        self.judged: dict[tuple[int, int], Verdict | None] = {}
        self.capped: dict[str, int] = defaultdict(int)  # pairs counted, not all judged, over the budget
        self.room = _budget(len(members))  # pairs the group may still judge in full

    def judge_once(self, x: int, y: int) -> Verdict | None:
        """``judge_pair`` without remembering the pair: for pairs a loop meets once (judging is pure,
        so meeting one again only records the same verdict again)."""
        if self.rank[y] < self.rank[x]:
            x, y = y, x
        v = self.judge_ix(x, y)
        if v is not None:
            self.found[v.kind][(y, x) if v.kind == "update" and v.earlier == self.ids[y] else (x, y)] = v
        return v

    def judge_pair(self, x: int, y: int) -> Verdict | None:
        """Judge x and y as the pair-by-pair loop would (the smaller id first) and record the verdict."""
        rank = self.rank
        if rank[y] < rank[x]:
            x, y = y, x
        key = (x, y)
        v = self.judged.get(key, _UNSEEN)
        if v is not _UNSEEN:
            return v  # type: ignore[return-value]
        v = self.judged[key] = self.judge_ix(x, y)
        if v is not None:
            if v.kind == "update" and v.earlier == self.ids[y]:
                key = (y, x)
            self.found[v.kind][key] = v
        return v


def _budget(n_claims: int) -> int:
    return PAIR_BUDGET + PAIRS_PER_CLAIM * n_claims


def _pairs_brute(g: _Group) -> None:
    for i, j in _pairs(g.members):
        g.judge_pair(i, j)


class _Sorted:
    """A time block's members sorted by high bound and by low bound."""

    __slots__ = ("by_hi", "by_lo", "highest", "his", "los", "lowest")

    def __init__(self, block: list[int], ilo: list[float], ihi: list[float], rank: list[int]) -> None:
        if len(block) == 1:  # most blocks of a large group: one claim
            i = block[0]
            self.by_hi = self.by_lo = block
            self.his, self.los = [ihi[i]], [ilo[i]]
            self.lowest, self.highest = [(ihi[i], rank[i], i)], [(-ilo[i], rank[i], i)]
            return
        self.by_hi = sorted(block, key=lambda i: ihi[i])
        self.his = [ihi[i] for i in self.by_hi]
        self.by_lo = sorted(block, key=lambda i: ilo[i])
        self.los = [ilo[i] for i in self.by_lo]
        #: the EXTREMES lowest high bounds and highest low bounds, as sortable (bound, rank, claim)
        self.lowest = [(ihi[i], rank[i], i) for i in self.by_hi[:EXTREMES]]
        self.highest = [(-ilo[i], rank[i], i) for i in self.by_lo[-EXTREMES:]]

    def count_below(self, los: list[float]) -> int:
        """Pairs (mine, one of ``los``) where my interval lies wholly below the other."""
        if len(los) * len(self.his) > 256:
            return int(np.searchsorted(np.asarray(self.his), np.asarray(los), side="left").sum())
        his = self.his
        return sum(bisect.bisect_left(his, lo) for lo in los)


def _same_time(g: _Group, pairs: list[tuple[list[int], list[int] | None]]) -> None:
    """Judge the pairs (one of each block, or two of one block) of same-time blocks whose intervals are apart.

    Counted with numpy for all pairs of blocks at once (each bound replaced by its rank among the
    group's bounds, so one sorted array of block and rank answers every block's question); the
    pairs are then judged as ``_same_time_lists`` judges them (the tests compare the two).
    """
    if not pairs:
        return
    blocks: list[list[int]] = []
    number: dict[int, int] = {}
    for a, b in pairs:
        for x in (a, b):
            if x is not None and id(x) not in number:
                number[id(x)] = len(blocks)
                blocks.append(x)
    sizes = np.fromiter(map(len, blocks), dtype=np.int64, count=len(blocks))
    mem = np.fromiter(itertools.chain.from_iterable(blocks), dtype=np.int64, count=int(sizes.sum()))
    lo, hi = g.t.lo_a[mem], g.t.hi_a[mem]
    if np.isnan(lo).any() or np.isnan(hi).any():  # NaN bounds do not sort: the plain way
        _same_time_lists(g, pairs)
        return
    nb = len(blocks)
    blk = np.repeat(np.arange(nb, dtype=np.int64), sizes)
    off = np.zeros(nb, dtype=np.int64)
    np.cumsum(sizes[:-1], out=off[1:])
    bounds = np.unique(np.concatenate([hi, lo]))
    width = len(bounds) + 1
    rank_hi, rank_lo = np.searchsorted(bounds, hi), np.searchsorted(bounds, lo)
    by_hi = np.argsort(blk * width + rank_hi, kind="stable")  # each block's members by high bound
    key_hi = (blk * width + rank_hi)[by_hi]
    # directions (below, above): the pairs (i of below, j of above) with i's interval wholly below j's
    below_l: list[int] = []
    above_l: list[int] = []
    counted_l: list[bool] = []
    for a, b in pairs:
        na = number[id(a)]
        if b is None:
            below_l.append(na)
            above_l.append(na)
            counted_l.append(len(a) > 1)  # a block of one is not counted against itself
        else:
            nb = number[id(b)]
            below_l += (na, nb)
            above_l += (nb, na)
            counted_l += (True, True)
    below, above = np.array(below_l, dtype=np.int64), np.array(above_l, dtype=np.int64)
    counted = np.array(counted_l, dtype=bool)
    q_dir = np.repeat(np.arange(len(below), dtype=np.int64), sizes[above])
    q_start = np.zeros(len(below), dtype=np.int64)
    np.cumsum(sizes[above][:-1], out=q_start[1:])
    q_pos = off[above][q_dir] + np.arange(len(q_dir), dtype=np.int64) - q_start[q_dir]  # j
    q_below = below[q_dir]
    counts = np.searchsorted(key_hi, q_below * width + rank_lo[q_pos], side="left") - off[q_below]
    total = int(counts[counted[q_dir]].sum())
    if total <= g.room:
        g.room -= total
        at = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        first = np.zeros(len(counts), dtype=np.int64)
        np.cumsum(counts[:-1], out=first[1:])
        i_pos = by_hi[off[q_below[at]] + np.arange(len(at), dtype=np.int64) - first[at]]
        judge_once = g.judge_once
        for i, j in zip(mem[i_pos].tolist(), mem[q_pos[at]].tolist(), strict=True):
            judge_once(i, j)
        return
    g.capped["other"] += total
    by_lo = np.argsort(blk * width + rank_lo, kind="stable")
    _extremes_only(g, pairs, blocks, number, mem, by_hi, by_lo, off, sizes)


def _extremes_only(g: _Group, pairs: list[tuple[list[int], list[int] | None]], blocks: list[list[int]],
                   number: dict[int, int], mem: np.ndarray, by_hi: np.ndarray, by_lo: np.ndarray,
                   off: np.ndarray, sizes: np.ndarray) -> None:
    """Over the budget: each claim against the EXTREMES most distant figures of its same-time blocks.

    As ``_same_time_lists`` does it: per block the EXTREMES lowest high bounds and highest low bounds
    (``_Sorted.lowest``, ``_Sorted.highest``), merged over the blocks paired with it.
    """
    lo_a, hi_a, rank_a = g.t.lo_a, g.t.hi_a, g.t.rank_a
    nb = len(blocks)
    ar = np.arange(EXTREMES)
    # per block the EXTREMES first by high bound and the EXTREMES last by low bound (-1: none)
    at = off[:, None] + ar
    has = ar < sizes[:, None]
    lowest = np.where(has, mem[by_hi[np.where(has, at, 0)]], -1)
    at = (off + sizes - EXTREMES)[:, None] + ar
    has = at >= off[:, None]
    highest = np.where(has, mem[by_lo[np.where(has, at, 0)]], -1)
    # the blocks paired with each block (itself for a pair of one block with itself), in pair order
    near_n: list[int] = []
    near_o: list[int] = []
    seen: dict[int, None] = {}  # blocks in the order they first appear in pairs
    for a, b in pairs:
        na = number[id(a)]
        seen[na] = None
        if b is None:
            near_n.append(na)
            near_o.append(na)
        else:
            nb_ = number[id(b)]
            seen[nb_] = None
            near_n += (na, nb_)
            near_o += (nb_, na)
    edge_n, edge_o = np.array(near_n, dtype=np.int64), np.array(near_o, dtype=np.int64)
    # each block's EXTREMES lowest high bounds and highest low bounds over the blocks paired with it:
    # the first EXTREMES of (bound, rank, claim) sorted, as sorting those tuples does
    cand = np.full((nb, 2 * EXTREMES), -1, dtype=np.int64)  # claims: lows, then highs
    for side, ends, bound in ((0, lowest, hi_a), (EXTREMES, highest, None)):
        c = ends[edge_o].ravel()
        n = np.repeat(edge_n, EXTREMES)
        keep = c >= 0
        c, n = c[keep], n[keep]
        key = bound[c] if bound is not None else -lo_a[c]
        s = np.lexsort((c, rank_a[c], key, n))
        c, n = c[s], n[s]
        start = np.flatnonzero(np.r_[True, n[1:] != n[:-1]])
        pos = np.arange(len(n)) - np.repeat(start, np.diff(np.r_[start, len(n)]))
        top = pos < EXTREMES
        cand[n[top], side + pos[top]] = c[top]
    order = list(seen)
    chain = itertools.chain.from_iterable
    # every claim j of those blocks against its block's candidates: the ones wholly below or above j,
    # most distant first, then by id (as sorting (gap, rank, claim) lists with key (-gap, rank) does)
    js = np.fromiter(chain(blocks[n] for n in order), dtype=np.int64,
                     count=sum(len(blocks[n]) for n in order))
    jb = np.repeat(np.array(order, dtype=np.int64), [len(blocks[n]) for n in order])
    c = cand[jb]
    has = c >= 0
    ci = np.where(has, c, 0)
    lo_j, hi_j = g.t.lo_a[js][:, None], g.t.hi_a[js][:, None]
    lo_c, hi_c = g.t.lo_a[ci], g.t.hi_a[ci]
    low_side = np.arange(2 * EXTREMES) < EXTREMES
    with np.errstate(invalid="ignore"):
        gap = np.where(low_side, lo_j - hi_c, lo_c - hi_j)
        ok = has & np.where(low_side, hi_c < lo_j, lo_c > hi_j)
    col = np.broadcast_to(np.arange(2 * EXTREMES), c.shape)
    pick = np.lexsort((col, g.t.rank_a[ci], -np.where(ok, gap, 0.0), ~ok), axis=-1)[:, :EXTREMES]
    picked = np.take_along_axis(c, pick, axis=1).tolist()
    counts = np.minimum(ok.sum(axis=1), EXTREMES).tolist()
    judge_once = g.judge_once
    for j, row, k in zip(js.tolist(), picked, counts, strict=True):
        for i in row[:k]:  # until one verdict
            if judge_once(i, j) is not None:
                break


def _same_time_lists(g: _Group, pairs: list[tuple[list[int], list[int] | None]]) -> None:
    """``_same_time`` with Python lists and bisect (any bounds, NaN included).

    Sorted by low bound and by high bound, the partners entirely below a claim are a prefix of the
    high-sorted list. When the group's budget cannot take them all, each claim is judged against
    the EXTREMES lowest and highest figures of all its same-time blocks that it disagrees with.
    """
    ilo, ihi = g.t.lo, g.t.hi
    done: dict[int, _Sorted] = {}

    def sides(block: list[int]) -> _Sorted:
        s = done.get(id(block))
        if s is None:
            s = done[id(block)] = _Sorted(block, ilo, ihi, g.rank)
        return s

    total = 0
    for a, b in pairs:
        if b is None:
            if len(a) > 1:
                sa = sides(a)
                total += sa.count_below(sa.los)
        elif len(a) == 1 and len(b) == 1:  # most pairs of blocks in a large group
            ia, ib = a[0], b[0]
            total += (ihi[ia] < ilo[ib]) + (ihi[ib] < ilo[ia])
        else:
            sa, sb = sides(a), sides(b)
            total += sa.count_below(sb.los) + sb.count_below(sa.los)
    if total <= g.room:
        g.room -= total
        for a, b in pairs:
            for below, above in [(a, a)] if b is None else [(a, b), (b, a)]:
                s = sides(below)
                for j in above:
                    for i in s.by_hi[: bisect.bisect_left(s.his, ilo[j])]:
                        g.judge_pair(i, j)
        return
    g.capped["other"] += total
    partners: dict[int, list[list[int]]] = defaultdict(list)
    blocks: dict[int, list[int]] = {}
    for a, b in pairs:
        partners[id(a)].append(a if b is None else b)
        blocks[id(a)] = a
        if b is not None:
            partners[id(b)].append(a)
            blocks[id(b)] = b
    rank = g.rank
    for key, block in blocks.items():
        near = partners[key]
        chain = itertools.chain.from_iterable
        lows = [t[2] for t in sorted(chain(sides(o).lowest for o in near))[:EXTREMES]]
        highs = [t[2] for t in sorted(chain(sides(o).highest for o in near))[:EXTREMES]]
        for j in block:  # the most distant figures entirely below or above j, until one verdict
            lo, hi = ilo[j], ihi[j]
            apart = [(lo - ihi[i], rank[i], i) for i in lows if ihi[i] < lo]
            apart += [(ilo[i] - hi, rank[i], i) for i in highs if ilo[i] > hi]
            for _, _, i in sorted(apart, key=lambda t: (-t[0], t[1]))[:EXTREMES]:
                if g.judge_pair(i, j) is not None:
                    break


_PERIOD_KEY = ("period", None, None, None, None)


def _time_key(r: Any) -> tuple[Any, ...]:
    """Claims with the same key are alike in time against any claim (``time_order`` reads no more).

    ``time_order`` tells date sources apart only as period, explicit, year (when undated) and the
    rest, so published, as-of, weekday and window figures of the same dates share a block.
    """
    ds = r["date_source"]
    if ds == "period":
        return _PERIOD_KEY
    cls = ds if ds in ("explicit", "year") else ""
    return (cls, r["date_from"], r["date_to"], r["date"], r.get("time_of_day"))


def _span(r: Any) -> tuple[str, str] | None:
    """The first and last day a claim can refer to, as sortable strings; a part of the day follows
    its day ("2024-08-11 1" is Sunday morning) and a claim without one spans the whole day
    ("2024-08-11 0" to "2024-08-11 9"), so Sunday morning ends before Sunday evening starts while
    a figure of all Sunday overlaps both."""
    lo, hi = r["date_from"] or r["date"], r["date_to"] or r["date"]
    if not (lo and hi):
        return None
    rank = DAYPART_RANK.get(r.get("time_of_day") or "")
    return (f"{lo} {rank}", f"{hi} {rank}") if rank else (f"{lo} 0", f"{hi} 9")


def _pairs_fast(g: _Group, timing: str) -> None:
    """The verdict pairs of one group (uniform timing) without judging every pair."""
    cols = g.t.cols
    if timing == "fixed":
        _same_time(g, [(g.members, None)])  # fixed facts: every pair speaks of the same thing
        return
    # Time blocks: claims with the same date fields are alike in time against any other claim.
    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    dsc, dfc, dtc, dc = cols["date_source"], cols["date_from"], cols["date_to"], cols["date"]
    tod = cols.get("time_of_day") or [None] * len(dc)
    for i in g.members:  # _time_key of each member
        ds = dsc[i]
        if ds == "period":
            blocks[_PERIOD_KEY].append(i)
        else:
            blocks[(ds if ds in ("explicit", "year") else "", dfc[i], dtc[i], dc[i], tod[i])].append(i)
    keys = sorted(blocks, key=lambda k: tuple("" if x is None else str(x) for x in k))
    rep = {k: g.t.row(blocks[k][0]) for k in keys}
    event = timing == "event"
    # Pairs of blocks that could be of the same time: periods with anything, spans that overlap,
    # undated "year" figures with each other. time_order() decides each candidate.
    spans = {k: _span(rep[k]) for k in keys}
    spanned = sorted((k for k in keys if spans[k]), key=lambda k: spans[k])  # type: ignore[arg-type,return-value]
    candidates: set[tuple[int, int]] = set()
    index = {k: n for n, k in enumerate(keys)}
    for k in keys:
        if rep[k]["date_source"] == "period":
            candidates.update((min(index[k], index[o]), max(index[k], index[o])) for o in keys)
    years = [index[k] for k in keys if rep[k]["date_source"] == "year" and not spans[k]]
    candidates.update((a, b) for a in years for b in years if a <= b)
    for n, k in enumerate(spanned):
        hi = spans[k][1]  # type: ignore[index]
        for o in spanned[n:]:
            if spans[o][0] > hi:  # type: ignore[index]
                break
            candidates.add((min(index[k], index[o]), max(index[k], index[o])))
    same = []
    for a, b in sorted(candidates):
        ka, kb = keys[a], keys[b]
        order = g.t.time_memo.get((ka, kb, event), False)
        if order is False:  # blocks of the same dates recur in every group
            order = g.t.time_memo[(ka, kb, event)] = g.t.judge.time_order(blocks[ka][0], blocks[kb][0], event)
        if order == 0:
            same.append((blocks[ka], None if a == b else blocks[kb]))
    _same_time(g, same)
    if event:
        return  # event-bound figures are only compared on their own day
    # Figures of different times: only non-explicit spans can be ordered.
    timed = [k for k in spanned if rep[k]["date_source"] not in ("explicit", "period")]
    if len(timed) < 2:
        return
    if timing == "cumulative":
        _falling_pairs(g, timed, blocks, spans)
    _update_pairs(g, timed, blocks)


def _falling_pairs(g: _Group, timed: list[tuple[Any, ...]], blocks: dict[tuple[Any, ...], list[int]],
                   spans: dict[tuple[Any, ...], Any]) -> None:
    """Judge the (earlier, later) pairs of a running total where the later figure lies wholly below.

    Counted first; over the group's budget each later figure is judged against the EXTREMES
    highest earlier figures above it only.
    """
    ilo, ihi = g.t.lo, g.t.hi
    by_end = sorted(timed, key=lambda k: spans[k][1])

    def sweep() -> Iterator[tuple[int, list[float], list[int], int]]:
        """(later figure, low bounds and claims of the blocks that ended before, first one above it)."""
        los: list[float] = []  # low bounds of the figures of blocks that ended before, sorted
        ids: list[int] = []
        e = 0
        for k in timed:  # sorted by span start
            start = spans[k][0]
            while e < len(by_end) and spans[by_end[e]][1] < start:
                for i in blocks[by_end[e]]:
                    pos = bisect.bisect_right(los, ilo[i])
                    los.insert(pos, ilo[i])
                    ids.insert(pos, i)
                e += 1
            for j in blocks[k]:
                yield j, los, ids, bisect.bisect_right(los, ihi[j])

    total = sum(len(los) - k0 for _, los, _, k0 in sweep())
    if total <= g.room:
        g.room -= total
        judge_once = g.judge_once
        for j, _, ids, k0 in sweep():
            for i in ids[k0:]:
                judge_once(i, j)
        return
    g.capped["other"] += total
    for j, _, ids, k0 in sweep():
        for i in reversed(ids[max(k0, len(ids) - EXTREMES):]):
            if g.judge_pair(i, j) is not None:
                break


def _changed(a: float, b: float) -> bool:
    """Whether two central values differ by more than CHANGE_REL (as ``judge`` measures it)."""
    return abs(a - b) / (max(abs(a), abs(b)) or 1.0) > CHANGE_REL


def _update_pairs(g: _Group, timed: list[tuple[Any, ...]], blocks: dict[tuple[Any, ...], list[int]]) -> None:
    """Judge the pairs of neighbouring revision days.

    A day takes part when one of its figures is an update of a figure on another day (searched
    nearest days first, at most UPDATE_SCAN partners per figure); then only figures of consecutive
    such days are paired, which is all ``consecutive_updates`` keeps.
    """
    ival, rank, day = g.t.value, g.rank, g.t.day
    by_day: dict[str, list[int]] = defaultdict(list)
    for k in timed:
        for i in blocks[k]:
            by_day[day[i]].append(i)
    days = sorted(by_day)
    for d in days:  # extremes first: a revision is likeliest between the most different figures
        by_day[d].sort(key=lambda i: (ival[i], rank[i]))
    # the smallest and largest figure of all other days: a figure within CHANGE_REL of both is
    # within CHANGE_REL of every figure between them (the relative gap grows away from a figure)
    lows = [ival[by_day[d][0]] for d in days]
    highs = [ival[by_day[d][-1]] for d in days]
    inf = float("inf")
    pre_lo, pre_hi = [inf, *itertools.accumulate(lows, min)], [-inf, *itertools.accumulate(highs, max)]
    suf_lo = [*reversed([*itertools.accumulate(reversed(lows), min)]), inf]
    suf_hi = [*reversed([*itertools.accumulate(reversed(highs), max)]), -inf]
    outs = [[(i, ival[i]) for i in _outward(by_day[d])] for d in days]
    ends = [(ival[by_day[d][0]], ival[by_day[d][-1]]) for d in days]
    for n in range(len(days)):
        other = (min(pre_lo[n], suf_lo[n + 1]), max(pre_hi[n], suf_hi[n + 1]))
        _takes_part(g, n, outs, ends, other)
    # the days of every update found (a search from one day may find another day's revision)
    ups = g.found["update"]
    active = sorted({day[i] for i, _ in ups} | {day[j] for _, j in ups})
    following = _following(active)
    steps = [(d1, d2) for d1 in active for d2 in sorted(following[d1])]
    total = sum(len(by_day[d1]) * len(by_day[d2]) for d1, d2 in steps)
    if total <= g.room:
        g.room -= total
        judge_once = g.judge_once
        for d1, d2 in steps:
            for i in by_day[d1]:
                for j in by_day[d2]:
                    judge_once(i, j)
        return
    g.capped["update"] += total
    # each figure of a day against the most different figures of the day before (the first day's
    # against the next day's), until one update
    links = [(by_day[steps[0][0]], by_day[steps[0][1]])] + [(by_day[d2], by_day[d1]) for d1, d2 in steps]
    for side, other_day in links:
        ends = _ends(other_day)
        for i in side:
            vi = ival[i]
            for j in sorted(ends, key=lambda j: (-abs(ival[j] - vi), rank[j]))[:EXTREMES]:
                v = g.judge_pair(i, j)
                if v is not None and v.kind == "update":
                    break


def _ends(members: list[int]) -> list[int]:
    return members if len(members) <= 2 * EXTREMES else members[:EXTREMES] + members[-EXTREMES:]


def _outward(members: list[int]) -> Iterator[int]:
    """Members from both ends inwards (they are sorted by value)."""
    lo, hi = 0, len(members) - 1
    while lo <= hi:
        yield members[lo]
        if hi != lo:
            yield members[hi]
        lo, hi = lo + 1, hi - 1


def _nearest(n: int, count: int) -> Iterator[int]:
    """0..count-1 without n, nearest to n first (the earlier of two as near)."""
    for step in range(1, max(n, count - 1 - n) + 1):
        if n - step >= 0:
            yield n - step
        if n + step < count:
            yield n + step


def _takes_part(g: _Group, n: int, outs: list[list[tuple[int, float]]], ends: list[tuple[float, float]],
                other: tuple[float, float]) -> bool:
    """Whether a figure of day ``n`` is an update of a figure of another day (UPDATE_SCAN tries).

    Figures within CHANGE_REL of each other are never an update and are skipped without judging
    (``_changed``, written out here); ``outs[m]`` are day ``m``'s (figure, value) from both ends
    inwards (``_outward``), ``ends[m]`` its smallest and largest value, ``other`` the smallest and
    largest figure of the other days.
    """
    tried = 0
    budget = UPDATE_SCAN + UPDATE_SCAN_PER_CLAIM * len(outs[n])
    judge_pair = g.judge_pair
    o0, o1 = other
    for x, vx in outs[n]:
        ax = abs(vx)
        if not (abs(vx - o0) / (max(ax, abs(o0)) or 1.0) > CHANGE_REL
                or abs(vx - o1) / (max(ax, abs(o1)) or 1.0) > CHANGE_REL):
            continue
        for m in _nearest(n, len(outs)):
            e0, e1 = ends[m]
            if not (abs(vx - e0) / (max(ax, abs(e0)) or 1.0) > CHANGE_REL
                    or abs(vx - e1) / (max(ax, abs(e1)) or 1.0) > CHANGE_REL):
                continue
            for y, vy in outs[m]:
                if not abs(vx - vy) / (max(ax, abs(vy)) or 1.0) > CHANGE_REL:
                    continue
                v = judge_pair(x, y)
                if v is not None and v.kind == "update":
                    return True
                tried += 1
                if tried >= budget:
                    return False
    return False


def _group_pairs(g: _Group) -> None:
    ok, timing = g.t.judge.ok, g.t.judge.timing
    asserting = [i for i in g.members if ok[i]]
    timings = {timing[i] for i in asserting}
    if len(asserting) <= SMALL_GROUP or len(timings) > 1:
        _pairs_brute(g)  # small, or one metric name under rules of different timing (rare)
        return
    g.members = asserting  # judge() refuses the others whatever their partner
    g.room = _budget(len(asserting))
    _pairs_fast(g, timings.pop())


_GC_LOCK = threading.Lock()
_GC_PAUSES = [0, False]  # comparisons running, whether the collector was enabled before the first


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while comparing (restored when the last comparison ends).

    Comparing allocates millions of small objects (verdicts, pair keys) next to a large claims table;
    each full collection walks all of it, which made 1M claims cost about 30% more than linear. The
    comparator makes no reference cycles, so nothing waits for the collector; reference counting
    frees everything as before. Counted, so that comparisons in several threads restore the state once.
    """
    with _GC_LOCK:
        if _GC_PAUSES[0] == 0:
            _GC_PAUSES[1] = gc.isenabled()
            gc.disable()
        _GC_PAUSES[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSES[0] -= 1
            if _GC_PAUSES[0] == 0 and _GC_PAUSES[1]:
                gc.enable()


def discrepancy_rows(claims: pd.DataFrame, *, validated: bool = False) -> list[dict[str, Any]]:
    """The discrepancies of ``claims`` as rows (not yet sorted); blocks of different metrics are independent.

    ``find_discrepancies`` is this plus ``finish_discrepancies``; the Dask engine runs this per metric block.
    """
    with _gc_paused():
        return _discrepancy_rows(claims, validated)


def _discrepancy_rows(claims: pd.DataFrame, validated: bool) -> list[dict[str, Any]]:
    if not validated:
        claims = validate_claims(claims)
    if claims.empty:
        return []
    cols = _columns(claims, TABLE_COLUMNS)
    ivs = table_intervals(claims)
    keys = _group_keys(cols["metric"], cols["subject"], ivs.unit)
    rank = _id_rank(cols["id"])
    found: list[tuple[dict[str, Any], tuple[int, int, int | None, int]]] = []
    members_of = _group_members(claims, cols, keys, ivs, rank)
    t = _Table(cols, ivs, rank)
    for members in members_of:
        g = _Group(members, t)
        _group_pairs(g)
        found.extend(_group_rows(g))
    return _explain_rows(claims, found)


def _group_rows(g: _Group) -> Iterator[tuple[dict[str, Any], tuple[int, int, int | None, int]]]:
    """The group's discrepancy rows without explain()'s text, and what it needs: claims, days, count."""
    t, rank = g.t, g.rank
    cid, sev = t.judge.id, t.sev
    found = {kind: [(i, j, v) for (i, j), v in pairs.items()] for kind, pairs in g.found.items()}
    if found.get("update"):
        found["update"] = _consecutive(found["update"], t.day)
    for kind, pairs in found.items():
        if not pairs:
            continue
        # most severe first, then by the ids' order (a total order: no two pairs tie)
        if len(pairs) <= 64:
            scored = sorted((-pair_severity(kind, v.rel_gap, sev[i], sev[j]), rank[i], rank[j], i, j, v)
                            for i, j, v in pairs)
            first, second = [s[3] for s in scored], [s[4] for s in scored]
            top_sev, tv = -scored[0][0], scored[0][5]
        else:
            n = len(pairs)
            at_i = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=n)
            at_j = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=n)
            rel = np.fromiter((p[2].rel_gap for p in pairs), dtype=float, count=n)
            sevs = pair_severities(kind, rel, t.sev_a[at_i], t.sev_a[at_j])
            order = np.lexsort((t.rank_a[at_j], t.rank_a[at_i], -np.array(sevs)))
            first, second = at_i[order].tolist(), at_j[order].tolist()
            top_sev, tv = sevs[int(order[0])], pairs[int(order[0])][2]
        ti, tj = first[0], second[0]
        ids = sorted({cid[i] for i in first} | {cid[j] for j in second})
        capped = g.capped["update" if kind == "update" else "other"]
        total = max(len(pairs), capped)
        more = ""
        if total > MAX_LISTED_PAIRS or capped:
            more = (f" {total:,} pairs of figures disagree; the {min(len(pairs), MAX_LISTED_PAIRS):,} most "
                    "severe are listed.")
        subject, metric = t.judge.subject[ti], t.judge.metric[ti]
        row = {
            "id": _disc_id(kind, ids),
            "subject": subject or "",
            "metric": metric,
            "kind": kind,
            "severity": top_sev,
            "claims": ids,
            "conflicts": [[cid[i], cid[j]] for i, j in zip(first[:MAX_LISTED_PAIRS], second, strict=False)],
            "explanation": more,  # explain()'s text goes before this (_explain_rows)
        }
        yield row, (ti, tj, tv.days, len(ids))


def _explain_rows(claims: pd.DataFrame, found: list[tuple[dict[str, Any], tuple[int, int, int | None, int]]]
                  ) -> list[dict[str, Any]]:
    """Put ``explain``'s text into each discrepancy row, reading only the claims the texts name.

    The columns ``explain`` reads of two claims per discrepancy are taken from those claims alone,
    so the comparator does not hold them (values, sources, publication dates) for the whole table.
    """
    need = sorted({k for _, (ti, tj, _, _) in found for k in (ti, tj)})
    cols = _columns(claims.iloc[need], COMPARE_COLUMNS)
    at = {k: n for n, k in enumerate(need)}
    for row, (ti, tj, days, n_ids) in found:
        head, other = Row(cols, at[ti]), Row(cols, at[tj])
        text = explain(row["kind"], head["metric"], head["subject"] or "", head, other, days, n_ids)  # type: ignore[arg-type]
        row["explanation"] = text + row["explanation"]
    return [row for row, _ in found]


_KIND_ORDER = {"conflict": 0, "disputed": 1, "update": 2}


def finish_discrepancies(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Discrepancy rows (from any number of metric blocks) as the validated table, most severe first."""
    rows = sorted(rows, key=lambda r: (_KIND_ORDER[r["kind"]], -r["severity"], r["id"]))
    if not rows:
        return empty_frame(DISCREPANCY_COLUMNS)
    return validate_discrepancies(pd.DataFrame(rows, columns=list(DISCREPANCY_COLUMNS)))


def metric_blocks(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """``claims`` split by metric (each block keeps the claims' order); blocks are compared independently."""
    if claims.empty:
        return []
    return [block for _, block in claims.groupby("metric", sort=True, dropna=False)]


def find_discrepancies(claims: pd.DataFrame) -> pd.DataFrame:
    """Discrepancies among ``claims`` (validated CLAIM_COLUMNS), most severe first."""
    return finish_discrepancies(discrepancy_rows(claims))


__all__ = [
    "COMPARE_COLUMNS", "MAX_LISTED_PAIRS", "PAIR_BUDGET", "Intervals", "Row", "consecutive_updates",
    "discrepancy_rows", "find_discrepancies", "finish_discrepancies", "first_mentions", "group_claims",
    "interval_of", "metric_blocks", "table_intervals",
]
