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

import bisect
import re
from dataclasses import dataclass, field

from factcheck.quantities import Quantity
from factcheck.rules import GateIndex, RuleDefinition, RuleSet

WORD = re.compile(r"[\w'’%$€£-]+")
CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–]|,|\s-\s|\b(?:and|but|while|whereas|although|as|which|who|when)\b", re.I
)
#: after a figure, a relative clause still describes what it counts ("13 people who survived")
#: the last clause break in a text (its tail is the figure's own clause)
_PUNCT_FIRST = re.compile(r"\s*[^\w\s]")
RIGHT_BREAK = re.compile(
    # "four of the trapped men and brought them out": a verb whose object points back keeps the clause
    r"[;:()\[\]—–]|,|\s-\s|\band\b(?!\s+\w+\s+(?:them|him|her)\b)|\b(?:but|while|whereas|although|as|when|where)\b",
    re.I,
)
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


_WORD_CHARS = re.compile(r"\w+")


def _gate_words(text: str) -> tuple[frozenset[str], str]:
    words = _WORD_CHARS.findall(text.lower())
    return frozenset(words), " " + " ".join(words)


@dataclass(frozen=True, slots=True)
class Context:
    """Words around a figure within its sentence (the clause parts are computed once, on creation)."""

    left: str  # text before the figure, back to the previous figure or the sentence start
    right: str  # text after the figure, up to the next figure or the sentence end
    noun: str  # the head noun the figure counts ("" when none)
    near_left: str = field(init=False)  # the left part of the figure's own clause
    near_right: str = field(init=False)  # the right part of the figure's own clause
    #: the words next to the figure where an exclusion phrase vetoes a rule (for the phrase gates)
    veto_words: tuple[frozenset[str], str] = field(init=False)

    def __post_init__(self) -> None:
        m = last_break(self.left)
        object.__setattr__(self, "near_left", self.left[m.end() :] if m else self.left)
        m = RIGHT_BREAK.search(self.right)
        object.__setattr__(self, "near_right", self.right[: m.start()] if m else self.right)
        object.__setattr__(self, "veto_words", _gate_words(self.near_left[-50:] + " " + self.near_right[:45]))


def last_break(text: str) -> re.Match[str] | None:
    """The clause break that starts last in ``text`` (what ``(?s:.*)`` before CLAUSE_BREAK finds).

    A forward scan plus a look for breaks that start inside the last one found: linear, where the
    backtracking pattern tries every alternative at every position from the end.
    """
    m = None
    for m in CLAUSE_BREAK.finditer(text):  # noqa: B007 - the last match is what we want
        pass
    while m is not None and (n := CLAUSE_BREAK.search(text, m.start() + 1)) is not None:
        m = n
    return m


def head_noun(right: str, person_nouns: frozenset[str], rule_nouns: frozenset[str]) -> str:
    """The noun a figure counts: the first word after it, skipping modifiers ("34 confirmed cases")."""
    m = _PUNCT_FIRST.match(right)
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


class _Segment:
    """One stretch of context, tokenised once per figure and searched by every rule."""

    __slots__ = ("_starts", "from_end", "joined", "offset", "text", "weight", "words")

    def __init__(self, text: str, from_end: bool, weight: float, offset: int) -> None:
        self.text = text
        self.from_end = from_end  # distance counts words after the match (left context) or before it (right)
        self.weight = weight  # 1 in the figure's own clause, FAR_WEIGHT further out
        self.offset = offset  # words between this stretch and the figure
        self.words, self.joined = _gate_words(text)  # lower-case \w+ words, and joined after spaces
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Word start offsets, ascending (computed when a rule's signal is found here)."""
        if self._starts is None:
            self._starts = [m.start() for m in WORD.finditer(self.text)]
        return self._starts


def _segment(text: str, from_end: bool, weight: float, offset: int) -> _Segment:
    return _Segment(text, from_end, weight, offset)


def segments(ctx: Context) -> tuple[_Segment, ...]:
    """The four stretches a rule's signals are looked for in: near right/left, far right/left."""
    nl, nr = ctx.near_left, ctx.near_right
    far_r, far_l = ctx.right[len(nr) :], ctx.left[: len(ctx.left) - len(nl)]
    n_nr, n_nl = len(WORD.findall(nr)), len(WORD.findall(nl))
    segs = [_segment(nr[:200], False, 1.0, 0), _segment(nl[-200:], True, 1.0, 0)]
    if far_r and n_nr <= NEAR_WORDS:
        segs.append(_segment(far_r[:160], False, FAR_WEIGHT, n_nr))
    if far_l and n_nl <= NEAR_WORDS:
        segs.append(_segment(far_l[-160:], True, FAR_WEIGHT, n_nl))
    return tuple(segs)


def score_rule(
    rule: RuleDefinition, ctx: Context, noun_class: str, segs: tuple[_Segment, ...] | None = None
) -> float:
    """How strongly the context signals ``rule`` (0 when vetoed or the counted noun does not fit)."""
    segs = segments(ctx) if segs is None else segs
    return _score(
        rule,
        ctx,
        noun_class,
        segs,
        rule.exclude_gate.may_match(*ctx.veto_words),
        [rule.signal_gate.may_match(seg.words, seg.joined) for seg in segs],
    )


def _score(
    rule: RuleDefinition,
    ctx: Context,
    noun_class: str,
    segs: tuple[_Segment, ...],
    may_veto: bool,
    may_signal: list[bool],
) -> float:
    if rule.type == "count" and rule.counts != "any":
        if noun_class == "thing" and ctx.noun not in rule.nouns:
            return 0.0
        if noun_class == "person" and rule.counts in ("things", "none") and ctx.noun not in rule.nouns:
            return 0.0
    if may_veto and (
        rule.any_exclude_re.search(ctx.near_left[-50:]) or rule.any_exclude_re.search(ctx.near_right[:45])
    ):
        return 0.0
    score = 1.5 if ctx.noun and ctx.noun in rule.nouns else 0.0
    hit = [
        seg for seg, may in zip(segs, may_signal, strict=True) if may and rule.any_signal_re.search(seg.text)
    ]
    if not hit:
        return score  # no signal anywhere: one search per stretch instead of one per phrase
    for sig in rule.signal_res:
        score += max((_signal_score(sig, seg) for seg in hit), default=0.0)
    return score


_Indexes = tuple[GateIndex, GateIndex, dict[str, frozenset[int]]]
_INDEXES: dict[int, tuple[tuple[RuleDefinition, ...], _Indexes]] = {}


def _indexes(rules: RuleSet) -> _Indexes:
    """A rule set's signal and exclusion gate indexes and its rules by noun (built once per rule set)."""
    got = _INDEXES.get(id(rules.rules))
    if got is None or got[0] is not rules.rules:
        by_noun: dict[str, set[int]] = {}
        for i, r in enumerate(rules.rules):
            for n in r.nouns:
                by_noun.setdefault(n, set()).add(i)
        got = (
            rules.rules,
            (
                GateIndex(tuple(r.signal_gate for r in rules.rules)),
                GateIndex(tuple(r.exclude_gate for r in rules.rules)),
                {n: frozenset(ix) for n, ix in by_noun.items()},
            ),
        )
        _INDEXES[id(rules.rules)] = got
    return got[1]


def _signal_score(sig: re.Pattern[str], seg: _Segment) -> float:
    best = 0.0
    for m in sig.finditer(seg.text):
        if seg.from_end:
            d = seg.offset + len(seg.starts) - bisect.bisect_left(seg.starts, m.end())
            w = 0.9 / (1.0 + 0.2 * d)
        else:
            d = seg.offset + bisect.bisect_left(seg.starts, m.start())
            w = 1.0 / (1.0 + 0.2 * d)
        if d <= NEAR_WORDS:
            best = max(best, w * seg.weight)
    return best


def assign_rule(
    q: Quantity, ctx: Context, rules: RuleSet, unit_dimension: str, noun_class: str = "none"
) -> tuple[RuleDefinition | None, float]:
    """The best-scoring rule whose dimension fits the figure, and its score (None, 0.0 when none fits).

    ``noun_class`` is "person", "thing" or "none": what the figure's head noun is.
    """
    allowed = KIND_DIMENSIONS.get(q.kind, set())
    best: tuple[float, RuleDefinition | None, float] = (0.0, None, 0.0)
    segs = segments(ctx)
    signal_index, veto_index, by_noun = _indexes(rules)
    may_signal = [signal_index.passing(seg.words, seg.joined) for seg in segs]
    # a rule scores above zero only with its noun or a signal: the others need no look
    candidates = set(by_noun.get(ctx.noun, ())) if ctx.noun else set()
    for ms in may_signal:
        candidates |= ms
    if not candidates:
        return None, 0.0
    may_veto = veto_index.passing(*ctx.veto_words)
    for i in sorted(candidates):
        rule = rules.rules[i]
        if rule.dimension not in allowed:
            continue
        if q.kind == "measure" and rule.dimension != unit_dimension:
            continue
        if rule.values and q.value is not None and not rule.values[0] <= q.value <= rule.values[1]:
            continue
        if (
            rule.type == "count"
            and rule.counts not in ("any", "none")
            and q.value is not None
            and q.value != int(q.value)
            and q.low is None
        ):
            continue  # people and things come in whole numbers: "a 6.7-strength quake" is not a toll
        s = _score(rule, ctx, noun_class, segs, i in may_veto, [i in ms for ms in may_signal])
        if s < THRESHOLD:
            continue
        ranked = s * (1.0 + 0.25 * rule.priority)
        if ranked > best[0]:
            best = (ranked, rule, s)
    return best[1], best[2]
