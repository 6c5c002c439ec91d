"""The batch pipeline: ingest -> extract -> compare, returning a RunResult (formats render it).

The run streams: articles are read one at a time (``read_articles``), extracted in batches by an
engine (``factcheck.engines``: local or Dask) and dropped, so memory holds the claims and a small
metadata row per article, not the texts. Texts are kept for the HTML article view of at most
``keep_texts`` articles (default ``DEFAULT_TEXT_LIMIT``; 0 when no HTML report is written).

Dates need every article: a dateline without a year takes the year nearest the publication dates
of all articles, and an undated article gets a window from the dates it mentions (``complete_dates``).
So the first pass extracts the articles whose date is known and collects the publication dates;
articles without one are completed and extracted in a second pass, with the anchors of the whole
input, exactly as if all articles had been in memory. They wait in memory (up to ``DEFER_CHARS`` of
text) or, beyond that, are read again. Claims are then put in read order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from factcheck.dates import find_dates, make_date
from factcheck.engines import Batch, Engine, get_engine
from factcheck.errors import FactcheckError
from factcheck.ingest import DEFAULT_MAX_BYTES, STREAMED_SUFFIXES, Article, iter_input_files, read_articles
from factcheck.report import FORMATS
from factcheck.report.atomic import StagedFiles
from factcheck.result import RunResult
from factcheck.rules import RuleSet, load_rules
from factcheck.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, empty_frame, validate_articles, validate_claims

WINDOW_DAYS = 7  # an undated article is taken to be published within a week of the last date it mentions
#: texts kept for the HTML article view; a larger run keeps the first this many (the view says so)
DEFAULT_TEXT_LIMIT = 2_000
#: articles per extraction batch (one Dask partition)
DEFAULT_BATCH = 200
#: undated articles held in memory (characters of text) until every date is known; beyond this
#: they are read again in a second pass instead
DEFER_CHARS = 64 * 1024 * 1024


class Anchors:
    """The publication dates of a run, indexed for ``nearest_year`` (same answers as ``dates.nearest_year``).

    ``dates.nearest_year`` measures each candidate year against every anchor; with a million
    articles that is a million subtractions per dateline. The distinct dates, sorted, give the
    same minimum with a binary search.
    """

    def __init__(self, dates: Iterable[dt.date]) -> None:
        self.dates = sorted(set(dates))
        self.years = sorted({d.year + k for d in self.dates for k in (-1, 0, 1)})
        self._memo: dict[tuple[int, int], int | None] = {}

    def __bool__(self) -> bool:
        return bool(self.dates)

    @property
    def latest(self) -> dt.date:
        """The newest publication date (there must be one)."""
        return self.dates[-1]

    def _distance(self, day: dt.date) -> int:
        k = bisect.bisect_left(self.dates, day)
        near = [self.dates[j] for j in (k - 1, k) if 0 <= j < len(self.dates)]
        return min(abs((day - a).days) for a in near)

    def nearest_year(self, month: int, day: int) -> int | None:
        """The year that puts month/day closest to the anchors (the first such year on a tie)."""
        if (month, day) in self._memo:
            return self._memo[(month, day)]
        best: tuple[int, int] | None = None
        for year in self.years:
            cand = make_date(year, month, day)
            if cand is None:
                continue
            dist = self._distance(cand)
            if best is None or dist < best[0]:
                best = (dist, year)
        self._memo[(month, day)] = got = best[1] if best else None
        return got


def _as_anchors(anchors: Anchors | list[dt.date]) -> Anchors:
    return anchors if isinstance(anchors, Anchors) else Anchors(anchors)


def needs_anchors(a: Article) -> bool:
    """True when the article's date depends on the other articles (no date, or a dateline without a year)."""
    return a.published is None and (a.published_partial is not None or a.ok)


def complete_article(a: Article, anchors: Anchors | list[dt.date]) -> None:
    """Fill in what the text implies about the article's publication date, given the run's anchors.

    A dateline without a year ("March 17 (Himal Wire)") gets the year nearest the anchors. An
    undated article gets a window: from the latest date it mentions to a week later (its years from
    the text or, failing that, from the anchors), or, when it mentions no date, from the day after
    the newest anchor; recorded with low confidence.
    """
    anchors = _as_anchors(anchors)
    if a.published is None and a.published_partial:
        year = anchors.nearest_year(*a.published_partial)
        if year:
            a.published = dt.date(year, *a.published_partial).isoformat()
            a.published_source = "dateline (year inferred from the other articles)"
    if a.published is None and a.ok:
        lo = latest_mentioned_date(a.text, anchors)
        how = "from the latest date it mentions"
        if lo is None and anchors:
            # An article that names no date at all is taken to be the newest of the set (a follow-up
            # or long read); this is a guess, and the report says so.
            lo, how = anchors.latest + dt.timedelta(days=1), "after the newest dated article of the run"
        if lo:
            hi = lo + dt.timedelta(days=WINDOW_DAYS)
            a.extra["window"] = f"{lo.isoformat()}..{hi.isoformat()}"
            a.published_source = (f"unknown; inferred window {lo.isoformat()} to {hi.isoformat()}, {how} "
                                  "(low confidence)")


def complete_dates(articles: list[Article]) -> None:
    """Fill in what the texts imply about publication dates (``complete_article``, anchors from all)."""
    anchors = Anchors(dt.date.fromisoformat(a.published) for a in articles if a.published)
    for a in articles:
        complete_article(a, anchors)


def latest_mentioned_date(text: str, anchors: Anchors | list[dt.date]) -> dt.date | None:
    """The latest calendar date an article mentions (years from the text, else nearest the anchors)."""
    anchors = _as_anchors(anchors)
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)]
    best: dt.date | None = None
    for _s, _e, y, mo, d in find_dates(text):
        year = y or anchors.nearest_year(mo, d) or (max(years) if years else None)
        day = make_date(year, mo, d)
        if day and (best is None or day > best):
            best = day
    return best


def _article_row(a: Article) -> tuple[Any, ...]:
    """The article's ARTICLE_COLUMNS values (a tuple: a million of them must stay small)."""
    return (a.article_id, a.source, a.title, a.outlet, a.published, a.published_source, a.url, a.encoding,
            len(a.text), a.error)


def articles_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """The articles table (ARTICLE_COLUMNS) of read and skipped inputs."""
    return _articles_table([_article_row(a) for a in articles])


def _articles_table(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    if not rows:
        return empty_frame(ARTICLE_COLUMNS)
    return validate_articles(pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS)))


def estimate_articles(paths: Iterable[str]) -> int:
    """About how many articles ``paths`` hold: one per file, one per feed line (for progress, partitions)."""
    total = 0
    for _source, path, _problem in iter_input_files(paths):
        if path is None or path.suffix.lower() not in STREAMED_SUFFIXES:
            total += 1
            continue
        try:
            with path.open("rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""))
        except OSError:
            total += 1
    return total


# --- progress ------------------------------------------------------------------------------------


@dataclass
class Progress:
    """Articles and claims done: a tqdm bar on a terminal, a log line every ``every`` seconds otherwise."""

    total: int | None = None
    bar: bool = True
    log_every: float = 30.0
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    articles: int = 0
    claims: int = 0

    def __post_init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._last = self._clock()
        self._tqdm: Any = None
        if self.bar:
            from tqdm import tqdm

            self._tqdm = tqdm(total=self.total, unit=" articles", file=self.stream, dynamic_ncols=True,
                              smoothing=0.1, mininterval=0.5, desc="factcheck")

    def update(self, articles: int, claims: int) -> None:
        """Count ``articles`` more articles done, with ``claims`` claims."""
        self.articles += articles
        self.claims += claims
        if self._tqdm is not None:
            self._tqdm.set_postfix_str(f"{self.claims:,} claims", refresh=False)
            self._tqdm.update(articles)
        elif self.log_every and self._clock() - self._last >= self.log_every:
            self._last = self._clock()
            self.log()

    def log(self, what: str = "") -> None:
        """One plain line (no control characters): done, total, claims, rate."""
        took = max(self._clock() - self._start, 1e-9)
        of = f"/{self.total:,}" if self.total else ""
        print(f"factcheck: {what}{self.articles:,}{of} articles, {self.claims:,} claims, "
              f"{self.articles / took:,.0f} articles/s", file=self.stream, flush=True)

    def close(self) -> None:
        """Close the bar."""
        if self._tqdm is not None:
            self._tqdm.close()


# --- the run -------------------------------------------------------------------------------------


class _Run:
    """State of one streaming run: article rows, anchors, deferred articles, texts kept."""

    def __init__(self, keep_texts: int) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.anchor_dates: set[dt.date] = set()
        self.deferred: list[int] = []  # ordinals of articles to complete once every date is known
        self.held: dict[int, Article] = {}  # the deferred articles kept in memory (up to DEFER_CHARS)
        self.held_chars = 0
        self.texts: dict[str, str] = {}
        self.keep_texts = keep_texts
        self.texts_dropped = 0

    def keep_text(self, a: Article) -> None:
        if not a.ok:
            return
        if len(self.texts) < self.keep_texts:
            self.texts[a.article_id] = a.text
        else:
            self.texts_dropped += 1


def _batched(items: Iterable[tuple[int, Article]], size: int, sizes: deque[int]) -> Iterator[Batch]:
    """Batches of ``size`` articles; each batch's length is appended to ``sizes`` (for progress)."""
    ords: list[int] = []
    arts: list[Article] = []
    for k, a in items:
        ords.append(k)
        arts.append(a)
        if len(arts) >= size:
            sizes.append(len(arts))
            yield ords, arts
            ords, arts = [], []
    if arts:
        sizes.append(len(arts))
        yield ords, arts


class InputsChangedError(FactcheckError, RuntimeError):
    """An input changed between the two passes of a run."""


def run_pipeline(paths: Iterable[str], rules: RuleSet | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *,
                 engine: str = "local", engine_options: dict[str, Any] | None = None,
                 keep_texts: int = DEFAULT_TEXT_LIMIT, batch_size: int = DEFAULT_BATCH,
                 progress: Progress | None = None) -> RunResult:
    """Read ``paths``, extract claims with ``rules`` on ``engine`` and judge discrepancies.

    ``keep_texts`` limits the article texts kept for the HTML view; ``progress`` (optional)
    counts articles and claims as they are done. The result does not depend on the engine or the
    batch size.
    """
    rules = rules or load_rules()
    paths = list(paths)
    eng = get_engine(engine, rules, **(engine_options or {}))
    try:
        return _run(paths, max_bytes, eng, keep_texts, max(1, batch_size), progress)
    finally:
        eng.close()


def _run(paths: list[str], max_bytes: int, eng: Engine, keep_texts: int, batch_size: int,
         progress: Progress | None) -> RunResult:
    run = _Run(keep_texts)
    on_claims: Callable[[int, int], None] = progress.update if progress else (lambda _a, _c: None)

    def first_pass() -> Iterator[tuple[int, Article]]:
        for k, a in enumerate(read_articles(paths, max_bytes=max_bytes)):
            run.rows.append(_article_row(a))
            if a.published:
                run.anchor_dates.add(dt.date.fromisoformat(a.published))
            if needs_anchors(a):
                run.deferred.append(k)  # completed and extracted once every date is known
                if run.held_chars + len(a.text) <= DEFER_CHARS:
                    run.held[k] = a
                    run.held_chars += len(a.text)
                continue
            if a.ok:
                run.keep_text(a)
                yield k, a
            else:
                on_claims(1, 0)

    def deferred_articles() -> Iterator[tuple[int, Article]]:
        """The deferred articles in read order: held ones from memory, the rest read again."""
        if len(run.held) == len(run.deferred):
            for k in run.deferred:
                yield k, run.held.pop(k)
            return
        todo = iter(run.deferred)
        want = next(todo, None)
        for k, a in enumerate(read_articles(paths, max_bytes=max_bytes)):
            if want is None:
                return
            if k != want:
                continue
            want = next(todo, None)
            if a.source != run.rows[k][1]:
                raise InputsChangedError(f"inputs changed during the run: {a.source} was {run.rows[k][1]}")
            held = run.held.pop(k, None)
            yield k, held if held is not None else a

    def second_pass() -> Iterator[tuple[int, Article]]:
        anchors = Anchors(run.anchor_dates)
        for k, a in deferred_articles():
            complete_article(a, anchors)
            run.rows[k] = _article_row(a)
            if a.ok:
                run.keep_text(a)
                yield k, a
            else:
                on_claims(1, 0)

    frames: list[pd.DataFrame] = []
    ordinals: list[int] = []
    sizes: deque[int] = deque()
    for source in (first_pass, second_pass):
        for row_ords, frame in eng.extract(_batched(source(), batch_size, sizes)):
            on_claims(sizes.popleft(), len(frame))
            if len(frame):
                frames.append(frame)
                ordinals.extend(row_ords)
        if not run.deferred:
            break
    if progress:
        progress.close()
    claims = _in_read_order(frames, ordinals)
    discrepancies = eng.compare(claims)
    return RunResult(articles=_articles_table(run.rows), claims=claims, discrepancies=discrepancies,
                     texts=run.texts)


def _in_read_order(frames: list[pd.DataFrame], ordinals: list[int]) -> pd.DataFrame:
    """One claims table, rows ordered by their article's place in the input (stable within an article)."""
    if not frames:
        return empty_frame(CLAIM_COLUMNS)
    claims = pd.concat(frames, ignore_index=True)
    frames.clear()
    order = np.argsort(np.asarray(ordinals, dtype=np.int64), kind="stable")
    return validate_claims(claims.iloc[order])


def write_outputs(result: RunResult, out_dir: str | Path, formats: Iterable[str] | None = None) -> list[Path]:
    """Write the formats (default: every format with a filename) into ``out_dir``, all or none.

    Each report streams into a temporary file beside its target; only when every one is complete are
    they renamed, so a rendering error or an interruption leaves the old reports intact.
    """
    out = Path(out_dir)
    wanted = set(formats) if formats else None
    chosen = [f for f in FORMATS.values() if f.filename and (wanted is None or f.name in wanted)]
    with StagedFiles() as staged:
        for f in chosen:
            f.write(result, staged.open(out / str(f.filename)))
        return staged.commit()
