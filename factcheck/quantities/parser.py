"""The quantity parser: text in, sorted non-overlapping ``Quantity`` records out.

One compiled anchor regex finds every place a number can start (digits, number words,
vague plurals, fractions, ordinals). At each anchor the parser reads the number itself
(``numbers``), widens it to the left over hedges, change verbs, currency symbols and range
openers (``context``), and to the right over scales, units, a range's second end, postfix
hedges, change nouns and the counted noun (``units``, ``context``). Numbers that are not
quantities (years, dates, clock times, ordinals, ages, labels, phone numbers, scores) are
recognised and given their ``kind`` rather than dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from factcheck.quantities.context import Context, get_context, norm_phrase
from factcheck.quantities.gates import gated, last_chars, prefix_gate, prefix_masks
from factcheck.quantities.model import Quantity
from factcheck.quantities.numbers import (
    _TAIL_RE,
    DIGITS_RE,
    GLYPHS,
    alternation,
    digits_tail,
    get_numbers,
    parse_digits,
    parse_words,
    trie_regex,
)
from factcheck.quantities.units import (
    UnitLexicon,
    get_lexicon,
    load_yaml,
    lookup_currency_prefix,
    lookup_unit,
)

_LEFT_WINDOW = 48  # characters of left context examined

#: ``re.compile`` with a plain dict cache: ``_rx(r"...").match(s)`` is ``re.match(r"...", s)`` without
#: the cost of ``re``'s own cache lookup (it showed up in profiles of the per-number helpers)
_rx = lru_cache(maxsize=None)(re.compile)


@dataclass(slots=True)
class _Num:
    """A number expression: digits or words, with any scale applied (no unit)."""

    start: int
    end: int
    value: float
    precision: float | None
    digits: bool  # written with digits
    plain: bool  # digits only: no comma, decimal point or scale
    scaled: bool  # a scale word or suffix was applied
    raw: str  # the digits as written (for years, phones, times)
    suffix_money: bool = False  # an ambiguous suffix ("m") was read as a scale; needs a currency
    mult: float = 1.0  # the scale applied ("million" -> 1e6)


@dataclass(frozen=True, slots=True)
class _Patterns:
    anchor: re.Pattern[str]
    scale_after: re.Pattern[str]
    suffix_after: re.Pattern[str]
    half_after: re.Pattern[str]
    vague: re.Pattern[str]
    fraction: re.Pattern[str]
    fraction_tail: re.Pattern[str]
    one_in: re.Pattern[str]
    ordinal_suffix: re.Pattern[str]
    ordinal_word: re.Pattern[str]
    iso_date: re.Pattern[str]
    num_date: re.Pattern[str]
    day_month: re.Pattern[str]
    day_after_month: re.Pattern[str]
    clock: re.Pattern[str]
    ampm: re.Pattern[str]
    hhmm: re.Pattern[str]
    phone: re.Pattern[str]
    phone_loose: re.Pattern[str]
    age_after: re.Pattern[str]
    range_conn: re.Pattern[str]
    noun: re.Pattern[str]
    of_unit: re.Pattern[str]
    decade: re.Pattern[str]
    points: re.Pattern[str]
    sentence_pct: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    nl = get_numbers()
    ctx = get_context()
    months = alternation(sorted(ctx.months))
    number_words = list(nl.cardinals) + list(nl.tens) + list(nl.hundred) + list(nl.scales) + list(nl.special)
    vague_heads = {k.split()[0] if k.split()[0] not in ("a",) else k.split()[1] for k in nl.vague}
    anchor_words = set(number_words) | vague_heads | set(nl.fractions) | set(nl.ordinals)
    anchor = re.compile(
        r"\d|[+(](?=\d)|(?<![\w.])\.(?=\d)|[" + "".join(GLYPHS) + r"]|\b" + trie_regex(anchor_words) + r"\b"
    )
    scales = alternation(list(nl.scales) + list(nl.hundred) + list(nl.special))
    suffixes = alternation([s for s in nl.suffix_scales])
    cardinal_words = alternation(list(nl.cardinals) + list(nl.tens) + ["a", "an"])
    fraction_words = alternation(list(nl.fractions))
    return _Patterns(
        anchor=anchor,
        scale_after=re.compile(r"(?:[ \t\u00a0]+|-)(?P<s>(?i:" + scales + r"))\b"),
        suffix_after=re.compile(r"[ \t\u00a0]?(?P<s>" + suffixes + r")\.?(?![\w°%$€£])"),
        half_after=re.compile(r"(?i:[ \t]+and[ \t]+a[ \t]+half)\b"),
        vague=re.compile(r"(?i:(?:an?\s+)?(?P<v>" + alternation(list(nl.vague)) + r"))\b"),
        fraction=re.compile(r"(?i:(?P<n>" + cardinal_words + r")[ \t-]+(?P<d>" + fraction_words + r"))\b"),
        fraction_tail=re.compile(
            r"(?i:(?:[ \t]+(?:of[ \t]+)?an?)?[ \t]+(?P<s>"
            + scales
            + r"|percent|per\s+cent|percentage\s+point))\b"
        ),
        one_in=re.compile(r"(?i:[ \t]+(?:in|out[ \t]+of)[ \t]+(?:every[ \t]+)?)"),
        ordinal_suffix=re.compile(r"\d+(?:st|nd|rd|th)\b"),
        ordinal_word=re.compile(r"(?i:" + alternation(list(nl.ordinals)) + r")\b"),
        iso_date=re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?Z?)?(?!\d)"),
        num_date=re.compile(r"\d{1,2}([/.])\d{1,2}\1\d{2,4}(?![\d/])|\d{1,2}/\d{1,2}(?![\d/.,])"),
        day_month=re.compile(
            r"\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?:" + months + r")\b\.?(?:,?[ \t]+\d{4}\b)?"
        ),
        day_after_month=re.compile(
            r"\d{1,2}(?:st|nd|rd|th)?\b(?![:.]\d)(?:[ \t]*[-–][ \t]*\d{1,2}\b)?(?:,?[ \t]+\d{4}\b)?|\d{4}\b"
        ),
        clock=re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*(?i:[ap]\.?m\b\.?))?"),
        ampm=re.compile(r"\d{1,2}(?:[.:]\d{2})?[ \t]*(?i:[ap]\.m\.|[ap]m\b|[ap]\.m\b)"),
        hhmm=re.compile(
            r"(?:[01]\d|2[0-3])[0-5]\d(?=[ \t]*(?:GMT|UTC|BST|CET|EST|EDT|local|hrs|hours|Z)\b)"
            r"|\d{1,2}\.\d{2}(?=[ \t]*(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|IST|EAT|SAST|local)\b)"
        ),
        phone=re.compile(
            r"\+\d{1,3}(?:[ \t.-]?\(?\d{1,5}\)?){2,6}(?!\d)"
            r"|\(?0\d{2,4}\)?[ \t-]\d{3,4}[ \t-]?\d{3,4}(?!\d)"
            r"|\(\d{3}\)[ \t]*\d{3}[ \t.-]\d{4}(?!\d)"
            r"|\d{3}[.-]\d{3}[.-]\d{4}(?!\d)"
        ),
        phone_loose=re.compile(r"\d[\d \t-]{1,14}\d|\d+"),
        age_after=re.compile(
            r"(?P<sp>[ \t]*-[ \t]*|[ \t]+)(?P<u>(?i:years?|yrs?|months?|weeks?|days?))"
            r"(?:[ \t]*-[ \t]*|[ \t]+)"
            r"(?i:old)\b"
        ),
        range_conn=re.compile(
            r"(?P<c>[ \t]*-[ \t]+(?i:to|and|or)[ \t]+|[ \t]*[-–—~][ \t]*|[ \t]+(?i:to|and|through|or)[ \t]+"
            r"|[ \t]*/[ \t]*)"
        ),
        noun=re.compile(
            r"(?P<sp>[ \t\u00a0]+|-)"
            r"(?:(?i:of)[ \t]+(?:(?i:the|those|these|its|their|his|her|our|all)[ \t]+)?)?"
            r"(?P<n>[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)"
        ),
        of_unit=re.compile(r"[ \t]+(?i:of)(?=[ \t]+)"),
        decade=re.compile(r"\d{4}s\b|'\d0s\b|\d0s\b"),
        points=re.compile(r"(?P<sp>[ \t\u00a0]*(?:-[ \t]*)?)(?P<u>(?i:points?|pts?\.?))(?![\w])"),
        sentence_pct=re.compile(r"%|(?i:\bper\s*cent\b|\bpercent)"),
    )


# ----------------------------------------------------------------------------------------------


def parse_quantities(text: str | None, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Find every quantity in ``text``.

    Returns ``Quantity`` records sorted by start offset and non-overlapping, with
    ``text[q.start:q.end] == q.text``. Years, dates, clock times, ordinals, ages, labels,
    phone numbers and sports scores are returned too, with their ``kind``, so that callers
    can tell them apart from counts. Never raises on a ``str`` input.

    ``skip``: sorted, non-overlapping (start, end) spans whose figures the caller will not use
    (tables, headlines). Only the last figure starting in each is read, so the figures after a span
    are read with the same context as without ``skip``; the others are left out.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return _parse(text, skip)
    except Exception:  # robustness guard: a parser bug must not break the pipeline
        return _parse_safely(text)


def _parse_safely(text: str) -> list[Quantity]:
    """Fallback when the full parse hits a bug: parse sentence by sentence, skipping bad pieces."""
    out: list[Quantity] = []
    for m in re.finditer(r"[^.!?\n]+[.!?\n]*", text):
        try:
            for q in _parse(m.group(0)):
                out.append(_shift(q, m.start()))
        except Exception:
            continue
    return out


def _shift(q: Quantity, by: int) -> Quantity:
    d = q.as_dict()
    d["start"] += by
    d["end"] += by
    return Quantity(**d)


_NUMBER_TOKEN = re.compile(r"\d(?:[\d.,]*\d)?")


def _parse(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    pats = _patterns()
    out: list[Quantity] = []
    floor = 0  # nothing may start before this offset (end of the previous quantity)
    pos = 0
    n = len(text)
    split = _anchor_split()
    scan = _AnchorScan(text, *split) if split is not None else None
    k = 0  # the first skip span that does not end before the current anchor

    def anchor_at(at: int) -> tuple[int, int, str] | None:
        if scan is not None:
            return scan.next(at)
        m = pats.anchor.search(text, at)
        return (m.start(), m.end(), m.group(0)) if m else None

    while pos < n:
        a = anchor_at(pos)
        if a is None:
            break
        a_start, a_end, a_text = a
        if skip:
            while k < len(skip) and skip[k][1] <= a_start:
                k += 1
            if k < len(skip) and skip[k][0] <= a_start:
                run = _NUMBER_TOKEN.match(text, a_start)
                token_end = max(a_end, run.end()) if run else a_end  # "1.10" is one token, three anchors
                following = anchor_at(token_end)
                if following is not None and following[0] < skip[k][1]:
                    pos = token_end  # not the span's last figure: left out
                    continue
        q = _at(text, a_start, a_text, floor)
        if q is None:
            pos = a_end
            continue
        out.append(q)
        floor = pos = max(q.end, a_end)
    return _index_points(text, _elliptic(text, _coordinated(text, _inherit(text, _merge_bounds(text, out)))))


#: what may stand between a figure with a unit and a bare figure that compares with it, ending the gap:
#: "84.75 cents, while the lowest is 74.07", "435 homes by open sale and 187 by tender", "6 million homes
#: including 1.5 million in", "3.9 million headsets, up from 2.4 million", "compared with 63 during"
_ELLIPSIS_GAP = re.compile(
    r"(?:[^.;:!?()\[\]]*?(?:,[ \t]*|[ \t]))?"
    r"(?i:and|but|while|whilst|whereas|including|compared[ \t]+(?:with|to)|versus|vs\.?|against"
    r"|(?:up|down)[ \t]+from)"
    r"(?:[ \t]+(?i:(?!and\b|or\b)[a-z][a-z'’-]*)){0,4}[ \t]+"
)
#: what may follow the bare figure: a preposition, a time word or the end of the clause (not a noun or verb)
_ELLIPSIS_AFTER = re.compile(
    r"[ \t]*(?:$|[.,;:)!?]|(?:in|on|at|by|for|during|last|this|next|a|an|the|over|from|earlier|ago|before"
    r"|after|since|previously|so|apiece|each)\b)"
)


_PARTITIVE = re.compile(r"[ \t]+(?i:of)[ \t]+(?i:the|its|their|his|her|our)[ \t]+")
#: a change verb left out in a list of changes: "Ross were down 2.3%, Burlington by 2.6%"
_GAPPED = re.compile(r"[ \t]*,[ \t]*(?:and[ \t]+)?(?:[A-Z][\w&'’.-]*[ \t]+){1,4}(?i:by)[ \t]+")


def _elliptic(text: str, qs: list[Quantity]) -> list[Quantity]:
    """A bare figure that compares with an earlier figure of the clause takes its unit and noun:
    "84.75 cents, while the lowest is 74.07" (cents), "6 million homes nationwide including 1.5 million in the
    region" (homes), "from about 14-18 mpg to 24" (mpg). Not a level after a change ("rose 5% to 3.65").
    A part takes the unit of its whole ("280 million of the 1.5 billion shekels"), and a change whose verb
    is left out takes the direction of the one before ("down 2.3%, Burlington by 2.6%")."""
    for i in range(len(qs) - 1):
        q, nxt = qs[i], qs[i + 1]
        if (
            q.kind == "count"
            and not (q.unit or q.noun)
            and q.value is not None
            and q.qualifier == "exact"
            and nxt.kind in _CLAIM_KINDS
            and (nxt.unit or nxt.noun)
            and nxt.value is not None
            and 0 < q.value <= nxt.value
            and _PARTITIVE.fullmatch(text, q.end, nxt.start)
        ):  # "raised 280 million of the 1.5 billion shekels": a part of a whole, in its unit
            noun = nxt.noun.split(" ")[0] if nxt.unit else nxt.noun
            qs[i] = replace(q, unit=nxt.unit, kind=nxt.kind, noun=noun)
    for i in range(1, len(qs)):
        q = qs[i]
        if q.change is None and q.kind in _CLAIM_KINDS and q.qualifier == "exact":
            prev = qs[i - 1]
            gapped = _GAPPED.fullmatch(text, prev.end, q.start)
            if prev.direction is not None and prev.kind == q.kind and gapped:
                qs[i] = q = replace(q, direction=prev.direction, change=prev.change)  # "Burlington by 2.6%"
        if q.kind != "count" or q.unit or q.noun or q.value is None or q.qualifier == "range":
            continue
        j = i - 1
        while j >= 0 and qs[j].kind not in _CLAIM_KINDS:
            j -= 1
        if j < 0:
            continue
        prev = qs[j]
        if not (prev.unit or prev.noun) or (prev.change is None) != (q.change is None):
            continue
        if prev.kind == "count" and (prev.unit or " " in prev.noun or not _is_plural(prev.noun)):
            continue  # only a plain plural count noun ("homes") is carried, not "speed manual"
        gap_start = prev.end
        if prev.kind == "count":  # the counted noun is not part of a count's text
            k = gap_start
            while k < q.start and text[k] in " \t":
                k += 1
            if k > gap_start and text[k : k + len(prev.noun)].lower() == prev.noun:
                gap_start = k + len(prev.noun)
        if q.start - gap_start > 60 or _SENTENCE_BREAK.search(text, gap_start, q.start):
            continue
        to_level = prev.text[:5].lower() == "from " and re.fullmatch(
            r"[ \t]+(?i:to)[ \t]+", text[gap_start : q.start]
        )
        from_level = q.text[:5].lower() == "from " and re.fullmatch(
            r"[ \t]*,?[ \t]*(?i:up|down)?[ \t]*", text[gap_start : q.start]
        )  # "3.9 million headsets, up from 2.4 million"
        if not (
            to_level
            or from_level
            or (
                _ELLIPSIS_GAP.fullmatch(text, gap_start, q.start)
                and not re.search(r"\b(?i:at|to)[ \t]+$", text[gap_start : q.start])  # "and priced at 104.40"
            )
        ):
            continue
        if not _ELLIPSIS_AFTER.match(text, q.end):
            continue
        noun = prev.noun.split(" ")[0] if prev.kind == "money" else prev.noun
        qs[i] = replace(q, unit=prev.unit, kind=prev.kind, noun=noun)
    return qs


#: the anchor's branches for a number written with digits or a glyph (one character each)
_ANCHOR_DIGITS = r"\d|[+(](?=\d)|(?<![\w.])\.(?=\d)|[" + "".join(GLYPHS) + r"]|\b"


_AnchorPatterns = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]


@lru_cache(maxsize=1)
def _anchor_split() -> _AnchorPatterns | None:
    """The anchor regex as three faster ones that find the same places (speed only).

    ``anchor.search`` tries every branch at every character. Instead: (1) the digit/glyph branches
    as one pattern that starts with a character class, so ``re`` skips to candidate characters in C,
    each branch's condition re-checked by a lookbehind; (2) the number-word branch at a given offset,
    as written; (3) the number-word branch after a non-word character (``\\W`` is also a class), the
    word in group 1. None (use the anchor as it is) if the anchor is not of the expected shape.

    (1) and (3) come twice: as above, and for a text that is all ASCII, with the first class written out
    for ASCII (``\\W`` costs a Unicode lookup per character; ``[^0-9A-Za-z_]`` is a table test).
    """
    src = _patterns().anchor.pattern
    if not (src.startswith(_ANCHOR_DIGITS) and src.endswith(r"\b")):
        return None
    words = src[len(_ANCHOR_DIGITS) : -2]
    if _top_level_bar(words):
        return None  # a top-level "|" in the word part would bind differently once split
    glyphs = "".join(GLYPHS)
    digits = re.compile(  # the class is a superset (any non-ASCII character) that re tests by table
        r"[0-9+(.\u0080-\U0010ffff](?:(?<=[\d" + glyphs + r"])|(?<=[+(])(?=\d)|(?<=\.)(?<![\w.]\.)(?=\d))"
    )
    ascii_digits = re.compile(r"[0-9+(.]" + digits.pattern[digits.pattern.index("](") + 1 :])
    word_at = re.compile(r"\b" + words + r"\b")
    word_after = re.compile(r"\W(" + words + r")\b")
    ascii_word_after = re.compile(r"[^0-9A-Za-z_](" + words + r")\b")
    return digits, word_at, word_after, ascii_digits, ascii_word_after


def _top_level_bar(src: str) -> bool:
    """Whether a regex source has a "|" outside every group and character class."""
    depth, i, in_class = 0, 0, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


class _AnchorScan:
    """Successive anchors of one text, as ``anchor.search(text, pos)`` would find them.

    A digit hit and a word hit are each searched for once and kept while they lie at or after pos:
    whether an anchor matches at an offset does not depend on where the search started.
    """

    __slots__ = ("d", "digits", "text", "w", "word_after", "word_at")

    def __init__(
        self,
        text: str,
        digits: re.Pattern[str],
        word_at: re.Pattern[str],
        word_after: re.Pattern[str],
        ascii_digits: re.Pattern[str],
        ascii_word_after: re.Pattern[str],
    ) -> None:
        self.text = text
        if text.isascii():
            digits, word_after = ascii_digits, ascii_word_after
        self.digits, self.word_at, self.word_after = digits, word_at, word_after
        self.d: tuple[int, int, str] | None = (-1, -1, "")  # next digit hit (None: no more)
        self.w: tuple[int, int, str] | None = (-1, -1, "")  # next word hit (None: no more)

    def next(self, pos: int) -> tuple[int, int, str] | None:
        text = self.text
        d = self.d
        if d is not None and d[0] < pos:
            m = self.digits.search(text, pos)
            d = self.d = (m.start(), m.end(), m.group(0)) if m else None
        w = self.w
        if w is not None and w[0] < pos:
            m = self.word_at.match(text, pos) if text[pos : pos + 1].isalpha() else None  # a word: a letter
            if m:
                w = (pos, m.end(), m.group(0))
            else:
                m = self.word_after.search(text, pos)
                w = (m.start(1), m.end(1), m.group(1)) if m else None
            self.w = w
        if d is None:
            return w
        if w is None or d[0] < w[0]:
            return d
        return w


_COORD_GAP = re.compile(r"[ \t]*(?:or|and|to|nor)[ \t]+|-[ \t]*,?[ \t]*(?:(?:or|and|to)[ \t]+)?")


def _coordinated(text: str, qs: list[Quantity]) -> list[Quantity]:
    """A bare figure coordinated with the next one shares its unit or noun: "eight or nine euros",
    "7- or 8-inch", "four-, five- and six-cylinder", "about 8 or $9", "from 4.8 to 4.7 percent"."""
    for i in range(len(qs) - 2, -1, -1):
        q, nxt = qs[i], qs[i + 1]
        if (
            q.kind != "count"
            or q.unit
            or q.noun
            or q.value is None
            or q.qualifier not in ("exact", "approx")
            or nxt.kind not in _CLAIM_KINDS
            or not (nxt.unit or nxt.noun)
            or nxt.qualifier == "range"
            or not _COORD_GAP.fullmatch(text, q.end, nxt.start)
        ):
            continue
        noun = nxt.noun.split(" ")[0] if nxt.kind == "money" else nxt.noun
        qs[i] = replace(q, unit=nxt.unit, kind=nxt.kind, noun=noun)
    return qs


_CLAIM_KINDS = frozenset({"count", "money", "percent", "measure"})
_PAREN = re.compile(r"[ \t]*[(\[][ \t]*(?:or[ \t]+|about[ \t]+|approximately[ \t]+)?$")
_NOUN_OR = re.compile(r"[ \t]+[A-Za-z][A-Za-z-]*[ \t]*,?[ \t]*or[ \t]+")
_OR = re.compile(r"[ \t]*,?[ \t]*(?:or|and|i\.e\.|that is)[ \t]*$|[ \t]*,[ \t]*$")


_BOUND_GAP = re.compile(r"[ \t]*(?:,|,?[ \t]*(?:and|but))[ \t]*")
_LOWER = ("more_than", "at_least")
_UPPER = ("less_than", "at_most")
_BOUNDS = frozenset(_LOWER + _UPPER)


def _merge_bounds(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Join two bounds of one figure into a range: "more than 10 and less than 20" -> [10, 20]."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.qualifier in _BOUNDS  # implied by the tests below; checked first as it is cheap
            and q.qualifier in _BOUNDS
            and prev.kind in _CLAIM_KINDS | {"age"}
            and q.kind in _CLAIM_KINDS | {"age"}
            and {prev.qualifier, q.qualifier} & set(_LOWER)
            and {prev.qualifier, q.qualifier} & set(_UPPER)
            and prev.qualifier != q.qualifier
            and (prev.unit == q.unit or not prev.unit or not q.unit)
            and prev.change is None
            and q.change is None
            and _BOUND_GAP.fullmatch(text, prev.end, q.start)
        ):
            lo_q, hi_q = (prev, q) if prev.qualifier in _LOWER else (q, prev)
            if lo_q.value is not None and hi_q.value is not None and lo_q.value < hi_q.value:
                unit_q = prev if prev.unit else q
                precs = [p for p in (prev.precision, q.precision) if p is not None]
                out[-1] = _make(
                    text, prev.start, q.end, unit_q.kind, (lo_q.value + hi_q.value) / 2.0,
                    low=lo_q.value, high=hi_q.value, unit=unit_q.unit, noun=q.noun or prev.noun,
                    qualifier="range", precision=min(precs) if precs else None,
                )  # fmt: skip
                continue
        out.append(q)
    return out


_SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)|\n")


def _index_points(text: str, qs: list[Quantity]) -> list[Quantity]:
    """An index level written bare ("the TA-125 lost 1.1% to 1,334.20") is in points when the same
    sentence gives another level in points ("... at 1,463.78 points")."""
    pts = [i for i, q in enumerate(qs) if q.noun in ("points", "point")]  # "rose 64.06 points to 4,577.10"
    if not pts:
        return qs
    for i, q in enumerate(qs):
        if q.kind != "count" or q.unit or q.noun or "." not in q.text or not _rx(r"\.\d\d\b").search(q.text):
            continue
        for j in pts:
            a, b = sorted((qs[j].end, q.start)) if j < i else sorted((q.end, qs[j].start))
            if not _SENTENCE_BREAK.search(text, a, b):
                qs[i] = replace(q, noun="points")
                break
    return qs


def _inherit(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Let a figure take the hedge or direction of the figure it restates.

    "more than 100 kilometres (60 miles)": the conversion is hedged too; "lost 190 points, or 0.6%":
    the share is a fall too; "rose 8.1 percent to 99.20 yuan": the new level is reached by a rise.
    """
    for i in range(1, len(qs)):
        prev, q = qs[i - 1], qs[i]
        if prev.kind not in _CLAIM_KINDS or q.kind not in _CLAIM_KINDS:
            continue
        gap = text[prev.end : q.start]
        if len(gap) > 24 or (len(gap) > 12 and not _NOUN_OR.fullmatch(gap)):
            continue
        if _PAREN.fullmatch(gap):
            changes: dict[str, object] = {}
            if q.qualifier == "exact" and prev.qualifier not in ("exact", "range"):
                changes["qualifier"] = prev.qualifier
                if prev.low is not None:
                    changes["low"] = q.value
                if prev.high is not None:
                    changes["high"] = q.value
            if q.direction is None and prev.direction is not None:
                changes["direction"] = prev.direction
            if q.change is None and prev.change is not None:
                changes["change"] = prev.change
            if changes:
                qs[i] = replace(q, **changes)  # type: ignore[arg-type]
        elif (
            prev.change is not None
            and q.change is None
            and q.qualifier == "exact"
            and (_OR.fullmatch(gap) or (prev.kind == "count" and _NOUN_OR.fullmatch(gap)))
            and q.kind == "percent"
        ):
            qs[i] = replace(q, direction=prev.direction, change=prev.change)
    return qs


# ----------------------------------------------------------------------------------------------


#: ``_make``'s default for ``change``: the same as ``direction`` (None is a value a caller may pass)
_AS_DIRECTION = "as direction"


def _make(
    text: str,
    start: int,
    end: int,
    kind: str,
    value: float | None,
    low: float | None = None,
    high: float | None = None,
    unit: str = "",
    noun: str = "",
    qualifier: str = "exact",
    direction: str | None = None,
    precision: float | None = None,
    change: str | None = _AS_DIRECTION,
) -> Quantity:
    # strip trailing whitespace/punctuation the patterns may have taken
    while end > start and text[end - 1] in " \t\u00a0,":
        end -= 1
    if change is _AS_DIRECTION:
        change = direction
    fast = _fast_quantity()
    if fast is not None:
        return fast(
            value, low, high, unit, noun, qualifier,
            direction, kind, start, end, text[start:end], precision, change,
        )  # fmt: skip
    return Quantity(
        value=value,
        low=low,
        high=high,
        unit=unit,
        noun=noun,
        qualifier=qualifier,
        direction=direction,
        kind=kind,
        start=start,
        end=end,
        text=text[start:end],
        precision=precision,
        change=change,
    )


_QUANTITY_FIELDS = (
    "value", "low", "high", "unit", "noun", "qualifier",
    "direction", "kind", "start", "end", "text", "precision", "change",
)  # fmt: skip


@lru_cache(maxsize=1)
def _fast_quantity() -> Callable[..., Quantity] | None:
    """A constructor for ``Quantity`` that sets its slots directly (the frozen dataclass ``__init__`` goes
    through ``object.__setattr__`` per field and was ~7% of the parse). Same object, same values; None
    (use ``Quantity(...)``) unless the fields are exactly the ones above and nothing runs after init."""
    if tuple(f.name for f in fields(Quantity)) != _QUANTITY_FIELDS or hasattr(Quantity, "__post_init__"):
        return None
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12 = (
        vars(Quantity)[n].__set__ for n in _QUANTITY_FIELDS
    )
    new = object.__new__

    def make(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12):  # type: ignore[no-untyped-def]
        q = new(Quantity)
        s0(q, v0), s1(q, v1), s2(q, v2), s3(q, v3), s4(q, v4), s5(q, v5)
        s6(q, v6), s7(q, v7), s8(q, v8), s9(q, v9), s10(q, v10), s11(q, v11), s12(q, v12)
        return q

    return make


def _at(text: str, s: int, anchor: str, floor: int) -> Quantity | None:
    """The quantity (or non-quantity) whose number starts at anchor offset ``s``."""
    pats = _patterns()
    ch = text[s]
    if ch in "+(":
        m = pats.phone.match(text, s)
        if m:
            return _make(text, s, m.end(), "phone", None)
        s += 1
        ch = text[s]
    if ch.isdigit() or ch == ".":
        return _at_digits(text, s, floor)
    if ch in GLYPHS:
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "/"):
            return None
        n = _Num(s, s + 1, GLYPHS[ch], None, True, False, False, ch)
        return _finish(text, n, floor)
    return _at_words(text, s, anchor.lower(), floor)


def _prev_word(text: str, s: int, floor: int) -> tuple[str, int]:
    """The word just before offset s (skipping spaces) and its start offset."""
    global _PREV_WORD_LAST
    last = _PREV_WORD_LAST  # the same number asks twice (month check, then classification)
    if last[0] is text and last[1] == s and last[2] == floor:
        return last[3]
    j = s
    while j > floor and text[j - 1] in " \t\u00a0":
        j -= 1
    k = j
    while k > floor and (text[k - 1].isalnum() or text[k - 1] in ".'’-&"):
        k -= 1
    out = text[k:j], k
    _PREV_WORD_LAST = (text, s, floor, out)  # one tuple, swapped whole: safe across threads
    return out


_PREV_WORD_LAST: tuple[str | None, int, int, tuple[str, int]] = (None, -1, -1, ("", 0))


def _at_digits(text: str, s: int, floor: int) -> Quantity | None:
    pats = _patterns()
    ctx = get_context()
    lex = get_lexicon()
    prev = text[s - 1] if s > 0 else ""
    # letters glued before the digits: a label ("G7", "COVID-19", "S23", "F-35") or a magnitude ("M7.8")
    if (
        prev.isalpha()
        or (prev in "-." and s > 1 and text[s - 2].isalpha() and text[s - 2].isupper())
        or (prev == "-" and s > 1 and text[s - 2].isalpha() and _word_before_upper(text, s - 1))
    ):
        k = s - 1 if prev.isalpha() else s - 2
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        if text[k:s] == "M" and re.match(r"\d\.\d\b", text[s:]):
            m = DIGITS_RE.match(text, s)
            assert m is not None
            v, p = parse_digits(m.group(0))
            return _make(text, k, m.end(), "measure", v, noun="magnitude", precision=p)
        if prev.isalpha() and k >= floor:
            # currency written with letters ("US$", "Rs5") is not a label
            cm = lex.currency_before.search(text, max(floor, s - 6), s)
            if cm and ((cm.group("ca") and len(cm.group("ca")) >= 2) or cm.group("cs")):
                pass
            else:
                e = _word_end(text, s)
                if k >= floor:
                    return _make(text, k, e, "identifier", parse_digits(DIGITS_RE.match(text, s).group(0))[0])  # type: ignore[union-attr]
        elif k >= floor:
            e = _word_end(text, s)
            return _make(text, k, e, "identifier", None)
    if prev.isdigit() or (prev in ".-" and s > 1 and text[s - 2].isdigit()):
        return None
    if (
        prev == "-"
        and s > 2
        and text[s - 2] == " "
        and _word_before_upper(text, s - 2)
        and re.match(r"\d+(?![\d.,%])(?![ \t]*(?:per|pc|pct|points?)\b)", text[s:])
    ):
        e = _word_end(text, s)
        return _make(text, s - 1, e, "identifier", None)
    # structured non-quantities that start at the digits; each is tried only when the length of the
    # digit run and the character after it allow it (cheap gates: the regexes decide as before)
    run = _DIGIT_RUN.match(text, s).end() - s  # type: ignore[union-attr]
    c = text[s + run] if s + run < len(text) else "\x00"
    m = pats.iso_date.match(text, s) if run == 4 and c == "-" else None
    if m:
        return _make(text, s, m.end(), "date", None)
    m = pats.num_date.match(text, s) if 1 <= run <= 2 and c in "/." else None
    if m and _valid_num_date(m.group(0)):
        a_b = m.group(0).split("/")
        if len(a_b) == 2 and (
            get_lexicon().unit_after.match(text, m.end()) or re.match(r"[ \t]+of\b", text[m.end() :])
        ):
            a, b = float(a_b[0]), float(a_b[1])
            n = _Num(s, m.end(), a / b if b else 0.0, None, True, False, False, m.group(0))
            return _finish(text, n, floor)
        return _make(text, s, m.end(), "date", None)
    m = pats.phone.match(text, s) if (3 <= run <= 5 and text[s] == "0") or (run == 3 and c in ".-") else None
    if m and not _rx(r"\d{1,3}(,\d{3})+").fullmatch(m.group(0)):
        return _make(text, s, m.end(), "phone", None)
    m = pats.clock.match(text, s) if 1 <= run <= 2 and c == ":" else None
    if m and _valid_clock(m.group(0)):
        e = m.end()
        tz = ctx.timezones.match(text, e)
        if tz:
            e = tz.end()
        return _make(text, s, e, "time", None)
    m = pats.ampm.match(text, s) if 1 <= run <= 2 and c in ".: \tapAP" else None
    if m:
        return _make(text, s, m.end(), "time", None)
    m = pats.hhmm.match(text, s) if run == 4 or (1 <= run <= 2 and c == ".") else None
    if m:
        e = m.end()
        tz = ctx.timezones.match(text, e)
        return _make(text, s, tz.end() if tz else e, "time", None)
    pw, pw_start = _prev_word(text, s, floor)
    if pw and pw.rstrip(".,") in ctx.months and pw[0].isupper():
        m = pats.day_after_month.match(text, s)
        if m and _valid_day_or_year(m.group(0)):
            return _make(text, pw_start, m.end(), "date", None)
    m = pats.day_month.match(text, s) if 1 <= run <= 2 and c in "snrt \t" else None
    if m and int(_rx(r"\d+").match(m.group(0)).group(0)) <= 31:  # type: ignore[union-attr]
        return _make(text, s, m.end(), "date", None)
    m = _DIGIT_FRACTION.match(text, s) if 1 <= run <= 3 and c == "/" else None
    if m and 0 < int(m.group(1)) < int(m.group(2)):
        n = _Num(s, m.end(), int(m.group(1)) / int(m.group(2)), None, True, False, False, m.group(0))
        return _finish(text, n, floor)
    m = _GLUED_CF.match(text, s) if run and c in "CF" else None
    if m:
        n0 = _Num(s, m.end() - 1, float(m.group(1)), None, True, True, False, m.group(1))
        if not _temperature_letter_ok(text, n0, m.end()):
            return _make(text, s, m.end(), "identifier", None)  # "Form 13F", "Boeing 777F"
    m = _GLUED_CAPS.match(text, s) if run and "A" <= c <= "Z" else None
    if m and lookup_unit(m.group(1)) is None and m.group(1) not in get_numbers().suffix_scales:
        return _make(text, s, m.end(), "identifier", None)  # "9AB", "3CX": a code, not a number
    m = _FRACTION_SLASH.match(text, s) if run and c == "\u2044" else None
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        n = _Num(s, m.end(), a / b if b else 0.0, None, True, False, False, m.group(0))
        return _finish(text, n, floor)
    m = pats.ordinal_suffix.match(text, s) if run and c in "snrt" else None
    if m:
        v = float(_rx(r"\d+").match(m.group(0)).group(0))  # type: ignore[union-attr]
        return _make(text, s, m.end(), "ordinal", v, precision=1.0)
    m = pats.decade.match(text, s) if run and c == "s" else None
    if m:
        return _make(text, s, m.end(), "year", None)
    num = _digits_number(text, s, floor)
    if num is None:
        return None
    return _finish(text, num, floor)


_DIGIT_RUN = re.compile(r"\d*")
_GLUED_LETTER = re.compile(r"[A-Z](?![\w'’.-])")
_FRACTION_SLASH = re.compile(r"(\d+)\u2044(\d+)")
_GLUED_CF = re.compile(r"(\d+)[CF](?![\w°%$€£])")
_DIGIT_FRACTION = re.compile(r"(\d{1,3})/(\d{2,4})(?![\d/]|\.\d)")
_GLUED_CAPS = re.compile(r"\d+([A-Z]{2,})(?:\d\w*)?(?![\w°%$€£/])|\d+([A-Z]{2,})\d\w*")


def _word_before_upper(text: str, i: int) -> bool:
    """True if the letters ending at offset i form an all-caps word ("COVID" in "COVID-19")."""
    k = i
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    w = text[k:i]
    return len(w) >= 2 and w.isupper()


def _word_end(text: str, s: int) -> int:
    m = _rx(r"[\w]*(?:[.-][\w]+)*").match(text, s)
    return m.end() if m else s


def _prev_is_digit_sep(text: str, i: int) -> bool:
    return False


def _valid_num_date(s: str) -> bool:
    parts = _rx(r"[/.]").split(s)
    try:
        a, b = int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return False
    if len(parts) == 2:
        return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12) and "/" in s
    if "." in s and len(parts[2]) != 4:
        return False
    return (a <= 31 and b <= 12) or (a <= 12 and b <= 31)


def _valid_clock(s: str) -> bool:
    m = _rx(r"(\d+):(\d+)").match(s)
    return bool(m) and int(m.group(1)) <= 24 and int(m.group(2)) < 60  # type: ignore[union-attr]


def _valid_day_or_year(s: str) -> bool:
    d = int(_rx(r"\d+").match(s).group(0))  # type: ignore[union-attr]
    return 1 <= d <= 31 or 1000 <= d <= 2200


# ----------------------------------------------------------------------------------------------


def _digits_number(text: str, s: int, floor: int, currency: bool | None = None) -> _Num | None:
    """Read a digit number at s with any scale ("1.5 million", "$2.3bn", "25k")."""
    pats = _patterns()
    nl = get_numbers()
    m = DIGITS_RE.match(text, s)
    if not m:
        return None
    raw = m.group(0)
    precision: float | None
    value, precision = parse_digits(raw)
    end = m.end()
    plain = raw.isdigit()
    raw = raw.replace(" ", "") if " " in raw else raw
    scaled = False
    suffix_money = False
    if currency is None:
        currency = _has_currency_before(text, s, floor)
    mult_total = 1.0
    ahead = _ahead_mask(text[end : end + _AHEAD])
    integral = "." not in raw and "," not in raw
    tail = digits_tail(text, end, value, integral) if ahead & _AFTER_TAIL else None
    if tail is not None:
        value, end, tail_kind = tail
        plain = False
        precision = None
        if tail_kind == "exp":
            return _Num(s, end, value, None, True, False, True, raw)
        ahead = _ahead_mask(text[end : end + _AHEAD])
    # "2 1/2" and "1.5" are handled; "one and a half" style: "2 and a half million"
    h = (
        pats.half_after.match(text, end)
        if text[end : end + 1] in _STARTS_BLANK and ahead & _AFTER_HALF
        else None
    )
    if h and pats.scale_after.match(text, h.end()):
        value += 0.5
        end = h.end()
        precision = 0.1 * (precision or 1)
        ahead = _ahead_mask(text[end : end + _AHEAD])
    sm = pats.suffix_after.match(text, end) if ahead & _AFTER_SUFFIX else None
    if sm and (
        text[end] not in " \t\u00a0"
        or sm.group("s") in ("bn", "mn", "mln", "bln", "tn", "trn", "tln")
        or (sm.group("s") == "B" and _rx(r"[ \t]+[a-z]{3,}").match(text[sm.end() : sm.end() + 5]))
    ):
        suf = sm.group("s")
        if suf not in nl.ambiguous_suffixes or currency or _million_m(text, sm.end(), suf):
            mult = nl.suffix_scales[suf]
            mult_total *= mult
            value *= mult
            precision = (precision or 1.0) * mult
            end = sm.end()
            scaled = True
            plain = False
            suffix_money = suf in nl.ambiguous_suffixes and not currency
            ahead = _ahead_mask(text[end : end + _AHEAD])
    if not scaled:
        for _ in range(2):
            sc = (
                pats.scale_after.match(text, end)
                if text[end : end + 1] in _STARTS_SCALE and ahead & _AFTER_SCALE
                else None
            )
            if not sc:
                break
            w = sc.group("s").lower()
            mult = nl.scales.get(w) or nl.hundred.get(w) or nl.special.get(w) or 1.0
            mult_total *= mult
            value *= mult
            precision = (precision or 1.0) * mult
            end = sc.end()
            scaled = True
            plain = False
            ahead = _ahead_mask(text[end : end + _AHEAD])
    af = _and_fraction(text, end) if ahead & _AFTER_AND_FRACTION else None
    if af is not None:
        value += af[0] * mult_total
        end = af[1]
        plain = False
        precision = None
    return _Num(s, end, value, precision, True, plain, scaled, raw, suffix_money, mult_total)


@lru_cache(maxsize=1)
def _and_fraction_re() -> re.Pattern[str]:
    nl = get_numbers()
    nums = alternation(["a", "an", *[w for w, v in nl.cardinals.items() if 1 <= v <= 9]])
    return re.compile(
        r"[ \t]+(?i:and[ \t]+(?P<n>" + nums + r")[ \t-]+(?P<d>" + alternation(list(nl.fractions)) + r"))\b"
        r"(?![ \t-]+(?i:of\b|million|billion|thousand|trillion))"
    )


def _and_fraction(text: str, end: int) -> tuple[float, int] | None:
    """ "and a half", "and three quarters" after a number: (fraction, end)."""
    m = _and_fraction_re().match(text, end) if text[end : end + 1] in _STARTS_BLANK else None
    if not m:
        return None
    nl = get_numbers()
    n_word, d_word = m.group("n").lower(), m.group("d").lower()
    n = 1.0 if n_word in ("a", "an") else nl.cardinals[n_word]
    if (n == 1) == d_word.endswith("s") and d_word not in ("halves",):
        return None  # "one thirds", "three third"
    return n / nl.fractions[d_word], m.end()


#: after "35m": words that make the "m" a length, not a million ("a 100m sprint", "1.5m tall")
_METRE_CONTEXT = re.compile(
    r"[ \t]*(?:$|[^\w \t]|(?i:tall|long|high|wide|deep|away|above|below|under|from|in|sprint|hurdles|"
    r"race|"
    r"freestyle|backstroke|butterfly|breaststroke|relay|medley|depth|length|height|off|of[ \t]+water|"
    r"underground|down|up|apart|across|thick|square|cubic|behind|ahead|beneath|into|inside|metres?)\b)"
)


def _million_m(text: str, end: int, suffix: str) -> bool:
    """Whether an attached "m"/"M"/"bn" suffix without a currency means million ("35m of its devices")."""
    if suffix in ("M",):
        return not _rx(r"[ \t]*(?:tall|long|high|wide|deep)\b").match(text[end : end + 8])
    if suffix == "m":
        return not _METRE_CONTEXT.match(text, end)
    return suffix in ("b", "B") and bool(
        _rx(r"[ \t]+[a-z]|[ \t]*(?:$|[,;:)!?]|\.(?!\w))").match(text[end : end + 3])
    )


def _last_scale(text: str, s: int, end: int) -> float:
    words = _rx(r"[A-Za-z]+").findall(text[s:end])
    return get_numbers().scales.get(words[-1].lower(), 1.0) if words else 1.0


def _has_currency_before(text: str, s: int, floor: int) -> bool:
    lo = max(floor, s - 8)
    j = s
    while j > lo and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == lo or not (text[j - 1] in _SYMBOL_CHARS or text[j - 1].isalpha() or text[j - 1] == "."):
        return False
    ones, twos = _currency_tails()
    if text[j - 1] not in ones and text[max(j - 2, 0) : j] not in twos:
        return False  # a match ends with a currency prefix, then spaces: its last word ends here
    return bool(get_lexicon().currency_before.search(text, lo, s))


@lru_cache(maxsize=1)
def _currency_tails() -> tuple[frozenset[str], frozenset[str]]:
    """The last words of the currency prefixes of one character ("$", "R") and the last two characters of
    the longer ones ("Rs", "s.", "D$"), as written (``currency_before`` matches them so; the words of a
    prefix are joined by any whitespace, so only its last word is known to stand before the number)."""
    last_words = [p.split()[-1] for p in get_lexicon().currency_prefix if p.strip()]
    ones = frozenset(w for w in last_words if len(w) == 1)
    return ones, frozenset(w[-2:] for w in last_words if len(w) > 1)


def _words_number(text: str, s: int) -> _Num | None:
    """Read a number written in words at s ("two hundred", "1.5" is not handled here)."""
    wn = parse_words(text, s)
    if wn is None:
        return None
    pats = _patterns()
    nl = get_numbers()
    precision: float | None
    value, end, precision = wn.value, wn.end, wn.precision
    scaled = wn.scaled
    h = pats.half_after.match(text, end)
    if h and scaled:
        value += 0.5 * _last_scale(text, s, end)
        end = h.end()
        precision = None
        h = None
    if h:
        value += 0.5
        end = h.end()
        precision = 0.1
        sc = pats.scale_after.match(text, end)
        if sc:
            mult = nl.scales.get(sc.group("s").lower()) or 1.0
            value *= mult
            precision *= mult
            end = sc.end()
            scaled = True
    mult = 1.0
    if scaled:
        last = _rx(r"[A-Za-z]+").findall(text[s:end])
        mult = nl.scales.get(last[-1].lower(), 1.0) if last else 1.0
    af = _and_fraction(text, end)
    if af is not None:
        value += af[0] * mult
        end = af[1]
        precision = None
    return _Num(s, end, value, precision, False, False, scaled, text[s:end], False, mult)


# ----------------------------------------------------------------------------------------------


def _at_words(text: str, s: int, word: str, floor: int) -> Quantity | None:
    pats = _patterns()
    nl = get_numbers()
    ctx = get_context()
    # "a"/"an" right before the anchor ("a dozen", "a hundred", "a third", "a handful")
    a_start = s
    am = _rx(r"(?i:\b(an?)[ \t]+)$").search(text[max(floor, s - 4) : s])
    if am:
        a_start = s - len(am.group(0))
    # vague plurals: "hundreds", "tens of thousands", "several thousand", "a handful"
    vm = (pats.vague.match(text, a_start) or pats.vague.match(text, s)) if word in _vague_starts() else None
    if vm:
        key = norm_phrase(vm.group("v"))
        v, lo, hi = nl.vague[key]
        start = vm.start()
        if key.startswith("a ") and start == s and a_start < s:
            pass
        return _finish_vague(text, start, vm.end(), v, lo, hi, floor)
    # fractions: "a third", "two-thirds", "half of"
    fq = _fraction(text, s, a_start, word, floor)
    if fq is not None:
        return fq
    if word in nl.ordinals and word not in nl.cardinals:
        om = pats.ordinal_word.match(text, s)
        if om:
            return _make(text, s, om.end(), "ordinal", nl.ordinals[word], precision=1.0)
    if word in nl.fractions:
        return None
    start = s
    if (word in nl.scales or word in nl.hundred or word in nl.special) and a_start < s:
        start = a_start
    num = _words_number(text, start)
    if num is None:
        return None
    if _rx(r"-[A-Za-z]").match(text[num.end : num.end + 2]) and not _unit_after(text, num.end, num, None):
        return None  # "a three-bed apartment", "six-speed gearbox": a modifier, not a figure
    if num.value == 1 and _not_a_count_one(text, start, num.end, floor):
        return None
    if text[start].isupper() and not num.scaled and num.value < 100 and start == s:
        pw, pws = _prev_word(text, start, floor)
        if (
            pw[:1].isupper()
            and pw.isalpha()
            and pw not in ctx.identifier_stop
            and not _sentence_start(text, pws)
        ):
            return _make(text, pws, num.end, "identifier", num.value)  # "BBC One", "Formula One"
    _ = ctx
    return _finish(text, num, floor)


@lru_cache(maxsize=1)
def _vague_starts() -> frozenset[str]:
    """Every beginning of a vague phrase, also without its "a "/"an " ("hundreds of", "handful"): the
    ``vague`` pattern can only match where the number word it starts with (lower-cased) is one of them."""
    out: set[str] = set()
    for key in get_numbers().vague:
        key = key.lower()
        for form in (key, key.removeprefix("a "), key.removeprefix("an ")):
            out.update(form[:i] for i in range(1, len(form) + 1))
    return frozenset(out)


def _not_a_count_one(text: str, s: int, e: int, floor: int) -> bool:
    """ "no one", "one another", "someone" style uses of "one" that are not a count."""
    before = text[max(floor, s - 12) : s].lower()
    after = text[e : e + 10].lower()
    if _rx(r"[ \t]+\d").match(after):
        return True  # "just one 52,000 barrel-a-day refinery": "one" is an article here
    if _unit_after(text, e, _Num(s, e, 1.0, None, False, False, False, "one"), None) is not None:
        return False  # "that one mile": a measure
    if _rx(r"\b(no|any|every|some|each|this|that|the|which|such|every|same)[ \t]+$").search(before):
        return True
    return bool(
        _rx(r"[ \t]+(another|of[ \t]+(?:us|you|them|those|these))\b").match(after)
        or _rx(r"'s\b").match(after)
    )


def _fraction(text: str, s: int, a_start: int, word: str, floor: int) -> Quantity | None:
    pats = _patterns()
    nl = get_numbers()
    start = end = None
    num = den = 0.0
    fm = None
    if a_start < s and word in nl.fractions:
        fm = pats.fraction.match(text, a_start)
    elif word in nl.cardinals or word in nl.tens:
        fm = pats.fraction.match(text, s)
    if fm:
        n_word = fm.group("n").lower()
        d_word = fm.group("d").lower()
        num = 1.0 if n_word in ("a", "an") else (nl.cardinals.get(n_word) or nl.tens.get(n_word) or 0.0)
        den = nl.fractions[d_word]
        if n_word in ("a", "an", "one") and d_word.endswith("s") and d_word not in ("halves",):
            return None
        start, end = fm.start(), fm.end()
        if d_word in ("second", "seconds") or _rx(r"-[A-Za-z]").match(text[end : end + 2]):
            return None
    elif word in ("half",) and a_start == s:
        # "half of the houses", "half the", "half a percent", "by half"
        after = text[s + 4 : s + 12].lower()
        before = text[max(floor, s - 4) : s].lower()
        before_word = text[max(0, s - 12) : s].lower()
        if re.search(
            r"\b(first|second|third|fourth|other|latter|former|final|opening|top|bottom|lower|upper)"
            r"[ \t-]+$",
            before_word,
        ):
            return None
        hedge_before = re.search(
            r"\b(?:more than|over|nearly|almost|about|around|roughly|some|just)[ \t]+$",
            text[max(floor, s - 12) : s].lower(),
        )
        if (
            re.match(
                r"[ \t]+(of|the|a|an|its|their|his|her|our|million|billion|thousand|trillion|dozen)\b", after
            )
            or _rx(r"\bby[ \t]+$").search(before)
            or (hedge_before and _rx(r"[ \t]+[a-z]{3,}").match(after))
        ):
            num, den, start, end = 1.0, 2.0, s, s + 4
        else:
            return None
    if start is None and word in ("quarter", "half") and a_start == s:
        sm = pats.scale_after.match(text, s + len(word))
        if sm and sm.group("s").lower() in nl.scales:  # "quarter million"
            num, den, start, end = 1.0, nl.fractions[word], s, s + len(word)
    if start is None or end is None or not den:
        return None
    frac = num / den
    tail = pats.fraction_tail.match(text, end)
    if tail:
        w = norm_phrase(tail.group("s"))
        if w in nl.scales or w in nl.hundred or w in nl.special:
            mult = nl.scales.get(w) or nl.hundred.get(w) or nl.special.get(w) or 1.0
            n = _Num(start, tail.end(), frac * mult, None, False, False, True, text[start : tail.end()])
            return _finish(text, n, floor)
        n = _Num(start, tail.end(), frac, None, False, False, False, text[start:end])
        return _finish(text, n, floor, forced_unit=("percent", "percent", tail.group("s").lower()))
    n = _Num(start, end, frac, None, False, False, False, text[start:end])
    ui = _unit_after(text, end, n, None)
    if ui is not None and ui.kind == "measure":
        return _finish(text, n, floor)  # "one-half miles", "a half turn": a fraction of a unit
    n = _Num(start, end, frac * 100.0, None, False, False, False, text[start:end])
    return _finish(text, n, floor, forced_unit=("percent", "percent", ""))


# ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    unit: str
    kind: str
    noun: str
    end: int


def _unit_after(text: str, end: int, num: _Num, currency: str | None, ahead: int = -1) -> _Unit | None:
    """The unit written right after a number, if any (``ahead``: ``_after_mask`` at ``end``, when known)."""
    lex: UnitLexicon = get_lexicon()
    if ahead < 0:
        ahead = _ahead_mask(text[end : end + _AHEAD])
    if end < len(text) and not text[end].isspace() and ahead & _AFTER_ATTACHED:
        am = lex.attached_after.match(text, end)
        if am:
            info = lookup_unit(am.group("u"))
            if (
                info
                and not (info.unit == "meter" and num.suffix_money)
                and not (am.group("u") in ("C", "F") and not _temperature_letter_ok(text, num, am.end()))
            ):
                return _Unit(info.unit, info.kind, am.group("u").lower(), am.end())
    dm = _DEGREE_SCALE.match(text, end) if ahead & _AFTER_DEGREE else None  # "40 °C", "40 degrees C"
    if dm:
        u = "degC" if dm.group("u")[0] in "Cc" else "degF"
        return _Unit(u, "measure", "degrees", dm.end())
    um = lex.unit_after.match(text, end) if ahead & _AFTER_UNIT else None
    if um and _LABEL_DIGIT.match(text, um.end()):
        um = None  # "24703 L-202", "m212": a label, not a unit
    if um:
        surface = um.group("u")
        info = lookup_unit(surface)
        if info is not None:
            # "5 m" with a space is too ambiguous; attached-only forms are excluded from unit_after
            if info.kind == "money" and currency:
                return _Unit(currency, "money", surface.lower(), um.end())
            if (
                info.unit == "pound"
                and num.scaled
                and num.mult >= 1e3
                and surface.lower() in ("pounds", "pound")
            ):
                return _Unit("GBP", "money", surface.lower(), um.end())  # "361 million pounds"
            return _Unit(info.unit, info.kind, norm_phrase(surface), um.end())
    return None


_TIMES = re.compile(r"[ \t]+(?i:times)(?=[ \t]+(?i:a|an|per|each|every)[ \t])")
#: The characters a match of each small pattern can start with (``tests/test_quantities_speed.py`` checks
#: them against the patterns): after a number followed by anything else, the regex call is skipped.
_STARTS_BLANK = " \t"  # half_after, _and_fraction_re, one_in
_STARTS_SCALE = " \t\u00a0-"  # scale_after ("$137-million")
_STARTS_AGE = " \t-"  # age_after
_STARTS_PLUS_MINUS = " \t+±"  # _PLUS_MINUS
_STARTS_POINTS = " \t\u00a0-pP"  # points
_STARTS_RANGE = " \t-–—~/"  # range_conn


#: Bits of ``_after_mask``, one per pattern tried right after a number (``_after_patterns``).
(
    _AFTER_UNIT, _AFTER_ATTACHED, _AFTER_DEGREE, _AFTER_AGE, _AFTER_RANGE, _AFTER_PLUS_MINUS, _AFTER_POSTFIX,
    _AFTER_POINTS, _AFTER_PER, _AFTER_DIRECTION, _AFTER_ONE_IN, _AFTER_TIMES, _AFTER_TAIL, _AFTER_HALF,
    _AFTER_SUFFIX, _AFTER_SCALE, _AFTER_AND_FRACTION,
) = (1 << i for i in range(17))  # fmt: skip
_AFTER_ALL = (1 << 17) - 1
_AHEAD = 4  # characters read by ``_after_mask``


def _after_patterns() -> list[tuple[re.Pattern[str], int]]:
    """The patterns tried right after a number, in the order of their ``_AFTER_*`` bits, each with the
    length of the prefixes its gate lists (``_AHEAD`` unless that makes the list too long)."""
    pats, ctx, lex = _patterns(), get_context(), get_lexicon()
    return [
        (lex.unit_after, 4), (lex.attached_after, 4), (_DEGREE_SCALE, 4), (pats.age_after, 4),
        (pats.range_conn, 4), (_PLUS_MINUS, 4),
        (ctx.postfix, 3),  # four characters of its leading "\s*" would list ~20,000 strings
        (pats.points, 4), (_per_re(), 4), (ctx.direction_after, 4), (pats.one_in, 4), (_TIMES, 4),
        (_TAIL_RE, 4), (pats.half_after, 4), (pats.suffix_after, 4), (pats.scale_after, 4),
        (_and_fraction_re(), 4),
    ]  # fmt: skip


@lru_cache(maxsize=1)
def _after_table() -> tuple[dict[str, int], int]:
    return prefix_masks([prefix_gate(rx, k) for rx, k in _after_patterns()])


def _after_mask(text: str, i: int) -> int:
    """The ``_AFTER_*`` bits of the patterns that may match at ``i`` (by their ``gates.prefix_gate``).

    A number is mostly followed by a space and a word, which lets every one-character list above through,
    and most of these patterns are long alternations: one look at the next characters, shared by all of
    them, skips the ones that cannot match there. (Hot paths call ``_ahead_mask`` on the slice directly.)"""
    return _ahead_mask(text[i : i + _AHEAD])


@lru_cache(maxsize=4096)  # the few thousand ways a number is commonly followed: a dict hit, not 4 lookups
def _ahead_mask(ahead: str) -> int:
    """``_after_mask`` of the next ``_AHEAD`` characters (fewer at the end of the text)."""
    if not ahead.isascii():
        return _AFTER_ALL
    table, always = _after_table()
    t = ahead.lower()
    get = table.get  # (the k-prefixes and shorter complete matches of gates of k <= _AHEAD = 4 characters)
    return always | get(t, 0) | get(t[:3], 0) | get(t[:2], 0) | get(t[:1], 0)


_OLD_AFTER = re.compile(r"[ \t-]+(?i:old)\b")
_PLUS_MINUS = re.compile(r"[ \t]*(?:\+/-|±|\+-|\+/−)[ \t]*(?=\.?\d)")
_INCHES_AFTER = re.compile(r"[ \t]*(?:and[ \t]+)?(?P<i>\d{1,2}(?:\.\d+)?)[ \t]*(?:inches|inch|in\b|\"|″|”)")
_DEGREE_SCALE = re.compile(
    r"[ \t]*(?:°|º|(?i:degrees?)[ \t]+)[ \t]?(?P<u>[CF]\b|(?i:celsius|centigrade|fahrenheit)\b)"
)
#: words that may follow "30C"/"86F" when it is a temperature
_AFTER_TEMPERATURE = frozenset(
    [
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "for",
        "from",
        "as",
        "but",
        "while",
        "degrees",
        "yesterday",
        "today",
        "tomorrow",
        "overnight",
        "inside",
        "outside",
        "across",
        "this",
        "last",
        "next",
        "the",
        "a",
        "which",
        "when",
        "is",
        "was",
        "were",
        "are",
        "will",
        "heat",
        "day",
        "days",
        "temperatures",
        "weather",
        "high",
        "low",
        "highs",
        "lows",
    ]
)


def _temperature_letter_ok(text: str, num: _Num, end: int) -> bool:
    """Whether "13F" / "30C" (a bare letter glued to the digits) is a temperature, not a label
    ("Form 13F", "Boeing 777F", "14.7C/ per share")."""
    nxt = text[end : end + 1]
    if nxt in ("/", "-") or nxt.isalnum():
        return False
    prev, _ = _prev_word(text, num.start, 0)
    if prev and (
        prev.lower() in get_context().identifier_words
        or (prev[0].isupper() and prev.isalpha() and prev not in ("The", "A", "At", "In"))
    ):
        return False
    m = _rx(r"[ \t]+([A-Za-z]+)").match(text[end : end + 30])
    return not (m and m.group(1).islower() and m.group(1) not in _AFTER_TEMPERATURE)


def _finish_vague(
    text: str, start: int, end: int, v: float, lo: float, hi: float, floor: int
) -> Quantity | None:
    num = _Num(start, end, v, None, False, False, True, text[start:end])
    return _finish(text, num, floor, vague=(lo, hi))


def _finish(
    text: str,
    num: _Num,
    floor: int,
    vague: tuple[float, float] | None = None,
    forced_unit: tuple[str, str, str] | None = None,
) -> Quantity | None:
    """Widen a number to a full quantity: left context, unit, range, postfix, noun; then classify."""
    pats = _patterns()
    ctx: Context = get_context()
    start, end = num.start, num.end
    value = num.value
    precision = num.precision
    lf = _left_context(text, num, floor, vague is not None)
    qualifier, direction, currency, rng_start = lf.qualifier, lf.direction, lf.currency, lf.rng_start
    if direction is None and not rng_start and not vague and not _looks_like_year(num):
        direction = lf.direction = _verb_object_by(text, max(floor, lf.start - 60), lf.start)
    start = lf.start
    if lf.negative:
        value = -value
    unit = ""
    kind = "count"
    noun = ""
    unit_info = None
    ahead = _ahead_mask(text[end : end + _AHEAD])  # which patterns may match after the number
    if forced_unit is not None:
        unit, kind, noun = forced_unit
    elif currency:
        unit, kind = currency, "money"
        # a currency symbol may still be followed by its name ("$5 US dollars") - keep money
        cm = get_lexicon().unit_after.match(text, end)
        if cm:
            info = lookup_unit(cm.group("u"))
            if info and info.kind == "money" and info.unit == currency:
                end = cm.end()
        noun = "".join(lf.currency_surface.split()).lower()  # as written, one token: "us$", "au$" ("AU $")
    else:
        unit_info = _unit_after(text, end, num, None, ahead)
        if unit_info is None and (num.scaled or vague):
            om = pats.of_unit.match(text, end)
            if om:
                ui = _unit_after(text, om.end(), num, None)
                if ui and ui.kind == "money":
                    unit_info = ui
        if unit_info is not None:
            unit, kind, noun = unit_info.unit, unit_info.kind, unit_info.noun
            end = unit_info.end
            if unit == "foot":
                im = _INCHES_AFTER.match(text, end)
                if im:  # "5 feet 2 inches", "6ft 1in"
                    value += float(im.group("i")) / 12.0
                    end = im.end()
                    precision = None
    # age: "34-year-old", "15 year-old", "52 years old"
    am = (
        pats.age_after.match(text, num.end)
        if not currency and text[num.end : num.end + 1] in _STARTS_AGE and ahead & _AFTER_AGE
        else None
    )
    if am and not vague and value >= 0:
        u = am.group("u").lower().rstrip("s")
        u = {"yr": "year"}.get(u, u)
        return _make(
            text,
            min(start, num.start),
            am.end(),
            "age",
            value,
            unit=u,
            noun=f"{u}-old",
            qualifier=qualifier,
            low=value if qualifier in ("more_than", "at_least") else None,
            high=value if qualifier in ("less_than", "at_most") else None,
            precision=precision,
        )
    # range: "40-50", "40 to 50", "between 40 and 50", "60% to 70%", "$5 to $10"
    if end != num.end:
        ahead = _ahead_mask(text[end : end + _AHEAD])
    explicit = bool(unit_info or currency or forced_unit)
    range_q = (
        None
        if (direction is not None and explicit) or not ahead & _AFTER_RANGE
        else _range(text, num, end, unit, kind, currency, rng_start, floor, explicit, value, lf.rng_from)
    )
    if range_q is not None and direction is not None and not range_q[2]:
        range_q = None  # "rose 5 to 7": without a unit this is a change then a level
    low = high = None
    if range_q is not None:
        r_end, r_val, r_unit, r_kind, r_noun, r_num = range_q
        if r_kind == "score":
            return _make(text, num.start, r_end, "score", value)
        if r_kind == "year":
            return _make(text, num.start, r_end, "year", None)
        assert r_val is not None
        lo_v, hi_v = value, r_val
        if not num.scaled and r_num.scaled and r_num.mult > 1 and value * r_num.mult <= r_val:
            lo_v = value * r_num.mult
        low, high = min(lo_v, hi_v), max(lo_v, hi_v)
        value = (lo_v + hi_v) / 2.0
        qualifier = "approx" if qualifier == "approx" else "range"  # "about 2000-2500": hedged, bounded
        end = r_end
        if r_unit and not unit:
            unit, kind, noun = r_unit, r_kind, r_noun
        precs = [p for p in (precision, r_num.precision) if p is not None]
        precision = min(precs) if precs else None
        if _looks_like_year(num) and _looks_like_year(r_num) and not unit:
            phrase = _noun_phrase(text, end, r_num)[0]
            if not (phrase and _is_plural(phrase.split()[-1])):
                return _make(text, num.start, end, "year", None)
        ahead = _ahead_mask(text[end : end + _AHEAD])
    # uncertainty: "9.83 +/- 0.01 km", "52% ± 3"
    if range_q is None and qualifier == "exact" and not vague:
        um = (
            _PLUS_MINUS.match(text, end)
            if text[end : end + 1] in _STARTS_PLUS_MINUS and ahead & _AFTER_PLUS_MINUS
            else None
        )
        if um:
            unc = _digits_number(text, um.end(), floor, currency=bool(currency))
            if unc is not None and 0 < unc.value < abs(value) + unc.value:
                low, high = value - unc.value, value + unc.value
                qualifier = "range"
                end = unc.end
                range_q = (end, value, unit, kind, noun, unc)
                if not unit:
                    ui = _unit_after(text, end, unc, currency)
                    if ui:
                        unit, kind, noun, end = ui.unit, ui.kind, ui.noun, ui.end
                ahead = _ahead_mask(text[end : end + _AHEAD])
    # postfix qualifiers: "100 or so", "50-plus", "500+"
    pm = ctx.postfix.match(text, end) if ahead & _AFTER_POSTFIX else None
    if pm and not vague and qualifier in ("exact", "approx"):
        pq = ctx.postfix_of.get(norm_phrase(pm.group("p")))
        if pq and (qualifier == "exact" or pq != "approx"):  # "about 500 or more": the bound wins
            qualifier = pq
            end = pm.end()
            if unit == "" and unit_info is None:
                ui = _unit_after(text, end, num, None)
                if ui:
                    unit, kind, noun, end = ui.unit, ui.kind, ui.noun, ui.end
            ahead = _ahead_mask(text[end : end + _AHEAD])
    # points: "up 3 points" -> percentage_point when the sentence talks about percent or a change
    if not unit and forced_unit is None:
        ptm = (
            pats.points.match(text, end)
            if text[end : end + 1] in _STARTS_POINTS and ahead & _AFTER_POINTS
            else None
        )
        if ptm:
            noun = ptm.group("u").lower()
            end = ptm.end()
            ahead = _ahead_mask(text[end : end + _AHEAD])
            if direction:
                unit, kind = "percentage_point", "percent"
    # per-unit: "$58.24 per barrel", "5% a year", "40 hours a week"
    if unit or kind == "money":
        per = _per_unit(text, end) if ahead & _AFTER_PER else None
        if per is not None:
            per_end, per_surface, per_unit = per
            noun = f"{noun}{per_surface}" if per_surface[:1] in "-/" else f"{noun} {per_surface}".strip()
            if per_unit:
                unit = f"{unit} / {per_unit}"
            end = per_end
            ahead = _ahead_mask(text[end : end + _AHEAD])
    # change nouns after: "a 5% increase", "5% higher"
    # (a change for the pipeline, ``change``; ``direction`` is kept for movements written before the figure)
    change = direction
    dm = ctx.direction_after.match(text, end) if ahead & _AFTER_DIRECTION else None
    if dm and direction is None and (unit or kind != "count"):
        change = ctx.direction_noun_of.get(norm_phrase(dm.group("d")))
    # a signed percentage is a change: "Dow +0.2%", "FTSE -0.6%"
    if lf.sign and kind == "percent" and change is None:
        direction = change = "up" if lf.sign == "+" else "down"
    # "one in five": a share
    if not unit and not num.scaled and not vague and qualifier in ("exact", "approx", "at_most", "more_than"):
        share = _one_in(text, num, end) if ahead & _AFTER_ONE_IN else None
        if share is not None:
            end, value = share
            unit, kind = "percent", "percent"
            precision = None
            ahead = _ahead_mask(text[end : end + _AHEAD])
    # a frequency: "78,000 times a minute", "three times a week"
    if kind == "count" and not unit and ahead & _AFTER_TIMES and (tm := _TIMES.match(text, end)):
        per = _per_unit(text, tm.end())
        if per is not None and per[2]:
            end, unit, kind = per[0], f"1 / {per[2]}", "measure"
            noun = f"times {per[1]}"
    # noun: the counted thing
    if kind == "count" and not unit:
        phrase, head_unit, p_end = _noun_phrase(text, end, num)
        if not phrase and end == num.end and num.digits and _GLUED_LETTER.match(text, end):
            noun = text[end].lower()  # "5G", "4K": the letter written onto the digits is what they name
        if phrase:
            noun = phrase
            if head_unit is not None:
                unit, kind, end = head_unit.unit, head_unit.kind, p_end
    # bounds from the qualifier
    if vague is not None:
        low, high = vague
        if qualifier == "exact" and high == 10 * low:
            qualifier = "range"  # "thousands": the decade its wording names, 1,000 to 10,000
        elif qualifier in ("exact", "approx"):
            qualifier = "approx"  # "several hundred", "about thousands"
    elif qualifier in ("more_than", "at_least"):
        low = value
    elif qualifier in ("less_than", "at_most"):
        high = value
    # kinds for unit-less numbers: years, labels, ages, phones
    if kind == "count" and not unit and vague is None:
        if range_q is not None:
            if _age_context(text, start, floor):
                kind, unit, noun = "age", "year", "age"
            elif num.plain and (street := _STREET_AFTER.match(text, end)):
                return _make(text, num.start, street.end(), "identifier", None)  # "16-18 Industrial Avenue"
        else:
            other = _classify_plain(text, num, start, end, noun, qualifier, direction, floor)
            if other is not None:
                k, s2, e2 = other
                return _make(
                    text,
                    s2,
                    e2,
                    k,
                    num.value if k in ("age", "identifier") else None,
                    unit="year" if k == "age" else "",
                    noun="" if k != "age" else "age",
                    precision=num.precision if k == "age" else None,
                )
    if kind == "measure" and unit in ("year", "month", "week", "day"):
        om = _OLD_AFTER.match(text, end)
        if om:  # "40 - 50 years old"
            kind, end = "age", om.end()
        elif _age_context(text, start, floor):
            kind = "age"
    if vague is not None:
        precision = None
    return _make(
        text,
        start,
        end,
        kind,
        value,
        low=low,
        high=high,
        unit=unit,
        noun=noun,
        qualifier=qualifier,
        direction=direction,
        precision=precision,
        change=change,
    )


@dataclass(slots=True)
class _Left:
    """What the words before a number say about it."""

    start: int
    qualifier: str = "exact"
    direction: str | None = None
    currency: str | None = None
    currency_surface: str = ""
    rng_start: bool = False
    rng_from: bool = False  # the range opener is "from" ("from 4.8 to 4.7 percent")
    negative: bool = False
    sign: str = ""


def _left_context(text: str, num: _Num, floor: int, vague: bool) -> _Left:
    """Read hedges, change verbs, range openers, currency and sign written before a number."""
    ctx = get_context()
    start = num.start
    out = _Left(start)
    lo = max(floor, start - _LEFT_WINDOW)
    if not _may_have_left_context(text, lo, start):
        return out
    left = None
    fast = _left_search(ctx.left)
    if fast is not None:  # the first word start where the pattern matches, in one or two calls
        left = fast[0].match(text, 0, start) if lo == 0 else None
        if left is None:
            left = fast[1].search(text, lo - 1 if lo else 0, start)
    else:
        for wm in _WORD_START.finditer(text, lo, start):
            m = ctx.left.match(text, wm.start(), start)
            if m and m.start() < start:
                left = m
                break
    if left is None:
        return out
    g = left.groupdict()
    if g.get("ca") and len(g["ca"]) == 1 and g.get("casp"):
        g["ca"] = None  # single-letter currency ("R", "Y") must touch the digits
    cur_surface = g.get("ca") or g.get("cs")
    if cur_surface and len(cur_surface) > 3 and cur_surface[1:].islower() and _looks_like_year(num):
        cur_surface = None  # "Euro 2020": an event named after a year, not money
    if cur_surface and (num.digits or num.scaled or vague):
        out.currency = lookup_currency_prefix(cur_surface)
        out.currency_surface = cur_surface if out.currency else ""
    if g.get("qual"):
        out.qualifier = ctx.qualifier_of.get(norm_phrase(g["qual"]), "exact")
    if g.get("dir"):
        d = norm_phrase(g["dir"])
        prev, _ = _prev_word(text, left.start("dir"), floor)
        if not (d in ("up", "down") and prev.lower() in ctx.phrasal_verbs):
            out.direction = ctx.direction_of.get(d)
        else:
            g["dir"] = None
    if g.get("rng"):
        out.rng_start = True
        out.rng_from = norm_phrase(g["rng"]) == "from"
    sign = g.get("sign") or g.get("sign2") or ""
    if (g.get("neg") or sign in ("-", "−", "–")) and not vague:
        out.negative = True
    if sign == "+":
        out.sign = "+"
    elif out.negative:
        out.sign = "-"
    new_start = start
    for name in ("rng", "dir", "qual", "neg", "sign", "ca", "cs", "sign2"):
        if not g.get(name):
            continue
        if name in ("ca", "cs") and not out.currency:
            continue
        if name in ("neg", "sign", "sign2") and not out.sign:
            continue
        new_start = min(new_start, left.start(name))
    out.start = new_start
    return out


@lru_cache(maxsize=1)
def _verb_object_by_re() -> re.Pattern[str]:
    ctx = get_context()
    verbs = [w for w in ctx.direction_of if " " not in w and w not in _NOT_VERBS]
    return re.compile(
        r"\b(?P<v>(?i:" + alternation(verbs) + r"))[ \t]+"
        r"(?:(?!(?i:by|to|from|at|and|or|but)\b)[A-Za-z][\w'’-]*[ \t]+){1,4}"
        r"(?i:by)[ \t]+$"
    )


_NOT_VERBS = frozenset({"up", "down", "higher", "lower", "upward", "upwards", "downward", "downwards"})


def _verb_object_by(text: str, lo: int, hi: int) -> str | None:
    """The direction of a change verb whose object stands between it and "by": "grow sales by 35 per cent",
    "cut its workforce by 10%" (a verb right before "by" is read by the left-context pattern)."""
    if not text[lo:hi].rstrip().endswith(("by", "By")):
        return None
    m = _verb_object_by_re().search(text, lo, hi)
    if m is None:
        return None
    return get_context().direction_of.get(m.group("v").lower())


_WORD_START = re.compile(r"(?:(?<=[\s(\[\"'“‘/,])|^)\S")
_LEFT_SEARCH: list[tuple[re.Pattern[str], tuple[re.Pattern[str], re.Pattern[str]] | None]] = []


def _left_search(left: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The left-context pattern at a word start, behind its prefix gate, in two forms to be searched for
    across the window: the first match is the one the loop over ``_WORD_START`` would find (a match
    there is never empty: it starts at a non-space before the number).

    The first form is ``_WORD_START`` as written (for a word at offset 0); the second consumes the
    character before the word instead of looking behind at it, so that ``re`` can skip to such
    characters in C; search it from one character before the window. None if they cannot be built."""
    if not _LEFT_SEARCH or _LEFT_SEARCH[0][0] is not left:
        fast = None
        ws = _WORD_START.pattern
        if ws.startswith("(?:(?<=[") and ws.endswith(r"])|^)\S"):
            at = gated(left, prefix=ws[:-2] + r"(?=\S)", nonempty=True)
            after = gated(left, prefix=ws[len("(?:(?<=") : -len(r")|^)\S")] + r"(?=\S)", nonempty=True)
            fast = (at, after) if at is not None and after is not None else None
        _LEFT_SEARCH[:] = [(left, fast)]
    return _LEFT_SEARCH[0][1]


_SYMBOL_CHARS = frozenset("$€£¥₹₽₦₪₩₺₿~<>=+-−–")


@lru_cache(maxsize=1)
def _left_last_words() -> frozenset[str]:
    """Lower-cased last words of every phrase that can stand before a number."""
    ctx = get_context()
    lex = get_lexicon()
    q = set(ctx.qualifier_of) | set(ctx.direction_of) | {"between", "from", "minus", "negative", "by"}
    words = {p.split()[-1] for p in q}
    words |= {p.split()[-1].lower() for p in lex.currency_prefix if p[0].isalpha()}
    return frozenset(words)


@lru_cache(maxsize=1)
def _left_pair_words() -> dict[str, frozenset[str]]:
    """Last words that end only phrases of two or more words ("of": "in excess of", "upwards of"), each with
    the words that stand before it in those phrases. Not a word that ends a one-word phrase, is part of a
    currency prefix or is the "by" after a change verb: those are let through as before."""
    ctx, lex = get_context(), get_lexicon()
    q = load_yaml("qualifiers.yaml")
    phrases = [*ctx.qualifier_of, *ctx.direction_of, *map(str, q["range_starts"]), *map(str, q["negatives"])]
    singles = {p.lower() for p in phrases if len(p.split()) == 1} | {"by"}
    singles |= {w.lower() for p in lex.currency_prefix for w in p.split()}
    pairs: dict[str, set[str]] = {}
    for p in phrases:
        words = p.lower().split()
        if len(words) > 1:
            pairs.setdefault(words[-1], set()).add(words[-2])
    return {w: frozenset(before) for w, before in pairs.items() if w not in singles}


def _token_before_may_end_phrase(text: str, lo: int, k: int, words: frozenset[str]) -> bool:
    """Whether the token before offset ``k`` (after whitespace, not before ``lo``) may end with one of
    ``words`` as a phrase word does: the whole token, or after a character that may start a word."""
    i = k
    while i > lo and text[i - 1].isspace():
        i -= 1
    e = i
    while i > lo and not text[i - 1].isspace():
        i -= 1
    token = text[i:e]
    if e == k or not token.isascii():
        return True  # (no whitespace between, or case folding beyond ASCII: let the regex decide)
    token = token.lower()
    for w in words:  # noqa: SIM110 (a loop is faster than any() of a generator here)
        if token.endswith(w) and (len(token) == len(w) or token[-len(w) - 1] in "([\"'/,"):
            return True
    return False


@lru_cache(maxsize=1)
def _left_last_chars() -> frozenset[str] | None:
    """Characters a left-context match can end with (``gates.last_chars``)."""
    return last_chars(get_context().left)


def _may_have_left_context(text: str, lo: int, start: int) -> bool:
    """Cheap test before running the left-context regex: does the word before the number allow it?"""
    j = start
    while j > lo and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == lo:
        return False
    if j == start:  # no space: a match ends with this character (or before a final newline)
        c = text[j - 1]
        last = _left_last_chars()
        return last is None or c == "\n" or not c.isascii() or c.lower() in last
    if text[j - 1] in _SYMBOL_CHARS:
        return True
    if text[j - 1].isspace():
        return False  # (a newline before the spaces: no word, and no match)
    token = text[lo:j].rsplit(None, 1)[-1]  # the word before the number: back to whitespace or lo
    k = j - len(token)
    w = token.lower().lstrip("(\"'“‘[,;")
    if w in _left_last_words():
        # "of" ends "in excess of" but no one-word phrase: the word before must fit too ("a lot of 5" cannot)
        before = _left_pair_words().get(w)
        return before is None or _token_before_may_end_phrase(text, lo, k, before)
    return w.rstrip(".") in _left_last_words()


@lru_cache(maxsize=1)
def _per_re() -> re.Pattern[str]:
    lex = get_lexicon()
    nouns = [
        "share",
        "head",
        "person",
        "piece",
        "night",
        "game",
        "household",
        "family",
        "ticket",
        "seat",
        "capita",
        "unit",
        "dose",
        "tonne",
        "ton",
        "kilo",
        "ounce",
        "barrel",
        "gallon",
        "litre",
        "liter",
        "pound",
        "square foot",
        "square metre",
        "square meter",
        "sq ft",
        "sq m",
        "kilowatt-hour",
        "kwh",
        "mile",
        "km",
        "kilometre",
        "kilometer",
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "second",
        "annum",
        "quarter",
        "season",
        "gram",
        "kg",
        "mmbtu",
        "megawatt-hour",
        "mwh",
        "bushel",
        "century",
        "decade",
    ]
    _ = lex
    return re.compile(
        r"(?:[ \t]+|(?=-))(?P<p>-?(?i:per|a|an|each|every)(?:[ \t]+|-)"
        r"(?P<w>(?i:" + alternation(nouns) + r")))\b"
        r"(?![ \t]+(?i:earlier|ago|before|later|previously|prior|on|back)\b)"  # "a year earlier" is no rate
        r"|(?P<slash>/(?P<w2>(?i:" + alternation([*nouns, "cm", "m", "s"]) + r")))\b"
    )


def _per_unit(text: str, end: int) -> tuple[int, str, str] | None:
    """A "per X" / "a X" after a unit: (end, surface, pint unit or "")."""
    m = _per_re().match(text, end)
    if not m:
        return None
    w = (m.group("w") or m.group("w2") or "").lower()
    info = lookup_unit(w)
    per_unit = info.unit if info is not None and info.kind != "money" else ""
    if not per_unit and w in ("annum",):
        per_unit = "year"
    if not per_unit and w in ("barrel", "gallon", "bushel", "ounce", "tonne", "ton", "kilo", "gram", "mile"):
        per_unit = {"kilo": "kilogram"}.get(w, w)
    surface = " ".join((m.group("p") or m.group("slash")).split())
    if not per_unit and w in ("century", "decade"):
        per_unit = w
    return m.end(), surface.lower(), per_unit


_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "'s", "’s")
#: a digit, or a minus and a digit, right after a unit word: a label ("24703 L-202", "m212")
_LABEL_DIGIT = re.compile(r"-?\d")


def _is_plural(w: str) -> bool:
    lw = w.lower()
    if lw in get_context().irregular_plurals:
        return True
    return len(lw) > 2 and lw.endswith("s") and not lw.endswith(_NOT_PLURAL_ENDINGS)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    ctx = get_context()
    nl = get_numbers()
    extra = set(ctx.direction_of) | set(ctx.direction_noun_of) | set(nl.cardinals) | set(nl.tens)
    extra |= {w for p in ctx.qualifier_of for w in p.split()} | set(ctx.months) | set(ctx.weekdays)
    return frozenset({w.lower() for w in extra} | ctx.noun_stop)


_NOUN_RUN = re.compile(
    r"(?P<sp>[ \t\u00a0]+|-)(?:(?i:of)[ \t]+(?:(?i:the|those|these|its|their|his|her|our|all)[ \t]+)?)?"
    r"(?P<n>[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*(?:[ \t]+[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*){0,3})"
)


_AND_PLURAL = re.compile(r"[ \t]+(?i:and)[ \t]+(?:[A-Za-z][\w'’-]*[ \t]+)?(?P<h>[A-Za-z][\w'’-]*)\b")


def _noun_phrase(text: str, end: int, num: _Num) -> tuple[str, Any, int]:
    """The counted noun phrase after a number ("400 charging stations" -> "charging stations").

    Returns (lower-cased phrase ending at its head noun, unit info when the head is a unit word, end offset).
    """
    m = _NOUN_RUN.match(text, end)
    if not m:
        return "", None, end
    if m.group("sp") == "-" and not num.digits:
        return "", None, end
    stop = _stop_words()
    plurals = get_context().irregular_plurals
    words: list[tuple[str, int]] = []
    head = -1  # the first plural word (``_is_plural``, written out)
    run, base, pos = m.group("n"), m.start("n"), 0
    for w in run.split():  # the words of the run and their ends (as \S+ would find them)
        pos = run.find(w, pos) + len(w)
        lw = w.lower()
        if lw in stop or lw.rstrip("'’s") in stop:
            break
        words.append((w, base + pos))
        if head < 0 and (
            lw in plurals or (len(lw) > 2 and lw[-1] == "s" and not lw.endswith(_NOT_PLURAL_ENDINGS))
        ):
            head = len(words) - 1
        if len(words) == 3:
            break
    if not words:
        return "", None, end
    if head < 0 and len(words) <= 2:
        am = _AND_PLURAL.match(text, words[-1][1])
        if am and _is_plural(am.group("h")) and not {w.lower() for w in am.group(0).split()[1:]} & stop:
            # "4.3M digital and physical sales", "460 Kia and Hyundai vehicles": one noun, two modifiers
            phrase = " ".join([w for w, _ in words] + am.group(0).split()).lower()
            return phrase, None, end
    if head < 0:
        first = words[0][0].lower()
        if first.endswith(("ed", "ly", "ing")) and len(words) == 1:
            return "", None, end
        head = len(words) - 1 if len(words) <= 2 else 1
    chosen = words[: head + 1]
    phrase = " ".join([w for w, _ in chosen]).lower()
    head_word, head_end = chosen[-1]
    info = lookup_unit(head_word)
    measure = info is not None and info.kind == "measure" and len(chosen) <= 2
    if measure and not _LABEL_DIGIT.match(text, head_end):  # not "24703 L-202": a label
        return phrase, info, head_end
    return phrase, None, end


def _is_verb_only_context(text: str, left: re.Match[str], start: int) -> bool:
    return False


def _scale_of(num: _Num) -> float | None:
    nl = get_numbers()
    m = re.search(
        r"(?i:(" + "|".join(map(re.escape, list(nl.scales) + list(nl.suffix_scales))) + r"))\.?$",
        num.raw if not num.digits else _raw_tail(num),
    )
    if not m:
        return None
    w = m.group(1)
    return nl.scales.get(w.lower()) or nl.suffix_scales.get(w) or None


def _raw_tail(num: _Num) -> str:
    return num.raw if not num.scaled else ""


def _looks_like_year(num: _Num) -> bool:
    return num.plain and len(num.raw) == 4 and 1000 <= num.value <= 2100


def _sentence_has_percent(text: str, pos: int) -> bool:
    lo = max(0, pos - 200)
    hi = min(len(text), pos + 200)
    window = text[lo:hi]
    return bool(_patterns().sentence_pct.search(window))


def _age_context(text: str, start: int, floor: int) -> bool:
    ctx = get_context()
    return bool(ctx.age_before.search(text, max(floor, start - 16), start))


def _age_start(text: str, start: int, num: _Num) -> int:
    return min(start, num.start)


def _range(
    text: str,
    num: _Num,
    end: int,
    unit: str,
    kind: str,
    currency: str | None,
    rng_start: bool,
    floor: int,
    explicit_unit: bool = False,
    first: float | None = None,
    rng_from: bool = False,
) -> tuple[int, float | None, str, str, str, _Num] | None:
    """A range's second end after the first quantity, or a score ("2-1"), or a year span ("2014-15")."""
    pats = _patterns()
    cm = pats.range_conn.match(text, end) if text[end : end + 1] in _STARTS_RANGE else None
    if not cm:
        return None
    conn = cm.group("c").strip().lower()
    if conn[:1] == "-" and len(conn) > 1:
        conn = conn[1:].strip()  # "8- to 16-metre": a suspended hyphen
    if conn == "~":
        conn = "-"
    if (conn == "and" or (conn == "through" and not num.digits)) and not rng_start:
        return None
    if conn in ("/", "or"):
        return None  # "eight or nine euros", "25k or 40k": two figures
    is_dash = conn in ("-", "–", "—")
    p = cm.end()
    neg2 = False
    if conn != "-" and text[p : p + 1] in ("-", "−") and text[p + 1 : p + 2].isdigit():
        neg2 = True  # "from -18 °C to -34 °C"
        p += 1
    lex = get_lexicon()
    cur2 = None
    m2 = _HEDGE2.match(text, p)
    if m2:
        p = m2.end()
    pm = lex.currency_before.pattern  # noqa: F841 (kept for clarity)
    cm2 = _CUR2.match(text, p) if _CUR2 is not None else None
    if cm2 and cm2.group(0).strip():
        cur2 = lookup_currency_prefix(cm2.group("c").strip())
        if cur2 is not None:
            p = cm2.end()
    if p >= len(text):
        return None
    if text[p].isdigit():
        if not num.digits and is_dash:
            return None
        second = _digits_number(text, p, floor, currency=bool(currency or cur2))
        if second is None:
            return None
        nxt = text[second.end : second.end + 1]
        if nxt in ("/", ":") or (nxt == "." and text[second.end + 1 : second.end + 2].isdigit()):
            return None
    else:
        if num.digits:
            return None
        second = _words_number(text, p)
        if second is None:
            return None
    if cur2 and (cur2 != currency) and (currency or unit):
        return None
    if cur2 and not currency and not rng_start and not is_dash:
        return None
    # scores: "won 2-1", "a 2-1 win"
    if is_dash and num.plain and second.plain and not unit and num.value <= 30 and second.value <= 30:
        ctx = get_context()
        before = ctx.score_before.search(text, max(floor, num.start - 40), num.start)
        after = ctx.score_after.match(text, second.end)
        if before or after:
            return second.end, None, "", "score", "", second
    if (
        is_dash
        and num.plain
        and second.plain
        and len(num.raw) == 4
        and 1000 <= num.value <= 2100
        and (len(second.raw) == 2 or (len(second.raw) == 4 and 1000 <= second.value <= 2100))
    ):
        return second.end, None, "", "year", "", second
    if _looks_like_year(num) and second.scaled:
        return None
    if is_dash and num.plain and second.plain and second.value == num.value and not unit:
        return second.end, None, "", "score", "", second  # "tied at 89-89"
    v1 = num.value if first is None else first
    v2 = -second.value if neg2 else second.value
    # "from -18 to -34" is ordered by magnitude; otherwise a falling second end is not a range end
    if (
        v2 < v1
        and not (second.scaled and not num.scaled)
        and not (rng_start and v1 < 0 and v2 < 0)
        and not (rng_from and conn == "to" and v2 > 0)
    ):
        return None
    if neg2:
        second = replace(second, value=v2)
    r_end = second.end
    r_unit, r_kind, r_noun = "", "count", ""
    ui = _unit_after(text, r_end, second, cur2 or currency)
    if ui is not None:
        if unit and ui.unit != unit and not (ui.kind == "money" and kind == "money"):
            return None
        r_unit, r_kind, r_noun, r_end = ui.unit, ui.kind, ui.noun, ui.end
    elif explicit_unit and not currency and not rng_start and not is_dash:
        # "0.7 percent to 6,327.80": a bare number after a unit is a new figure, not a range end
        return None
    if cur2 and not currency:
        r_unit, r_kind = cur2, "money"
    if currency and not r_unit:
        r_unit, r_kind = currency, "money"
    return r_end, second.value, r_unit, r_kind, r_noun, second


_HEDGE2 = re.compile(r"(?i:about|around|roughly|approximately|some|nearly|almost|more than|over|up to)[ \t]+")
_CUR2 = re.compile(
    r"(?P<c>US\$|US \$|\$US|HK\$|HK \$|A\$|AU\$|C\$|NZ\$|S\$|R\$|\$|€|£|¥|₹|Rs\.?|PS|RM)[ \t]*"
)


def _one_in(text: str, num: _Num, end: int) -> tuple[int, float] | None:
    """ "one in five" / "9 out of 10" -> (end, percent)."""
    pats = _patterns()
    m = pats.one_in.match(text, end) if text[end : end + 1] in _STARTS_BLANK else None
    if not m:
        return None
    p = m.end()
    if p < len(text) and text[p].isdigit():
        second = _digits_number(text, p, 0, currency=False)
    else:
        second = _words_number(text, p)
    if second is None or second.value <= 0 or second.value < num.value or second.scaled:
        return None
    if _looks_like_year(second):
        return None  # "2 in 1979"
    if not second.plain and second.digits:
        return None
    return second.end, num.value / second.value * 100.0


def _classify_plain(
    text: str, num: _Num, start: int, end: int, noun: str, qualifier: str, direction: str | None, floor: int
) -> tuple[str, int, int] | None:
    """Kind of a bare number that is not a count: year, age, label, phone. None keeps it a count."""
    ctx = get_context()
    prev, pstart = _prev_word(text, num.start, floor)
    prev_l = prev.lower().rstrip(".") if prev else ""
    hedged = qualifier != "exact" or direction is not None
    # age: "aged 52", "Dambar Bohara, 52,"
    if num.digits and num.plain and 0 < num.value <= 120:
        if prev_l in ("aged", "age", "ages", "of") and ctx.age_before.search(
            text, max(floor, num.start - 16), num.start
        ):
            return "age", start, num.end
        if _rx(r"[ \t]*,").match(text[num.end : num.end + 3]) and _rx(r"[A-Z][a-z]+,[ \t]*$").search(
            text[max(floor, num.start - 30) : num.start]
        ):  # (the cheap test first)
            return "age", num.start, num.end
    # phone numbers next to a hotline cue
    if (
        num.digits
        and num.plain
        and len(num.raw) >= 3
        and (
            ctx.phone_before.search(text, max(floor, num.start - 24), num.start)
            or ctx.phone_after.match(text, num.end)
        )
    ):
        m = _rx(r"\d[\d \t-]*\d|\d").match(text, num.start)
        e = m.end() if m else num.end
        return "phone", num.start, e
    # years
    if num.digits and num.plain and len(num.raw) == 4 and 1000 <= num.value <= 2200 and not hedged:
        head = noun.split()[-1] if noun else ""
        if prev_l in ctx.year_preps or prev in ctx.months:
            return "year", num.start, num.end
        if 1900 <= num.value <= 2100 and head not in ctx.irregular_plurals:
            return "year", num.start, num.end
        if not noun and num.value <= 2100:
            return "year", num.start, num.end
    # labels: "Section 427", "Year 3", "Game 2", "Big 12"
    if num.digits and (num.plain or "." in num.raw) and not hedged and prev:
        if prev_l in ctx.identifier_words:
            return "identifier", pstart, num.end
        if (
            num.plain
            and prev.isalpha()
            and prev not in ctx.identifier_stop
            and not _sentence_start(text, pstart)
        ):
            camel = prev[0].islower() and any(c.isupper() for c in prev[1:])  # "iPhone 11", "eBay"
            acronym = len(prev) >= 2 and prev.isupper() and prev not in ctx.months  # "HIV 2", "ISO 3888"
            if camel or acronym:
                return "identifier", pstart, num.end
        if (
            prev[0].isupper()
            and prev.isalpha()
            and prev not in ctx.identifier_stop
            and prev not in ctx.months
            and prev not in ctx.weekdays
            and not _sentence_start(text, pstart)
            and not noun
        ):
            return "identifier", pstart, num.end
    if num.digits and num.plain and not hedged and _label_after(text, num, num.start):
        return "identifier", num.start, num.end
    return None


#: a street name after a house number: one to three capitalised words and a street word, or a street word
#: first ("Ave Foch", "Rue de Rivoli"); not a modifier of a plural noun ("200 Wall Street bankers")
_STREET_AFTER = re.compile(
    r"[ \t]+(?:(?:[A-Z][A-Za-z'’.-]*[ \t]+){1,3}(?:Road|Street|Avenue|Ave|Lane|Drive|Boulevard|Blvd|Way|Place"
    r"|Court|Terrace|Crescent|Parkway|Close|Gardens|Rd|St)\b\.?"
    r"|(?:Ave|Avenue|Rue|Via|Calle|Avenida)[ \t]+[A-Z][\w'’-]*)"
    r"(?![ \t]+[a-z]+s\b)"
)
_CAP_AFTER = re.compile(r"[ \t]+(?P<w>[A-Z][A-Za-z]*)\b(?:[ \t]+(?P<n>[A-Za-z]+))?")
_DEMONYM_END = ("an", "ese", "ish", "ch", "i", "ic", "ss")
_NOT_PLURAL_VERBS = frozenset({"has", "was", "is", "does", "goes", "says", "makes", "takes"})


def _label_after(text: str, num: _Num, left: int) -> bool:
    """A number named by the capitalised word after it: a model or an address ("787 Dreamliner",
    "11 Pro Max", "575 Wilbraham Road"), or a squad number in brackets after a name ("Prescott (4)").

    Not when the capitalised word is a plural, a demonym or party/company adjective before a plural
    noun ("3 Republican senators", "40 Tory MPs"), a unit, a month, or in a title-case line.
    """
    ctx = get_context()
    i = num.end
    while text[i : i + 1] in (" ", "\t"):
        i += 1
    capital_after = i > num.end and "A" <= text[i : i + 1] <= "Z"  # both patterns below start so
    if capital_after and _STREET_AFTER.match(text, num.end):
        return True  # "49 Zorro Ranch Road", "16-18 Industrial Avenue", "22 Ave Foch": an address
    if num.start > 1 and text[num.start - 1] == "(" and text[num.end : num.end + 1] == ")":
        name, _ = _prev_word(text, num.start - 1, 0)
        return bool(name) and name[0].isupper() and num.value < 100
    m = _CAP_AFTER.match(text, num.end) if capital_after else None
    if not m:
        return False
    w, nxt = m.group("w"), m.group("n") or ""
    if w in ctx.months or w in ctx.weekdays or w in ctx.identifier_stop or lookup_unit(w) is not None:
        return False
    if w.lower() in get_numbers().scales or (_is_plural(w) and w.lower() not in _NOT_PLURAL_VERBS):
        return False
    if len(w) > 3 and w.lower().endswith(_DEMONYM_END):
        return False
    if nxt and (nxt[0].isupper() or nxt.lower() in ("and", "of")) and _title_case_before(text, left):
        return False
    return not (nxt and _is_plural(nxt) and nxt.lower() not in _NOT_PLURAL_VERBS)


def _title_case_before(text: str, i: int) -> bool:
    """Whether the two words before offset i are both capitalised (a headline in title case)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text[max(0, i - 40) : i])[-2:]
    return len(words) == 2 and all(w[0].isupper() for w in words)


def _sentence_start(text: str, i: int) -> bool:
    j = i
    while j > 0 and text[j - 1] in " \t\u00a0\"'“‘(":
        j -= 1
    return j == 0 or text[j - 1] in ".!?\n:;"
