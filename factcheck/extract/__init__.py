"""Extract stage: Articles to the claims table.

For each article: split sentences, find quantities (``factcheck.quantities``), keep the ones
that are counts, money, shares or measures, and give each a metric (rules), a subject
(restrictors), the date it refers to, its attribution and its stance. The output is a
DataFrame validated against ``factcheck.schema.CLAIM_COLUMNS``.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from factcheck.extract.attribution import StanceReader
from factcheck.extract.metric import Context, assign_rule
from factcheck.extract.subject import SubjectReader
from factcheck.extract.timeref import resolve_claim_date
from factcheck.ingest import Article
from factcheck.quantities import Quantity, get_registry, parse_quantities
from factcheck.rules import RuleSet
from factcheck.schema import CLAIM_COLUMNS, empty_frame, validate_claims
from factcheck.text import split_sentences

CLAIM_KINDS = frozenset({"count", "money", "percent", "measure"})

_DIMENSIONS = {
    "[length]": "[length]",
    "[temperature]": "[temperature]",
    "[length] ** 2": "[area]",
    "[mass]": "[mass]",
    "[time]": "[time]",
    "[length] / [time]": "[speed]",
}


@lru_cache(maxsize=256)
def unit_dimension(unit: str) -> str:
    """The rule dimension of a pint unit ("kilometer" -> "[length]"); "" for counts."""
    if not unit:
        return ""
    if unit == "percent":
        return "percent"
    try:
        dim = str(get_registry().Quantity(1.0, unit).dimensionality)
    except Exception:
        return "?"
    if dim.startswith("[currency"):
        return "currency"
    return _DIMENSIONS.get(dim, dim)


def claim_id(source: str, start: int, end: int) -> str:
    """Stable claim id derived from the article source and the figure's offsets."""
    return "c" + hashlib.sha1(f"{source}\x00{start}\x00{end}".encode()).hexdigest()[:12]


class Extractor:
    """Turns articles into claim rows with one rule set (built once, reused for every article)."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        lex = rules.lexicon
        self.stance = StanceReader(lex.get("hedges", []), lex.get("denials", []))
        self.subjects = SubjectReader(lex)

    def article_claims(self, article: Article) -> list[dict[str, object]]:
        """Claim rows (dicts with CLAIM_COLUMNS) of one article."""
        if not article.ok or not article.text:
            return []
        text = article.text
        sentences = split_sentences(text)
        starts = [s for s, _ in sentences]
        quantities = parse_quantities(text)
        rows: list[dict[str, object]] = []
        for i, q in enumerate(quantities):
            if q.kind not in CLAIM_KINDS or q.value is None:
                continue
            si = bisect.bisect_right(starts, q.start) - 1
            if si < 0:
                continue
            s_start, s_end = sentences[si]
            if q.end > s_end:
                continue
            sentence = text[s_start:s_end]
            prev_end = max([p.end for p in quantities[:i] if p.end <= q.start] + [s_start])
            nxt = quantities[i + 1].start if i + 1 < len(quantities) else s_end
            left = text[max(prev_end, s_start) : q.start]
            right = text[q.end : min(max(nxt, q.end), s_end)]
            ctx = Context(left=left, right=right, noun=q.noun or "")
            dim = unit_dimension(q.unit)
            rule, _score = assign_rule(q, ctx, self.rules, dim)
            if rule is None:
                continue
            stance = self.stance.read(sentence, q.start - s_start)
            when = resolve_claim_date(sentence, q.start - s_start, article.published)
            restrictors = self.subjects.restrictors(q.noun or "", sentence, left, right)
            if when.period:
                restrictors = [*restrictors, f"in {when.period}"]
            rows.append(
                {
                    "id": claim_id(article.source, q.start, q.end),
                    "article_id": article.article_id,
                    "source": article.source,
                    "outlet": article.outlet,
                    "published": article.published,
                    "subject": ", ".join(restrictors),
                    "metric": rule.metric,
                    "rule": rule.id,
                    "cumulative": rule.cumulative,
                    "timing": rule.timing,
                    "value": q.value,
                    "low": q.low,
                    "high": q.high,
                    "unit": q.unit or "",
                    "qualifier": q.qualifier,
                    "kind": q.kind,
                    "precision": q.precision,
                    "date": when.date,
                    "date_source": when.source,
                    "surface": q.text,
                    "sentence": sentence,
                    "sentence_start": s_start,
                    "start": q.start,
                    "end": q.end,
                    "attribution": stance.attribution,
                    "stance": stance.stance,
                }
            )
        return rows


def extract_claims(articles: Iterable[Article], rules: RuleSet) -> pd.DataFrame:
    """The claims table of ``articles`` (validated against CLAIM_COLUMNS)."""
    ex = Extractor(rules)
    rows: list[dict[str, object]] = []
    for art in articles:
        rows.extend(ex.article_claims(art))
    if not rows:
        return empty_frame(CLAIM_COLUMNS)
    return validate_claims(pd.DataFrame(rows, columns=list(CLAIM_COLUMNS)))


__all__ = ["CLAIM_KINDS", "Extractor", "claim_id", "extract_claims", "unit_dimension"]
