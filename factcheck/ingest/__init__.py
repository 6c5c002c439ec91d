"""Ingest stage: files and folders to Articles (text plus metadata), in a stable order.

Nothing is lost: every input either becomes an Article with text or an Article with ``error``
saying why it was skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from factcheck.ingest.article import Article, article_id_for
from factcheck.ingest.readers import DEFAULT_MAX_BYTES, READERS, build_article, register_reader

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Article",
    "article_id_for",
    "build_article",
    "iter_input_files",
    "read_articles",
    "register_reader",
]


def iter_input_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Expand paths to files, recursively and sorted: yields (source, path, problem)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            seen: set[str] = set()
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    fp = Path(root) / name
                    key = str(fp)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield str(fp), fp, None
        elif p.is_file():
            yield given, p, None
        elif p.is_symlink():
            yield given, None, "broken symbolic link"
        else:
            yield given, None, "no such file or folder"


def read_articles(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """Read every input under ``paths``; unreadable ones come back with ``error`` set."""
    for source, path, problem in iter_input_files(paths):
        if path is None:
            yield Article(source=source, error=problem)
            continue
        suffix = path.suffix.lower()
        reader = READERS.get(suffix)
        if reader is None:
            known = ", ".join(sorted(READERS))
            yield Article(source=source, error=f"unsupported file type {suffix or '(none)'!r} (read: {known})")
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes and suffix not in (".jsonl", ".ndjson"):
                yield Article(source=source, error=f"too large: {size} bytes (limit {max_bytes})")
                continue
            yield from reader(path, source)
        except OSError as exc:
            yield Article(source=source, error=f"unreadable: {exc.strerror or exc}")
