"""Assign a metric rule to a figure from the words around it.

The figure's context is its own clause: the words back to the previous clause break (comma,
semicolon, "and", "while"...) and forward to the next one, never past a neighbouring figure.
Each rule scores the signal words found there, weighted by distance (words after the figure count
a little more than words before it); words further out in the sentence count for a third. An
exclusion phrase inside the clause vetoes the rule. What the figure counts matters too: "two
broken legs" is not a count of people, so a rule that counts people only fits a figure whose head
noun is a person noun, one of its own nouns, or absent ("has risen to 312").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.quantities import Quantity
from factcheck.rules import RuleDefinition, RuleSet

WORD = re.compile(r"[\w'’%$€£-]+")
CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–]|,|\s-\s|\b(?:and|but|while|whereas|although|as|which|who|when)\b", re.I
)
#: after a figure, a relative clause still describes what it counts ("13 people who survived")
RIGHT_BREAK = re.compile(r"[;:()\[\]—–]|,|\s-\s|\b(?:and|but|while|whereas|although|as|when|where)\b", re.I)
NEAR_WORDS = 12
FAR_WEIGHT = 0.15
THRESHOLD = 0.15

#: words after a figure that mean "no head noun here" ("312, officials said", "had died")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "were",
        "was",
        "had",
        "have",
        "has",
        "are",
        "is",
        "be",
        "been",
        "being",
        "in",
        "on",
        "at",
        "to",
        "by",
        "from",
        "and",
        "or",
        "but",
        "for",
        "with",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "them",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "people's",
        "more",
        "other",
        "others",
        "still",
        "so",
        "far",
        "now",
        "already",
        "just",
        "only",
        "nearly",
        "about",
        "some",
        "said",
        "says",
        "had",
    ]
)
#: verbs that often follow a bare figure ("Five remain in intensive care"): the figure counts no noun
VERBS = frozenset(
    [
        "remain",
        "remains",
        "remained",
        "die",
        "died",
        "dies",
        "survive",
        "survived",
        "drowned",
        "fled",
        "need",
        "needs",
        "needed",
        "tested",
        "went",
        "came",
        "got",
        "took",
        "gave",
        "lost",
        "live",
        "lived",
        "stayed",
        "stay",
        "were",
        "are",
        "was",
        "is",
        "have",
        "has",
        "had",
        "did",
        "do",
        "does",
        "could",
        "would",
        "will",
        "may",
        "might",
        "must",
        "should",
        "can",
    ]
)
#: modifiers skipped when looking for the head noun ("34 confirmed cases")
MODIFIERS = frozenset(
    [
        "confirmed",
        "suspected",
        "reported",
        "known",
        "recorded",
        "registered",
        "official",
        "officially",
        "additional",
        "further",
        "new",
        "more",
        "other",
        "injured",
        "dead",
        "missing",
        "trapped",
        "young",
        "old",
        "local",
        "foreign",
        "unvaccinated",
        "vaccinated",
        "elderly",
        "seriously",
        "badly",
        "critically",
    ]
)

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

    left: str  # text before the figure, back to the previous figure or the sentence start
    right: str  # text after the figure, up to the next figure or the sentence end
    noun: str  # the head noun the figure counts ("" when none)

    @property
    def near_left(self) -> str:
        """The left part of the figure's own clause."""
        parts = CLAUSE_BREAK.split(self.left)
        return parts[-1] if parts else self.left

    @property
    def near_right(self) -> str:
        """The right part of the figure's own clause."""
        m = RIGHT_BREAK.search(self.right)
        return self.right[: m.start()] if m else self.right


def head_noun(right: str, person_nouns: frozenset[str], rule_nouns: frozenset[str]) -> str:
    """The noun a figure counts: the first word after it, skipping modifiers ("34 confirmed cases")."""
    m = re.match(r"\s*[^\w\s]", right)
    if m or (not right[:1].isspace() and right):
        return ""  # "19, health officials said": punctuation right after the figure, no noun
    stop = CLAUSE_BREAK.search(right)
    words = [w.lower().strip("'’") for w in WORD.findall(right[: stop.start() if stop else 60][:60])][:4]
    if words[:1] == ["of"]:
        words = words[1:]  # "thousands of people"
        if words[:1] in (["the"], ["their"], ["its"]):
            words = words[1:]
    for w in words:
        if w in FUNCTION_WORDS or w in VERBS:
            return ""
        if w in MODIFIERS:
            continue
        if w.endswith("ed") and w not in rule_nouns:
            return ""  # a participle ("13 rescued alive", "two killed"): a verb, not what is counted
        return w
    return ""


def score_rule(rule: RuleDefinition, ctx: Context, noun_class: str) -> float:
    """How strongly the context signals ``rule`` (0 when vetoed or the counted noun does not fit)."""
    if rule.type == "count" and rule.counts != "any":
        if noun_class == "thing" and ctx.noun not in rule.nouns:
            return 0.0
        if noun_class == "person" and rule.counts == "things" and ctx.noun not in rule.nouns:
            return 0.0
    nl, nr = ctx.near_left, ctx.near_right
    for ex in rule.exclude_res:
        if ex.search(nl[-50:]) or ex.search(nr[:45]):
            return 0.0
    score = 1.5 if ctx.noun and ctx.noun in rule.nouns else 0.0
    total = 0.0
    for sig in rule.signal_res:
        per = max(
            _signal_score_one(sig, nr, from_end=False, near=True),
            _signal_score_one(sig, nl, from_end=True, near=True),
            _signal_score_one(
                sig, ctx.right[len(nr) :], from_end=False, near=False, offset_words=len(WORD.findall(nr))
            ),
            _signal_score_one(
                sig,
                ctx.left[: len(ctx.left) - len(nl)],
                from_end=True,
                near=False,
                offset_words=len(WORD.findall(nl)),
            ),
        )
        total += per
    return score + total


def _signal_score_one(
    sig: re.Pattern[str], text: str, from_end: bool, near: bool, offset_words: int = 0
) -> float:
    if not text:
        return 0.0
    words = [m.start() for m in WORD.finditer(text)]
    best = 0.0
    for m in sig.finditer(text):
        if from_end:
            d = offset_words + sum(1 for p in words if p >= m.end())
            w = 0.9 / (1.0 + 0.2 * d)
        else:
            d = offset_words + sum(1 for p in words if p < m.start())
            w = 1.0 / (1.0 + 0.2 * d)
        if d > NEAR_WORDS:
            continue
        best = max(best, w if near else w * FAR_WEIGHT)
    return best


def assign_rule(
    q: Quantity, ctx: Context, rules: RuleSet, unit_dimension: str, noun_class: str = "none"
) -> tuple[RuleDefinition | None, float]:
    """The best-scoring rule whose dimension fits the figure, and its score (None, 0.0 when none fits).

    ``noun_class`` is "person", "thing" or "none": what the figure's head noun is.
    """
    allowed = KIND_DIMENSIONS.get(q.kind, set())
    best: tuple[float, RuleDefinition | None, float] = (0.0, None, 0.0)
    for rule in rules.rules:
        if rule.dimension not in allowed:
            continue
        if q.kind == "measure" and rule.dimension != unit_dimension:
            continue
        if rule.values and q.value is not None and not rule.values[0] <= q.value <= rule.values[1]:
            continue
        if (
            rule.type == "count"
            and rule.counts != "any"
            and q.value is not None
            and q.value != int(q.value)
            and q.low is None
        ):
            continue  # people and things come in whole numbers: "a 6.7-strength quake" is not a toll
        s = score_rule(rule, ctx, noun_class)
        if s < THRESHOLD:
            continue
        ranked = s * (1.0 + 0.25 * rule.priority)
        if ranked > best[0]:
            best = (ranked, rule, s)
    return best[1], best[2]
