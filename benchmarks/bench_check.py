"""Benchmark of the pre-publication check (issue 6): a 1,000-word draft against a 1M-claim store.

Reports, as JSON and a short table:

* indexing throughput of ``factcheck index`` over the real corpus sample (articles/s, MB/s);
* p50/p95 latency of a warm check (store open, rules loaded: what ``factcheck serve`` does per
  request), target p95 <= 250 ms;
* wall time of the whole ``factcheck check`` process (start-up included), target <= 2 s;
* peak memory (max RSS) of the ``factcheck check`` process and of this warm-check process;
* CPU time next to wall time, since wall time on a busy machine says little.

Usage: ``.venv/bin/python benchmarks/bench_check.py [--store FILE] [--reuse] [--runs 50]``. The
store is built by ``benchmarks/make_store.py`` (``--reuse`` keeps an earlier indexed sample).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_store import MULTI  # noqa: E402

DRAFT_WORDS = 1000
DRAFT_DATE = "2019-06-15"


def make_draft(path: Path, words: int = DRAFT_WORDS) -> int:
    """A draft of about ``words`` words of real news (Multi-News articles, in order); returns its words."""
    texts: list[str] = []
    n = 0
    with MULTI[-1].open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            for para in text.split("\n\n"):
                if n >= words:
                    break
                texts.append(para.strip())
                n += len(para.split())
            if n >= words:
                break
    path.write_text(f"---\npublished: {DRAFT_DATE}\n---\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    return n


def percentile(xs: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``xs``."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Build the store (or reuse it), then time the warm check and the CLI."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_store = Path(tempfile.gettempdir()) / "factcheck-bench" / "bench.duckdb"
    ap.add_argument("--store", type=Path, default=default_store, help=f"Store to build [{default_store}].")
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--reuse", action="store_true", help="Reuse the indexed corpus sample of an earlier run.")
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args(argv)
    args.store.parent.mkdir(parents=True, exist_ok=True)

    # The store is built in a child process so this process's peak memory is the warm check's alone.
    built = subprocess.run(
        [
            sys.executable,
            str(HERE / "make_store.py"),
            str(args.store),
            "--claims",
            str(args.claims),
            *(["--reuse"] if args.reuse else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    store_info = json.loads(built.stdout)
    draft = args.store.parent / "draft.md"
    words = make_draft(draft)

    from factcheck.check import check_text
    from factcheck.store import ClaimStore

    text = draft.read_text(encoding="utf-8")
    with ClaimStore(args.store) as st:
        t0 = time.perf_counter()
        first = check_text(text, st, published=DRAFT_DATE, source=str(draft))
        cold_ms = (time.perf_counter() - t0) * 1000
        for _ in range(3):
            check_text(text, st, published=DRAFT_DATE, source=str(draft))
        times, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            res = check_text(text, st, published=DRAFT_DATE, source=str(draft))
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    exe = Path(sys.executable).with_name("factcheck")
    walls = []
    rc = None
    cli_rss = 0.0
    cli_cpu = []
    for _ in range(5):
        t0 = time.perf_counter()
        cmd = [str(exe), "check", str(draft), "--store", str(args.store), "--fail-on", "never"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - t0)
        rc = os.waitstatus_to_exitcode(status)
        cli_rss = max(cli_rss, usage.ru_maxrss / 1024)
        cli_cpu.append(usage.ru_utime + usage.ru_stime)

    out = {
        "store_claims": store_info["claims"],
        "store_articles": store_info["articles"],
        "store_mb": store_info["store_mb"],
        "real_claims_indexed": store_info["real_claims"],
        "index_articles": store_info["index_articles"],
        "index_articles_per_s": store_info["index_articles_per_s"],
        "index_mb_per_s": store_info["index_mb_per_s"],
        "expand_seconds": store_info["expand_seconds"],
        "draft_words": words,
        "draft_claims": first.counts()["draft_claims"],
        "findings": len(res.findings),
        "first_check_ms": round(cold_ms, 1),
        "warm_check_p50_ms": round(statistics.median(times), 1),
        "warm_check_p95_ms": round(percentile(times, 95), 1),
        "warm_check_cpu_p50_ms": round(statistics.median(cpu), 1),
        "warm_check_max_rss_mb": round(warm_rss, 1),
        "cli_wall_s_median": round(statistics.median(walls), 2),
        "cli_wall_s_max": round(max(walls), 2),
        "cli_cpu_s_median": round(statistics.median(cli_cpu), 2),
        "cli_exit_code": rc,
        "cli_max_rss_mb": round(cli_rss, 1),
    }
    print(json.dumps(out, indent=1))
    ok_latency = out["warm_check_p95_ms"] <= 250
    ok_cli = out["cli_wall_s_max"] <= 2.0
    print(
        f"warm check p95 {out['warm_check_p95_ms']} ms (target <= 250): {'ok' if ok_latency else 'MISSED'}; "
        f"CLI wall {out['cli_wall_s_max']} s (target <= 2): {'ok' if ok_cli else 'MISSED'}",
        file=sys.stderr,
    )
    return 0 if ok_latency and ok_cli and store_info["claims"] >= 1_000_000 else 1


if __name__ == "__main__":
    sys.exit(main())
