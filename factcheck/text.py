"""Sentence splitting that survives news abbreviations ("Aug. 9", "Mr Lukashenko", "U.S.", "No. 5").

Returns spans into the original text, so every offset downstream refers to the article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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

#: A sentence boundary: end punctuation (and closing quotes) then white space before what may start a
#: sentence; a blank line; a line break. Written to start with one character class so that the regex
#: engine skips to the next ".!?" or newline instead of trying every position.
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?P<space>\s+)(?=[\"'“‘(\[]?[A-Z0-9])|(?<=\n)(?:\s*\n)?)"
)
#: the word before a period, read backwards: letters, digits and periods ("U.S", "Aug", "S")
_REVERSED_WORD = re.compile(r"(?:[^\W_]|\.)*")  # [^\W_] is str.isalnum
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _ends_sentence(word: str) -> bool:
    """Whether a period after ``word`` (lower case, no trailing period) may end a sentence."""
    # "U.S." / "Aug." / "Mr." / single initials ("S. Biegun") do not end a sentence
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    return "." not in word or _INITIALS.fullmatch(word) is None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering ``text``'s non-blank content, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    reversed_text = ""  # made at the first period boundary
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        space = m.start("space")
        if space >= 0:  # end punctuation
            punct_start = m.start()
            if text[punct_start] == ".":
                if not reversed_text:
                    reversed_text = text[::-1]
                # the word before the period, found as the run after it in the reversed text
                word_run = _REVERSED_WORD.match(reversed_text, n - punct_start)
                length = (word_run.end() if word_run else n - punct_start) - (n - punct_start)
                if not _ends_sentence(text[punct_start - length : punct_start].rstrip(".").lower()):
                    continue
            cut = space
        else:
            cut = m.start()
        if start < cut and not text[start].isspace() and not text[cut - 1].isspace():
            spans.append((start, cut))  # nothing to strip (the common case)
        else:
            _push(text, start, cut, spans)
        start = m.end()
    _push(text, start, n, spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    right = len(seg.rstrip())  # str.strip removes exactly the characters str.isspace accepts
    left = right - len(seg[:right].lstrip())
    if right > left:
        spans.append((start + left, start + right))


#: characters that re.IGNORECASE matches with an ASCII letter ("ı" with "i", "ſ" with "s") but that
#: str.lower() leaves as they are; "İ" changes the length of the lower-cased text and "K" (Kelvin)
#: lower-cases to "k", so these two are the only ones a lower-cased text can hide
_IGNORECASE_ONLY = {"ı": "i", "ſ": "s"}


def folded(text: str) -> str | None:
    """``text.lower()`` when it can stand in for ``text`` under a case-insensitive ASCII regex, else None.

    A regex of lower-case ASCII literals, ``\\w``, ``\\s``, ``\\d`` and ``\\b`` finds the same spans in
    the lower-cased text, case-sensitively, as with re.IGNORECASE in ``text`` (lower-casing keeps each
    character's class), unless lower-casing changed the length or the text holds one of the
    characters above. Case-sensitive matching lets the regex engine skip ahead to a literal prefix.
    """
    low = text.lower()
    if len(low) != len(text) or (not low.isascii() and any(c in low for c in _IGNORECASE_ONLY)):
        return None
    return low


def for_folded(pat: re.Pattern[str]) -> re.Pattern[str]:
    """The re.IGNORECASE regex ``pat`` made case-sensitive, to search ``folded`` text with.

    ``pat`` must be written in lower case (which also rules out ``\\S``, ``\\W``, ``\\B``...) and
    hold no cased letter outside ASCII.
    """
    src = pat.pattern.replace("(?P", "")  # named groups are the one upper-case syntax allowed
    cased = src != src.lower() or any(c.lower() != c.upper() for c in src if not c.isascii())
    if cased or not pat.flags & re.I:
        raise ValueError(f"not a lower-case ASCII IGNORECASE regex: {pat.pattern!r}")
    return re.compile(pat.pattern, pat.flags & ~re.I)


def necessary_substrings(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` without those that contain another: a text holds one of ``words`` only if it holds
    one of these (a test with ``contains_any`` that runs at str.find speed, unlike a regex scan)."""
    unique = sorted(set(words), key=len)
    kept: list[str] = []
    for w in unique:
        if not any(k in w for k in kept):
            kept.append(w)
    return tuple(kept)


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` occurs in ``text``."""
    for w in words:  # noqa: SIM110 (any() would make a generator per call; this runs per sentence)
        if w in text:
            return True
    return False


def stem_starts(text: str, low: str, stems: tuple[str, ...]) -> list[int]:
    """Ascending positions where one of ``stems`` (lower case) starts a word of ``text``.

    ``low`` is ``text.lower()``. The result is a superset of the positions where a re.IGNORECASE
    regex that begins with one of the stems can match: when lower-casing changed the length (offsets
    would not line up), or the text holds a character IGNORECASE matches with a stem's "i" or "s"
    (see ``folded``), every position is returned.
    """
    if len(low) != len(text) or (
        not low.isascii() and any(a in "".join(stems) and c in low for c, a in _IGNORECASE_ONLY.items())
    ):
        return list(range(len(text)))
    found: list[int] = []
    for stem in stems:
        if stem not in low:  # the common case, at str.find speed without a method call
            continue
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
    if len(starts) == len(text):  # every position: let the regex engine scan
        return list(pat.finditer(text))
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
