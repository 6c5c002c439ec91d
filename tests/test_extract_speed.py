"""The extractor's speed devices must not change a result: gates, anchored scans, first pieces.

Each device is checked against the plain form it replaces, on news-like text and on strings built
to hit its edge cases (case variants, the letters IGNORECASE folds differently, non-ASCII).
"""

from __future__ import annotations

import re

import pytest
from text_samples import mixed_texts

import factcheck.extract as E
from factcheck.extract import generic as G
from factcheck.extract import metric as M
from factcheck.extract import subject as S
from factcheck.quantities import Quantity, parse_quantities
from factcheck.rules import KeywordGate, PhraseGate, RuleSet, load_rules, phrase_regex, plain_case

RULES = load_rules()

NEWS = (
    "KATHMANDU, March 17 - More than 2,300 people were injured and about 1,006 died, the ministry said; "
    "Bajhang district alone reported 71 deaths (officials) while others — rescuers — said 12 as well, "
    "which is when nationwide tallies rose. In Sfax province, of the 12 cases confirmed, 11 were "
    "children: a second boat carried 40 migrants - among them 7 women - and the Death Toll, Killed, "
    "KILLED, kılled, ſtate, \u212ailled, İnjured, injured and injuries... up to 6,000 each; whereas "
    "although as who where but and\n"
)


def _samples(n: int = 300) -> list[str]:
    extra = [",", ";", " - ", "and", "And", "é", "’", "\u00a0", "5"]
    return mixed_texts(NEWS, extra, seed=20240602, n=n, max_pieces=30,
                       fixed=[NEWS, NEWS.upper(), NEWS.lower(), ""])


def _last_break_scan(text: str) -> tuple[int, int] | None:
    """The definition: the match of CLAUSE_BREAK that starts last, overlapping ones included."""
    best = None
    for i in range(len(text) + 1):
        m = M.CLAUSE_BREAK.match(text, i)
        if m:
            best = m.span()
    return best


def test_last_break_is_the_break_that_starts_last() -> None:
    for text in _samples():
        assert M.last_break(text) == _last_break_scan(text), text


def test_left_clause_and_first_pieces_match_split() -> None:
    for text in _samples():
        m = S._LAST_LEFT_CLAUSE.match(text)
        assert (text[m.end() :] if m else text) == S._LEFT_CLAUSE.split(text)[-1], text
        for pattern in (S._WHOLE_END, S._PUNCT_SPLIT):
            assert S._first_piece(pattern, text) == pattern.split(text)[0], text


def test_clause_words_keep_words_of_three_letters_or_more() -> None:
    old = re.compile(r"[a-z][a-z'-]+")
    for text in _samples():
        ctx = M.Context(left=text, right=text[::-1], noun="")
        words = old.findall((ctx.left[-100:] + " " + ctx.right[:100]).lower())
        want = " ".join(sorted({w for w in words if len(w) > 2 and w not in G._CONTEXT_STOP}))
        assert G.clause_words(ctx) == want, text


def test_phrase_gate_never_rejects_a_match_in_plain_case_text() -> None:
    phrases = sorted({p for r in RULES.rules for p in (*r.signals, *r.exclude)})
    phrases += ["kill*", "injur*", "death toll", "covid-19", "o'clock", "$5", "state"]
    texts = [*_samples(), *(p.upper() for p in phrases), *(" " + p.title() + "s." for p in phrases)]
    for phrase in phrases:
        pattern = re.compile(phrase_regex(phrase), re.I)
        gate = PhraseGate.of((phrase,))
        for text in texts:
            if plain_case(text) and pattern.search(text):
                assert gate.may_match(*M._gate_words(text)), (phrase, text)


@pytest.mark.parametrize("text", ["ſtate", "\u212aILLED", "kılled", "İnjured"])
def test_folded_letters_are_not_plain_case(text: str) -> None:
    assert not plain_case(text)


def test_keyword_gate_never_rejects_a_match() -> None:
    lex = RULES.lexicon
    scope = "|".join(re.escape(w.rstrip("*")) for w in lex["scope_words"])
    cases = [
        (lex["scope_words"], re.compile(r"\b(?:" + scope + r")\b", re.I)),
        (lex["other_instance"], re.compile(r"\b(?:" + S._alts(lex["other_instance"]) + r")\s+(\w+)", re.I)),
        (["nation*"], re.compile(r"\bnation\w*", re.I)),
    ]
    extra = ["NATIONWIDE", "Across The Country", "a ſecond boat", "a \u212anown", "Nationally", "another one"]
    for words, pattern in cases:
        gate = KeywordGate(words)
        for text in [*_samples(), *extra]:
            if pattern.search(text):
                assert gate.may_occur(text), (words, text)
    assert KeywordGate(["déjà vu"]).may_occur("nothing here")  # non-ASCII phrases: no gate


def _assign_plain(
    q: Quantity, ctx: M.Context, rules: RuleSet, dim: str, noun_class: str
) -> tuple[object, float]:
    """assign_rule without indexes: every rule whose dimension fits is scored."""
    allowed = M.KIND_DIMENSIONS.get(q.kind, set())
    best: tuple[float, object, float] = (0.0, None, 0.0)
    for rule in rules.rules:
        if rule.dimension not in allowed or (q.kind == "measure" and rule.dimension != dim):
            continue
        v = q.value
        if rule.values and v is not None and not rule.values[0] <= v <= rule.values[1]:
            continue
        whole = rule.type == "count" and rule.counts not in ("any", "none")
        if whole and v is not None and v != int(v) and q.low is None:
            continue
        s = M.score_rule(rule, ctx, noun_class)
        ranked = s * (1.0 + 0.25 * rule.priority)
        if s >= M.THRESHOLD and ranked > best[0]:
            best = (ranked, rule, s)
    return best[1], best[2]


def test_assign_rule_matches_scoring_every_rule() -> None:
    """The indexed rule choice gives what scoring every rule gives, on the figures of real-looking texts
    with the contexts the extractor builds (called directly: compiled modules bind their calls early)."""
    ex = E.Extractor(RULES)
    seen = 0
    for text in [NEWS, *_samples(60)]:
        body = text + " 5 km away, 12% and $3bn were lost; 40 people were killed."
        for q in parse_quantities(body):
            if q.kind not in E.CLAIM_KINDS or q.value is None:
                continue
            right = body[q.end : q.end + 80]
            noun = M.head_noun(right, ex.person_nouns, ex.rule_nouns) if q.kind == "count" else q.noun
            ctx = M.Context(left=body[max(0, q.start - 80) : q.start], right=right, noun=noun or "")
            dim = E.unit_dimension(q.unit)
            for noun_class in ("person", "thing", "none"):
                got = M.assign_rule(q, ctx, RULES, dim, noun_class)
                assert got == _assign_plain(q, ctx, RULES, dim, noun_class), (q, ctx, noun_class)
                seen += got[0] is not None
    assert seen > 20
