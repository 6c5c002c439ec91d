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
from factcheck.rules import GateIndex, PhraseGate, RuleDefinition, RuleSet, plain_case

WORD = re.compile(r"[\w'’%$€£-]+")
_BREAK_PUNCT = r"[;:()\[\]—–]|,|\s-\s"
_BREAK_WORDS = ("and", "but", "while", "whereas", "although", "as", "which", "who", "when")
CLAUSE_BREAK = re.compile(_BREAK_PUNCT + r"|\b(?:" + "|".join(_BREAK_WORDS) + r")\b", re.I)
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

    def __post_init__(self) -> None:
        brk = last_break(self.left)
        object.__setattr__(self, "near_left", self.left[brk[1] :] if brk else self.left)
        m = RIGHT_BREAK.search(self.right)
        object.__setattr__(self, "near_right", self.right[: m.start()] if m else self.right)

    @property
    def veto_words(self) -> tuple[frozenset[str], str]:
        """The words next to the figure where an exclusion phrase vetoes a rule (for the phrase gates)."""
        return _gate_words(self.near_left[-50:] + " " + self.near_right[:45])


#: a greedy ``.*`` anchored at the start backs off one position at a time from the end, so the first
#: break it finds is the one that starts last; anchored (``match``), it is tried from one start only.
#: The case-sensitive lookahead (every character a break can start with) skips most places cheaply.
_BREAK_STARTS = "".join(sorted({w[0] for w in _BREAK_WORDS} | {w[0].upper() for w in _BREAK_WORDS}))
_LAST_BREAK = re.compile(
    r"(?s:.*)(?=(?-i:[;:()\[\]—–,\s" + _BREAK_STARTS + "]))(" + CLAUSE_BREAK.pattern + ")", CLAUSE_BREAK.flags
)


def last_break(text: str) -> tuple[int, int] | None:
    """Span of the clause break that starts last in ``text`` (None when there is none).

    Of two breaks that start at the same place, the one CLAUSE_BREAK's alternatives give first.
    """
    m = _LAST_BREAK.match(text)
    return m.span(1) if m else None


def head_noun(right: str, person_nouns: frozenset[str], rule_nouns: frozenset[str]) -> str:
    """The noun a figure counts: the first word after it, skipping modifiers ("34 confirmed cases")."""
    m = _PUNCT_FIRST.match(right)
    if m or (not right[:1].isspace() and right):
        return ""  # "19, health officials said": punctuation right after the figure, no noun
    # only a break in the first 60 characters matters, and a break starting there ends by the 68th
    stop = CLAUSE_BREAK.search(right, 0, 70)
    words = [w.lower().strip("'’") for w in WORD.findall(right[: min(stop.start(), 60) if stop else 60])[:4]]
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


def segments(ctx: Context) -> tuple[_Segment, ...]:
    """The four stretches a rule's signals are looked for in: near right/left, far right/left."""
    nl, nr = ctx.near_left, ctx.near_right
    far_r, far_l = ctx.right[len(nr) :], ctx.left[: len(ctx.left) - len(nl)]
    segs = [_Segment(nr[:200], False, 1.0, 0), _Segment(nl[-200:], True, 1.0, 0)]
    if far_r and (n_nr := len(WORD.findall(nr))) <= NEAR_WORDS:
        segs.append(_Segment(far_r[:160], False, FAR_WEIGHT, n_nr))
    if far_l and (n_nl := len(WORD.findall(nl))) <= NEAR_WORDS:
        segs.append(_Segment(far_l[-160:], True, FAR_WEIGHT, n_nl))
    return tuple(segs)


def score_rule(
    rule: RuleDefinition, ctx: Context, noun_class: str, segs: tuple[_Segment, ...] | None = None
) -> float:
    """How strongly the context signals ``rule`` (0 when vetoed or the counted noun does not fit)."""
    if not _noun_fits(rule, ctx.noun, noun_class):
        return 0.0
    segs = segments(ctx) if segs is None else segs
    return _score(
        rule,
        ctx,
        segs,
        rule.exclude_gate.may_match(*ctx.veto_words),
        [rule.signal_gate.may_match(seg.words, seg.joined) for seg in segs],
    )


def _noun_fits(rule: RuleDefinition, noun: str, noun_class: str) -> bool:
    """False when the rule counts people (or things) and the figure counts something else."""
    if rule.type == "count" and rule.counts != "any" and noun not in rule.nouns:
        if noun_class == "thing":
            return False
        if noun_class == "person" and rule.counts in ("things", "none"):
            return False
    return True


def _score(
    rule: RuleDefinition,
    ctx: Context,
    segs: tuple[_Segment, ...],
    may_veto: bool,
    may_signal: list[bool],
) -> float:
    """The score of a rule whose noun fits (``_noun_fits``), given which gates the context passes."""
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
    # a phrase whose gate a stretch does not pass cannot occur there (see plain_case)
    gated = [(seg, seg.words, seg.joined) for seg in hit if plain_case(seg.text)]
    ungated = [seg for seg in hit if not plain_case(seg.text)]
    for sig, gate in zip(rule.signal_res, rule.signal_gates, strict=True):
        best = 0.0
        for seg, words, joined in gated:
            if gate.may_match(words, joined):
                best = max(best, _signal_score(sig, seg))
        for seg in ungated:
            best = max(best, _signal_score(sig, seg))
        score += best
    return score


#: the signal and exclusion gate indexes of the rules a kind of figure may take, and those rules by noun
_Indexes = tuple[GateIndex, GateIndex, dict[str, frozenset[int]]]
_INDEXES: dict[tuple[int, str, str], tuple[tuple[RuleDefinition, ...], _Indexes | None]] = {}
_NO_GATE = PhraseGate()  # passed by no text: stands in for the rules a kind of figure cannot take


def _indexes(rules: RuleSet, kind: str, unit_dimension: str) -> _Indexes | None:
    """The indexes over the rules whose dimension fits the figure (None when none does).

    Built once per rule set, kind and (for measures) dimension. Rules keep their place in
    ``rules.rules``, so candidates are still tried in rule order.
    """
    allowed = KIND_DIMENSIONS.get(kind, set())
    if kind == "measure":
        if unit_dimension not in allowed:
            return None  # "5 years", "2 tonnes": no rule measures time or mass
        allowed = {unit_dimension}
    key = (id(rules.rules), kind, unit_dimension if kind == "measure" else "")
    got = _INDEXES.get(key)
    if got is None or got[0] is not rules.rules:
        fitting = [r if r.dimension in allowed else None for r in rules.rules]
        idx: _Indexes | None = None
        if any(fitting):
            by_noun: dict[str, set[int]] = {}
            for i, r in enumerate(fitting):
                for n in r.nouns if r else ():
                    by_noun.setdefault(n, set()).add(i)
            idx = (
                GateIndex(tuple(r.signal_gate if r else _NO_GATE for r in fitting)),
                GateIndex(tuple(r.exclude_gate if r else _NO_GATE for r in fitting)),
                {n: frozenset(ix) for n, ix in by_noun.items()},
            )
        if len(_INDEXES) > 64:
            _INDEXES.clear()  # rule sets come and go (tests): keep the cache small
        got = (rules.rules, idx)
        _INDEXES[key] = got
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
    indexes = _indexes(rules, q.kind, unit_dimension)
    if indexes is None:
        return None, 0.0
    signal_index, veto_index, by_noun = indexes
    best: tuple[float, RuleDefinition | None, float] = (0.0, None, 0.0)
    segs = segments(ctx)
    may_signal = [signal_index.passing(seg.words, seg.joined) for seg in segs]
    # a rule scores above zero only with its noun or a signal: the others need no look
    candidates = set(by_noun.get(ctx.noun, ())) if ctx.noun else set()
    for ms in may_signal:
        candidates |= ms
    if not candidates:
        return None, 0.0
    may_veto: set[int] | None = None  # the rules an exclusion phrase may veto (read when first needed)
    for i in sorted(candidates):  # all of them fit the figure's dimension (see _indexes)
        rule = rules.rules[i]
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
        if not _noun_fits(rule, ctx.noun, noun_class):
            continue
        if may_veto is None:
            may_veto = veto_index.passing(*ctx.veto_words)
        s = _score(rule, ctx, segs, i in may_veto, [i in ms for ms in may_signal])
        if s < THRESHOLD:
            continue
        ranked = s * (1.0 + 0.25 * rule.priority)
        if ranked > best[0]:
            best = (ranked, rule, s)
    return best[1], best[2]
