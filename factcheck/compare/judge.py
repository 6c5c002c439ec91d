"""Judge a pair of claims of the same metric and subject: agree, conflict, update or disputed.

Time decides first (see the README table): figures of a running count dated on different days are
an update when the later one is larger and a conflict when it is smaller; snapshot figures are
only compared on the same day; fixed facts are compared whatever their dates. Then values decide:
two figures disagree when their intervals (``intervals.claim_interval``) do not overlap. Parties
decide the kind: figures from two different named parties that disagree are "disputed".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from factcheck.compare.intervals import Interval, gap
from factcheck.schema import DAYPART_RANK

PARTY_SIMILARITY = 80
CHANGE_REL = 0.01  # a running figure that moves by less than this between two days has not changed
#: a fixed fact dated by its own day more than this many days from another figure is another event
FIXED_EVENT_DAYS = 60
#: content words two figures of a context-matched metric must share
SHARED_CONTEXT_WORDS = 2
#: ... and for sums of money and percentages, of which one story holds many ("fees of $92,700" and
#: "$865,000 in expert witness fees" share two words and are not the same sum)
SHARED_CONTEXT_WORDS_MANY = 3
_MANY_KINDS = frozenset(["money", "percent"])


class Verdict(NamedTuple):
    """The judgement of one pair (a named tuple: the comparator makes millions of them)."""

    kind: str  # conflict, update, disputed
    rel_gap: float  # relative difference of the central values
    earlier: str | None  # claim id of the earlier figure, for updates
    days: int | None  # days between the two figures, when both are dated


_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "and",
        "or",
        "from",
        "with",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "been",
        "be",
        "that",
        "which",
        "who",
        "it",
        "its",
        "their",
        "this",
        "these",
        "those",
        "you",
        "his",
        "her",
        "him",
        "she",
        "they",
        # the words of a figure's own scale and currency say nothing of what is counted
        *("hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions"),
        *("trillion", "trillions", "bn", "mn", "dollar", "dollars", "euro", "euros", "pound", "pounds"),
        *("cent", "cents", "percent", "per"),
    ]
)


def context_words_needed(kind: Any) -> int:
    """How many content words two figures of a context-matched metric of this kind must share."""
    return SHARED_CONTEXT_WORDS_MANY if kind in _MANY_KINDS else SHARED_CONTEXT_WORDS


def contexts_match(a: str | None, b: str | None, metric: str = "", need: int = SHARED_CONTEXT_WORDS) -> bool:
    """True when the words around two figures share at least two content words besides the metric's own."""
    skip = set(metric.lower().split()) | _STOP
    wa = {w for w in (a or "").split() if w not in skip}
    wb = {w for w in (b or "").split() if w not in skip}
    return len(wa & wb) >= need


def same_party(a: str | None, b: str | None) -> bool:
    """True when two attributions name the same party (or either is missing)."""
    if not a or not b:
        return True
    return fuzz.token_set_ratio(a.lower(), b.lower()) >= PARTY_SIMILARITY


def _date(s: Any) -> dt.date | None:
    return _parse_date(s) if isinstance(s, str) else None


@lru_cache(maxsize=65536)
def _parse_date(s: str) -> dt.date | None:
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
    if (a["match_context"] or b["match_context"]) and not contexts_match(
        a["context"], b["context"], a["metric"], context_words_needed(a.get("kind"))
    ):
        return None  # a figure no rule knows is only compared with one said in nearly the same words
    if str(a.get("rule") or "") == "generic.measure" or _bare_share(a):
        return None  # a duration or length no rule names ("for 15 seconds", "12 days ago") is not compared,
        # nor a percentage that names no whole ("53 percent versus 48 percent"): a story holds many
    if str(a.get("rule") or "") == "generic.count" and not (a["subject"] and a["subject"] == b["subject"]):
        return None  # an unnamed count is compared only when both tie it to the same place or group
    apart = gap(ia, ib) > 0
    big = max(abs(ia.value), abs(ib.value)) or 1.0
    rel = abs(ia.value - ib.value) / big
    kind = "disputed" if parties_differ else "conflict"
    timing = a["timing"]
    if timing == "fixed":
        if not apart or _other_event(_days(a, b)):
            return None
        return Verdict(kind, rel, None, _days(a, b))
    order = time_order(a, b, event_specific=timing == "event")
    if order is None:
        return None  # not comparable in time
    if order == 0:
        return Verdict(kind, rel, None, _days(a, b)) if apart else None
    if rel <= CHANGE_REL:
        return None  # the same figure on two days
    first, _second, ifirst, isecond = (a, b, ia, ib) if order < 0 else (b, a, ib, ia)
    if timing == "cumulative" and apart and isecond.hi < ifirst.lo:
        return Verdict(kind, rel, None, _days(a, b))  # a running total cannot fall: one of them is wrong
    return Verdict("update", rel, first["id"], _days(a, b))


def _bare_share(c: Mapping[str, Any]) -> bool:
    """A percentage no rule claims and that names no whole ("share", not "share of the vote")."""
    return c.get("rule") == "generic.percent" and c.get("metric") == "share"


def _other_event(days: int | None) -> bool:
    """Whether two figures of a fixed fact are about different events: dated months apart ("a 7.2
    quake on April 6" in a story of July 2, or two stories of an archive)."""
    return days is not None and days > FIXED_EVENT_DAYS


def _span(c: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    lo, hi = (
        _date(c.get("date_from")) or _date(c.get("date")),
        _date(c.get("date_to")) or _date(c.get("date")),
    )
    return (lo, hi) if lo and hi else None


def _days(a: dict[str, Any], b: dict[str, Any]) -> int | None:
    da, db = _date(a.get("date")), _date(b.get("date"))
    return abs((da - db).days) if da and db else None


def time_order(a: dict[str, Any], b: dict[str, Any], event_specific: bool = False) -> int | None:
    """-1 when ``a`` is earlier, 1 when later, 0 when they speak of the same time, None when unknown.

    A figure tied to a period named earlier in the article ("during that period") belongs to the
    story's main period and is compared with any figure; a figure with neither a date nor a window
    is not. A figure dated by a named day's event ("September 19 saw...") is only compared on that
    day, as are snapshots (``event_specific``).
    """
    explicit = "explicit" in (a["date_source"], b["date_source"])
    if a["date_source"] == "period" or b["date_source"] == "period":
        return None if explicit else 0
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return 0 if sa is None and sb is None and a["date_source"] == b["date_source"] == "year" else None
    pa, pb = DAYPART_RANK.get(a.get("time_of_day") or "", 0), DAYPART_RANK.get(b.get("time_of_day") or "", 0)
    if event_specific or "explicit" in (a["date_source"], b["date_source"]):
        return 0 if sa == sb and sa[0] == sa[1] and not (pa and pb and pa != pb) else None
    if sa[1] < sb[0]:
        return -1
    if sb[1] < sa[0]:
        return 1
    if sa[0] == sa[1] and sb[0] == sb[1] and pa and pb and pa != pb:
        return -1 if pa < pb else 1  # the same day: Sunday morning before Sunday evening
    return 0  # the same day, or overlapping windows: the same time as far as the texts tell


def _ordinals(col: Sequence[Any]) -> list[int | None]:
    """``_date(s).toordinal()`` for each value of a column (None when it is not an ISO date string)."""
    memo: dict[Any, int | None] = {}
    for s in set(col):  # each distinct value parsed once
        d = _date(s)
        memo[s] = None if d is None else d.toordinal()
    return list(map(memo.__getitem__, col))


_MEASURE, _COUNT, _BARE_SHARE = 1, 2, 3


class TableJudge:
    """``judge`` for the claims of one table given by position, with what it reads prepared per claim.

    ``cols`` are the table's columns as lists (None for missing values); ``lo``, ``hi``, ``value`` and
    ``unit`` the claims' intervals (``intervals.claim_interval``) as lists. ``judge_ix(i, j)`` is
    ``judge(row_i, row_j, interval_i, interval_j)`` (the tests check it pair by pair): dates are
    parsed once per claim into day numbers, parties compared once per pair of attributions and
    context words split once per context, so a pair costs a few list lookups.
    """

    def __init__(self, cols: Mapping[str, Sequence[Any]], lo: Sequence[float], hi: Sequence[float],
                 value: Sequence[float], unit: Sequence[str | None]) -> None:
        self.id = cols["id"]
        self.ok = [s in ("asserted", "hedged") for s in cols["stance"]]
        self.lo, self.hi, self.value, self.unit = lo, hi, value, unit
        self.article = cols["article_id"]
        self.attribution = cols["attribution"]
        self.match_context = cols["match_context"]
        self.context = cols["context"]
        self.metric = cols["metric"]
        self.subject = cols["subject"]
        self.timing = cols["timing"]
        self.date_source = cols["date_source"]
        flags = {"generic.measure": _MEASURE, "generic.count": _COUNT}
        rules = cols.get("rule") or [None] * len(self.id)
        self.rule = [
            _BARE_SHARE if r == "generic.percent" and m == "share" else flags.get(str(r or ""), 0)
            for r, m in zip(rules, self.metric, strict=True)
        ]
        self.need = [context_words_needed(k) for k in (cols.get("kind") or [None] * len(self.id))]
        on = _ordinals(cols["date"])
        span_lo = [o if o is not None else d for o, d in zip(_ordinals(cols["date_from"]), on, strict=True)]
        span_hi = [o if o is not None else d for o, d in zip(_ordinals(cols["date_to"]), on, strict=True)]
        for k, (a, b) in enumerate(zip(span_lo, span_hi, strict=True)):
            if a is None or b is None:  # no span: both None
                span_lo[k] = span_hi[k] = None
        self.day, self.span_lo, self.span_hi = on, span_lo, span_hi
        parts = cols.get("time_of_day") or [None] * len(on)
        self.part = [DAYPART_RANK.get(p or "", 0) for p in parts]
        self._parties: dict[tuple[str, str], bool] = {}
        self._words: dict[tuple[Any, str], frozenset[str]] = {}
        self._skip: dict[str, frozenset[str]] = {}
        self._judge_ix = self._make_judge()

    def same_party(self, a: Any, b: Any) -> bool:
        """``same_party`` of two attributions, remembered per pair."""
        if not a or not b:
            return True
        hit = self._parties.get((a, b))
        if hit is None:
            if len(self._parties) > 1 << 18:
                self._parties.clear()
            hit = self._parties[(a, b)] = same_party(a, b)
        return hit

    def _content_words(self, context: Any, metric: str) -> frozenset[str]:
        words = self._words.get((context, metric))
        if words is None:
            skip = self._skip.get(metric)
            if skip is None:
                skip = self._skip[metric] = frozenset(set(metric.lower().split()) | _STOP)
            if len(self._words) > 1 << 18:
                self._words.clear()
            words = frozenset(w for w in (context or "").split() if w not in skip)
            self._words[(context, metric)] = words
        return words

    def contexts_match(self, a: int, b: int) -> bool:
        """``contexts_match`` of claims ``a`` and ``b`` (the metric of ``a``)."""
        metric = self.metric[a]
        wa, wb = self._content_words(self.context[a], metric), self._content_words(self.context[b], metric)
        return len(wa & wb) >= self.need[a]

    def days(self, a: int, b: int) -> int | None:
        """``_days``: days between the two claims' dates, or None."""
        da, db = self.day[a], self.day[b]
        return abs(da - db) if da is not None and db is not None else None

    def time_order(self, a: int, b: int, event_specific: bool = False) -> int | None:
        """``time_order`` of claims ``a`` and ``b``."""
        dsa, dsb = self.date_source[a], self.date_source[b]
        explicit = dsa == "explicit" or dsb == "explicit"
        if dsa == "period" or dsb == "period":
            return None if explicit else 0
        la, lb = self.span_lo[a], self.span_lo[b]
        if la is None or lb is None:
            return 0 if la is None and lb is None and dsa == dsb == "year" else None
        ha, hb = self.span_hi[a], self.span_hi[b]
        pa, pb = self.part[a], self.part[b]
        if event_specific or explicit:
            return 0 if la == lb and ha == hb and la == ha and not (pa and pb and pa != pb) else None
        if ha < lb:  # type: ignore[operator]
            return -1
        if hb < la:  # type: ignore[operator]
            return 1
        if la == ha and lb == hb and pa and pb and pa != pb:
            return -1 if pa < pb else 1
        return 0

    def judge_ix(self, a: int, b: int) -> Verdict | None:
        """``judge`` of claims ``a`` and ``b`` (positions in the table)."""
        return self._judge_ix(a, b)

    def _make_judge(self) -> Callable[[int, int], Verdict | None]:
        """``judge_ix`` as a closure over the columns (local lookups: it runs millions of times)."""
        ok, unit, attribution, article = self.ok, self.unit, self.attribution, self.article
        match_context, rules, subject, timings = self.match_context, self.rule, self.subject, self.timing
        lo, hi, value, ids, days, order = self.lo, self.hi, self.value, self.id, self.days, self.time_order
        parties, contexts_match = self.same_party, self.contexts_match

        def judge_ix(a: int, b: int) -> Verdict | None:
            if not (ok[a] and ok[b]):
                return None
            if unit[a] != unit[b]:
                return None
            parties_differ = not parties(attribution[a], attribution[b])
            if article[a] == article[b] and not parties_differ:
                return None
            if (match_context[a] or match_context[b]) and not contexts_match(a, b):
                return None
            rule = rules[a]
            if rule in (_MEASURE, _BARE_SHARE):
                return None
            if rule == _COUNT and not (subject[a] and subject[a] == subject[b]):
                return None
            if hi[a] < lo[b]:
                apart = lo[b] - hi[a] > 0
            elif hi[b] < lo[a]:
                apart = lo[a] - hi[b] > 0
            else:
                apart = False
            va, vb = value[a], value[b]
            big = max(abs(va), abs(vb)) or 1.0
            rel = abs(va - vb) / big
            kind = "disputed" if parties_differ else "conflict"
            timing = timings[a]
            if timing == "fixed":
                if not apart or _other_event(days(a, b)):
                    return None
                return Verdict(kind, rel, None, days(a, b))
            when = order(a, b, timing == "event")
            if when is None:
                return None
            if when == 0:
                return Verdict(kind, rel, None, days(a, b)) if apart else None
            if rel <= CHANGE_REL:
                return None
            first, second = (a, b) if when < 0 else (b, a)
            if timing == "cumulative" and apart and hi[second] < lo[first]:
                return Verdict(kind, rel, None, days(a, b))
            return Verdict("update", rel, ids[first], days(a, b))

        return judge_ix
