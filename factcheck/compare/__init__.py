"""Compare stage: group claims that speak of the same thing and judge where they disagree.

Claims are blocked by metric and base unit, then grouped by subject (rapidfuzz merges near-identical
subject strings), so the cost grows with the size of each block, not with the square of all
claims. Inside a group every pair from different sources is judged (``judge.judge``); the pairs
that disagree become discrepancies, one per group and kind, sorted by severity.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from factcheck.compare.explain import explain, severity
from factcheck.compare.intervals import Interval, claim_interval
from factcheck.compare.judge import Verdict, judge
from factcheck.schema import DISCREPANCY_COLUMNS, empty_frame, validate_claims, validate_discrepancies

SUBJECT_SIMILARITY = 90


def _records(claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values."""
    obj = claims.astype(object)
    return obj.where(obj.notna(), None).to_dict("records")


def interval_of(c: dict[str, Any]) -> Interval | None:
    """The claim's interval in base units (see ``intervals``)."""
    return claim_interval(c["value"], c["low"], c["high"], c["unit"] or "", c["qualifier"] or "exact",
                          c["precision"], c["surface"] or "")


def _subject_key(subject: str, seen: list[str]) -> str:
    """Map a subject to an already-seen near-identical one (rapidfuzz), or to itself."""
    if not subject:
        return ""
    for s in seen:
        if s and fuzz.token_set_ratio(subject, s) >= SUBJECT_SIMILARITY:
            return s
    seen.append(subject)
    return subject


def group_claims(claims: pd.DataFrame) -> pd.Series:
    """A group key per claim: metric | base unit | subject. Claims with the same key are compared."""
    recs = _records(claims)
    keys: list[str] = []
    seen_by_block: dict[str, list[str]] = defaultdict(list)
    for c in recs:
        iv = interval_of(c)
        block = f"{c['metric']}|{iv.unit if iv else '?'}"
        subject = _subject_key(c["subject"] or "", seen_by_block[block])
        keys.append(f"{block}|{subject}")
    return pd.Series(keys, index=claims.index, dtype="string")


def _pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            yield a, b


def first_mentions(members: list[int], recs: list[dict[str, Any]]) -> list[int]:
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


def consecutive_updates(pairs: list[tuple[int, int, Verdict]], recs: list[dict[str, Any]]
                        ) -> list[tuple[int, int, Verdict]]:
    """Keep each update pair only when no figure of the group lies strictly between its two dates.

    A toll reported on days 1, 2 and 4 is two revisions (1->2, 2->4), not three.
    """
    def day(i: int) -> str:
        return recs[i]["date_from"] or recs[i]["date"] or ""

    days = sorted({day(i) for i, _, _ in pairs} | {day(j) for _, j, _ in pairs})
    kept = []
    for i, j, v in pairs:
        a, b = day(i), day(j)
        if not any(a < d < b for d in days):
            kept.append((i, j, v))
    return kept


def _disc_id(kind: str, claim_ids: list[str]) -> str:
    return "d" + hashlib.sha1((kind + "|" + "|".join(sorted(claim_ids))).encode()).hexdigest()[:10]


def find_discrepancies(claims: pd.DataFrame) -> pd.DataFrame:
    """Discrepancies among ``claims`` (validated CLAIM_COLUMNS), most severe first."""
    claims = validate_claims(claims)
    if claims.empty:
        return empty_frame(DISCREPANCY_COLUMNS)
    recs = _records(claims)
    intervals = [interval_of(c) for c in recs]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(group_claims(claims)):
        if intervals[i] is not None:
            groups[key].append(i)
    rows: list[dict[str, Any]] = []
    for key in sorted(groups):
        members = first_mentions(groups[key], recs)
        if len(members) < 2:
            continue
        found: dict[str, list[tuple[int, int, Verdict]]] = defaultdict(list)
        for i, j in _pairs(members):
            v = judge(recs[i], recs[j], intervals[i], intervals[j])  # type: ignore[arg-type]
            if v is None:
                continue
            if v.kind == "update" and v.earlier == recs[j]["id"]:
                i, j = j, i
            found[v.kind].append((i, j, v))
        if found.get("update"):
            found["update"] = consecutive_updates(found["update"], recs)
        for kind, pairs in found.items():
            scored = [(severity(kind, v.rel_gap, recs[i], recs[j]), i, j, v) for i, j, v in pairs]
            scored.sort(key=lambda t: (-t[0], recs[t[1]]["id"], recs[t[2]]["id"]))
            top_sev, ti, tj, tv = scored[0]
            ids = sorted({recs[i]["id"] for _, i, j, _ in scored} | {recs[j]["id"] for _, i, j, _ in scored})
            head = recs[ti]
            rows.append(
                {
                    "id": _disc_id(kind, ids),
                    "subject": head["subject"] or "",
                    "metric": head["metric"],
                    "kind": kind,
                    "severity": top_sev,
                    "claims": ids,
                    "conflicts": [[recs[i]["id"], recs[j]["id"]] for _, i, j, _ in scored],
                    "explanation": explain(kind, head["metric"], head["subject"] or "", recs[ti], recs[tj],
                                           tv.days, len(ids)),
                }
            )
    if not rows:
        return empty_frame(DISCREPANCY_COLUMNS)
    order = {"conflict": 0, "disputed": 1, "update": 2}
    rows.sort(key=lambda r: (order[r["kind"]], -r["severity"], r["id"]))
    return validate_discrepancies(pd.DataFrame(rows, columns=list(DISCREPANCY_COLUMNS)))


__all__ = ["find_discrepancies", "group_claims", "interval_of"]
