"""Build a benchmark claim store of at least 1,000,000 claims from the shared corpora.

1. **Real claims.** ``factcheck index`` (``factcheck.store.index_paths``) runs over a sample of
   the corpora: the first ``--reuters`` lines of ``reuters21578.jsonl`` and the multi-source
   clusters (ECB+ and Multi-News). This step is timed: it is the indexing throughput reported
   by ``bench_check.py`` (articles/s and MB/s of article text).
2. **Synthetic expansion.** The corpora give a few thousand claims, so the store is expanded
   inside DuckDB (bulk ``INSERT ... SELECT`` over ``range(k)``, never row by row) until it holds
   ``--claims`` claims. Copy ``r`` of an article is a new article (``source#copyR``) from one of
   200 synthetic outlets, dated ``(r * 37 + hash) mod 3650`` days after 2015-01-01 (undated
   originals get a date too, so every copy has a ``date_key``); every third copy shifts its
   figures by -10..+10 % so the store holds agreeing and disagreeing figures alike. Claim ids are
   rehashed per copy. The result is deterministic.

Usage: ``.venv/bin/python benchmarks/make_store.py OUT.duckdb [--claims 1000000] [--reuters 3000]``;
prints a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
REUTERS = CORPORA / "reuters21578" / "reuters21578.jsonl"
MULTI = [
    CORPORA / "multisource_clusters" / "ecbplus.jsonl",
    CORPORA / "multisource_clusters" / "multinews_longbench.jsonl",
]


def sample_corpus(work: Path, reuters_lines: int) -> list[Path]:
    """The real articles to index: a Reuters sample plus the multi-source clusters (copied into ``work``)."""
    work.mkdir(parents=True, exist_ok=True)
    reuters = work / "reuters_sample.jsonl"
    with REUTERS.open("rb") as src, reuters.open("wb") as dst:
        for i, line in enumerate(src):
            if i >= reuters_lines:
                break
            dst.write(line)
    out = [reuters]
    for m in MULTI:
        if m.exists():
            target = work / m.name
            target.write_bytes(m.read_bytes())
            out.append(target)
    return out


def expand(con, target_claims: int) -> int:
    """Replicate the claims inside DuckDB until there are ``target_claims``; returns the copies made."""
    from factcheck.schema import CLAIM_COLUMNS

    base = con.execute("SELECT count(*) FROM claims").fetchall()[0][0]
    if base == 0:
        raise SystemExit("no claims were extracted from the sample; nothing to expand")
    copies = max(0, math.ceil(target_claims / base) - 1)
    if copies == 0:
        return 0
    shift = "(r.range * 37 + (hash(c.article_id) % 3650)) % 3650"
    jitter = "CASE WHEN r.range % 3 = 0 THEN 1 + ((hash(c.id, r.range) % 21)::DOUBLE - 10) / 100 ELSE 1 END"
    day = f"(DATE '2015-01-01' + CAST({shift} AS INTEGER))"

    def moved(col: str) -> str:
        offset = f"date_diff('day', coalesce(c.date_key, {day}), coalesce(TRY_CAST(c.{col} AS DATE), {day}))"
        return f"strftime({day} + CAST({offset} AS INTEGER), '%Y-%m-%d')"

    exprs = []
    for col in CLAIM_COLUMNS:
        if col == "id":
            exprs.append("'c' || substr(md5(c.id || '#' || r.range::VARCHAR), 1, 12)")
        elif col == "article_id":
            exprs.append("c.article_id || '-' || r.range::VARCHAR")
        elif col == "source":
            exprs.append("c.source || '#copy' || r.range::VARCHAR")
        elif col == "outlet":
            exprs.append("'Outlet ' || (hash(c.article_id, r.range) % 200)::VARCHAR")
        elif col in ("value", "low", "high"):
            exprs.append(f"c.{col} * {jitter}")
        elif col == "published":
            exprs.append(f"strftime({day}, '%Y-%m-%d')")
        elif col in ("date", "date_from", "date_to"):
            exprs.append(f"CASE WHEN c.{col} IS NULL THEN NULL ELSE {moved(col)} END")
        else:
            exprs.append(f'c."{col}"')
    cols = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
    con.execute("BEGIN TRANSACTION")
    con.execute(f"""
        INSERT INTO claims ({cols}, date_key, base_unit, subject_tokens)
        SELECT {", ".join(exprs)}, {day}, c.base_unit, c.subject_tokens
        FROM (SELECT * FROM claims) c CROSS JOIN range(1, {copies + 1}) r
    """)
    con.execute(f"""
        INSERT INTO articles
        SELECT a.article_id || '-' || r.range::VARCHAR, a.source || '#copy' || r.range::VARCHAR, a.root,
               a.content_hash, a.title, 'Outlet ' || (hash(a.article_id, r.range) % 200)::VARCHAR,
               strftime({day.replace("c.article_id", "a.article_id")}, '%Y-%m-%d'),
               a.chars, a.n_claims, a.indexed_at
        FROM (SELECT * FROM articles) a CROSS JOIN range(1, {copies + 1}) r
    """)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    return copies


def build_store(
    out: Path, target_claims: int = 1_000_000, reuters_lines: int = 3000, reuse: bool = False
) -> dict:
    """Index the corpus sample (timed), then expand a copy of it into ``out``; returns the numbers.

    The indexed sample is kept beside ``out`` (``*.base.duckdb`` and its timing in ``*.base.json``);
    ``reuse`` skips indexing when they exist.
    """
    import shutil

    from factcheck.store import ClaimStore, index_paths

    base = out.with_suffix(".base.duckdb")
    timing = out.with_suffix(".base.json")
    if not (reuse and base.exists() and timing.exists()):
        for f in (base, base.with_suffix(".duckdb.wal")):
            f.unlink(missing_ok=True)
        paths = sample_corpus(out.parent / "corpus_sample", reuters_lines)
        with ClaimStore(base, read_only=False, create=True) as st:
            rep = index_paths(st, [str(p) for p in paths])
        timing.write_text(
            json.dumps(
                {
                    "index_articles": rep.extracted,
                    "index_bytes": rep.bytes,
                    "index_seconds": round(rep.seconds, 2),
                    "index_articles_per_s": round(rep.extracted / rep.seconds, 1),
                    "index_mb_per_s": round(rep.bytes / 1e6 / rep.seconds, 3),
                    "real_claims": rep.claims,
                }
            )
        )
    numbers = json.loads(timing.read_text())
    for f in (out, out.with_suffix(".duckdb.wal")):
        f.unlink(missing_ok=True)
    shutil.copy(base, out)
    with ClaimStore(out, read_only=False) as st:
        t0 = time.perf_counter()
        copies = expand(st.con, target_claims)
        st.cluster()  # what `factcheck index` does after a large run
        st.checkpoint()
        expand_s = time.perf_counter() - t0
        stats = st.stats()
    return {
        **numbers,
        "store": str(out),
        "copies": copies,
        "expand_seconds": round(expand_s, 2),
        "claims": stats["claims"],
        "articles": stats["articles"],
        "store_mb": round(out.stat().st_size / 1e6, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--reuters", type=int, default=3000, help="Reuters lines to index (real articles).")
    ap.add_argument("--reuse", action="store_true", help="Reuse the indexed sample of an earlier run.")
    args = ap.parse_args(argv)
    print(json.dumps(build_store(args.out, args.claims, args.reuters, args.reuse), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
