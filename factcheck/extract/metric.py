"""Assign a metric rule to a figure from the words around it.

The figure's context is the stretch of its sentence between the neighbouring figures (so in
"three people died and several hundred others sustained injuries" each figure keeps its own
words). Each rule scores the signal words it finds there, weighted by distance (words after the
figure count more than words before it); an exclusion phrase vetoes the rule. The best score
wins, with the rule's priority breaking near-ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.quantities import Quantity
from factcheck.rules import RuleDefinition, RuleSet

WORD = re.compile(r"[\w'’%$€£-]+")
MAX_WORDS = 14
THRESHOLD = 0.12

#: which rule dimensions accept which quantity kinds
KIND_DIMENSIONS = {
    "count": {"", "magnitude"},
    "percent": {"percent"},
    "money": {"currency"},
    "measure": {"[length]", "[temperature]", "[area]", "[mass]", "[time]", "[speed]"},
}


@dataclass(frozen=True, slots=True)
class Context:
    """Words around a figure within its sentence."""

    left: str  # text before the figure, back to the previous figure
    right: str  # text after the figure, up to the next figure
    noun: str


def _score(rule: RuleDefinition, ctx: Context) -> float:
    for ex in rule.exclude_res:
        if ex.search(ctx.right[:90]) or ex.search(ctx.left[-70:]):
            return 0.0
    score = 0.0
    if ctx.noun and ctx.noun.lower() in rule.nouns:
        score += 1.5
    right_words = [m.start() for m in WORD.finditer(ctx.right)]
    left_words = [m.start() for m in WORD.finditer(ctx.left)]
    for sig in rule.signal_res:
        best = 0.0
        for m in sig.finditer(ctx.right):
            d = sum(1 for p in right_words if p < m.start())
            if d <= MAX_WORDS:
                best = max(best, 1.0 / (1.0 + 0.3 * d))
        for m in sig.finditer(ctx.left):
            d = sum(1 for p in left_words if p >= m.end())
            if d <= MAX_WORDS:
                best = max(best, 0.8 / (1.0 + 0.45 * d))
        score += best
    return score


def dimension_of(q: Quantity, unit_dimension: str) -> str:
    """The rule dimension a quantity can fill."""
    if q.kind == "count":
        return ""
    if q.kind == "percent":
        return "percent"
    if q.kind == "money":
        return "currency"
    return unit_dimension


def assign_rule(q: Quantity, ctx: Context, rules: RuleSet, unit_dimension: str) -> tuple[RuleDefinition | None, float]:
    """The best-scoring rule whose dimension fits the figure, and its score (None, 0.0 when none fits)."""
    allowed = KIND_DIMENSIONS.get(q.kind, set())
    best: tuple[float, RuleDefinition | None, float] = (0.0, None, 0.0)
    for rule in rules.rules:
        if rule.dimension not in allowed:
            continue
        if q.kind == "measure" and rule.dimension != unit_dimension:
            continue
        s = _score(rule, ctx)
        if s < THRESHOLD:
            continue
        ranked = s * (1.0 + 0.25 * rule.priority)
        if ranked > best[0]:
            best = (ranked, rule, s)
    return best[1], best[2]
