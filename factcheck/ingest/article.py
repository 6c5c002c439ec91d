"""The Article record that the ingest stage produces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def article_id_for(source: str) -> str:
    """Stable short id of an article, derived from its source (path or feed id)."""
    return "a" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]


@dataclass(slots=True)
class Article:
    """One input: its decoded text plus metadata, or the reason it could not be read."""

    source: str  # path as given, or "<feed>#<line>" / feed id
    text: str = ""  # decoded article text (offsets in claims refer to this)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_source: str = "none"  # front matter, dateline, byline, stamp, inferred, none
    published_partial: tuple[int, int] | None = None  # (month, day) of a dateline with no year
    url: str | None = None
    encoding: str | None = None
    error: str | None = None  # why it was skipped; None when read
    extra: dict[str, str] = field(default_factory=dict)
    article_id: str = ""

    def __post_init__(self) -> None:
        if not self.article_id:
            self.article_id = article_id_for(self.source)

    @property
    def ok(self) -> bool:
        """True when the article was read and has text."""
        return self.error is None
