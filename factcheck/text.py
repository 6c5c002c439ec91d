"""Sentence splitting that survives news abbreviations ("Aug. 9", "Mr Lukashenko", "U.S.", "No. 5").

Returns spans into the original text, so every offset downstream refers to the article text.
"""

from __future__ import annotations

import re

#: Abbreviations after which a period does not end a sentence (lower-case, without the period).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cpl",
        "rev",
        "st",
        "sen",
        "rep",
        "gov",
        "pres",
        "jr",
        "sr",
        "inc",
        "ltd",
        "corp",
        "co",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "p",
        "pp",
        "fig",
        "approx",
        "est",
        "vs",
        "etc",
        "al",
        "dept",
        "univ",
        "ave",
        "blvd",
        "mt",
        "ft",
        "hon",
        "adm",
        "gov",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
    ]
)

_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def _prev_word(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].rstrip(".").lower()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering ``text``'s non-blank content, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(1):
            punct_start = m.start(1)
            if text[punct_start] == ".":
                word = _prev_word(text, punct_start)
                # "U.S." / "Aug." / "Mr." / single initials ("S. Biegun") do not end a sentence
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
                if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                    continue
            cut = m.end(1)
        else:
            cut = m.start()
        _push(text, start, cut, spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    right = len(seg.rstrip())  # str.strip removes exactly the characters str.isspace accepts
    left = right - len(seg[:right].lstrip())
    if right > left:
        spans.append((start + left, start + right))


def stem_starts(text: str, low: str, stems: tuple[str, ...]) -> list[int]:
    """Ascending positions where one of ``stems`` (lower case) starts a word of ``text``.

    ``low`` is ``text.lower()``; when lower-casing changed the length, every position is returned
    (offsets would not line up), so the result is always a superset of the true starts.
    """
    if len(low) != len(text):
        return list(range(len(text)))
    found: list[int] = []
    for stem in stems:
        i = low.find(stem)
        while i >= 0:
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                found.append(i)
            i = low.find(stem, i + 1)
    found.sort()
    return found


def finditer_at(pat: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pat.finditer(text))`` when every match can only start at one of ``starts`` (ascending).

    Trying the pattern only there skips the scan of every position that a leading ``\\b`` (or any
    start the regex engine cannot skip to) forces; the matches are the same.
    """
    out: list[re.Match[str]] = []
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = pat.match(text, s)
        if m:
            out.append(m)
            pos = max(m.end(), s + 1)
    return out
