"""Comparator at scale (issue 7): the sweep finds exactly the pairs the pair-by-pair loop finds.

``SMALL_GROUP`` is set to 0 (every group takes the sweep) and to a huge number (every group is
judged pair by pair, the old algorithm); the discrepancy tables must be identical. Inputs are the
dev clusters' claims and random groups built like an archive's (bench_compare's generator, with
dates, windows, periods, parties and hedges). Over the pair budget, a capped group must still find
every kind of discrepancy the pair-by-pair loop finds, with a subset of its claims and pairs; the
column-wise intervals must equal ``claim_interval``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import factcheck.compare as cmp
from factcheck.compare import find_discrepancies, group_claims

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_compare import synthetic_claims  # noqa: E402

DEV = REPO.parent / "shared" / "dev"


def both_ways(claims: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """find_discrepancies as JSON with the sweep everywhere and with the pair-by-pair loop everywhere."""
    monkeypatch.setattr(cmp, "SMALL_GROUP", 0)
    fast = find_discrepancies(claims).to_json(orient="records")
    monkeypatch.setattr(cmp, "SMALL_GROUP", 10**9)
    brute = find_discrepancies(claims).to_json(orient="records")
    return fast, brute


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweep_equals_pairwise_on_synthetic_groups(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = synthetic_claims(1500, seed=seed)
    claims = claims[claims["metric"].isin(sorted(set(claims["metric"]))[:12])]  # fewer, larger groups
    monkeypatch.setattr(cmp, "UPDATE_SCAN", 10**6)  # make the revision search exhaustive
    monkeypatch.setattr(cmp, "PAIR_BUDGET", 10**9)  # and every group exact
    fast, brute = both_ways(claims, monkeypatch)
    assert fast == brute
    assert len(find_discrepancies(claims)) > 10


def test_sweep_equals_pairwise_on_dev_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.extract import extract_claims
    from factcheck.ingest import read_articles
    from factcheck.pipeline import complete_dates
    from factcheck.rules import load_rules

    dirs = sorted(str(p) for p in DEV.glob("*/articles"))
    if not dirs:
        pytest.skip("no dev clusters")
    arts = list(read_articles(dirs))
    complete_dates(arts)
    claims = extract_claims([a for a in arts if a.ok], load_rules())
    fast, brute = both_ways(claims, monkeypatch)
    assert fast == brute


def test_claim_order_within_blocks_decides_subject_keys_only() -> None:
    """Splitting by metric (as the Dask engine does) gives the same groups and discrepancies."""
    claims = synthetic_claims(3000, seed=5)
    keys = group_claims(claims)
    rows = [r for block in cmp.metric_blocks(claims) for r in cmp.discrepancy_rows(block)]
    assert cmp.finish_discrepancies(rows).to_json() == find_discrepancies(claims).to_json()
    assert keys.nunique() < len(claims)


def test_two_camps_are_capped_and_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed fact reported as 100 by 3,000 figures and as 200 by 3,000 others: 9M disagreeing pairs.

    Each claim is judged against the extremes only; the discrepancy lists MAX_LISTED_PAIRS pairs
    and says how many disagree, and every claim is in it.
    """
    claims = synthetic_claims(6000, seed=9)
    claims = claims.assign(metric="metric 00", timing="fixed", subject="Kavoru", unit="", qualifier="exact",
                           low=pd.NA, high=pd.NA, stance="asserted", match_context=False, precision=1.0,
                           attribution=pd.NA, date_source="published", date="2024-03-01",
                           date_from="2024-03-01", date_to="2024-03-01")
    claims["value"] = [100.0 if k % 2 else 200.0 for k in range(len(claims))]
    claims["surface"] = claims["value"].map(lambda v: f"{v:.0f}")
    claims["article_id"] = "a" + claims["id"]  # one figure per article: all are first mentions
    disc = find_discrepancies(claims)
    assert list(disc["kind"]) == ["conflict"]
    row = disc.iloc[0]
    assert len(row["conflicts"]) == cmp.MAX_LISTED_PAIRS
    assert len(row["claims"]) == len(claims)
    assert "9,000,000 pairs of figures disagree" in row["explanation"]


def test_consecutive_updates_keeps_neighbouring_days() -> None:
    from factcheck.compare.judge import Verdict

    recs = [{"date_from": d, "date": d} for d in ("2024-01-01", "2024-01-02", "2024-01-04")]
    v = Verdict("update", 0.5, None, 1)
    pairs = [(0, 1, v), (1, 2, v), (0, 2, v)]
    assert cmp.consecutive_updates(pairs, recs) == [(0, 1, v), (1, 2, v)]


def test_table_intervals_equal_claim_interval() -> None:
    """The vectorised intervals are ``claim_interval``'s, field by field, for every unit and qualifier."""
    from factcheck.compare.intervals import claim_interval

    rng = np.random.default_rng(3)
    n = 3000
    units = np.array(["", "kilometer", "mile", "degF", "degC", "percent", "USD", "cent", "hectare",
                      "zorkmid", "kilogram", "foot"], dtype=object)
    quals = np.array(["exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", None],
                     dtype=object)
    digits = 10.0 ** rng.integers(0, 4, n)
    sign = rng.choice([1, -1, 0], n, p=(0.9, 0.05, 0.05))
    value = np.round(rng.lognormal(3, 3, n) * digits) / digits * sign
    low = np.where(rng.random(n) < 0.3, value * 0.9, np.nan)
    high = np.where(rng.random(n) < 0.3, value * 1.13, np.nan)
    surfaces = np.array(["7,000", "nearly half", "almost 40", "a third of 90", "some 12.5", None],
                        dtype=object)
    claims = pd.DataFrame({
        "value": pd.array(np.where(rng.random(n) < 0.03, np.nan, value), dtype="Float64"),
        "low": pd.array(low, dtype="Float64"), "high": pd.array(high, dtype="Float64"),
        "unit": pd.array(units[rng.integers(0, len(units), n)], dtype="string"),
        "qualifier": pd.array(quals[rng.integers(0, len(quals), n)], dtype="string"),
        "precision": pd.array(np.where(rng.random(n) < 0.2, np.nan, 10.0 ** rng.integers(-2, 4, n)),
                              dtype="Float64"),
        "surface": pd.array(surfaces[rng.integers(0, len(surfaces), n)], dtype="string"),
    })
    got = cmp.table_intervals(claims)
    for i, r in enumerate(claims.astype(object).where(claims.notna(), None).to_dict("records")):
        want = claim_interval(r["value"], r["low"], r["high"], r["unit"] or "", r["qualifier"] or "exact",
                              r["precision"], r["surface"] or "")
        assert got.at(i) == want, (i, r)


def test_group_members_are_first_mentions() -> None:
    """The column-wise first mentions are ``first_mentions`` of each group, groups in key order."""
    claims = synthetic_claims(4000, seed=11)
    claims["article_id"] = claims["article_id"].str[:-1]  # more repeats of a figure in one article
    cols = cmp._columns(claims, cmp.COMPARE_COLUMNS)
    ivs = cmp.table_intervals(claims)
    keys = cmp._group_keys(cols["metric"], cols["subject"], ivs.unit)
    rows = [cmp.Row(cols, i) for i in range(len(claims))]
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if ivs.unit[i] is not None:
            groups.setdefault(key, []).append(i)
    want = [m for m in (cmp.first_mentions(groups[k], rows) for k in sorted(groups)) if len(m) > 1]
    assert cmp._group_members(claims, cols, keys, ivs, cmp._id_rank(cols["id"])) == want


@pytest.mark.parametrize("timing", ["fixed", "cumulative", "snapshot"])
def test_capped_groups_find_every_kind(timing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One large group over a small budget: the same kinds as pair by pair, a subset of claims and pairs."""
    claims = synthetic_claims(8000, seed=4)
    claims = claims[claims["metric"] == "metric 01"]
    claims = claims.assign(timing=timing, subject="kavoru", match_context=False, rule="synthetic.x")
    monkeypatch.setattr(cmp, "PAIR_BUDGET", 50)
    monkeypatch.setattr(cmp, "PAIRS_PER_CLAIM", 0)
    monkeypatch.setattr(cmp, "MAX_LISTED_PAIRS", 10**9)  # every pair judged is listed
    fast = find_discrepancies(claims)
    monkeypatch.setattr(cmp, "SMALL_GROUP", 10**9)
    brute = find_discrepancies(claims)
    assert len(claims) > 150
    assert sorted(fast["kind"]) == sorted(brute["kind"])
    assert fast["explanation"].str.contains("pairs of figures disagree").any()
    for kind in brute["kind"]:
        f, b = (d.loc[d["kind"] == kind].iloc[0] for d in (fast, brute))
        assert set(f["claims"]) <= set(b["claims"])
        assert {tuple(p) for p in f["conflicts"]} <= {tuple(p) for p in b["conflicts"]}


def test_table_judge_equals_judge() -> None:
    """``TableJudge.judge_ix`` gives ``judge``'s verdict on every pair (dates, periods, parties, contexts)."""
    from factcheck.compare.judge import TableJudge, judge, time_order

    claims = synthetic_claims(3000, seed=8)
    claims = claims[claims["subject"].str.lower().str.startswith(claims["subject"].iloc[0].lower()[:2])]
    claims = claims.head(400).reset_index(drop=True)
    rng = np.random.default_rng(8)
    n = len(claims)
    ds = claims["date_source"].astype(object).to_numpy().copy()
    ds[rng.random(n) < 0.1] = "year"  # undated "year" figures
    claims["date_source"] = ds
    undated = claims["date_source"] == "year"
    claims.loc[undated & (rng.random(n) < 0.7), ["date", "date_from", "date_to"]] = None
    claims.loc[rng.random(n) < 0.03, "date"] = "not a date"
    claims.loc[rng.random(n) < 0.05, "rule"] = "generic.measure"
    claims.loc[rng.random(n) < 0.05, "attribution"] = "The Police"
    claims.loc[rng.random(n) < 0.05, "unit"] = "kilometer"
    timings = np.array(["fixed", "cumulative", "snapshot", "event"], dtype=object)
    claims["timing"] = timings[rng.integers(0, 4, n)]
    claims["article_id"] = claims["article_id"].str[:-2]  # more pairs of the same article
    cols = cmp._columns(claims, cmp.COMPARE_COLUMNS)
    ivs = cmp.table_intervals(claims)
    tj = TableJudge(cols, ivs.lo, ivs.hi, ivs.value, ivs.unit)
    rows = [{c: cols[c][i] for c in cmp.ROW_COLUMNS if c in cols} for i in range(n)]
    kinds: set[str] = set()
    for a in range(n):
        if ivs.unit[a] is None:
            continue
        for b in range(n):
            if a == b or ivs.unit[b] is None:
                continue
            want = judge(rows[a], rows[b], ivs.at(a), ivs.at(b))  # type: ignore[arg-type]
            assert tj.judge_ix(a, b) == want, (a, b)
            for event in (False, True):
                assert tj.time_order(a, b, event) == time_order(rows[a], rows[b], event_specific=event)
            kinds.add(want.kind if want else "none")
    assert kinds == {"none", "conflict", "disputed", "update"}


@pytest.mark.parametrize("budget", [50, 10**9])
def test_numpy_same_time_equals_lists(budget: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The numpy sweep of same-time blocks judges what the list-and-bisect sweep judges, capped or not."""
    claims = synthetic_claims(6000, seed=6)
    claims = claims[claims["metric"].isin(["metric 00", "metric 01", "metric 02", "metric 03"])]
    claims = claims.assign(subject="kavoru", match_context=False, rule="synthetic.x")
    monkeypatch.setattr(cmp, "PAIR_BUDGET", budget)
    monkeypatch.setattr(cmp, "MAX_LISTED_PAIRS", 10**9)
    fast = find_discrepancies(claims).to_json(orient="records")
    monkeypatch.setattr(cmp, "_same_time", cmp._same_time_lists)
    assert fast == find_discrepancies(claims).to_json(orient="records")
    assert ("pairs of figures disagree" in fast) == (budget == 50)


def test_pair_severities_equal_pair_severity() -> None:
    """The numpy severities are ``pair_severity``'s, float for float (NaN and the clamps included)."""
    from factcheck.compare.explain import pair_severities, pair_severity, severity_factors

    rng = np.random.default_rng(12)
    n = 20000
    rel = np.concatenate([rng.random(n) ** 3, [0.0, 0.5, 0.125, 1.0, 2.0, np.nan, np.inf, 1e-300]])
    quals = [None, "exact", "approx", "range", "more_than"]
    stances = [None, "asserted", "hedged"]
    factors = [severity_factors(q, s) for q in quals for s in stances]
    fa = np.array([factors[k] for k in rng.integers(0, len(factors), len(rel))])
    fb = np.array([factors[k] for k in rng.integers(0, len(factors), len(rel))])
    for kind in ("conflict", "disputed", "update"):
        want = [pair_severity(kind, r, (a[0], a[1]), (b[0], b[1]))
                for r, a, b in zip(rel.tolist(), fa.tolist(), fb.tolist(), strict=True)]
        assert pair_severities(kind, rel, fa, fb) == want
