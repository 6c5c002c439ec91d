"""Comparator scaling: ``find_discrepancies`` on 10k, 100k and 1M synthetic claims.

Usage::

    .venv/bin/python benchmarks/bench_compare.py                  # 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_compare.py --sizes 10000 100000 --seed 7

Each size runs in a fresh process (so peak memory is that size's own) and prints one table row:
claims, groups, discrepancies, wall and CPU seconds of ``find_discrepancies``, peak resident
memory of the process (it holds the claims table too) and the growth factor of the CPU time per
10x claims. Targets (issue 7): 1,000,000 claims in at most 60 s and 2 GB on one core; growth per
10x at most 12x.

The generator (``synthetic_claims``) is deterministic (``random.Random``/numpy seeded) and aims at
what an archive looks like, not at the comparator's best case:

* 36 metrics of every timing (fixed, cumulative, snapshot, event), a few of them generic
  (``match_context``) with clause words; 60 subjects per metric drawn Zipf-like (the commonest
  subject of a metric gets about a fifth of its claims, so groups range from a handful of claims
  to tens of thousands at 1M), with near-duplicate spellings that rapidfuzz merges;
* dates over one year; date sources as the extractor gives them (published, as-of, explicit,
  windows of undated articles, periods, none);
* values from a true figure per group (a running total grows over the year, a level drifts) written
  as an editor would: exact, rounded "about", "more than", ranges; 3% of figures are wrong (x0.5 to
  x1.6), 6% hedged or denied, a handful of parties as attributions, five claims per article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)
TIMINGS = ("fixed", "cumulative", "snapshot", "event")
PARTIES = ("police", "the health ministry", "officials", "the Red Cross", "local media", "the mayor")
WORDS = ("flood", "aid", "village", "river", "school", "hospital", "farm", "road", "bridge", "port", "camp")
DATE_SOURCES = ("published", "asof", "explicit", "window", "period", "none", "weekday")
DATE_SOURCE_P = (0.45, 0.15, 0.12, 0.1, 0.04, 0.04, 0.1)


def place_names(n: int, seed: int) -> list[str]:
    """``n`` distinct made-up place names ("Kavoru", "Tesmali"), far enough apart for rapidfuzz."""
    rng = np.random.default_rng(seed + 1)
    cons, vow = "bdfgklmnprstvz", "aeiou"
    names: list[str] = []
    while len(names) < n:
        name = "".join(cons[rng.integers(len(cons))] + vow[rng.integers(len(vow))] for _ in range(3)).title()
        if all(sum(a != b for a, b in zip(name, other, strict=False)) >= 3 for other in names):
            names.append(name)
    return names


def synthetic_claims(n: int, seed: int = 42) -> pd.DataFrame:
    """``n`` realistic claims (CLAIM_COLUMNS) for benchmarking the comparator (see the module docstring)."""
    from factcheck.schema import validate_claims

    rng = np.random.default_rng(seed)
    n_metrics, n_subjects = 36, 60
    metric = rng.integers(0, n_metrics, n)
    zipf = 1.0 / np.arange(1, n_subjects + 1)
    subj = rng.choice(n_subjects, n, p=zipf / zipf.sum())
    timing_of = np.array([TIMINGS[m % 4] for m in range(n_metrics)])
    generic = np.arange(n_metrics) >= n_metrics - 4  # the last four metrics are generic (context-matched)
    subj_names = place_names(n_subjects, seed)
    variants = [[s, s.lower(), f"{s} area"] for s in subj_names]
    subject = [variants[s][v] for s, v in zip(subj, rng.choice(3, n, p=(0.8, 0.15, 0.05)), strict=True)]
    day = rng.integers(0, 365, n)
    start = dt.date(2024, 1, 1)
    dates = np.array([(start + dt.timedelta(days=int(d))).isoformat() for d in range(372)], dtype=object)
    src = rng.choice(len(DATE_SOURCES), n, p=DATE_SOURCE_P)
    ds = np.array(DATE_SOURCES, dtype=object)[src]
    date = dates[day].copy()
    date_from, date_to = date.copy(), date.copy()
    window = ds == "window"
    date[window] = None
    date_to[window] = dates[day[window] + 7]
    undated = np.isin(ds, ("period", "none"))
    date[undated] = date_from[undated] = date_to[undated] = None
    # true figure per group, by timing: fixed, grows (cumulative), drifts (snapshot, event)
    base = np.exp(rng.uniform(3, 12, (n_metrics, n_subjects)))[metric, subj]
    t = day / 365.0
    growth = np.where(timing_of[metric] == "cumulative", 1 + 2 * t,
                      np.where(timing_of[metric] == "fixed", 1.0, 1 + 0.2 * np.sin(6 * t)))
    true = base * growth
    wrong = rng.random(n) < 0.03
    true = np.where(wrong, true * rng.uniform(0.5, 1.6, n), true)
    style = rng.choice(4, n, p=(0.5, 0.3, 0.1, 0.1))  # exact, about (2 significant digits), more than, range
    mag = 10 ** np.floor(np.log10(true))
    rounded = np.round(true / (mag / 10)) * (mag / 10)
    exact = np.round(true)
    value = np.where(style == 0, exact, rounded)
    precision = np.where(style == 0, 1.0, mag / 10)
    qualifier = np.array(("exact", "approx", "more_than", "range"), dtype=object)[style]
    low = np.where(style >= 2, np.where(style == 2, rounded, rounded * 0.9), np.nan)
    high = np.where(style == 3, rounded * 1.1, np.nan)
    value = np.where(style == 3, rounded, value)
    stance = rng.choice(np.array(("asserted", "hedged", "denied", "projected"), dtype=object), n,
                        p=(0.9, 0.04, 0.03, 0.03))
    party = rng.choice(len(PARTIES) + 1, n)
    attribution = np.array((None, *PARTIES), dtype=object)[party]
    article = rng.integers(0, max(1, n // 5), n)
    words = np.array(WORDS, dtype=object)
    ctx = [" ".join(sorted(set(w))) for w in words[rng.integers(0, len(WORDS), (n, 3))]]
    metric_names = np.array([f"metric {m:02d}" for m in range(n_metrics)], dtype=object)
    df = pd.DataFrame({
        "id": [f"c{k:012x}" for k in rng.permutation(n * 7)[:n]],
        "article_id": [f"a{k:010x}" for k in article],
        "source": [f"feed.jsonl#{k}" for k in article],
        "outlet": np.array(("Wire", "Daily", "Herald", "Post"), dtype=object)[article % 4],
        "published": np.where(window, None, dates[day]),
        "published_window": [f"{lo}..{hi}" if w else None for lo, hi, w in zip(date_from, date_to, window,
                                                                                 strict=True)],
        "subject": subject,
        "metric": metric_names[metric],
        "rule": np.where(generic[metric], "generic.count", "synthetic." + metric_names[metric]),
        "cumulative": timing_of[metric] == "cumulative",
        "timing": timing_of[metric],
        "match_context": generic[metric],
        "value": value, "low": low, "high": high,
        "unit": "", "qualifier": qualifier, "kind": "count", "precision": precision,
        "date": date, "date_source": ds, "date_from": date_from, "date_to": date_to,
        "surface": [f"{v:,.0f}" for v in value],
        "sentence": "Officials said the figure had been confirmed.",
        "sentence_start": 0, "start": rng.integers(0, 5000, n), "end": 0,
        "context": ctx, "attribution": attribution, "stance": stance,
    })
    df["end"] = df["start"] + 5
    # a part of the day for some dated figures ("police said on Sunday evening"); drawn from another
    # generator so the other columns stay as they were
    parts = np.random.default_rng(seed + 1).choice(5, n, p=(0.85, 0.05, 0.03, 0.05, 0.02))
    tod = np.array((None, "morning", "afternoon", "evening", "night"), dtype=object)[parts]
    df["time_of_day"] = np.where(pd.isna(df["date"]), None, tod)
    return validate_claims(df)


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, seed: int) -> dict[str, float]:
    """Generate ``n`` claims and time ``find_discrepancies`` on them (in this process)."""
    from factcheck.compare import find_discrepancies, group_claims

    claims = synthetic_claims(n, seed)
    before = rss_mb()
    groups = group_claims(claims).nunique()
    w0, c0 = time.perf_counter(), time.process_time()
    disc = find_discrepancies(claims)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return {"claims": n, "groups": int(groups), "discrepancies": len(disc), "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "rss_before_mb": round(before), "peak_rss_mb": round(rss_mb()),
            "pairs_listed": int(disc["conflicts"].map(len).sum()) if len(disc) else 0}


def main() -> None:
    """Run each size in its own process and print the table with growth factors."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: measure one size
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'claims':>9} {'groups':>7} {'discr.':>7} {'listed':>8} {'wall s':>7} {'cpu s':>7} "
          f"{'growth':>7} {'peak MB':>8} {'input MB':>8}")
    prev = None
    for r in rows:
        growth = "-"
        if prev:  # CPU time ratio per 10x claims
            growth = f"{(r['cpu_s'] / prev['cpu_s']) ** (1 / math.log10(r['claims'] / prev['claims'])):.1f}x"
        print(f"{r['claims']:>9,} {r['groups']:>7,} {r['discrepancies']:>7,} {r['pairs_listed']:>8,} "
              f"{r['wall_s']:>7} {r['cpu_s']:>7} {growth:>7} {r['peak_rss_mb']:>8} {r['rss_before_mb']:>8}")
        prev = r


if __name__ == "__main__":
    main()
