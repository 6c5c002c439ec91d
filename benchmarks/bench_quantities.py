"""Throughput of ``parse_quantities`` against quantulum3 on the shared news corpora.

usage: .venv/bin/python benchmarks/bench_quantities.py [--mb N] [--q3-kb K] [--corpora DIR]

Reads article text from ``../shared/corpora`` (Reuters-21578 and the multi-source clusters),
times ``factcheck.quantities.parse_quantities`` on ``--mb`` megabytes of it (single process,
one core), then times quantulum3's ``parser.parse`` on the first ``--q3-kb`` kilobytes of the
*same* text (quantulum3 is slow, so a sample), and prints MB/s for both and the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.quantities import parse_quantities  # noqa: E402

DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"


def load_texts(corpora: Path, limit_bytes: int) -> list[str]:
    """Article texts from the corpora (interleaving sources) until ``limit_bytes`` of UTF-8 is collected."""
    files = [
        corpora / "reuters21578" / "reuters21578.jsonl",
        *sorted((corpora / "multisource_clusters").glob("*.jsonl")),
    ]
    readers = [f.open(encoding="utf-8") for f in files if f.exists()]
    texts: list[str] = []
    total = 0
    try:
        while readers and total < limit_bytes:
            for fh in list(readers):
                line = fh.readline()
                if not line:
                    readers.remove(fh)
                    continue
                text = json.loads(line).get("text") or ""
                if text:
                    texts.append(text)
                    total += len(text.encode("utf-8"))
                if total >= limit_bytes:
                    break
    finally:
        for fh in readers:
            fh.close()
    return texts


def mb(texts: list[str]) -> float:
    """Size of the texts in MB (10**6 bytes of UTF-8)."""
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def time_ours(texts: list[str]) -> tuple[float, int]:
    """Seconds taken by parse_quantities over the texts, and the number of quantities found."""
    parse_quantities("warm up: 5 km, $3bn, 40%")  # build lexicons and regexes outside the timing
    n = 0
    t0 = time.perf_counter()
    for t in texts:
        n += len(parse_quantities(t))
    return time.perf_counter() - t0, n


def time_quantulum(texts: list[str]) -> tuple[float, int] | None:
    """Seconds taken by quantulum3's parser over the texts (None when quantulum3 is not installed)."""
    try:
        from quantulum3 import parser as q3
    except Exception:  # pragma: no cover - optional dependency
        return None
    q3.parse("warm up 5 km")
    n = 0
    t0 = time.perf_counter()
    for t in texts:
        n += len(q3.parse(t))
    return time.perf_counter() - t0, n


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="MB of text for parse_quantities (default 5)")
    ap.add_argument(
        "--q3-kb", type=float, default=200.0, help="KB of the same text for quantulum3 (default 200)"
    )
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = ap.parse_args(argv)
    texts = load_texts(args.corpora, int(args.mb * 1e6))
    if not texts:
        print(f"no text found under {args.corpora}", file=sys.stderr)
        return 2
    size = mb(texts)
    secs, n = time_ours(texts)
    ours = size / secs
    print(f"parse_quantities: {size:.2f} MB in {secs:.2f} s = {ours:.2f} MB/s ({n} quantities, 1 core)")
    sample = load_texts(args.corpora, int(args.q3_kb * 1e3))
    s_size = mb(sample)
    s_secs, _ = time_ours(sample)
    q3 = time_quantulum(sample)
    if q3 is None:
        print("quantulum3 not installed; no comparison")
        return 0
    q_secs, q_n = q3
    q_rate = s_size / q_secs
    s_rate = s_size / s_secs
    print(
        f"same sample {s_size * 1000:.0f} KB: parse_quantities {s_rate:.2f} MB/s, "
        f"quantulum3 {q_rate:.4f} MB/s ({q_n} quantities)"
    )
    print(f"ratio (parse_quantities / quantulum3, same text): {s_rate / q_rate:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
