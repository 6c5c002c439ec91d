"""Every rule file's ``examples`` run as tests, so the docs in rules/ and the behaviour cannot drift.

An example is ``{text, value}`` (the text yields a claim of that rule's metric with that value) or
``{text, metric: null}`` (no claim of that metric) or ``{text, metric: other}`` (the figure goes to
another metric).
"""

from __future__ import annotations

import pytest

from factcheck.extract import Extractor
from factcheck.ingest import Article
from factcheck.rules import load_rules

RULES = load_rules()
CASES = [(rule, i, ex) for rule in RULES.rules for i, ex in enumerate(rule.examples)]


def claims_of(text: str) -> list[dict]:
    art = Article(
        source="example.txt",
        text=text + ("" if text.rstrip().endswith((".", '"')) else "."),
        published="2024-03-18",
    )
    return Extractor(RULES).article_claims(art)


@pytest.mark.parametrize(("rule", "index", "example"), CASES, ids=[f"{r.id}-{i}" for r, i, _ in CASES])
def test_rule_example(rule, index, example) -> None:
    claims = claims_of(example["text"])
    mine = [c for c in claims if c["metric"] == rule.metric]
    if "value" in example:
        assert any(abs(c["value"] - example["value"]) < 1e-6 for c in mine), (example, claims)
    elif example.get("metric", "") is None:
        assert not mine, (example, mine)
    else:
        assert any(c["metric"] == example["metric"] for c in claims), (example, claims)


def test_every_rule_has_an_example() -> None:
    missing = [r.id for r in RULES.rules if not r.examples]
    assert not missing, f"rules without examples: {missing}"


def test_rule_ids_come_from_paths() -> None:
    ids = {r.id for r in RULES.rules}
    assert "casualties.deaths" in ids and "security.detained" in ids
    assert all(r.id.count(".") == 1 for r in RULES.rules)
