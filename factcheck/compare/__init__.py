"""Compare stage: group claims that speak of the same thing and judge where they disagree.

Claims are blocked by metric and base unit, then grouped by subject (rapidfuzz merges near-identical
subject strings). Inside a group only the pairs that can produce a verdict are judged
(``judge.judge`` decides each one), so the cost grows about linearly with the number of claims:

* pairs that speak of the same time (or of a fixed fact) disagree only when their intervals do not
  overlap: within each time block the intervals are swept in order of their bounds and only the
  non-overlapping pairs are judged;
* a running total that falls between two times is found by the same sweep, earlier against later;
* updates only link consecutive days that carry a revision (``consecutive_updates``), so only pairs
  of neighbouring update days are judged.

Small groups (``SMALL_GROUP`` claims or fewer) are judged pair by pair; the sweep gives the same
pairs. When one time block holds more than ``PAIR_BUDGET`` disagreeing pairs (a quadratic number,
say two camps of 10,000 figures each), each claim is judged against the most extreme figures of the
other side only, and a discrepancy lists its ``MAX_LISTED_PAIRS`` most severe pairs with a count.
The pairs that disagree become discrepancies, one per group and kind, sorted by severity.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from factcheck.compare.explain import explain, severity
from factcheck.compare.intervals import Interval, claim_interval
from factcheck.compare.judge import Verdict, judge, time_order
from factcheck.schema import DISCREPANCY_COLUMNS, empty_frame, validate_claims, validate_discrepancies

SUBJECT_SIMILARITY = 90
#: groups this small are judged pair by pair (the sweep finds the same pairs; this is just simpler)
SMALL_GROUP = 8
#: disagreeing pairs a time block may produce (PAIR_BUDGET + PAIRS_PER_CLAIM per claim) before each
#: claim is paired with the extreme figures only: the cost stays linear when a block splits in two camps
PAIR_BUDGET = 2_000
PAIRS_PER_CLAIM = 8
#: most pairs a discrepancy lists (the most severe); the explanation gives the total
MAX_LISTED_PAIRS = 1_000
#: pairs tried per day (UPDATE_SCAN + UPDATE_SCAN_PER_CLAIM per figure of the day, nearest days first)
#: when looking for a revision on another day
UPDATE_SCAN = 200
UPDATE_SCAN_PER_CLAIM = 8
#: extreme figures each claim is paired with when a block is over PAIR_BUDGET
EXTREMES = 3

#: the columns the comparator reads (judge, severity, explain and the discrepancy rows)
COMPARE_COLUMNS = (
    "id", "article_id", "source", "outlet", "published", "published_window", "subject", "metric", "rule",
    "timing", "match_context", "value", "low", "high", "unit", "qualifier", "precision", "date",
    "date_source", "date_from", "date_to", "surface", "context", "attribution", "stance", "start",
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


def _records(claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values."""
    obj = claims.astype(object)
    return obj.where(obj.notna(), None).to_dict("records")


@lru_cache(maxsize=1 << 16)
def _interval(value: Any, low: Any, high: Any, unit: str, qualifier: str, precision: Any,
              surface: str) -> Interval | None:
    return claim_interval(value, low, high, unit, qualifier, precision, surface)


def interval_of(c: Any) -> Interval | None:
    """The claim's interval in base units (see ``intervals``); ``c`` is a row (dict or ``Row``)."""
    return _interval(c["value"], c["low"], c["high"], c["unit"] or "", c["qualifier"] or "exact",
                     c["precision"], c["surface"] or "")


def _intervals(cols: dict[str, list[Any]]) -> list[Interval | None]:
    cols_needed = ("value", "low", "high", "unit", "qualifier", "precision", "surface")
    value, low, high, unit, qual, prec, surf = (cols[c] for c in cols_needed)
    return [_interval(value[i], low[i], high[i], unit[i] or "", qual[i] or "exact", prec[i], surf[i] or "")
            for i in range(len(value))]


def _subject_key(subject: str, seen: list[str]) -> str:
    """Map a subject to the first already-seen near-identical one (rapidfuzz), or to itself."""
    if not subject:
        return ""
    hit = next(process.extract_iter(subject, seen, scorer=fuzz.token_set_ratio,
                                    score_cutoff=SUBJECT_SIMILARITY), None)
    if hit is not None:
        return hit[0]
    seen.append(subject)
    return subject


def _group_keys(metrics: Sequence[Any], subjects: Sequence[Any],
                intervals: Sequence[Interval | None]) -> list[str]:
    """metric | base unit | subject per claim.

    A subject string is matched once per block: the same string always maps to the same key (the
    list of seen subjects only grows at its end), so repeats are a dict lookup and rapidfuzz only
    runs over the distinct subject strings of the block.
    """
    keys: list[str] = []
    seen_by_block: dict[str, list[str]] = defaultdict(list)
    memo: dict[tuple[str, str], str] = {}
    for metric, subj, iv in zip(metrics, subjects, intervals, strict=True):
        block = f"{metric}|{iv.unit if iv else '?'}"
        subject = subj or ""
        key = memo.get((block, subject))
        if key is None:
            key = memo[(block, subject)] = _subject_key(subject, seen_by_block[block])
        keys.append(f"{block}|{key}")
    return keys


def group_claims(claims: pd.DataFrame) -> pd.Series:
    """A group key per claim: metric | base unit | subject. Claims with the same key are compared."""
    cols = _columns(claims, ("metric", "subject", "value", "low", "high", "unit", "qualifier", "precision",
                             "surface"))
    keys = _group_keys(cols["metric"], cols["subject"], _intervals(cols))
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


def _day(r: Any) -> str:
    return r["date_from"] or r["date"] or ""


def consecutive_updates(pairs: list[tuple[int, int, Verdict]], recs: Sequence[Any]
                        ) -> list[tuple[int, int, Verdict]]:
    """Keep each update pair only when no figure of the group lies strictly between its two dates.

    A toll reported on days 1, 2 and 4 is two revisions (1->2, 2->4), not three.
    """
    days = sorted({_day(recs[i]) for i, _, _ in pairs} | {_day(recs[j]) for _, j, _ in pairs})
    kept = []
    for i, j, v in pairs:
        a, b = _day(recs[i]), _day(recs[j])
        k = bisect.bisect_right(days, a)
        if k == len(days) or not days[k] < b:  # no day strictly between a and b
            kept.append((i, j, v))
    return kept


def _disc_id(kind: str, claim_ids: list[str]) -> str:
    return "d" + hashlib.sha1((kind + "|" + "|".join(sorted(claim_ids))).encode()).hexdigest()[:10]


# --- pair finding -----------------------------------------------------------------------------------


class _Group:
    """The members of one group with what the pair finder needs: rows, intervals, ids."""

    def __init__(self, members: list[int], rows: Sequence[Any], intervals: Sequence[Interval | None]) -> None:
        self.rows = rows
        self.iv = intervals
        self.members = members
        self.found: dict[str, dict[tuple[int, int], Verdict]] = defaultdict(dict)
        self.capped: dict[str, int] = defaultdict(int)  # pairs counted, not all judged, over the budget

    def judge_pair(self, x: int, y: int) -> Verdict | None:
        """Judge x and y as the pair-by-pair loop would (the smaller id first) and record the verdict."""
        if self.rows[y]["id"] < self.rows[x]["id"]:
            x, y = y, x
        v = judge(self.rows[x], self.rows[y], self.iv[x], self.iv[y])  # type: ignore[arg-type]
        if v is not None:
            if v.kind == "update" and v.earlier == self.rows[y]["id"]:
                x, y = y, x
            self.found[v.kind][(x, y)] = v
        return v


def _pairs_brute(g: _Group) -> None:
    members = sorted(g.members, key=lambda i: g.rows[i]["id"])
    for i, j in _pairs(members):
        g.judge_pair(i, j)


def _disjoint_pairs(g: _Group, left: list[int], right: list[int] | None) -> None:
    """Judge the pairs (one of ``left``, one of ``right``; or two of ``left``) whose intervals are apart.

    Sorted by low bound and by high bound, the partners entirely below a claim are a prefix of the
    high-sorted list; that is all a sweep needs. Over PAIR_BUDGET such pairs, each claim is judged
    against the EXTREMES lowest and highest figures of the other side instead.
    """
    iv = g.iv
    sides = [(left, left)] if right is None else [(left, right), (right, left)]
    count = 0
    plan: list[tuple[list[int], list[float], list[int]]] = []
    for below_side, above_side in sides:
        by_hi = sorted(below_side, key=lambda i: iv[i].hi)  # type: ignore[union-attr]
        his = [iv[i].hi for i in by_hi]  # type: ignore[union-attr]
        plan.append((by_hi, his, above_side))
        count += sum(bisect.bisect_left(his, iv[j].lo) for j in above_side)  # type: ignore[union-attr]
    if count <= _budget(len(left) + (len(right) if right else 0)):
        for by_hi, his, above_side in plan:
            for j in above_side:
                for i in by_hi[: bisect.bisect_left(his, iv[j].lo)]:  # type: ignore[union-attr]
                    g.judge_pair(i, j)
        return
    g.capped["other"] += count
    for by_hi, his, above_side in plan:
        by_lo = sorted(above_side, key=lambda i: iv[i].lo)  # type: ignore[union-attr]
        for j in above_side:  # each figure against the lowest figures entirely below it
            for i in by_hi[: min(EXTREMES, bisect.bisect_left(his, iv[j].lo))]:  # type: ignore[union-attr]
                g.judge_pair(i, j)
        los = [iv[j].lo for j in by_lo]  # type: ignore[union-attr]
        for i in by_hi:  # and against the highest figures entirely above it
            k = bisect.bisect_right(los, iv[i].hi)  # type: ignore[union-attr]
            for j in by_lo[max(k, len(by_lo) - EXTREMES):]:
                g.judge_pair(i, j)


def _budget(n_claims: int) -> int:
    return PAIR_BUDGET + PAIRS_PER_CLAIM * n_claims


def _time_key(r: Any) -> tuple[Any, ...]:
    return (r["date_source"], r["date_from"], r["date_to"], r["date"])


def _span(r: Any) -> tuple[str, str] | None:
    lo, hi = r["date_from"] or r["date"], r["date_to"] or r["date"]
    return (lo, hi) if lo and hi else None


def _pairs_fast(g: _Group, timing: str) -> None:
    """The verdict pairs of one group (uniform timing) without judging every pair."""
    rows = g.rows
    if timing == "fixed":
        _disjoint_pairs(g, g.members, None)  # fixed facts: every pair speaks of the same thing
        return
    # Time blocks: claims with the same date fields are alike in time against any other claim.
    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i in g.members:
        blocks[_time_key(rows[i])].append(i)
    keys = sorted(blocks, key=lambda k: tuple("" if x is None else str(x) for x in k))
    rep = {k: rows[blocks[k][0]] for k in keys}
    event = timing == "event"
    # Pairs of blocks that could be of the same time: periods with anything, spans that overlap,
    # undated "year" figures with each other. time_order() decides each candidate.
    spanned = sorted((k for k in keys if _span(rep[k])), key=lambda k: _span(rep[k]))  # type: ignore[arg-type,return-value]
    candidates: set[tuple[int, int]] = set()
    index = {k: n for n, k in enumerate(keys)}
    for k in keys:
        if rep[k]["date_source"] == "period":
            candidates.update((min(index[k], index[o]), max(index[k], index[o])) for o in keys)
    years = [index[k] for k in keys if rep[k]["date_source"] == "year" and not _span(rep[k])]
    candidates.update((a, b) for a in years for b in years if a <= b)
    for n, k in enumerate(spanned):
        hi = _span(rep[k])[1]  # type: ignore[index]
        for o in spanned[n:]:
            if _span(rep[o])[0] > hi:  # type: ignore[index]
                break
            candidates.add((min(index[k], index[o]), max(index[k], index[o])))
    for a, b in sorted(candidates):
        ka, kb = keys[a], keys[b]
        if time_order(rep[ka], rep[kb], event_specific=event) == 0:
            _disjoint_pairs(g, blocks[ka], None if a == b else blocks[kb])
    if event:
        return  # event-bound figures are only compared on their own day
    # Figures of different times: only non-explicit spans can be ordered.
    timed = [k for k in spanned if rep[k]["date_source"] not in ("explicit", "period")]
    if len(timed) < 2:
        return
    if timing == "cumulative":
        _falling_pairs(g, timed, blocks, rep)
    _update_pairs(g, timed, blocks)


def _falling_pairs(g: _Group, timed: list[tuple[Any, ...]], blocks: dict[tuple[Any, ...], list[int]],
                   rep: dict[tuple[Any, ...], Any]) -> None:
    """Judge the (earlier, later) pairs of a running total where the later figure lies wholly below."""
    iv = g.iv
    by_end = sorted(timed, key=lambda k: _span(rep[k])[1])  # type: ignore[index]
    earlier: list[tuple[float, int]] = []  # (interval low bound, claim) of blocks that ended before
    e = 0
    room = _budget(sum(len(blocks[k]) for k in timed))
    for k in timed:  # sorted by span start
        start = _span(rep[k])[0]  # type: ignore[index]
        while e < len(by_end) and _span(rep[by_end[e]])[1] < start:  # type: ignore[index]
            for i in blocks[by_end[e]]:
                bisect.insort(earlier, (iv[i].lo, i))  # type: ignore[union-attr]
            e += 1
        for j in blocks[k]:
            k0 = bisect.bisect_right(earlier, (iv[j].hi, float("inf")))  # type: ignore[union-attr]
            above = earlier[k0:]
            if len(above) > room:
                g.capped["other"] += len(above)
                above = above[-EXTREMES:]
            room -= len(above)
            for _lo, i in above:
                g.judge_pair(i, j)


def _update_pairs(g: _Group, timed: list[tuple[Any, ...]], blocks: dict[tuple[Any, ...], list[int]]) -> None:
    """Judge the pairs of neighbouring revision days.

    A day takes part when one of its figures is an update of a figure on another day (searched
    nearest days first, at most UPDATE_SCAN partners per figure); then only figures of consecutive
    such days are paired, which is all ``consecutive_updates`` keeps.
    """
    rows = g.rows
    by_day: dict[str, list[int]] = defaultdict(list)
    for k in timed:
        for i in blocks[k]:
            by_day[_day(rows[i])].append(i)
    days = sorted(by_day)
    for d in days:  # extremes first: a revision is likeliest between the most different figures
        by_day[d].sort(key=lambda i: (g.iv[i].value, rows[i]["id"]))  # type: ignore[union-attr]
    for n in range(len(days)):
        _takes_part(g, n, days, by_day)
    # the days of every update found (a search from one day may find another day's revision)
    ups = g.found["update"]
    active = sorted({_day(rows[i]) for i, _ in ups} | {_day(rows[j]) for _, j in ups})
    for d1, d2 in itertools.pairwise(active):
        a, b = by_day[d1], by_day[d2]
        if len(a) * len(b) > _budget(len(a) + len(b)):
            g.capped["update"] += len(a) * len(b)
            a_ext, b_ext = _ends(a), _ends(b)
            todo = {(i, j) for i in a for j in b_ext} | {(i, j) for i in a_ext for j in b}
        else:
            todo = {(i, j) for i in a for j in b}
        for i, j in sorted(todo):
            g.judge_pair(i, j)


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


def _takes_part(g: _Group, n: int, days: list[str], by_day: dict[str, list[int]]) -> bool:
    """Whether a figure of day ``days[n]`` is an update of a figure of another day (UPDATE_SCAN tries)."""
    order = sorted((m for m in range(len(days)) if m != n), key=lambda m: (abs(m - n), m))
    tried = 0
    budget = UPDATE_SCAN + UPDATE_SCAN_PER_CLAIM * len(by_day[days[n]])
    for x in _outward(by_day[days[n]]):
        for m in order:
            for y in _outward(by_day[days[m]]):
                v = g.judge_pair(x, y)
                if v is not None and v.kind == "update":
                    return True
                tried += 1
                if tried >= budget:
                    return False
    return False


def _group_pairs(g: _Group) -> None:
    rows = g.rows
    asserting = [i for i in g.members if rows[i]["stance"] in ("asserted", "hedged")]
    timings = {rows[i]["timing"] for i in asserting}
    if len(asserting) <= SMALL_GROUP or len(timings) > 1:
        _pairs_brute(g)  # small, or one metric name under rules of different timing (rare)
        return
    g.members = asserting  # judge() refuses the others whatever their partner
    _pairs_fast(g, timings.pop())


def discrepancy_rows(claims: pd.DataFrame, *, validated: bool = False) -> list[dict[str, Any]]:
    """The discrepancies of ``claims`` as rows (not yet sorted); blocks of different metrics are independent.

    ``find_discrepancies`` is this plus ``finish_discrepancies``; the Dask engine runs this per metric block.
    """
    if not validated:
        claims = validate_claims(claims)
    if claims.empty:
        return []
    cols = _columns(claims, COMPARE_COLUMNS)
    rows = [Row(cols, i) for i in range(len(claims))]
    intervals = _intervals(cols)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(_group_keys(cols["metric"], cols["subject"], intervals)):
        if intervals[i] is not None:
            groups[key].append(i)
    out: list[dict[str, Any]] = []
    for key in sorted(groups):
        members = first_mentions(groups[key], rows) if len(groups[key]) > 1 else []
        if len(members) < 2:
            continue
        g = _Group(members, rows, intervals)
        _group_pairs(g)
        out.extend(_group_rows(g))
    return out


def _group_rows(g: _Group) -> Iterator[dict[str, Any]]:
    recs = g.rows
    found = {kind: [(i, j, v) for (i, j), v in pairs.items()] for kind, pairs in g.found.items()}
    if found.get("update"):
        found["update"] = consecutive_updates(found["update"], recs)
    for kind, pairs in found.items():
        if not pairs:
            continue
        scored = [(severity(kind, v.rel_gap, recs[i], recs[j]), i, j, v) for i, j, v in pairs]
        scored.sort(key=lambda t: (-t[0], recs[t[1]]["id"], recs[t[2]]["id"]))
        top_sev, ti, tj, tv = scored[0]
        ids = sorted({recs[i]["id"] for _, i, j, _ in scored} | {recs[j]["id"] for _, i, j, _ in scored})
        head = recs[ti]
        text = explain(kind, head["metric"], head["subject"] or "", recs[ti], recs[tj], tv.days, len(ids))
        capped = g.capped["update" if kind == "update" else "other"]
        total = max(len(scored), capped)
        if total > MAX_LISTED_PAIRS or capped:
            text += (f" {total:,} pairs of figures disagree; the {min(len(scored), MAX_LISTED_PAIRS):,} most "
                     "severe are listed.")
        yield {
            "id": _disc_id(kind, ids),
            "subject": head["subject"] or "",
            "metric": head["metric"],
            "kind": kind,
            "severity": top_sev,
            "claims": ids,
            "conflicts": [[recs[i]["id"], recs[j]["id"]] for _, i, j, _ in scored[:MAX_LISTED_PAIRS]],
            "explanation": text,
        }


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
    "COMPARE_COLUMNS", "MAX_LISTED_PAIRS", "PAIR_BUDGET", "Row", "consecutive_updates", "discrepancy_rows",
    "find_discrepancies", "finish_discrepancies", "first_mentions", "group_claims", "interval_of",
    "metric_blocks",
]
