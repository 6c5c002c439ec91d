"""The fast text helpers give exactly what their plain versions (kept here as references) give.

``split_sentences``, ``stem_starts`` and ``finditer_at`` were rewritten for speed; these property
tests build text from a vocabulary of the cases that matter (abbreviations, initials, quotes,
blank lines, numbers, odd white space and case-folding characters) and compare with the old code.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck import dates
from factcheck.extract import timeref
from factcheck.extract.attribution import StanceReader, _phrase_re
from factcheck.extract.cues import _words_re
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


# --- cue word regexes: the first-letter look-ahead changes no match -------------------------------


def _ref_words_re(words: list[str]) -> re.Pattern[str]:
    alts = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.I) if alts else re.compile(r"(?!)")


_CUE_WORDS = ["expect*", "could", "likely to", "UK", "-ish", "is", "ſo", "İn", "*", "across the uk", "k"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_CUE_WORDS), max_size=5),
    st.lists(
        st.sampled_from([*_CUE_WORDS, " ", "x", "ı", "K", "-", "expected", "Likely  to"]), max_size=10
    ).map(" ".join),
)
def test_words_re_matches_reference(words: list[str], text: str) -> None:
    got = [m.span() for m in _words_re(words).finditer(text)]
    assert got == [m.span() for m in _ref_words_re(words).finditer(text)]


# --- time expressions: the folded search finds what the case-insensitive one found ----------------


def _ref_mentions(sentence: str) -> dict[str, tuple[tuple[int, int, str, str], ...]]:
    low = sentence.lower()
    found: dict[str, tuple[tuple[int, int, str, str], ...]] = {}
    if "day" in low:
        found["weekday"] = tuple(
            (m.start(), m.end(), m.group("wd"), (m.group("poss") or "") + "|" + (m.group("prefix") or ""))
            for m in timeref._WEEKDAY_RE.finditer(sentence)
        )
    if any(w in low for w in timeref._RELATIVE_STEMS):
        found["relative"] = tuple(
            (m.start(), m.end(), m.group("w"), "") for m in timeref._RELATIVE_RE.finditer(sentence)
        )
    has_year = timeref._YEAR4.search(sentence) is not None
    if has_year:
        found["year"] = tuple(
            sorted(
                (m.start(), m.end(), m.group("y"), "")
                for pat in (timeref._YEAR_RE, timeref._YEAR_MODIFIER)
                for m in pat.finditer(sentence)
            )
        )
        lead = timeref._LEAD_YEAR.match(sentence)
        if lead:
            found["lead"] = ((lead.start(), lead.end(), lead.group("y"), ""),)
    if any(w in low for w in timeref._PERIOD_STEMS):
        found["period"] = tuple((m.start(), m.end(), "", "") for m in timeref._PERIOD.finditer(sentence))
    if has_year or "year" in low:
        found["this_year"] = tuple(
            (m.start(), m.end(), m.group(0), "") for m in timeref._THIS_YEAR.finditer(sentence)
        )
    if any(w in low for w in timeref._MONTH_NAMES):
        found["month"] = tuple(
            (m.start(), m.end(), m.group("m"), "") for m in timeref._MONTH_ONLY.finditer(sentence)
        )
    return found


_TIME_PIECES = [
    "Last Saturday's",
    "on MONDAY",
    "by friday",
    "Yesterday",
    "over the Weekend",
    "In March 2020,",
    "in September",
    "since MAY",
    "during that period",
    "the 2004 tsunami",
    "So far this year",
    "since the start of 2021",
    "Aug. 13",
    "13 August 2019",
    "2020-03-04",
    "4/3/2020",
    "ſaturday",
    "ſep 5",
    "Sept. 9",
    "Dec 31",
    "5 of May",
    "thıs year",
    "İn 2019,",
    "\u212a",
    "’s",
    "-",
    "–",
    "people",
    "42",
]
_TIME_TEXT = st.lists(st.sampled_from(_TIME_PIECES), max_size=8).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(_TIME_TEXT)
@example("In 2004, a quake on Sunday's coast killed 230,000 over the weekend")
def test_mentions_and_dates_match_reference(sentence: str) -> None:
    assert timeref._mentions.__wrapped__(sentence) == _ref_mentions(sentence)
    assert dates.find_dates(sentence) == _ref_find_dates(sentence)


def _ref_find_dates(text: str) -> list[tuple[int, int, int | None, int, int]]:
    """Every date pattern over the whole text, without gates; the first pattern to take a span wins."""
    found: list[tuple[int, int, int | None, int, int]] = []
    for pat in dates.DATE_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(a < e and s < b for a, b, *_ in found):
                continue
            month = dates._month(m)
            day = int(m.group("day"))
            year = int(m.group("year")) if m.groupdict().get("year") else None
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                found.append((s, e, year, month, day))
    return sorted(found)
