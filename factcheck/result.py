"""RunResult: the one record every output format is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from factcheck import __version__


@dataclass
class RunResult:
    """Articles read (and skipped), claims found and discrepancies judged in one run."""

    articles: pd.DataFrame  # ARTICLE_COLUMNS
    claims: pd.DataFrame  # CLAIM_COLUMNS
    discrepancies: pd.DataFrame  # DISCREPANCY_COLUMNS
    texts: dict[str, str] = field(default_factory=dict)  # article_id -> text, for the HTML article view
    generated_by: str = f"factcheck {__version__}"

    @property
    def skipped(self) -> pd.DataFrame:
        """The inputs that could not be read, with their reasons."""
        return self.articles[self.articles["error"].notna()]

    def counts(self) -> dict[str, Any]:
        """Summary numbers for headers and logs."""
        kinds = self.discrepancies["kind"].value_counts().to_dict() if len(self.discrepancies) else {}
        return {
            "articles": int(self.articles["error"].isna().sum()),
            "skipped": int(self.articles["error"].notna().sum()),
            "claims": len(self.claims),
            "discrepancies": len(self.discrepancies),
            "conflict": int(kinds.get("conflict", 0)),
            "disputed": int(kinds.get("disputed", 0)),
            "update": int(kinds.get("update", 0)),
        }
