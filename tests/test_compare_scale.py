"""Comparator at scale (issue 7): the sweep finds exactly the pairs the pair-by-pair loop finds.

``SMALL_GROUP`` is set to 0 (every group takes the sweep) and to a huge number (every group is
judged pair by pair, the old algorithm); the discrepancy tables must be identical. Inputs are the
dev clusters' claims and random groups built like an archive's (bench_compare's generator, with
dates, windows, periods, parties and hedges).
"""

from __future__ import annotations

import sys
from pathlib import Path

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
                           attribution=pd.NA)
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
