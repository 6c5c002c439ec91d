"""Readers turn one input file into Articles. They are registered by file suffix.

A reader yields Articles (a JSON Lines feed yields many); it never raises for bad content: it
yields an Article with ``error`` set instead, so the run goes on and the report lists the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from factcheck.ingest.article import Article
from factcheck.ingest.decode import decode_bytes
from factcheck.ingest.metadata import infer_outlet, infer_published, infer_title

Reader = Callable[[Path, str], Iterator[Article]]
READERS: dict[str, Reader] = {}

#: Largest input file read, in bytes (configurable with --max-bytes).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for file suffixes (".txt"); refuses a suffix registered twice."""

    def deco(fn: Reader) -> Reader:
        for suf in suffixes:
            if suf in READERS:
                raise ValueError(f"reader for {suf!r} already exists")
            READERS[suf] = fn
        return fn

    return deco


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split YAML front matter ("---" fenced) from the body; the body keeps its offsets' base."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    body_start = text.find("\n", end + 4)
    return meta, text[body_start + 1 :] if body_start >= 0 else ""


def build_article(source: str, text: str, meta: dict[str, object] | None = None, encoding: str | None = None) -> Article:
    """An Article from decoded text: metadata from ``meta`` first, then inferred from the text."""
    meta = meta or {}
    published, how, partial = infer_published(text)
    art = Article(
        source=source,
        text=text,
        title=infer_title(text),
        outlet=infer_outlet(text),
        published=published,
        published_source=how,
        published_partial=partial,
        encoding=encoding,
    )
    if meta.get("title"):
        art.title = str(meta["title"])
    if meta.get("outlet"):
        art.outlet = str(meta["outlet"])
    if meta.get("url"):
        art.url = str(meta["url"])
    pub = meta.get("published") or meta.get("date")
    if pub:
        from factcheck.dates import first_date

        d = first_date(str(pub))
        if d:
            art.published, art.published_source, art.published_partial = d.isoformat(), "front matter", None
    if not text.strip():
        art.error = "empty: no text after decoding"
    return art


@register_reader(".txt", ".md", ".markdown", ".text")
def read_text_file(path: Path, source: str) -> Iterator[Article]:
    """A plain-text or Markdown article, with optional YAML front matter."""
    raw = path.read_bytes()
    text, encoding, problem = decode_bytes(raw)
    if problem:
        yield Article(source=source, error=problem, encoding=encoding)
        return
    meta, body = _front_matter(text)
    yield build_article(source, body, meta, encoding)


@register_reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, source: str) -> Iterator[Article]:
    """A JSON Lines feed: one article per line with ``text`` and optional id/title/outlet/published/url."""
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            src = f"{source}#{lineno}"
            try:
                rec = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Article(source=src, error=f"line {lineno}: not valid JSON ({exc.__class__.__name__})")
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                yield Article(source=src, error=f"line {lineno}: no 'text' string field")
                continue
            if rec.get("id") is not None:
                src = f"{source}#{rec['id']}"
            meta = {k: rec.get(k) for k in ("title", "outlet", "published", "url")}
            meta["outlet"] = meta.get("outlet") or (rec.get("source") if isinstance(rec.get("source"), str) else None)
            meta["published"] = meta.get("published") or rec.get("date")
            meta = {k: v for k, v in meta.items() if isinstance(v, str) and v}
            yield build_article(src, rec["text"], meta, "utf-8")
