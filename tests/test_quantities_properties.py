"""Property tests (hypothesis) for factcheck.quantities."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from num2words import num2words

from factcheck.quantities import parse_quantities
from factcheck.quantities.parser import _parse

CLAIMS = ("count", "money", "percent", "measure")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
@example(157)
@example(2_300_005)
@example(1_000_000_000)
@example(0)
def test_num2words_round_trip(n: int) -> None:
    """Any integer written out by num2words parses back to itself, as one quantity."""
    words = num2words(n)
    qs = parse_quantities(words)
    assert len(qs) == 1, (words, [(q.text, q.value) for q in qs])
    assert qs[0].value == n, (words, qs[0].value)
    assert qs[0].text == words


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_digit_forms_round_trip(n: int, cents: int) -> None:
    """Digits with thousands separators and decimals parse back to their value."""
    with_commas = f"{n:,}"
    plain_decimal = f"{n}.{cents:02d}"
    for text, value in ((with_commas, n), (plain_decimal, n + cents / 100)):
        qs = [q for q in parse_quantities(f"a total of {text} units") if q.kind in CLAIMS]
        assert len(qs) == 1, (text, qs)
        assert qs[0].value == pytest.approx(value), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
@example("$-")
@example("between and")
@example("1/0 of a")
@example("( + 0")
def test_random_text_never_raises(text: str) -> None:
    """The parser itself (without the safety net) never raises and slices offsets correctly."""
    for q in _parse(text):
        assert text[q.start : q.end] == q.text
        assert q.start < q.end


NEWSY = st.lists(
    st.sampled_from(
        [
            "about",
            "more than",
            "up to",
            "between",
            "and",
            "to",
            "rose",
            "fell by",
            "$",
            "€",
            "£",
            "%",
            "percent",
            "million",
            "bn",
            "m",
            "k",
            "km",
            "miles",
            "people",
            "hundreds of",
            "a third",
            "-",
            "(",
            ")",
            ",",
            ".",
            "7,000",
            "1.5",
            "2024",
            "12",
            "two",
            "forty-five",
            "half",
            "2-1",
            "05:42",
            "Section",
            "aged",
            "US$",
        ]
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(NEWSY)
def test_newsy_text_offsets_sorted_disjoint(text: str) -> None:
    """On number-heavy text, results are sorted, non-overlapping and slice the original text."""
    qs = _parse(text)
    for q in qs:
        assert text[q.start : q.end] == q.text
    for a, b in pairwise(qs):
        assert a.end <= b.start


@settings(max_examples=300, deadline=None)
@given(NEWSY, st.lists(st.integers(min_value=0, max_value=400), max_size=8))
def test_skip_spans_keep_the_contract(text: str, cuts: list[int]) -> None:
    """With spans to skip, results still slice the text, sorted and disjoint; with none, nothing changes."""
    bounds = sorted({min(c, len(text)) for c in cuts})
    spans = [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False) if a < b]
    qs = _parse(text, spans)
    for q in qs:
        assert text[q.start : q.end] == q.text
    for a, b in pairwise(qs):
        assert a.end <= b.start
    if not spans:
        assert qs == _parse(text)
