"""The local engine: extraction and comparison in this process, one batch at a time.

``extract_batch`` is also what a Dask worker runs on each partition, so both engines make claims
with the very same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from factcheck.compare import find_discrepancies
from factcheck.engines import Batch, register_engine
from factcheck.extract import Extractor
from factcheck.ingest import Article
from factcheck.rules import RuleSet
from factcheck.schema import CLAIM_COLUMNS, empty_frame

#: Extractors built on this process, by rule set (a worker builds one per rule set it is sent)
_EXTRACTORS: dict[int, tuple[RuleSet, Extractor]] = {}


def extractor_for(rules: RuleSet) -> Extractor:
    """The Extractor of ``rules``, built once per process."""
    hit = _EXTRACTORS.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _EXTRACTORS[id(rules)] = (rules, Extractor(rules))
    return hit[1]


def extract_batch(ordinals: list[int], articles: list[Article],
                  rules: RuleSet) -> tuple[list[int], pd.DataFrame]:
    """Claims of a batch of articles (CLAIM_COLUMNS, plain Python values) with the ordinal of each row's
    article. The pipeline validates the claims table once, when the batches are joined: the dtypes
    of a few hundred rows cost as much to set as those of a hundred thousand."""
    ex = extractor_for(rules)
    rows: list[dict[str, object]] = []
    row_ords: list[int] = []
    for k, art in zip(ordinals, articles, strict=True):
        got = ex.article_claims(art)
        rows.extend(got)
        row_ords.extend([k] * len(got))
    if not rows:
        return [], empty_frame(CLAIM_COLUMNS)
    return row_ords, pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


@register_engine("local")
class LocalEngine:
    """Everything in this process (the default)."""

    name = "local"

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def extract(self, batches: Iterable[Batch]) -> Iterator[tuple[list[int], pd.DataFrame]]:
        """Extract each batch as it comes."""
        for ordinals, articles in batches:
            yield extract_batch(ordinals, articles, self.rules)

    def compare(self, claims: pd.DataFrame) -> pd.DataFrame:
        """``find_discrepancies`` on all claims."""
        return find_discrepancies(claims)

    def close(self) -> None:
        """Nothing to release."""
