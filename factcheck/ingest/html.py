"""HTML pages (.html/.htm): the article's main text, without navigation, banners, comments or scripts.

Extraction is trafilatura's, run offline on the file's bytes: no URL is ever passed to it, so it
never fetches anything. Title, publication date, outlet (site name) and canonical URL come from
the page's metadata (``<title>``, ``<meta property="article:published_time">``, JSON-LD...). The
Article's text is the extracted text, so claim offsets and the report refer to it.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from factcheck.ingest.article import Article
from factcheck.ingest.decode import decode_bytes
from factcheck.ingest.readers import build_article, read_limited, register_reader, too_large

# trafilatura, htmldate and courlan log warnings about odd pages; the report already says what
# happened, and stderr carries only skip reasons, so keep their log records off stderr.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def decode_html(raw: bytes) -> tuple[str, str | None, str | None]:
    """Decode a page: byte order mark or valid UTF-8, then its ``<meta charset>``, then detection."""
    text, encoding, problem = decode_bytes(raw)
    if problem or encoding in ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"):
        return text, encoding, problem
    m = _META_CHARSET.search(raw[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace")
        try:
            return raw.decode(declared), codecs.lookup(declared).name, None
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: keep what detection found
    return text, encoding, problem


def extract_html(html: str) -> tuple[str, dict[str, object]]:
    """Main text and metadata (title, published, outlet, url) of a page; text is "" when none is found."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    if not doc:
        return "", {}
    doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
    text = (doc.get("text") or "").strip()
    meta: dict[str, object] = {
        "title": doc.get("title"),
        "published": doc.get("date"),
        "outlet": doc.get("sitename"),
        "url": doc.get("url"),
    }
    return text, {k: v for k, v in meta.items() if isinstance(v, str) and v}


@register_reader(".html", ".htm", ".xhtml")
def read_html(path: Path, source: str, max_bytes: int) -> Iterator[Article]:
    """An HTML page: main text extracted offline, metadata from the page head."""
    raw = read_limited(path, max_bytes)
    if raw is None:
        yield Article(source=source, error=too_large(path.stat().st_size, max_bytes))
        return
    html, encoding, problem = decode_html(raw)
    if problem:
        yield Article(source=source, error=problem, encoding=encoding)
        return
    try:
        text, meta = extract_html(html)
    except (ValueError, TypeError, RecursionError, AttributeError) as exc:
        # lxml and trafilatura raise these on pathological markup; one page must not stop the run
        yield Article(source=source, error=f"HTML extraction failed: {type(exc).__name__}", encoding=encoding)
        return
    if not text:
        yield Article(source=source, error="no article text found in the HTML page", encoding=encoding)
        return
    yield build_article(source, text, meta, encoding, meta_source="html metadata")
