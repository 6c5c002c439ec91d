"""The parser's speed devices must not change a result: prefix trees, gates, split scans, fast paths.

Each device is checked against the plain form it replaces, on news-like text and on strings built
to hit its edge cases (case variants, folded letters, non-ASCII, window edges).
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict

import pytest
from text_samples import mixed_texts

from factcheck.quantities import numbers as N
from factcheck.quantities import parse_quantities
from factcheck.quantities import parser as P
from factcheck.quantities.context import get_context
from factcheck.quantities.gates import last_chars, phrase_tokens, phrase_trie, prefix_gate
from factcheck.quantities.model import Quantity
from factcheck.quantities.numbers import _TAIL_RE, _TAIL_STARTS
from factcheck.quantities.units import get_lexicon

try:
    from re import _constants as sre_c
    from re import _parser as sre_p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse as sre_p  # type: ignore[no-redef]

NEWS = (
    "KATHMANDU, March 17 (Himal Wire) - More than 2,300 people were injured and about 1,006 died, "
    "the ministry said on Saturday. Roughly a third of the dead were children. Prices rose by 5.2% "
    "to $3.4bn (A$4.1 billion) in 2019, up from between 40 and 50 percent; temperatures hit 40 °C "
    "or 104 degrees F. One in five homes, some 7 km away, lost power for 12 hours; two-thirds of the "
    "4,500 US$ bonds and Rs. 120 crore in aid... Call 0800 123 456. He won 2-1. Aged 52, the "
    "34-year-old KM/h Km KM km ſ \u212a İ ı µg μg c. ~5 +/- 0.2 ± 3 points, pts. 5 ½ 10^3 1e6\n"
)


def _samples(n: int = 400) -> list[str]:
    extra = ["(", "[", "\n", "\t", "\u00a0", "-", "/", "“", "é", "5", "0.5"]
    return mixed_texts(NEWS, extra, seed=20240601, n=n, max_pieces=25,
                       fixed=[NEWS, NEWS.upper(), NEWS.lower()])


def test_phrase_trie_matches_the_flat_alternation() -> None:
    """Same matches as ``w1|w2|...`` (longest first), with and without case folding around it."""
    phrases = [
        "more than", "more", "over", "over than", "c.", "Km", "km", "K", "KMH", "kmh", "per cent",
        "percent", "ſ", "s", "sq km", "sq. km", "i", "İ", "µg", "μg", "US$", "US $", "up to", "up",
    ]  # fmt: skip
    for bounded in (False, True):
        ordered = sorted(set(phrases), key=len, reverse=True)
        flat = "|".join(
            "".join(re.escape(t) if k == "c" else t for k, t in phrase_tokens(p, bounded)) for p in ordered
        )
        tree = phrase_trie([phrase_tokens(p, bounded) for p in ordered])
        for wrap in ("(?:{})", "(?i:{})"):
            a = re.compile("(?P<x>" + wrap.format(flat) + r")(?P<y>\w*)")
            b = re.compile("(?P<x>" + wrap.format(tree) + r")(?P<y>\w*)")
            for text in _samples(150):
                for i in range(len(text) + 1):
                    ma, mb = a.match(text, i), b.match(text, i)
                    assert (ma and (ma.span("x"), ma.span("y"))) == (mb and (mb.span("x"), mb.span("y"))), (
                        wrap,
                        text[i : i + 12],
                    )


@pytest.mark.parametrize("name", ["left", "unit_after", "postfix", "direction_after"])
def test_prefix_gate_never_rejects_a_match(name: str) -> None:
    pattern = getattr(get_context(), name, None) or getattr(get_lexicon(), name)
    gate = prefix_gate(pattern, 3, nonempty=True)
    assert gate is not None
    lookahead = re.compile(gate.lookahead())
    last = last_chars(pattern)
    assert last is not None
    for text in _samples():
        for i in range(len(text) + 1):
            for end in (len(text), min(len(text), i + 7)):
                m = pattern.match(text, i, end)
                may = gate.may_match(text, i, end)
                assert may == bool(lookahead.match(text, i, end)), (name, text[i : i + 5])
                if m and m.end() > m.start():
                    assert may, (name, text[i:end])
                    ch = text[m.end() - 1]
                    assert not ch.isascii() or ch.lower() in last, (name, m.group(0))


def _first_chars(items: list, flags: int) -> set[str] | None:
    """Every character a non-empty match can start with (None: could be empty). Literal-level only."""
    out: set[str] = set()
    for op, av in items:
        ic = bool(flags & re.IGNORECASE)
        if op is sre_c.LITERAL:
            ch = chr(av)
            out |= {x for x in (ch, ch.lower(), ch.upper())} if ic else {ch}
            if ic:
                out |= {
                    c
                    for c in ("\u0130", "\u0131", "\u017f", "\u212a")
                    if re.fullmatch("(?i)" + re.escape(ch), c)
                }
            return out
        if op is sre_c.IN:
            for sub_op, sub_av in av:
                assert sub_op in (sre_c.LITERAL, sre_c.RANGE), sub_op  # the patterns checked are this simple
                codes = [sub_av] if sub_op is sre_c.LITERAL else range(sub_av[0], sub_av[1] + 1)
                for code in codes:
                    out |= {chr(code), chr(code).lower(), chr(code).upper()} if ic else {chr(code)}
            return out
        if op is sre_c.BRANCH:
            for alt in av[1]:
                got = _first_chars(list(alt), flags)
                assert got is not None
                out |= got
            return out
        if op is sre_c.SUBPATTERN:
            got = _first_chars(list(av[3]), (flags | av[1]) & ~av[2])
            if got is None:
                continue
            return out | got
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            got = _first_chars(list(av[2]), flags)
            assert got is not None
            out |= got
            if av[0] > 0:
                return out
            continue
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        raise AssertionError(op)
    return None


@pytest.mark.parametrize(
    "pattern, starts",
    [
        (lambda: P._patterns().half_after, P._STARTS_BLANK),
        (lambda: P._and_fraction_re(), P._STARTS_BLANK),
        (lambda: P._patterns().one_in, P._STARTS_BLANK),
        (lambda: P._patterns().scale_after, P._STARTS_SCALE),
        (lambda: P._patterns().age_after, P._STARTS_AGE),
        (lambda: P._PLUS_MINUS, P._STARTS_PLUS_MINUS),
        (lambda: P._patterns().points, P._STARTS_POINTS),
        (lambda: P._patterns().range_conn, P._STARTS_RANGE),
        (lambda: _TAIL_RE, _TAIL_STARTS),
    ],
)
def test_declared_first_characters_cover_the_pattern(pattern, starts: str) -> None:
    """The character lists that skip a regex call must hold every character a match can start with."""
    rx = pattern()
    first = _first_chars(list(sre_p.parse(rx.pattern, rx.flags)), rx.flags)
    assert first is not None and first <= set(starts), (rx.pattern[:60], sorted(first - set(starts)))


def test_anchor_scan_finds_what_the_anchor_finds() -> None:
    split = P._anchor_split()
    assert split is not None
    anchor = P._patterns().anchor
    rnd = random.Random(7)
    for text in [*_samples(), "one two Three FOUR fIve", "x.5 .5 (3 +4 ½ ٣ twenty-first _one one_"]:
        scan = P._AnchorScan(text, *split)
        pos = 0
        while pos <= len(text):
            m = anchor.search(text, pos)
            assert scan.next(pos) == ((m.start(), m.end(), m.group(0)) if m else None), (text, pos)
            if m is None:
                break
            pos = m.end() if rnd.random() < 0.7 else pos + rnd.randint(1, 30)


def _spans(m: re.Match[str] | None, groups: int) -> list[tuple[int, int]] | None:
    return None if m is None else [m.span(g) for g in range(1, groups + 1)]


def test_left_search_finds_what_the_word_loop_finds() -> None:
    left = get_context().left
    fast = P._left_search(left)
    assert fast is not None
    rnd = random.Random(3)
    for text in _samples():
        for start in {len(text), *(rnd.randint(0, len(text)) for _ in range(20))}:
            lo = max(rnd.choice([0, start - rnd.randint(0, 60)]), start - P._LEFT_WINDOW, 0)
            want = next(
                (
                    m
                    for wm in P._WORD_START.finditer(text, lo, start)
                    if (m := left.match(text, wm.start(), start))
                ),
                None,
            )
            got = fast[0].match(text, 0, start) if lo == 0 else None
            got = got or fast[1].search(text, lo - 1 if lo else 0, start)
            assert _spans(want, left.groups) == _spans(got, left.groups), (text[lo:start],)


def test_fast_quantity_is_a_quantity() -> None:
    make = P._fast_quantity()
    assert make is not None
    args = (5.0, None, 6.0, "km", "roads", "approx", "up", "measure", 3, 7, "5 km", 1.0, "up")
    q = make(*args)
    assert type(q) is Quantity and q == Quantity(*args) and hash(q) == hash(Quantity(*args))
    with pytest.raises(AttributeError):
        q.value = 1.0  # type: ignore[misc]


def test_parse_is_deterministic_across_calls() -> None:
    """Caches (the previous word, the built patterns) carry nothing from one text to the next."""
    texts = _samples(60)
    first = [[asdict(q) for q in parse_quantities(t)] for t in texts]
    again = [[asdict(q) for q in parse_quantities(t)] for t in reversed(texts)][::-1]
    assert first == again


def test_after_mask_never_rejects_a_match() -> None:
    """``_after_mask`` keeps the bit of every pattern that matches at the position."""
    patterns = [rx for rx, _ in P._after_patterns()]
    assert len(patterns) == P._AFTER_ALL.bit_length()
    pats, ctx, lex = P._patterns(), get_context(), get_lexicon()
    named = {
        P._AFTER_UNIT: lex.unit_after, P._AFTER_ATTACHED: lex.attached_after,
        P._AFTER_DEGREE: P._DEGREE_SCALE, P._AFTER_AGE: pats.age_after, P._AFTER_RANGE: pats.range_conn,
        P._AFTER_PLUS_MINUS: P._PLUS_MINUS,
        P._AFTER_POSTFIX: ctx.postfix, P._AFTER_POINTS: pats.points, P._AFTER_PER: P._per_re(),
        P._AFTER_DIRECTION: ctx.direction_after, P._AFTER_ONE_IN: pats.one_in, P._AFTER_TIMES: P._TIMES,
        P._AFTER_TAIL: _TAIL_RE, P._AFTER_HALF: pats.half_after, P._AFTER_SUFFIX: pats.suffix_after,
        P._AFTER_SCALE: pats.scale_after, P._AFTER_AND_FRACTION: P._and_fraction_re(),
    }  # fmt: skip
    assert len(named) == len(patterns)
    for bit, rx in named.items():  # each bit's name is the pattern it stands for
        assert patterns[bit.bit_length() - 1] is rx, rx.pattern[:40]
    extra = [
        "5 or so", "5 - plus", "5\u00a0km", "5 °C", "5 degrees F", "2 and a half million", "3 times a week",
        "1 in 5", "9 out of every 10", "5 per cent", "5 Per Cent", "5 +/- 2", "5 ± 2", "5-year-old",
        "5 years old", "3 points", "5 pts.", "$5bn", "5 mln", "5 MILLION", "5e6", "5 x 10^3", "5 1/2", "5½",
        "5 a year", "5/km", "5 to 6", "5 – 6", "5 and three quarters", "5 rise", "5 Increase", "5%", "5 %",
        "5\tkm", "5 K", "5 \u212a", "5-\tkm", "5 -km", "5  or more", "5 percentage points", "5+", "5 -",
    ]  # fmt: skip
    for text in [*_samples(), *extra]:
        for i in range(len(text) + 1):
            mask = P._after_mask(text, i)
            for bit, pattern in enumerate(patterns):
                if pattern.match(text, i):
                    assert mask & 1 << bit, (pattern.pattern[:40], text[i : i + 8])
    assert P._after_mask("5 km", 1) & P._AFTER_UNIT
    assert not P._after_mask("5 people", 1) & (P._AFTER_UNIT | P._AFTER_POSTFIX | P._AFTER_DIRECTION)


def test_word_token_gate_never_rejects_a_match() -> None:
    """``parse_words`` skips its token regex only where the regex cannot match."""
    tok_re = N._word_token_re()
    texts = [*_samples(), "two hundred and five", "Twenty-One", "one, two", "fifty - five", "six\tmillion"]
    for text in texts:
        for i in range(len(text) + 1):
            if tok_re.match(text, i):
                assert N._may_take_word(text[i : i + 3]), text[i : i + 12]
    assert not N._may_take_word(" pe")


def test_left_gate_word_pairs_let_every_left_context_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the last word alone lets the left-context pattern run and it finds a match, the word before
    it ("in excess of", "as many as") lets it run too."""
    left = get_context().left
    crafted = [
        "in excess of 5", "(upwards of 5", "x/excess of 5", "[excess of 5", "as many as 5", "close to 5",
        "greater than or equal to 5", "IN EXCESS OF 5", "upwards\tof 5", "upwards\n of 5", "excess  of 5",
        "a lot of 5", "went to 5", "such as 5", "at least 5", "at most 5", "more or less 5", "rose to 5",
        "up to 5", "“upwards of 5", "'upwards of 5", "Upwards Of 5", "shy of 5", "just shy of 5",
    ]  # fmt: skip
    cases = []
    for text in [*_samples(), *crafted]:
        for start in range(len(text) + 1):
            lo = max(start - P._LEFT_WINDOW, 0)
            found = any(
                (m := left.match(text, wm.start(), start)) and m.start() < start
                for wm in P._WORD_START.finditer(text, lo, start)
            )
            cases.append((text, lo, start, found, P._may_have_left_context(text, lo, start)))
    assert not P._may_have_left_context("a lot of 5", 0, 9)
    monkeypatch.setattr(P, "_left_pair_words", dict)  # the last word alone
    for text, lo, start, found, with_pairs in cases:
        if found and P._may_have_left_context(text, lo, start):
            assert with_pairs, text[lo:start]


def test_vague_pattern_only_matches_at_listed_starts() -> None:
    vague = P._patterns().vague
    anchor = P._patterns().anchor
    crafted = [
        "a few hundred", "A Handful of", "tens of thousands", "Several Million", "an handful",
        "a  few thousand",
    ]  # fmt: skip
    for text in [*_samples(), *crafted, *(c.upper() for c in crafted)]:
        for m in anchor.finditer(text):
            if not m.group(0)[:1].isalpha():
                continue
            before = re.search(r"(?i:\b(an?)[ \t]+)$", text[max(0, m.start() - 4) : m.start()])
            a_start = m.start() - len(before.group(0)) if before else m.start()
            if vague.match(text, a_start) or vague.match(text, m.start()):
                assert m.group(0).lower() in P._vague_starts(), text


def test_currency_gate_never_rejects_a_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_has_currency_before`` reads the last two characters of the word before the number, and says yes
    wherever it did when it read only the last one (that is, wherever ``currency_before`` matches)."""
    prefixes = list(get_lexicon().currency_prefix)
    crafted = [f"paid {p} 5" for p in prefixes] + [f"paid {p}5" for p in prefixes]
    crafted += ["US  $ 5", "A\t$5", "Rs.\u00a05", "vs 5", "loss 5", "USD\t\t5", "(US$5", "xUS$ 5"]
    cases = [
        (text, s, floor, P._has_currency_before(text, s, floor))
        for text in [*_samples(), *crafted]
        for s in range(1, len(text) + 1)
        for floor in (0, max(0, s - 3))
    ]
    assert not P._has_currency_before("costs vs 5", 9, 0)
    last_chars = frozenset(p.split()[-1][-1] for p in prefixes)
    monkeypatch.setattr(P, "_currency_tails", lambda: (last_chars, frozenset()))  # the last character only
    for text, s, floor, now in cases:
        if P._has_currency_before(text, s, floor):
            assert now, text[max(0, s - 8) : s]


def test_label_patterns_start_with_blanks_and_a_capital() -> None:
    """``_label_after`` tries its two patterns only before blanks and an ASCII capital."""
    crafted = ["49 Zorro Ranch Road", "22 Ave Foch", "7 \tRue de Rivoli", "787 Dreamliner", "5 Élan"]
    texts = [*_samples(), *crafted]
    for text in texts:
        for i in range(len(text) + 1):
            if P._STREET_AFTER.match(text, i) or P._CAP_AFTER.match(text, i):
                rest = text[i:].lstrip(" \t")
                assert len(rest) < len(text) - i and "A" <= rest[:1] <= "Z", text[i:]
