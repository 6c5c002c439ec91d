"""Extraction throughput of ``factcheck run``: MB/s of news text and articles/s, local vs Dask.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py                       # the corpora below
    .venv/bin/python benchmarks/bench_pipeline.py --limit 3000          # first 3,000 articles per feed
    .venv/bin/python benchmarks/bench_pipeline.py --engines local       # skip the Dask run
    .venv/bin/python benchmarks/bench_pipeline.py --profile prof.html   # pyinstrument the local run

Inputs: ``../shared/corpora/reuters21578/reuters21578.jsonl`` and
``../shared/corpora/multisource_clusters/*.jsonl`` (with ``--limit N``, the first N lines of each
feed are copied to a temporary folder). For each engine (local; Dask on a LocalCluster of
``--workers`` processes) it runs the whole pipeline (read, dates, extract, compare) and prints
articles, text MB (decoded characters / 1e6), claims, wall and CPU seconds of this process, and the
rates. CPU seconds of the client are what one core spends; for the local engine "MB/s per core" is
text MB / CPU s, which does not depend on how busy the machine is. For the local engine it also
prints the CPU seconds of the extraction stage alone (the claims of each batch: sentences,
quantities, rules, subjects, dates, stance; not reading, publication dates or comparison) and the
extraction MB/s per CPU-second. Reports are not written.
Target (issue 7): at least 1 MB/s of news text per core.

Which build runs is printed first: the mypyc-compiled one (``pip install .``; run this script with that
venv's python) or pure Python (an editable install). Both give the same claims; see docs/scale.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
FEEDS = [CORPORA / "reuters21578" / "reuters21578.jsonl",
         *sorted((CORPORA / "multisource_clusters").glob("*.jsonl"))]


def sample(limit: int | None, tmp: Path) -> list[str]:
    """The feeds, or their first ``limit`` lines each (copied under ``tmp``)."""
    feeds = [f for f in FEEDS if f.is_file()]
    if not limit:
        return [str(f) for f in feeds]
    out = []
    for f in feeds:
        dst = tmp / f.name
        with f.open("rb") as src, dst.open("wb") as fh:
            fh.writelines(islice(src, limit))
        out.append(str(dst))
    return out


def bench(paths: list[str], engine: str, workers: int, profile: str | None = None) -> dict[str, float]:
    """One pipeline run; returns its numbers."""
    from factcheck.pipeline import run_pipeline
    from factcheck.rules import load_rules

    rules = load_rules()
    options = {"workers": workers} if engine == "dask" else {}
    prof = None
    if profile:
        from pyinstrument import Profiler

        prof = Profiler()
        prof.start()
    stage = {"extract": 0.0}
    if engine == "local":  # CPU seconds of the extraction stage itself (the batches' claims)
        import factcheck.engines.local as local

        plain = local.extract_batch

        def timed(*args: object) -> object:
            t = time.process_time()
            try:
                return plain(*args)  # type: ignore[arg-type]
            finally:
                stage["extract"] += time.process_time() - t

        local.extract_batch = timed  # type: ignore[assignment]
    w0, c0 = time.perf_counter(), time.process_time()
    try:
        res = run_pipeline(paths, rules, engine=engine, engine_options=options, keep_texts=0)
    finally:
        if engine == "local":
            local.extract_batch = plain
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    if prof:
        prof.stop()
        Path(profile).write_text(prof.output_html() if profile.endswith(".html") else prof.output_text())
    ok = res.articles[res.articles["error"].isna()]
    mb = float(ok["chars"].sum()) / 1e6
    return {"engine": engine, "articles": len(ok), "mb": mb, "claims": len(res.claims), "wall": wall,
            "cpu": cpu, "extract_cpu": stage["extract"], "discrepancies": len(res.discrepancies)}


def main() -> None:
    """Run the engines and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N lines of each feed")
    ap.add_argument("--engines", nargs="+", default=["local", "dask"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile", default=None, help="write a pyinstrument profile of the local run here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = sample(args.limit, Path(tmp))
        import factcheck

        print("inputs:", ", ".join(Path(p).name for p in paths), file=sys.stderr)
        print(f"factcheck {factcheck.__version__}, {factcheck.build_kind()} build ({factcheck.__file__})")
        print(f"{'engine':<8} {'articles':>9} {'text MB':>8} {'claims':>8} {'wall s':>7} {'cpu s':>7} "
              f"{'MB/s wall':>9} {'MB/s/cpu':>8} {'art/s wall':>10} {'extract cpu s':>13} "
              f"{'extract MB/s/cpu':>16}")
        for engine in args.engines:
            r = bench(paths, engine, args.workers, args.profile if engine == "local" else None)
            local = engine == "local"
            per_cpu = f"{r['mb'] / r['cpu']:.2f}" if local else "-"
            ex_cpu = f"{r['extract_cpu']:.1f}" if local else "-"
            ex_rate = f"{r['mb'] / r['extract_cpu']:.2f}" if local and r["extract_cpu"] else "-"
            print(f"{engine:<8} {r['articles']:>9,} {r['mb']:>8.1f} {r['claims']:>8,} {r['wall']:>7.1f} "
                  f"{r['cpu']:>7.1f} {r['mb'] / r['wall']:>9.2f} {per_cpu:>8} "
                  f"{r['articles'] / r['wall']:>10.0f} {ex_cpu:>13} {ex_rate:>16}",
                  flush=True)


if __name__ == "__main__":
    main()
