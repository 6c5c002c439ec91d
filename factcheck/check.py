"""Pre-publication check: a draft's claims judged against the published archive in the claim store.

For every claim of the draft, the store is asked (one SQL query, ``ClaimStore.candidates``) for
archive claims of the same metric and base unit, from an overlapping time window and about a
similar subject. Each candidate passes the comparator's own subject test (rapidfuzz, as
``factcheck.compare.group_claims``) and is then judged with ``factcheck.compare.judge``, the
same function ``factcheck run`` uses. Every (draft claim, archive claim) pair judged to disagree
is a *finding*.

A finding's id is stable across edits of the draft: it is derived from the draft figure as
written, its metric and the archive claim id, never from offsets. Editors accept a known
finding with an inline marker or a baseline file; an acknowledged finding is still reported,
it only stops failing the check.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import os
import re
import sys
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from factcheck import __version__
from factcheck.errors import FactcheckError, InputError
from factcheck.store import ClaimStore, base_units

if TYPE_CHECKING:
    import duckdb

    from factcheck.extract import Extractor
    from factcheck.ingest import Article

#: The findings table: one row per (draft claim, archive claim) pair that disagrees.
FINDING_COLUMNS: dict[str, str] = {
    "id": "string",  # stable id: hash of the draft figure as written, its metric and the archive claim id
    "file": "string",  # the draft, as given
    "line": "Int64",  # 1-based line of the draft figure in the file
    "col": "Int64",  # 1-based column of the draft figure
    "kind": "string",  # conflict, disputed, update
    "level": "string",  # error (fails the check), warning, note
    "severity": "Float64",  # 0..1, as in report.json
    "metric": "string",
    "subject": "string",
    "draft_claim": "string",  # claim id of the draft figure
    "archive_claim": "string",  # claim id of the archive figure
    "draft_value": "string",  # the draft figure as an editor would say it
    "archive_value": "string",
    "archive_outlet": "string",  # outlet (or file name) of the archive article
    "archive_date": "string",  # the day the archive figure refers to (or its article's date), or <NA>
    "archive_source": "string",  # the archive article's path or feed id
    "message": "string",  # one line: "conflict: people detained 7,000 here vs 6,700 in Outlet, date (source)"
    "explanation": "string",  # the comparator's plain-language explanation
    "acknowledged": "boolean",  # accepted by an inline marker or the baseline: shown, does not fail
    "ack_reason": "string",  # the editor's reason, or <NA>
    "ack_via": "string",  # inline (a marker in the draft) or baseline, or <NA>
}

#: --fail-on levels: which finding kinds fail the check.
FAIL_KINDS: dict[str, frozenset[str]] = {
    "conflict": frozenset({"conflict"}),
    "disputed": frozenset({"conflict", "disputed"}),
    "update": frozenset({"conflict", "disputed", "update"}),
    "never": frozenset(),
}
DEFAULT_FAIL_ON = "conflict"
DEFAULT_WINDOW_DAYS = 30
DEFAULT_MAX_CANDIDATES = 50
_KIND_ORDER = {"conflict": 0, "disputed": 1, "update": 2}

ACK_MARKER = re.compile(r"<!--\s*factcheck:\s*ack\b(?P<body>.*?)-->", re.S | re.I)
_FINDING_ID = re.compile(r"^f[0-9a-f]{12}$")


class BaselineError(ValueError, FactcheckError):
    """A baseline file that cannot be read or is not a factcheck baseline."""


# -- ids and acknowledgements ----------------------------------------------------------------------
def finding_id(metric: str, surface: str, archive_claim: str) -> str:
    """Stable id of a finding: the draft figure as written, its metric and the archive claim id."""
    key = f"{metric.strip().lower()}\x00{' '.join(surface.split()).lower()}\x00{archive_claim}"
    return "f" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class Ack:
    """An inline acknowledgement: ``<!-- factcheck: ack TARGET reason -->``."""

    target: str  # a finding id or a metric name (lower case)
    reason: str
    first: int  # offsets of the text the marker covers
    last: int


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of runs of non-blank lines."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"(?:^[^\S\n]*\S.*(?:\n|$))+", text, re.M):
        out.append((m.start(), m.end()))
    return out


def parse_acks(text: str, metrics: Iterable[str] = ()) -> list[Ack]:
    """Inline acknowledgements and the part of ``text`` each covers.

    A marker covers the paragraph (run of non-blank lines) it is in; a marker that stands alone in
    its paragraph covers the next paragraph. TARGET is a finding id (``f`` + 12 hex digits), a
    metric name (``people killed``; quote it if the reason could be mistaken for part of it), or
    ``*`` for every finding in the paragraph. The rest is the reason.
    """
    known = sorted({m.lower() for m in metrics if m}, key=len, reverse=True)
    blocks = _blocks(text)
    starts = [b[0] for b in blocks]
    acks: list[Ack] = []
    for m in ACK_MARKER.finditer(text):
        body = " ".join(m.group("body").split())
        target, reason = _split_target(body, known)
        if not target:
            continue
        bi = max(0, bisect.bisect_right(starts, m.start()) - 1)
        if not blocks:
            continue
        first, last = blocks[bi]
        rest = ACK_MARKER.sub("", text[first:last]).strip()
        if not rest and bi + 1 < len(blocks):
            first, last = blocks[bi + 1]
        acks.append(Ack(target, reason, first, last))
    return acks


def _split_target(body: str, known: list[str]) -> tuple[str, str]:
    if not body:
        return "", ""
    if body[0] in "\"'“":
        close = {"“": "”"}.get(body[0], body[0])
        end = body.find(close, 1)
        if end > 0:
            return body[1:end].strip().lower(), body[end + 1 :].strip(" :-—")
    low = body.lower()
    for metric in known:
        if low == metric or low.startswith(metric + " ") or low.startswith(metric + ":"):
            return metric, body[len(metric) :].strip(" :-—")
    head, _, rest = body.partition(" ")
    return head.strip(":").lower(), rest.strip(" :-—")


def mask_acks(text: str) -> str:
    """``text`` with ack markers blanked (same length, newlines kept), so ids are not read as figures."""
    return ACK_MARKER.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def read_baseline(path: str | Path) -> dict[str, str]:
    """Acknowledged finding ids (and reasons) from a baseline file; a missing file is an empty baseline."""
    p = Path(path)
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(
            f"{path}: cannot read baseline ({exc.__class__.__name__}: {exc}); "
            f"regenerate it with --write-baseline"
        ) from None
    items = data.get("acknowledged") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise BaselineError(f"{path}: not a factcheck baseline (expected an 'acknowledged' list)")
    out: dict[str, str] = {}
    for item in items:
        if isinstance(item, str):
            out[item] = ""
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            out[item["id"]] = str(item.get("reason") or "")
        else:
            raise BaselineError(f"{path}: baseline entries must be finding ids or objects with an 'id'")
    return out


def write_baseline(path: str | Path, findings: pd.DataFrame, previous: dict[str, str] | None = None) -> int:
    """Write every finding's id to a baseline file keeping earlier reasons; returns how many."""
    from factcheck.report.atomic import write_atomic

    previous = previous or {}
    entries = []
    for f in findings.drop_duplicates("id").to_dict("records"):
        reason = previous.get(f["id"]) or (f["ack_reason"] if isinstance(f["ack_reason"], str) else "")
        entries.append(
            {
                "id": f["id"],
                "file": f["file"],
                "kind": f["kind"],
                "metric": f["metric"],
                "message": f["message"],
                "reason": reason,
            }
        )
    entries.sort(key=lambda e: (e["file"], e["id"]))
    doc = {"version": 1, "generated_by": f"factcheck {__version__}", "acknowledged": entries}
    write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return len(entries)


# -- the check ---------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def get_extractor(rules_dir: str | None = None) -> Extractor:
    """The Extractor for a rules folder, built once per process (rules load and compile once)."""
    from factcheck.extract import Extractor
    from factcheck.rules import load_rules

    return Extractor(load_rules(rules_dir))


def _subject_match(a: str | None, b: str | None) -> bool:
    """The comparator's grouping test: both subjects empty, or rapidfuzz token-set ratio at the threshold."""
    from rapidfuzz import fuzz

    from factcheck.compare import SUBJECT_SIMILARITY

    a, b = a or "", b or ""
    if not a or not b:
        return not a and not b
    return fuzz.token_set_ratio(a, b) >= SUBJECT_SIMILARITY


def _iso(s: object) -> str | None:
    """``s`` when it is a valid YYYY-MM-DD date, else None."""
    if not isinstance(s, str):
        return None
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        return None


def _line_col(text: str, offset: int, line_base: int = 0) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1 + line_base, offset - line_start + 1


def _display_path(source: str) -> str:
    try:
        rel = os.path.relpath(source)
    except ValueError:
        return source
    return rel if not rel.startswith("..") else source


def _empty_findings() -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series(dtype=t) for n, t in FINDING_COLUMNS.items()})


@dataclass
class DraftCheck:
    """The findings and claims of one draft."""

    findings: pd.DataFrame  # FINDING_COLUMNS
    claims: pd.DataFrame  # CLAIM_COLUMNS: the draft's claims and the archive claims in findings
    draft_claims: int = 0


def check_article(
    article: Article,
    store: ClaimStore,
    *,
    file: str | None = None,
    line_base: int = 0,
    extractor: Extractor | None = None,
    baseline: dict[str, str] | None = None,
    fail_on: str = DEFAULT_FAIL_ON,
    window_days: int = DEFAULT_WINDOW_DAYS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    con: duckdb.DuckDBPyConnection | None = None,
) -> DraftCheck:
    """Check one draft Article against the store; ``file``/``line_base`` place findings in the file."""
    from factcheck.compare import interval_of
    from factcheck.compare.explain import explain, format_value, severity
    from factcheck.compare.judge import judge
    from factcheck.pipeline import complete_dates
    from factcheck.schema import CLAIM_COLUMNS, empty_frame, validate_claims

    extractor = extractor or get_extractor()
    complete_dates([article])  # as `run` does: a year for a bare dateline, a window for an undated draft
    text = article.text
    article.text = mask_acks(text)
    try:
        rows = extractor.article_claims(article)
    finally:
        article.text = text
    file = file or article.source
    if not rows:
        return DraftCheck(_empty_findings(), empty_frame(CLAIM_COLUMNS), 0)
    drecs = [{c: r.get(c) for c in CLAIM_COLUMNS} for r in rows]
    units = base_units(str(d["unit"] or "") for d in drecs)
    probes = [
        {
            "article_id": d["article_id"],
            "metric": d["metric"],
            "base_unit": units[d["unit"] or ""],
            "timing": d["timing"] or "",
            "subject": d["subject"] or "",
            "date_key": _iso(d["date"]) or _iso(d["published"]) or _iso(d.get("date_from")),
        }
        for d in drecs
    ]
    cands = store.candidates(probes, window_days, max_candidates, con=con)
    acks = parse_acks(text, {d["metric"] for d in drecs if d["metric"]})
    baseline = baseline or {}
    fail_kinds = FAIL_KINDS[fail_on]
    dints = [interval_of(d) for d in drecs]
    found: dict[str, dict[str, Any]] = {}
    involved: dict[str, dict[str, Any]] = {}
    for pid, c in cands:
        d = drecs[pid]
        if dints[pid] is None or not _subject_match(d["subject"], c["subject"]):
            continue
        ic = interval_of(c)
        if ic is None:
            continue
        v = judge(d, c, dints[pid], ic)
        if v is None:
            continue
        fid = finding_id(d["metric"], d["surface"] or "", c["id"])
        if fid in found:
            continue
        first, second = (c, d) if v.kind == "update" and v.earlier == c["id"] else (d, c)
        line, col = _line_col(text, int(d["start"]), line_base)
        outlet = c["outlet"] or str(c["source"] or "").rsplit("/", 1)[-1]
        cdate = c["date"] or c["published"]
        what = d["metric"] + (f" ({d['subject']})" if d["subject"] else "")
        message = (
            f"{v.kind}: {what} {format_value(d)} here vs {format_value(c)} in {outlet}, "
            f"{cdate or 'undated'} ({_display_path(str(c['source']))})"
        )
        ack_reason: str | None = None
        ack_via: str | None = None
        for a in acks:
            if a.first <= int(d["start"]) < a.last and a.target in (fid, d["metric"].lower(), "*"):
                ack_reason, ack_via = a.reason or "acknowledged in the draft", "inline"
                break
        if ack_reason is None and fid in baseline:
            ack_reason, ack_via = baseline[fid] or "acknowledged in the baseline", "baseline"
        acknowledged = ack_reason is not None
        level = (
            "note"
            if acknowledged
            else "error"
            if v.kind in fail_kinds
            else "warning"
            if v.kind != "update"
            else "note"
        )
        found[fid] = {
            "id": fid,
            "file": file,
            "line": line,
            "col": col,
            "kind": v.kind,
            "level": level,
            "severity": severity(v.kind, v.rel_gap, d, c),
            "metric": d["metric"],
            "subject": d["subject"] or "",
            "draft_claim": d["id"],
            "archive_claim": c["id"],
            "draft_value": format_value(d),
            "archive_value": format_value(c),
            "archive_outlet": outlet,
            "archive_date": cdate,
            "archive_source": c["source"],
            "message": message,
            "explanation": explain(v.kind, d["metric"], d["subject"] or "", first, second, v.days, 2),
            "acknowledged": acknowledged,
            "ack_reason": ack_reason,
            "ack_via": ack_via,
        }
        involved[c["id"]] = c
    findings = (
        pd.DataFrame(list(found.values()), columns=list(FINDING_COLUMNS)) if found else _empty_findings()
    )
    findings = sort_findings(conform_findings(findings))
    claims = validate_claims(
        pd.DataFrame(drecs + list(involved.values()), columns=list(CLAIM_COLUMNS)).drop_duplicates("id")
    )
    return DraftCheck(findings, claims, len(drecs))


def conform_findings(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with exactly FINDING_COLUMNS and their dtypes."""
    out = df.loc[:, list(FINDING_COLUMNS)].copy()
    for name, dtype in FINDING_COLUMNS.items():
        if str(out[name].dtype) != dtype:
            out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)


def sort_findings(df: pd.DataFrame) -> pd.DataFrame:
    """Findings in reading order: file, line, column, then the most serious first."""
    if df.empty:
        return df
    order = df["kind"].map(_KIND_ORDER)
    return (
        df.assign(_k=order)
        .sort_values(
            ["file", "line", "col", "_k", "severity", "id"], ascending=[True, True, True, True, False, True]
        )
        .drop(columns="_k")
        .reset_index(drop=True)
    )


@dataclass
class CheckResult:
    """Everything a check output format renders."""

    findings: pd.DataFrame  # FINDING_COLUMNS
    claims: pd.DataFrame  # CLAIM_COLUMNS: the drafts' claims and the archive claims in findings
    drafts: list[dict[str, Any]] = field(default_factory=list)  # {file, claims, error}
    fail_on: str = DEFAULT_FAIL_ON
    store: str = ""
    generated_by: str = f"factcheck {__version__}"

    @property
    def failing(self) -> pd.DataFrame:
        """Findings at or above the fail level that are not acknowledged."""
        f = self.findings
        return f[(~f["acknowledged"].fillna(False).astype(bool)) & f["kind"].isin(FAIL_KINDS[self.fail_on])]

    def counts(self) -> dict[str, int]:
        """Summary numbers."""
        f = self.findings
        kinds = f["kind"].value_counts().to_dict() if len(f) else {}
        return {
            "drafts": len(self.drafts),
            "draft_claims": int(sum(d.get("claims", 0) for d in self.drafts)),
            "findings": len(f),
            "conflict": int(kinds.get("conflict", 0)),
            "disputed": int(kinds.get("disputed", 0)),
            "update": int(kinds.get("update", 0)),
            "acknowledged": int(f["acknowledged"].fillna(False).astype(bool).sum()) if len(f) else 0,
            "failing": len(self.failing),
        }


def _open(store: ClaimStore | str | Path) -> tuple[ClaimStore, bool]:
    if isinstance(store, ClaimStore):
        return store, False
    return ClaimStore(store, read_only=True), True


def _line_base(path: Path, body: str) -> int:
    """Lines before the article body in the file (YAML front matter is not part of the body)."""
    from factcheck.ingest.decode import decode_bytes

    try:
        full, _enc, _problem = decode_bytes(path.read_bytes())
    except OSError:
        return 0
    if full and body and full.endswith(body) and len(full) > len(body):
        return full[: len(full) - len(body)].count("\n")
    return 0


def check_files(
    paths: Sequence[str],
    store: ClaimStore | str | Path,
    *,
    baseline: dict[str, str] | None = None,
    fail_on: str = DEFAULT_FAIL_ON,
    published: str | None = None,
    rules_dir: str | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> CheckResult:
    """Check draft files against ``store``. Raises InputError for a missing or unreadable draft."""
    from factcheck.ingest import read_articles
    from factcheck.schema import CLAIM_COLUMNS, empty_frame

    if fail_on not in FAIL_KINDS:
        raise ValueError(f"unknown fail level {fail_on!r}; choose one of: {', '.join(FAIL_KINDS)}")
    articles = []
    for p in paths:
        if not os.path.lexists(p):
            raise InputError(p, "no such file")
        if Path(p).is_dir():
            raise InputError(p, "is a folder; give the draft files themselves")
        for art in read_articles([p]):
            if not art.ok:
                raise InputError(art.source, art.error or "unreadable")
            articles.append((p, art))
    st, close = _open(store)
    try:
        extractor = get_extractor(rules_dir)
        parts: list[DraftCheck] = []
        drafts: list[dict[str, Any]] = []
        for p, art in articles:
            if published and not art.published:
                art.published = published
            base = _line_base(Path(p), art.text) if "#" not in art.source[len(p) :] else 0
            dc = check_article(
                art,
                st,
                file=art.source,
                line_base=base,
                extractor=extractor,
                baseline=baseline,
                fail_on=fail_on,
                window_days=window_days,
                max_candidates=max_candidates,
            )
            parts.append(dc)
            drafts.append({"file": art.source, "claims": dc.draft_claims, "published": art.published})
    finally:
        if close:
            st.close()
    findings = [d.findings for d in parts if len(d.findings)]
    claims = [d.claims for d in parts if len(d.claims)]
    return CheckResult(
        findings=sort_findings(conform_findings(pd.concat(findings))) if findings else _empty_findings(),
        claims=pd.concat(claims).drop_duplicates("id").reset_index(drop=True)
        if claims
        else empty_frame(CLAIM_COLUMNS),
        drafts=drafts,
        fail_on=fail_on,
        store=st.path,
    )


def check(
    text: str,
    store: ClaimStore | str | Path = "factcheck.duckdb",
    title: str | None = None,
    published: str | dt.date | None = None,
    *,
    source: str = "draft",
    fail_on: str = DEFAULT_FAIL_ON,
    baseline: dict[str, str] | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    rules_dir: str | None = None,
) -> pd.DataFrame:
    """Check a draft's ``text`` against the claim store; returns the findings (FINDING_COLUMNS).

    ``published`` (YYYY-MM-DD) dates the draft when its text carries no date; ``title`` overrides the
    inferred title. ``store`` is a path or an open ClaimStore.
    """
    return check_text(
        text,
        store,
        title=title,
        published=published,
        source=source,
        fail_on=fail_on,
        baseline=baseline,
        window_days=window_days,
        max_candidates=max_candidates,
        rules_dir=rules_dir,
    ).findings


def check_text(
    text: str,
    store: ClaimStore | str | Path,
    *,
    title: str | None = None,
    published: str | dt.date | None = None,
    source: str = "draft",
    fail_on: str = DEFAULT_FAIL_ON,
    baseline: dict[str, str] | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    rules_dir: str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> CheckResult:
    """Like ``check`` but returns the whole CheckResult (findings and the claims involved)."""
    from factcheck.ingest import build_article

    if fail_on not in FAIL_KINDS:
        raise ValueError(f"unknown fail level {fail_on!r}; choose one of: {', '.join(FAIL_KINDS)}")
    meta: dict[str, object] = {}
    if title:
        meta["title"] = title
    art = build_article(source, text, meta, "utf-8")
    if published:
        art.published = published.isoformat() if isinstance(published, dt.date) else str(published)
        art.published_source = "given"
    st, close = _open(store)
    try:
        if art.ok:
            dc = check_article(
                art,
                st,
                file=source,
                extractor=get_extractor(rules_dir),
                baseline=baseline,
                fail_on=fail_on,
                window_days=window_days,
                max_candidates=max_candidates,
                con=con,
            )
        else:
            from factcheck.schema import CLAIM_COLUMNS, empty_frame

            dc = DraftCheck(_empty_findings(), empty_frame(CLAIM_COLUMNS), 0)
    finally:
        if close:
            st.close()
    return CheckResult(
        findings=dc.findings,
        claims=dc.claims,
        drafts=[{"file": source, "claims": dc.draft_claims, "published": art.published}],
        fail_on=fail_on,
        store=st.path,
    )


__all__ = [
    "DEFAULT_FAIL_ON",
    "FAIL_KINDS",
    "FINDING_COLUMNS",
    "Ack",
    "BaselineError",
    "CheckResult",
    "check",
    "check_article",
    "check_files",
    "check_text",
    "finding_id",
    "mask_acks",
    "parse_acks",
    "read_baseline",
    "write_baseline",
]


class _CallableModule(types.ModuleType):
    """``factcheck.check`` is both this module and the function: ``factcheck.check(text, store=...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        return check(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
