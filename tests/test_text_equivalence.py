"""The fast text helpers give exactly what their plain versions (kept here as references) give.

``split_sentences``, ``stem_starts`` and ``finditer_at`` were rewritten for speed; these property
tests build text from a vocabulary of the cases that matter (abbreviations, initials, quotes,
blank lines, numbers, odd white space and case-folding characters) and compare with the old code.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck.extract.attribution import StanceReader, _phrase_re
from factcheck.text import ABBREVIATIONS, folded, split_sentences

# --- references: the implementations before the speed work -------------------------------------

_REF_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def _ref_prev_word(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].rstrip(".").lower()


def _ref_push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    right = len(seg.rstrip())
    left = right - len(seg[:right].lstrip())
    if right > left:
        spans.append((start + left, start + right))


def ref_split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _REF_BOUNDARY.finditer(text):
        if m.group(1):
            punct_start = m.start(1)
            if text[punct_start] == ".":
                word = _ref_prev_word(text, punct_start)
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
                if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                    continue
            cut = m.end(1)
        else:
            cut = m.start()
        _ref_push(text, start, cut, spans)
        start = m.end()
    _ref_push(text, start, len(text), spans)
    return spans


# --- text made of the pieces the splitter cares about -------------------------------------------

_PIECES = [
    *sorted(ABBREVIATIONS),
    *(a.upper() for a in ("mr", "u.s", "no", "aug", "e.g")),
    "Mr",
    "Aug",
    "U.S",
    "S",
    "x",
    "a.b",
    "a.b.c",
    "A.B",
    "said",
    "Police",
    "the",
    "5",
    "2.5",
    "1,200",
    "İstanbul",
    "ıı",
    "ſep",
    "é",
    "_",
    "x_",
    "٣",
]
_GLUE = [
    " ",
    "  ",
    ".",
    ". ",
    "..",
    "...",
    "!",
    "?",
    "?!",
    "!.",
    ".\n",
    "\n",
    "\n\n",
    "\n \n",
    " \n",
    "\t",
    "\u00a0",
    "\u2003",
    "\r\n",
    '"',
    "'",
    "”",
    "’",
    ")",
    "]",
    "(",
    "[",
    "“",
    "‘",
    ",",
    "-",
    "—",
    ". (",
    '." ',
    ".” ",
    ".) ",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_GLUE)), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
@example("Mr. Smith said 5. Then U.S. troops left.\n\nNo. 5 is Aug. 9.  Done")
@example("  He left.  \n \n  She stayed.\t")
@example("A.B. C. D.e. F")
@example(". A")
@example("x.\n")
def test_split_sentences_matches_reference(text: str) -> None:
    assert split_sentences(text) == ref_split_sentences(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_split_sentences_matches_reference_on_any_text(text: str) -> None:
    assert split_sentences(text) == ref_split_sentences(text)


# --- case folding: a case-sensitive regex on folded() text stands in for re.IGNORECASE -----------

_FOLD_PIECES = [
    "denied",
    "DENIED",
    "Rumours",
    "rumor",
    "is believed",
    "Is  Believed",
    "social-media",
    "not true",
    "NoT TruE",
    "ıs believed",
    "ſocial media",
    "İs believed",
    "Kelvin",
    "\u212aelvin",
    "Σ",
    "ß",
    "x",
    "_",
    "é",
]
_FOLD_TEXT = st.lists(
    st.one_of(st.sampled_from(_FOLD_PIECES), st.sampled_from([" ", "", "-", ".", "\n", "_", "é"])),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_FOLD_TEXT)
@example("Officials ıs believed")
@example("the ſocial media post")
def test_stance_reader_matches_case_insensitive_search(text: str) -> None:
    hedges = ["unconfirmed", "rumour*", "rumor*", "is believed", "social media", "social-media"]
    denials = ["denied", "not true", "false"]
    reader = StanceReader(hedges, denials)
    expected = (
        "denied"
        if _phrase_re(denials).search(text)
        else "hedged"
        if _phrase_re(hedges).search(text)
        else "asserted"
    )
    assert reader.read(text, 0).stance == expected
    low = folded(text)
    if low is not None:
        for words in (hedges, denials):
            case_sensitive = _phrase_re((w.lower() for w in words), 0)
            assert [m.span() for m in case_sensitive.finditer(low)] == [
                m.span() for m in _phrase_re(words).finditer(text)
            ]
