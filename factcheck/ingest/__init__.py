"""Ingest stage: files and folders to Articles (text plus metadata), in a stable order.

Nothing is lost: every input either becomes an Article with text or an Article with ``error``
saying why it was skipped (broken or looping symbolic links, named pipes, devices, unsupported or
binary files, files over the size limit, undecodable or empty text). Inputs are read in sorted
order of their paths, whatever order they were given in, and each file is read once even when
several given paths reach it, so the same inputs always give the same report.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from factcheck.ingest import html as _html  # noqa: F401  (registers the HTML reader)
from factcheck.ingest.article import Article, article_id_for
from factcheck.ingest.readers import DEFAULT_MAX_BYTES, READERS, build_article, register_reader, too_large

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "STREAMED_SUFFIXES",
    "Article",
    "article_id_for",
    "build_article",
    "display_source",
    "iter_input_files",
    "read_articles",
    "register_reader",
]

#: Feeds whose total size is not limited (they stream; --max-bytes applies to each line).
STREAMED_SUFFIXES = (".jsonl", ".ndjson")

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def display_source(path: str) -> str:
    """A path as printable one-line text: undecodable bytes become U+FFFD, control characters escapes."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        text = "".join(ch.encode("unicode_escape").decode("ascii") if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0
                       else ch for ch in text)
    return text


def _problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file or folder, or None when it can."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT:
            return "broken symbolic link" if path.is_symlink() else "no such file or folder"
        if exc.errno == errno.EACCES:
            return "unreadable: permission denied"
        return f"unreadable: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode):
        return None
    kind = next((what for test, what in _KINDS if test(st.st_mode)), "not a regular file")
    return f"not a regular file: {kind}"


def _report_to(add: Callable[[str, Path | None, str | None], None], given: str) -> Callable[[OSError], None]:
    """An ``os.walk`` error handler that lists an unreadable folder instead of skipping it silently."""

    def on_error(exc: OSError) -> None:
        add(str(exc.filename or given), None, f"unreadable folder: {exc.strerror or exc}")

    return on_error


#: a folder's own documentation is not an article (name the file explicitly to check it)
_FOLDER_DOCS = re.compile(r"^(?:README|LICEN[CS]E|CHANGELOG|CONTRIBUTING)\.(?:md|txt|rst|markdown)$", re.I)


def iter_input_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Expand paths to files, recursively: yields (source, path, problem), sorted by source, no repeats.

    Folders are walked without following symbolic links to folders (each is listed with a reason
    instead, so a link loop cannot make the walk endless); names starting with "." are ignored.
    """
    found: dict[str, tuple[str, Path | None, str | None]] = {}

    def add(source: str, path: Path | None, problem: str | None) -> None:
        found.setdefault(os.path.normpath(source), (display_source(source), path, problem))

    for given in paths:
        p = Path(given)
        problem = _problem(p)
        if problem or not p.is_dir():
            add(given, None if problem else p, problem)
            continue

        for root, dirs, files in os.walk(p, followlinks=False, onerror=_report_to(add, given)):
            keep = []
            for d in dirs:
                if d.startswith("."):
                    continue
                if os.path.islink(os.path.join(root, d)):
                    add(os.path.join(root, d), None, "symbolic link to a folder, not followed")
                else:
                    keep.append(d)
            dirs[:] = sorted(keep)
            for name in files:
                if not name.startswith(".") and not _FOLDER_DOCS.match(name):
                    fp = Path(root) / name
                    problem = _problem(fp)
                    add(str(fp), None if problem else fp, problem)
    for key in sorted(found):
        yield found[key]


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
            what = repr(suffix) if suffix else "(no suffix)"
            yield Article(source=source, error=f"unsupported file type {what} (read: {known})")
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes and suffix not in STREAMED_SUFFIXES:
                yield Article(source=source, error=too_large(size, max_bytes))
                continue
            yield from reader(path, source, max_bytes)
        except OSError as exc:
            why = "permission denied" if exc.errno == errno.EACCES else (exc.strerror or str(exc))
            yield Article(source=source, error=f"unreadable: {why}")
