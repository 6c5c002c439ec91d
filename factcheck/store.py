"""The claim store: the published archive's claims in an embedded DuckDB file.

``factcheck index`` fills it, ``factcheck check`` and ``factcheck serve`` read it. Tables:

| table | one row per | notes |
|---|---|---|
| ``factcheck_meta`` | setting | ``schema_version``; a file without it is not a factcheck store |
| ``articles`` | indexed article | ``root`` (the PATH it was found under), ``content_hash`` |
| ``claims`` | claim | CLAIM_COLUMNS plus ``date_key``, ``base_unit``, ``subject_tokens`` for lookups |
| ``index_runs`` | ``factcheck index`` run | ``status`` is ``running`` until the run completes |

Indexing is incremental (only new or changed articles, by content hash, are re-extracted; articles
gone from under an indexed PATH are dropped) and safe to interrupt: every batch of articles is
replaced in one transaction, so a crash loses at most the batch in flight and re-running finishes
the job. The run is recorded as ``complete`` only at the very end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import InputError, StoreError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from factcheck.ingest import Article
    from factcheck.rules import RuleSet

DEFAULT_STORE = "factcheck.duckdb"
SCHEMA_VERSION = "1"
BATCH_ARTICLES = 200
CLUSTER_SHARE = 0.1  # re-sort the claims table after a run that wrote at least this share of it

_CLAIM_SQL_TYPES = {"string": "VARCHAR", "boolean": "BOOLEAN", "Float64": "DOUBLE", "Int64": "BIGINT"}

_ARTICLE_TABLE = """
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR, source VARCHAR, root VARCHAR, content_hash VARCHAR, title VARCHAR,
    outlet VARCHAR, published VARCHAR, chars BIGINT, n_claims BIGINT, indexed_at TIMESTAMP)
"""
_RUNS_TABLE = """
CREATE TABLE IF NOT EXISTS index_runs (
    run_id BIGINT, started TIMESTAMP, finished TIMESTAMP, roots VARCHAR[], status VARCHAR,
    added BIGINT, changed BIGINT, removed BIGINT, unchanged BIGINT, skipped BIGINT)
"""


def _claims_table_sql() -> str:
    from factcheck.schema import CLAIM_COLUMNS

    cols = [f'"{name}" {_CLAIM_SQL_TYPES[dtype]}' for name, dtype in CLAIM_COLUMNS.items()]
    cols += ["date_key DATE", "base_unit VARCHAR", "subject_tokens VARCHAR[]"]
    return f"CREATE TABLE IF NOT EXISTS claims ({', '.join(cols)})"


def _claim_columns_key() -> str:
    from factcheck.schema import CLAIM_COLUMNS

    return ",".join(f"{k}:{v}" for k, v in CLAIM_COLUMNS.items())


def extractor_fingerprint(rules: RuleSet) -> str:
    """Hash of what claims depend on besides the article: the rules files, and the extractor's code and data.

    When it changes, ``index_paths`` re-extracts every article (the stored claims are stale).
    """
    import factcheck

    h = hashlib.sha256(factcheck.__version__.encode())
    h.update(_claim_columns_key().encode())
    pkg = Path(factcheck.__file__).parent
    files = sorted(Path(rules.root).rglob("*.y*ml"))
    for sub in ("extract", "quantities"):
        files += sorted(p for p in (pkg / sub).rglob("*") if p.is_file() and p.suffix != ".pyc")
    files += [pkg / "text.py", pkg / "dates.py", pkg / "ingest" / "metadata.py"]
    for f in files:
        try:
            h.update(f.name.encode() + b"\x00" + f.read_bytes())
        except OSError:
            continue
    return h.hexdigest()[:16]


def content_hash(article: Article) -> str:
    """Hash of what extraction depends on: the text and the metadata that dates and names claims."""
    h = hashlib.sha256()
    for part in (article.text, article.title, article.outlet, article.published, article.source):
        h.update((part or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


def base_units(units: Iterable[str]) -> dict[str, str]:
    """Base unit of each distinct unit, as the comparator blocks them ("kilometer" -> "meter")."""
    from factcheck.compare.intervals import claim_interval

    out: dict[str, str] = {}
    for u in set(units):
        iv = claim_interval(1.0, None, None, u or "", "exact", None, "")
        out[u] = iv.unit if iv else (u or "")
    return out


def with_lookup_columns(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` plus ``base_unit`` (the lookup columns ``date_key`` and tokens are computed in SQL)."""
    out = claims.copy()
    mapping = base_units(out["unit"].fillna("").astype(str).unique())
    out["base_unit"] = out["unit"].fillna("").astype(str).map(mapping).astype("string")
    return out


@dataclass
class IndexReport:
    """What one ``factcheck index`` run did."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    claims: int = 0  # claims written in this run
    bytes: int = 0  # characters of text extracted in this run (UTF-8 bytes)
    seconds: float = 0.0

    @property
    def extracted(self) -> int:
        """Articles extracted in this run (new plus changed)."""
        return self.added + self.changed


class ClaimStore:
    """An open claim store (a DuckDB file, or ``:memory:``)."""

    def __init__(
        self, path: str | Path = DEFAULT_STORE, *, read_only: bool = True, create: bool = False
    ) -> None:
        """Open the store at ``path``; ``create`` makes a new one when the file does not exist.

        Raises StoreError with a one-line message when the file is missing, locked or is not a
        factcheck store.
        """
        import duckdb

        self.path = str(path)
        memory = self.path == ":memory:"
        if not memory and not Path(self.path).exists():
            if not create:
                raise StoreError(
                    f"{self.path}: no claim store here; build one with "
                    f"`factcheck index PATH --store {self.path}`"
                )
            if not Path(self.path).parent.exists():
                raise StoreError(f"{self.path}: folder {Path(self.path).parent} does not exist")
        if not memory and Path(self.path).is_dir():
            raise StoreError(f"{self.path}: is a folder, not a claim store file")
        try:
            self.con: duckdb.DuckDBPyConnection = duckdb.connect(
                self.path, read_only=read_only and not memory
            )
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            raise StoreError(f"{self.path}: cannot open as a claim store ({first})") from None
        self.read_only = read_only and not memory
        self.stale = False  # built with other claims columns than this factcheck's
        try:
            self._check_schema(create=not self.read_only)
        except BaseException:
            self.con.close()
            raise

    def _check_schema(self, create: bool) -> None:
        import duckdb

        tables = {
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        if "factcheck_meta" in tables:
            version = self.meta("schema_version")
            if version != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: claim store schema version {version or 'none'}, this factcheck "
                    f"reads {SCHEMA_VERSION}; rebuild it with `factcheck index`"
                )
            if self.meta("claim_columns") != _claim_columns_key():
                if create:
                    self._rebuild_claims()
                else:
                    self.stale = True  # readable (missing columns read as NULL), but re-index to refresh
            return
        if tables or not create:
            raise StoreError(
                f"{self.path}: not a factcheck claim store (no factcheck_meta table); "
                f"build one with `factcheck index PATH --store FILE`"
            )
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute("CREATE TABLE factcheck_meta (key VARCHAR, value VARCHAR)")
            self.con.execute(_ARTICLE_TABLE)
            self.con.execute(_claims_table_sql())
            self.con.execute(_RUNS_TABLE)
            self.con.execute("CREATE INDEX IF NOT EXISTS claims_metric ON claims (metric)")
            self.con.execute(
                "INSERT INTO factcheck_meta VALUES ('schema_version', ?), ('created', ?), "
                "('claim_columns', ?), ('extractor', '')",
                [SCHEMA_VERSION, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), _claim_columns_key()],
            )
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot create the claim store ({exc})") from None

    def _rebuild_claims(self) -> None:
        """New claims columns: recreate the claims table and forget every article (all are re-extracted)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DROP TABLE IF EXISTS claims")
            con.execute(_claims_table_sql())
            con.execute("CREATE INDEX IF NOT EXISTS claims_metric ON claims (metric)")
            con.execute("DELETE FROM articles")
            self.set_meta("claim_columns", _claim_columns_key())
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def meta(self, key: str) -> str | None:
        """A setting from factcheck_meta, or None."""
        rows = self.con.execute("SELECT value FROM factcheck_meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a factcheck_meta value (inside the caller's transaction, if any)."""
        self.con.execute("DELETE FROM factcheck_meta WHERE key = ?", [key])
        self.con.execute("INSERT INTO factcheck_meta VALUES (?, ?)", [key, value])

    def use_extractor(self, fingerprint: str) -> bool:
        """Record the extractor that fills the store; when it changed, mark every article for re-extraction.

        Returns True when it changed. Done in one transaction, so an interrupted re-extraction
        resumes where it stopped.
        """
        if self.meta("extractor") == fingerprint:
            return False
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("UPDATE articles SET content_hash = NULL")
            self.set_meta("extractor", fingerprint)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return True

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------
    def stored_articles(self) -> dict[str, tuple[str, str, str]]:
        """article_id -> (source, root, content_hash) of every stored article."""
        rows = self.con.execute("SELECT article_id, source, root, content_hash FROM articles").fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def replace_articles(self, articles: pd.DataFrame, claims: pd.DataFrame) -> None:
        """Replace the given articles and all their claims in one transaction (all or nothing).

        ``articles`` has the ``articles`` table's columns; ``claims`` has CLAIM_COLUMNS.
        """
        from factcheck.schema import CLAIM_COLUMNS

        ids = articles["article_id"].astype(str).tolist()
        claims = with_lookup_columns(claims)
        cols = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_new_articles", articles)
            con.register("_new_claims", claims)
            con.execute("DELETE FROM claims WHERE article_id IN (SELECT UNNEST(?))", [ids])
            con.execute("DELETE FROM articles WHERE article_id IN (SELECT UNNEST(?))", [ids])
            con.execute(
                "INSERT INTO articles SELECT article_id, source, root, content_hash, title, outlet, "
                "published, "
                "chars, n_claims, indexed_at FROM _new_articles"
            )
            con.execute(
                f"INSERT INTO claims SELECT {cols}, {_date_key_sql()} AS date_key, base_unit, "
                f"{_TOKENS_SQL} AS subject_tokens FROM _new_claims"
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("_new_articles")
            con.unregister("_new_claims")

    def remove_articles(self, article_ids: Sequence[str]) -> None:
        """Drop articles and their claims, in one transaction."""
        if not article_ids:
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM claims WHERE article_id IN (SELECT UNNEST(?))", [list(article_ids)])
            con.execute("DELETE FROM articles WHERE article_id IN (SELECT UNNEST(?))", [list(article_ids)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def start_run(self, roots: Sequence[str]) -> int:
        """Record the start of an index run; returns its id."""
        run_id = int(self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM index_runs").fetchall()[0][0])
        self.con.execute(
            "INSERT INTO index_runs VALUES (?, now(), NULL, ?, 'running', 0, 0, 0, 0, 0)",
            [run_id, list(roots)],
        )
        return run_id

    def finish_run(self, run_id: int, report: IndexReport) -> None:
        """Record that an index run completed."""
        self.con.execute(
            "UPDATE index_runs SET finished = now(), status = 'complete', added = ?, changed = ?, "
            "removed = ?, "
            "unchanged = ?, skipped = ? WHERE run_id = ?",
            [report.added, report.changed, report.removed, report.unchanged, len(report.skipped), run_id],
        )

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file."""
        self.con.execute("CHECKPOINT")

    # -- reading ---------------------------------------------------------------------------------
    def last_run(self) -> dict[str, Any] | None:
        """The latest index run (status ``running`` means it was interrupted or is under way)."""
        rows = self.con.execute(
            "SELECT run_id, started, finished, roots, status FROM index_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchall()
        if not rows:
            return None
        row = rows[0]
        return {
            "run_id": row[0],
            "started": str(row[1]),
            "finished": str(row[2]) if row[2] else None,
            "roots": list(row[3] or []),
            "status": row[4],
        }

    def stats(self) -> dict[str, Any]:
        """What the store holds: articles, claims, claims by metric, date range, last run."""
        con = self.con
        n_articles = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        n_claims, first, last = con.execute(
            "SELECT count(*), min(date_key), max(date_key) FROM claims"
        ).fetchall()[0]
        by_metric = con.execute(
            "SELECT metric, count(*) AS n FROM claims GROUP BY metric ORDER BY n DESC, metric"
        ).fetchall()
        outlets = con.execute("SELECT count(DISTINCT outlet) FROM articles").fetchall()[0][0]
        return {
            "store": self.path,
            "articles": int(n_articles),
            "claims": int(n_claims),
            "outlets": int(outlets),
            "first_date": str(first) if first else None,
            "last_date": str(last) if last else None,
            "by_metric": {m: int(n) for m, n in by_metric},
            "last_run": self.last_run(),
        }

    def candidates(
        self,
        probes: Sequence[dict[str, Any]],
        window_days: int,
        limit: int,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> list[tuple[int, dict[str, Any]]]:
        """Archive claims that may speak of the same thing as each probe (a draft claim).

        A probe is a dict with ``article_id``, ``metric``, ``base_unit``, ``timing``, ``subject`` and
        ``date_key`` (YYYY-MM-DD or None). A candidate has the same metric and base unit, comes from
        another article, has the same emptiness of subject and, for named subjects, shares a word
        or is spelled nearly alike (the comparator's own rapidfuzz test decides afterwards). At most
        ``limit`` per probe, nearest in time first, undated ones last. Figures of ``fixed`` facts,
        and probes without a date, match any date; others only within ``window_days``.

        Two SQL queries: a top-N subquery per distinct probe on the indexed columns (metric, base_unit,
        date_key; the table is clustered on them, so DuckDB's zone maps skip most row groups), then
        one fetch of the chosen rows by rowid. Returns (probe index, claim row as dict) pairs.
        """
        from factcheck.schema import CLAIM_COLUMNS

        con = con or self.con
        keys: dict[tuple, int] = {}
        probe_key: list[int] = []
        for p in probes:
            key = (
                p["article_id"],
                p["metric"],
                p["base_unit"],
                p["timing"] or "",
                p["subject"] or "",
                p["date_key"] or None,
            )
            probe_key.append(keys.setdefault(key, len(keys)))
        key_list = list(keys)
        # fixed facts and undated probes: any date, nearest first; others: within the window
        found = self._top_n(
            con,
            [
                (k, key, None if key[5] is None or key[3] == "fixed" else window_days)
                for k, key in enumerate(key_list)
            ],
            limit,
        )
        rowids = sorted({r for rows in found.values() for r in rows})
        if not rowids:
            return []
        have = self._claim_columns(con)
        cols = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in CLAIM_COLUMNS)
        cur = con.execute(f"SELECT rowid, {cols} FROM claims WHERE rowid = ANY(?)", [rowids])
        names = [d[0] for d in cur.description][1:]
        by_rowid = {r[0]: dict(zip(names, r[1:], strict=True)) for r in cur.fetchall()}
        out: list[tuple[int, dict[str, Any]]] = []
        for pid, k in enumerate(probe_key):
            out.extend((pid, by_rowid[r]) for r in found.get(k, []) if r in by_rowid)
        return out

    @staticmethod
    def _claim_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
        return {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'claims'"
            ).fetchall()
        }

    @staticmethod
    def _top_n(
        con: duckdb.DuckDBPyConnection, keys: list[tuple[int, tuple, int | None]], limit: int
    ) -> dict[int, list[int]]:
        """Rowids of the nearest ``limit`` candidates of each probe key, in one UNION ALL query."""
        if not keys:
            return {}
        parts: list[str] = []
        params: list[Any] = []
        for k, (article_id, metric, base_unit, _timing, subject, date_key), window_days in keys:
            where = ["c.metric = ?", "c.base_unit = ?", "c.article_id <> ?"]
            params_k: list[Any] = [metric, base_unit, article_id]
            if window_days is not None:
                where.append("c.date_key BETWEEN CAST(? AS DATE) - ? AND CAST(? AS DATE) + ?")
                params_k += [date_key, int(window_days), date_key, int(window_days)]
            if subject:
                where.append(
                    "c.subject <> '' AND (len(list_intersect(c.subject_tokens, ?::VARCHAR[])) > 0 "
                    "OR jaro_winkler_similarity(lower(c.subject), ?) >= 0.85)"
                )
                params_k += [subject_tokens(subject), subject.lower()]
            else:
                where.append("c.subject = ''")
            if date_key is not None:
                order = "c.date_key IS NULL, abs(date_diff('day', c.date_key, CAST(? AS DATE))), c.id"
                params_k.append(date_key)
            else:
                order = "c.date_key DESC NULLS LAST, c.id"
            parts.append(
                f"(SELECT {int(k)} AS k, c.rowid AS r FROM claims c WHERE {' AND '.join(where)} "
                f"ORDER BY {order} LIMIT {int(limit)})"
            )
            params += params_k
        out: dict[int, list[int]] = {}
        for k, r in con.execute(" UNION ALL ".join(parts), params).fetchall():
            out.setdefault(k, []).append(r)
        return out

    def cluster(self) -> None:
        """Rewrite the claims table sorted by metric, base unit and date (one transaction): fast lookups."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "CREATE TABLE claims_sorted AS SELECT * FROM claims "
                "ORDER BY metric, base_unit, date_key, subject"
            )
            con.execute("DROP TABLE claims")
            con.execute("ALTER TABLE claims_sorted RENAME TO claims")
            con.execute("CREATE INDEX claims_metric ON claims (metric)")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


_STOPWORDS = frozenset({"the", "and", "for", "from", "with"})


def subject_tokens(subject: str) -> list[str]:
    """Lower-cased words of a subject, as the ``subject_tokens`` column holds them."""
    import re

    return [t for t in re.split(r"[^\w]+|_", subject.lower()) if len(t) > 2 and t not in _STOPWORDS]


def _date_key_sql() -> str:
    """date_key: the day a figure refers to, else its article's publication day, else its window's start."""
    from factcheck.schema import CLAIM_COLUMNS

    cols = [c for c in ("date", "published", "date_from") if c in CLAIM_COLUMNS]
    return "coalesce(" + ", ".join(f'TRY_CAST("{c}" AS DATE)' for c in cols) + ")"


# subject_tokens: lower-cased words of the subject (for the candidate pre-filter only).
_TOKENS_SQL = (
    "list_filter(string_split_regex(lower(coalesce(subject, '')), '[^[:alnum:]]+'), "
    "lambda t: length(t) > 2 AND t NOT IN ('the', 'and', 'for', 'from', 'with'))"
)


def _under(source: str, root: str) -> bool:
    """True when ``source`` was found under ``root`` (a folder, a file, or a feed file's records)."""
    return source == root or source.startswith(root.rstrip(os.sep) + os.sep) or source.startswith(root + "#")


def index_paths(
    store: ClaimStore,
    paths: Sequence[str],
    rules: RuleSet | None = None,
    batch_size: int = BATCH_ARTICLES,
    progress: Callable[[str], None] | None = None,
) -> IndexReport:
    """Bring ``store`` up to date with the articles under ``paths`` (incremental; see module docs).

    Raises InputError when a path does not exist (a typo must not empty the store).
    """
    import pandas as pd

    from factcheck.extract import Extractor
    from factcheck.ingest import read_articles
    from factcheck.pipeline import complete_dates
    from factcheck.rules import load_rules
    from factcheck.schema import CLAIM_COLUMNS, empty_frame, validate_claims

    t0 = time.perf_counter()
    roots = []
    for p in paths:
        if not os.path.lexists(p):
            raise InputError(p, "no such file or folder")
        roots.append(os.path.abspath(p))
    rules = rules or load_rules()
    report = IndexReport()
    store.use_extractor(extractor_fingerprint(rules))
    articles = list(read_articles(roots))
    complete_dates(articles)
    stored = store.stored_articles()
    seen: set[str] = set()
    todo: list[tuple[Article, str, str]] = []
    for art in articles:
        seen.add(art.article_id)
        if not art.ok:
            report.skipped.append((art.source, art.error or "unreadable"))
            continue
        root = next((r for r in roots if _under(art.source, r)), roots[0])
        digest = content_hash(art)
        old = stored.get(art.article_id)
        if old and old[2] == digest:
            report.unchanged += 1
            continue
        todo.append((art, root, digest))
        if old:
            report.changed += 1
        else:
            report.added += 1
    run_id = store.start_run(roots)
    ex = Extractor(rules)
    now = dt.datetime.now()
    for b in range(0, len(todo), batch_size):
        batch = todo[b : b + batch_size]
        rows: list[dict[str, object]] = []
        arts: list[dict[str, object]] = []
        for art, root, digest in batch:
            claims = ex.article_claims(art)
            rows.extend(claims)
            report.bytes += len(art.text.encode("utf-8", "surrogatepass"))
            arts.append(
                {
                    "article_id": art.article_id,
                    "source": art.source,
                    "root": root,
                    "content_hash": digest,
                    "title": art.title,
                    "outlet": art.outlet,
                    "published": art.published,
                    "chars": len(art.text),
                    "n_claims": len(claims),
                    "indexed_at": now,
                }
            )
        claims_df = (
            validate_claims(pd.DataFrame(rows, columns=list(CLAIM_COLUMNS)))
            if rows
            else empty_frame(CLAIM_COLUMNS)
        )
        store.replace_articles(pd.DataFrame(arts), claims_df)
        report.claims += len(claims_df)
        if progress:
            progress(f"indexed {min(b + batch_size, len(todo))}/{len(todo)} articles")
    gone = [
        aid
        for aid, (source, _root, _h) in stored.items()
        if aid not in seen and any(_under(source, r) for r in roots)
    ]
    store.remove_articles(gone)
    report.removed = len(gone)
    total = store.con.execute("SELECT count(*) FROM claims").fetchall()[0][0]
    if report.claims and report.claims >= CLUSTER_SHARE * total:
        store.cluster()
    store.finish_run(run_id, report)
    store.checkpoint()
    report.seconds = time.perf_counter() - t0
    return report


__all__ = ["BATCH_ARTICLES", "DEFAULT_STORE", "ClaimStore", "IndexReport", "content_hash", "index_paths"]
