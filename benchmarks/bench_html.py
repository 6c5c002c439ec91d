"""How big and how fast is report.html for a large run? Render time in Python, then load and interaction
times in headless Chromium (Performance API via Playwright).

    .venv/bin/python benchmarks/bench_html.py                      # first 1,000 Reuters-21578 records
    .venv/bin/python benchmarks/bench_html.py --n 1000 --stress 10000 --json out.json

``--stress N`` also renders the same run with its claims table replicated to N rows, to check that the
claims explorer stays responsive with thousands of claims (the Reuters sample has few casualty-style
figures). Numbers are medians over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from factcheck.pipeline import run_pipeline
from factcheck.report.html_format import render_html
from factcheck.result import RunResult

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

# Runs in the page: time a click on a column heading, the filter and the search box, each including
# the style/layout work it causes (reading offsetHeight forces layout synchronously).
INTERACTIONS_JS = """
() => {
  const t = (f) => {
    const s = performance.now(); f(); document.body.offsetHeight; return performance.now() - s;
  };
  const th = (name) => [...document.querySelectorAll("#claims-table thead th")]
    .find(h => h.textContent.trim() === name)
    .querySelector('button');
  const form = document.getElementById('claim-filters');
  const out = {};
  out.sort_figure_ms = t(() => th('Figure').click());
  out.sort_figure_again_ms = t(() => th('Figure').click());
  out.sort_source_ms = t(() => th('Source').click());
  const metric = form.metric.options[1] ? form.metric.options[1].value : '';
  const change = (el, v) => { el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); };
  out.filter_metric_ms = t(() => change(form.metric, metric));
  out.filter_reset_ms = t(() => change(form.metric, ''));
  out.search_ms = t(() => change(form.q, 'kill'));
  out.rows = document.querySelectorAll('#claims-table tbody tr').length;
  return out;
}
"""

LOAD_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
  return {first_paint_ms: paint['first-paint'], first_contentful_paint_ms: paint['first-contentful-paint'],
          dom_content_loaded_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd,
          dom_nodes: document.getElementsByTagName('*').length};
}
"""


def first_records(corpus: Path, n: int, out: Path) -> Path:
    """Write the first ``n`` JSON Lines records of ``corpus`` to ``out`` (the ingest stage reads .jsonl)."""
    with corpus.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def stressed(result: RunResult, rows: int) -> RunResult:
    """The same run with its claims replicated (fresh ids) until the table has ``rows`` rows."""
    if result.claims.empty or rows <= len(result.claims):
        return result
    copies = []
    for k in range(-(-rows // len(result.claims))):
        c = result.claims.copy()
        c["id"] = c["id"] + (f"x{k}" if k else "")
        copies.append(c)
    return replace(result, claims=pd.concat(copies, ignore_index=True).head(rows))


def median_ms(fn: Any, repeat: int) -> tuple[float, Any]:
    """Median wall time of ``fn()`` in ms over ``repeat`` calls, and the last return value."""
    times, value = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), value


def measure_in_browser(html_path: Path, repeat: int) -> dict[str, float]:
    """Load timings and interaction timings for one report in headless Chromium (medians)."""
    from playwright.sync_api import sync_playwright

    runs: list[dict[str, float]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.goto(html_path.as_uri(), wait_until="load")
            page.wait_for_timeout(100)  # let paint entries land
            metrics = page.evaluate(LOAD_JS) | page.evaluate(INTERACTIONS_JS)
            metrics["console_errors"] = len(errors)
            runs.append(metrics)
            page.close()
        browser.close()
    return {k: statistics.median(r[k] for r in runs) for k in runs[0] if runs[0][k] is not None}


def bench(label: str, result: RunResult, out_dir: Path, repeat: int) -> dict[str, Any]:
    """Render ``result`` to HTML, save it and measure it; one row of the benchmark table."""
    render_ms, html = median_ms(lambda: render_html(result), repeat)
    path = out_dir / f"report-{label}.html"
    path.write_text(html, encoding="utf-8")
    row: dict[str, Any] = {
        "label": label, "articles": result.counts()["articles"], "claims": len(result.claims),
        "discrepancies": len(result.discrepancies), "size_bytes": len(html.encode("utf-8")),
        "render_ms": round(render_ms, 1),
    }
    row.update({k: round(v, 1) for k, v in measure_in_browser(path, repeat).items()})
    return row


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (and optionally write JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a .jsonl corpus, one article a line")
    ap.add_argument("--n", type=int, default=1000, help="how many records to read")
    ap.add_argument("--stress", type=int, default=10000, help="also bench with this many claims (0: off)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="keep the rendered reports in this folder")
    ap.add_argument("--json", type=Path, default=None, help="write the results here as JSON")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        sample = first_records(args.corpus, args.n, Path(tmp) / f"first{args.n}.jsonl")
        t0 = time.perf_counter()
        result = run_pipeline([str(sample)])
        pipeline_ms = (time.perf_counter() - t0) * 1000
        rows = [bench(f"{args.n}-articles", result, out_dir, args.repeat)]
        if args.stress:
            rows.append(bench(f"{args.n}-articles-{args.stress}-claims", stressed(result, args.stress),
                              out_dir, args.repeat))

    print(f"pipeline for {args.n} records: {pipeline_ms / 1000:.1f} s (not part of the HTML numbers)")
    keys = ["label", "articles", "claims", "discrepancies", "size_bytes", "render_ms", "first_paint_ms",
            "first_contentful_paint_ms", "dom_content_loaded_ms", "load_ms", "dom_nodes", "sort_figure_ms",
            "sort_figure_again_ms", "sort_source_ms", "filter_metric_ms", "filter_reset_ms", "search_ms",
            "console_errors"]
    for r in rows:
        print("\n".join(f"  {k:>26}: {r.get(k)}" for k in keys), end="\n\n")
    if args.json:
        args.json.write_text(json.dumps({"pipeline_ms": round(pipeline_ms), "runs": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
