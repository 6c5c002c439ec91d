"""The batch pipeline: ingest -> extract -> compare, returning a RunResult (formats render it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from factcheck.compare import find_discrepancies
from factcheck.dates import find_dates, make_date, nearest_year
from factcheck.extract import extract_claims
from factcheck.ingest import DEFAULT_MAX_BYTES, Article, read_articles
from factcheck.report import FORMATS
from factcheck.report.atomic import write_atomic
from factcheck.result import RunResult
from factcheck.rules import RuleSet, load_rules
from factcheck.schema import ARTICLE_COLUMNS, empty_frame, validate_articles


WINDOW_DAYS = 7  # an undated article is taken to be published within a week of the last date it mentions


def complete_dates(articles: list[Article]) -> None:
    """Fill in what the texts imply about publication dates.

    A dateline without a year ("March 17 (Himal Wire)") gets the year that fits the other articles
    best. An undated article gets a window: from the latest date it mentions to a week later (its
    years from the text or, failing that, from the other articles), recorded with low confidence.
    """
    anchors = [dt.date.fromisoformat(a.published) for a in articles if a.published]
    for a in articles:
        if a.published is None and a.published_partial:
            year = nearest_year(*a.published_partial, anchors)
            if year:
                a.published = dt.date(year, *a.published_partial).isoformat()
                a.published_source = "dateline (year inferred from the other articles)"
    latest = max(anchors) if anchors else None
    for a in articles:
        if a.published is None and a.ok:
            lo = latest_mentioned_date(a.text, anchors)
            how = "from the latest date it mentions"
            if lo is None and latest is not None:
                # An article that names no date at all is taken to be the newest of the set (a follow-up
                # or long read); this is a guess, and the report says so.
                lo, how = latest + dt.timedelta(days=1), "after the newest dated article of the run"
            if lo:
                hi = lo + dt.timedelta(days=WINDOW_DAYS)
                a.extra["window"] = f"{lo.isoformat()}..{hi.isoformat()}"
                a.published_source = (f"unknown; inferred window {lo.isoformat()} to {hi.isoformat()}, {how} "
                                      "(low confidence)")


def latest_mentioned_date(text: str, anchors: list[dt.date]) -> dt.date | None:
    """The latest calendar date an article mentions (years from the text, else nearest the anchors)."""
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)]
    best: dt.date | None = None
    for _s, _e, y, mo, d in find_dates(text):
        year = y or nearest_year(mo, d, anchors) or (max(years) if years else None)
        day = make_date(year, mo, d)
        if day and (best is None or day > best):
            best = day
    return best


def articles_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """The articles table (ARTICLE_COLUMNS) of read and skipped inputs."""
    rows = [
        {
            "article_id": a.article_id, "source": a.source, "title": a.title, "outlet": a.outlet,
            "published": a.published, "published_source": a.published_source, "url": a.url,
            "encoding": a.encoding, "chars": len(a.text), "error": a.error,
        }
        for a in articles
    ]
    if not rows:
        return empty_frame(ARTICLE_COLUMNS)
    return validate_articles(pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS)))


def run_pipeline(paths: Iterable[str], rules: RuleSet | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> RunResult:
    """Read ``paths``, extract claims with ``rules`` and judge discrepancies."""
    rules = rules or load_rules()
    articles = list(read_articles(paths, max_bytes=max_bytes))
    complete_dates(articles)
    claims = extract_claims((a for a in articles if a.ok), rules)
    discrepancies = find_discrepancies(claims)
    return RunResult(
        articles=articles_frame(articles),
        claims=claims,
        discrepancies=discrepancies,
        texts={a.article_id: a.text for a in articles if a.ok},
    )


def write_outputs(result: RunResult, out_dir: str | Path, formats: Iterable[str] | None = None) -> list[Path]:
    """Render the formats (default: every format with a filename) into ``out_dir``, each file atomically.

    Everything is rendered before anything is written, so a rendering error leaves the old reports intact.
    """
    out = Path(out_dir)
    wanted = set(formats) if formats else None
    rendered = [(out / f.filename, f.render(result)) for f in FORMATS.values()
                if f.filename and (wanted is None or f.name in wanted)]
    for path, text in rendered:
        write_atomic(path, text)
    return [p for p, _ in rendered]
