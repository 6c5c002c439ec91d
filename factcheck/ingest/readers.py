"""Readers turn one input file into Articles. They are registered by file suffix.

A reader is ``reader(path, source, max_bytes) -> Iterator[Article]`` (a JSON Lines feed yields
many). It never raises for bad content: it yields an Article with ``error`` set instead, so the
run goes on and the report lists the reason. ``max_bytes`` limits one article: a whole file for
text and HTML, one line for a JSON Lines feed (feeds stream, so their total size is not limited).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import yaml

from factcheck.ingest.article import Article
from factcheck.ingest.decode import clean_text, decode_bytes, repair_mojibake
from factcheck.ingest.metadata import infer_outlet, infer_published, infer_title

Reader = Callable[[Path, str, int], Iterator[Article]]
READERS: dict[str, Reader] = {}

#: Largest article read, in bytes (configurable with --max-bytes): a whole text or HTML file, or
#: one line of a JSON Lines feed. News articles are a few kilobytes; 10 MiB leaves room for
#: bloated HTML pages and keeps one pathological file from stalling a run.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Largest YAML front matter parsed, in characters.
MAX_FRONT_MATTER = 64 * 1024

META_FIELDS = ("title", "outlet", "published", "url")


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for file suffixes (".txt"); refuses a suffix registered twice."""

    def deco(fn: Reader) -> Reader:
        for suf in suffixes:
            if suf in READERS:
                raise ValueError(f"reader for {suf!r} already exists")
            READERS[suf] = fn
        return fn

    return deco


def read_limited(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``max_bytes`` (it may have grown since stat)."""
    with path.open("rb") as fh:
        raw = fh.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


def too_large(size: int, max_bytes: int) -> str:
    """The skip reason of an input over the size limit."""
    return f"too large: {size} bytes (limit {max_bytes}; raise it with --max-bytes)"


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split YAML front matter ("---" fenced) from the body; offsets then refer to the body."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3, MAX_FRONT_MATTER)
    if end < 0:
        return {}, text
    try:
        meta = yaml.safe_load(text[3:end]) or {}  # safe: plain data only, never Python objects
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    body_start = text.find("\n", end + 4)
    return meta, text[body_start + 1 :] if body_start >= 0 else ""


def _meta_str(value: object) -> str | None:
    """A metadata value as a clean one-line string; None for anything but strings and dates."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if not isinstance(value, str):
        return None  # lists, mappings (and YAML alias bombs) are not metadata
    value = " ".join(clean_text(value).split())[:500]
    return value or None


_ISO_DAY = re.compile(r"((?:19|20)\d\d-[01]\d-[0-3]\d)(?![\d])")


def _meta_date(value: str) -> str | None:
    """The date a metadata value gives (ISO timestamps read directly, anything else as text)."""
    m = _ISO_DAY.match(value)
    if m:  # "1987-02-26T15:01:01": the common case, without the text date patterns
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(m.group(1)).isoformat()
    from factcheck.dates import first_date

    d = first_date(value)
    return d.isoformat() if d else None


def build_article(source: str, text: str, meta: dict[str, object] | None = None, encoding: str | None = None,
                  meta_source: str = "front matter") -> Article:
    """An Article from decoded text: metadata from ``meta`` first, then inferred from the text.

    ``meta_source`` names where ``meta`` came from; it becomes ``published_source`` when ``meta``
    gives the date.

    The text is cleaned (lone surrogates replaced) and mojibake is repaired; a repair is noted in
    ``encoding`` ("utf-8 (repaired 3 mojibake sequences)") so it is never silent.
    """
    meta = {k: v for k, v in (meta or {}).items() if k in META_FIELDS or k == "date"}
    text, repaired = repair_mojibake(clean_text(text))
    if repaired:
        note = f"repaired {repaired} mojibake sequence{'s' if repaired > 1 else ''}"
        encoding = f"{encoding} ({note})" if encoding else note
    given = {key: _meta_str(meta.get(key)) for key in ("title", "outlet", "url")}
    pub = _meta_str(meta.get("published")) or _meta_str(meta.get("date"))
    if pub:
        pub = _meta_date(pub)
    # what the metadata gives is not inferred from the text (a feed usually gives it all)
    published, how, partial = (pub, meta_source, None) if pub else infer_published(text)
    art = Article(
        source=source,
        text=text,
        title=given["title"] or infer_title(text),
        outlet=given["outlet"] or infer_outlet(text),
        url=given["url"],
        published=published,
        published_source=how,
        published_partial=partial,
        encoding=encoding,
    )
    if not text.strip():
        art.error = "empty: no text after decoding"
    return art


@register_reader(".txt", ".md", ".markdown", ".text")
def read_text_file(path: Path, source: str, max_bytes: int) -> Iterator[Article]:
    """A plain-text or Markdown article, with optional YAML front matter."""
    raw = read_limited(path, max_bytes)
    if raw is None:
        yield Article(source=source, error=too_large(path.stat().st_size, max_bytes))
        return
    text, encoding, problem = decode_bytes(raw)
    if problem:
        yield Article(source=source, error=problem, encoding=encoding)
        return
    meta, body = _front_matter(text)
    yield build_article(source, body, meta, encoding)


# --- JSON Lines ---------------------------------------------------------------------------------

#: Fields of a feed record that must be strings when present (``null`` counts as absent).
JSONL_STRING_FIELDS = ("text", "title", "outlet", "source", "published", "date", "url")


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of a feed, one line in memory at a time; None for a line over the limit."""
    lineno = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = fh.readline(1 << 20)
            yield lineno, None
            continue
        yield lineno, line


def _open_feed(path: Path) -> BinaryIO:
    """The feed as UTF-8 bytes: a UTF-16/32 feed (with a byte order mark) is re-encoded on the fly."""
    fh = path.open("rb")
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                     (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if head.startswith(bom):
            text = io.TextIOWrapper(fh, encoding=enc, errors="replace", newline="")
            return _Utf8Lines(text)  # type: ignore[return-value]
    return fh  # type: ignore[return-value]


class _Utf8Lines:
    """Minimal binary view (readline, close) of a text stream, encoded as UTF-8."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text

    def readline(self, limit: int = -1) -> bytes:
        return self.text.readline(limit).encode("utf-8", errors="replace")

    def close(self) -> None:
        self.text.close()


def _record_problem(rec: object) -> str | None:
    """Why a parsed feed line is not an article record, or None."""
    if not isinstance(rec, dict):
        return f"expected a JSON object, got {type(rec).__name__}"
    if rec.get("text") is None:
        return "missing field 'text' (the article text)"
    for key in JSONL_STRING_FIELDS:
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            return f"field {key!r} must be a string, got {type(value).__name__}"
    rid = rec.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        return f"field 'id' must be a string or an integer, got {type(rid).__name__}"
    return None


def _parse_line(raw: bytes | None, max_bytes: int) -> tuple[str | None, object]:
    """(problem, record) of one feed line; problem is None when it parsed."""
    if raw is None:
        return f"too large: over {max_bytes} bytes (raise the limit with --max-bytes)", None
    try:
        return None, json.loads(raw)
    except UnicodeDecodeError:
        return "not valid UTF-8", None
    except RecursionError:
        return "not valid JSON (nested too deeply)", None
    except ValueError as exc:  # JSONDecodeError, and integers too long to convert
        return f"not valid JSON ({str(exc).split(':')[0]})", None


@register_reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[Article]:
    """A JSON Lines feed: one article per line with ``text`` and optional id/title/outlet/published/url.

    The feed streams: one line is in memory at a time. A line that is not valid JSON, lacks
    ``text`` or has a field of the wrong type comes back as an Article with ``error`` naming the
    line; the rest of the feed is read. Duplicate ids get the line number appended.
    """
    seen: set[str] = set()

    def unique(src: str, lineno: int) -> str:
        if src in seen:
            src = f"{src} (line {lineno})"
        seen.add(src)
        return src

    fh = _open_feed(path)
    try:
        for lineno, raw in _lines(fh, max_bytes):
            if raw is not None and not raw.strip():
                continue
            problem, rec = _parse_line(raw, max_bytes)
            if problem is None:
                problem = _record_problem(rec)
            if problem or not isinstance(rec, dict):
                yield Article(source=unique(f"{source}#{lineno}", lineno), error=f"line {lineno}: {problem}")
                continue
            rid = lineno if rec.get("id") is None else " ".join(clean_text(str(rec["id"])).split())[:200]
            src = f"{source}#{rid}"
            meta = {k: rec.get(k) for k in META_FIELDS}
            meta["outlet"] = meta.get("outlet") or rec.get("source")
            meta["published"] = meta.get("published") or rec.get("date")
            art = build_article(unique(src, lineno), rec["text"], meta, "utf-8")
            if art.error:
                art.error = f"line {lineno}: {art.error}"
            yield art
    finally:
        fh.close()
