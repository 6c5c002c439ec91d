"""Resolve the day a figure refers to, against the article's publication date.

"on Saturday", "by Monday morning", "last Sunday", "yesterday", "August 15", "Aug. 13" and "in
2022" are read from the figure's sentence; the mention nearest the figure wins. Possessive
weekdays ("Saturday's crush") name an event, not the day a count was taken, and are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.dates import WEEKDAYS, find_dates, make_date
from factcheck.text import contains_any, folded, for_folded

_WEEKDAY_RE = re.compile(
    r"\b(?P<prefix>(?:last|this|on|by|since|as of|until|from|early on|late on|late|early)\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?P<poss>['’]s)?\b",
    re.I,
)
_RELATIVE_RE = re.compile(
    r"\b(?P<w>yesterday|today|tonight|this morning|this evening|last night|"
    r"(?:over|during|at|on)\s+the\s+weekend|this weekend|last weekend)\b",
    re.I,
)
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR_RE = re.compile(
    r"\b(?:(?:in|during|of|for)\s+(?:(?:early|late|mid)[- ])?(?:"
    + _MONTH_WORD
    + r"\s+)?|"
    + _MONTH_WORD
    + r"\s+)(?P<y>(?:19|20)\d\d)\b(?!\s*[-–])",
    re.I,
)
#: a year naming an event: "the 2004 tsunami", "its 2019 budget"
_YEAR_MODIFIER = re.compile(r"\b(?:the|a|an|its|their|this|that)\s+(?P<y>(?:19|20)\d\d)\s+(?=[a-z])", re.I)
_LEAD_YEAR = re.compile(
    r"^\s*(?:in|during|by)\s+(?:(?:early|late|mid)[- ])?(?:" + _MONTH_WORD + r"\s+)?"
    r"(?P<y>(?:19|20)\d\d)\s*,",
    re.I,
)
MAX_DISTANCE = 90  # characters (plus 25 per clause break): a date further away is about something else
_SINCE_CLAUSE = re.compile(r"\bsince\b[^,;:()]*$", re.I)
_BREAKS = re.compile(r"[,;:()]|\s[-–—]\s")
#: phrases that point back to a period named earlier: the figure is not "as of publication"
_PERIOD = re.compile(
    r"\b(?:during|in|over|throughout)\s+(?:that|this|the same|the initial|the first)\s+"
    r"(?:period|phase|time|days|week|weeks)\b",
    re.I,
)
_THIS_YEAR = re.compile(
    r"\b(?:so far this year|this year|last year|in the past year|a year earlier|"
    r"so far in (?:19|20)\d\d|since the (?:start|beginning) of (?:the year|(?:19|20)\d\d))\b",
    re.I,
)
_ASOF_RE = re.compile(r"\b(?:by|as of|so far|until|up to|since)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class ClaimDate:
    """The day (or year) a figure refers to, and how it was found."""

    date: str | None  # YYYY-MM-DD
    source: str  # explicit, weekday, relative, year, published, none
    period: str | None = None  # a whole year ("2022") when only a year is given


def _weekday_before(pub: dt.date, weekday: int, last: bool) -> dt.date:
    delta = (pub.weekday() - weekday) % 7
    if last and delta == 0:
        delta = 7
    return pub - dt.timedelta(days=delta)


_YEAR4 = re.compile(r"(?:19|20)\d\d")
_RELATIVE_STEMS = ("yesterday", "today", "tonight", "morning", "evening", "night", "weekend")
_PERIOD_STEMS = ("period", "phase", "time", "day", "week")

_Span = tuple[int, int, str, str]  # start, end, the key group, a flag group ("" when absent)


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
#: a month named without a day or year, as the time of what the clause tells: "a 6.1 quake in September"
_MONTH_ONLY = re.compile(
    r"\b(?:in|during|since|last)\s+(?P<m>" + "|".join(_MONTH_NAMES) + r")\b(?![ \t]+\d)", re.I
)
_YEAR_AFTER_MONTH = re.compile(r"[ \t]+(last|this)[ \t]+year\b", re.I)  # "in April last year"
_PATTERNS = {
    "weekday": _WEEKDAY_RE,
    "relative": _RELATIVE_RE,
    "year": _YEAR_RE,
    "modifier": _YEAR_MODIFIER,
    "lead": _LEAD_YEAR,
    "period": _PERIOD,
    "this_year": _THIS_YEAR,
    "month": _MONTH_ONLY,
}
#: the same, case-sensitive, for the lower-cased sentence (several times faster; factcheck.text.folded)
_FOLDED_PATTERNS = {name: for_folded(pat) for name, pat in _PATTERNS.items()}


@lru_cache(maxsize=1024)
def _mentions(sentence: str) -> dict[str, tuple[_Span, ...]]:
    """The sentence's time expressions by family, found once per sentence however many figures it has.

    Each family's regex runs only when the sentence contains a word that family cannot match without.
    """
    low = folded(sentence)
    if low is None:
        low, text, pats = sentence.lower(), sentence, _PATTERNS
    else:
        text, pats = low, _FOLDED_PATTERNS

    def group(m: re.Match[str], name: str | int) -> str:
        """A group's text in the sentence as written ("" when it did not take part)."""
        s, e = m.span(name)
        return sentence[s:e]

    found: dict[str, tuple[_Span, ...]] = {}
    if "day" in low:
        found["weekday"] = tuple(
            (m.start(), m.end(), group(m, "wd"), group(m, "poss") + "|" + group(m, "prefix"))
            for m in pats["weekday"].finditer(text)
        )
    if contains_any(low, _RELATIVE_STEMS):
        found["relative"] = tuple(
            (m.start(), m.end(), group(m, "w"), "") for m in pats["relative"].finditer(text)
        )
    has_year = _YEAR4.search(sentence) is not None
    if has_year:
        found["year"] = tuple(
            sorted(
                (m.start(), m.end(), group(m, "y"), "")
                for pat in (pats["year"], pats["modifier"])
                for m in pat.finditer(text)
            )
        )
        lead = pats["lead"].match(text)
        if lead:
            found["lead"] = ((lead.start(), lead.end(), group(lead, "y"), ""),)
    if contains_any(low, _PERIOD_STEMS):
        found["period"] = tuple((m.start(), m.end(), "", "") for m in pats["period"].finditer(text))
    if contains_any(low, _MONTH_NAMES):
        found["month"] = tuple((m.start(), m.end(), group(m, "m"), "") for m in pats["month"].finditer(text))
    if has_year or "year" in low:
        found["this_year"] = tuple(
            (m.start(), m.end(), group(m, 0), "") for m in pats["this_year"].finditer(text)
        )
    return found


_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_NOUN_AFTER = re.compile(r"[ \t]+(?!and\b|to\b|through\b|until\b|till\b|or\b)[a-z]{3,}")


def resolve_claim_date(
    sentence: str, offset: int, published: str | None, end: int | None = None,
    window: tuple[str, str] | None = None,
) -> ClaimDate:
    """Date of the figure at ``offset``..``end`` within ``sentence``, given the article's publication date.

    In an undated article, a day named without a year ("on Feb. 6") takes its year from the
    article's estimated ``window`` (the latest such day not after the window's end); with no window
    it is a named day of unknown year (``ClaimDate(None, "explicit")``): not the article's time.
    """
    end = offset if end is None else end

    def _dist(s: int, e: int, _offset: int) -> int:
        # distance from the figure's span; a clause break in between counts as more distance
        if e <= offset:
            between = sentence[e:offset]
            d = offset - e
        elif s >= end:
            between = sentence[end:s]
            d = s - end
        else:
            return 0
        return d + 25 * len(_BREAKS.findall(between))

    pub = dt.date.fromisoformat(published) if published else None
    anchor = pub or (dt.date.fromisoformat(window[1]) if window else None)  # the latest day it can be
    cands: list[tuple[int, ClaimDate]] = []
    for s, e, y, mo, d in find_dates(sentence):
        if _THE_BEFORE.search(sentence, max(0, s - 5), s) and _NOUN_AFTER.match(sentence, e):
            continue  # "the Aug. 9 election": the date names an event, it does not date the figure
        year = y or (anchor.year if anchor else None)
        got = make_date(year, mo, d)
        if got and anchor and not y and got > anchor + dt.timedelta(days=2):
            got = make_date(year - 1, mo, d) if year else None
        prefix = sentence[max(0, s - 8) : s]
        how = "asof" if _ASOF_RE.search(prefix) else "explicit"
        if got:
            cands.append((_dist(s, e, offset), ClaimDate(got.isoformat(), how)))
        elif anchor is None and not y and d:
            cands.append((_dist(s, e, offset), ClaimDate(None, how)))  # a named day of unknown year
    found = _mentions(sentence)
    for ms, me, wd, flags in found.get("weekday", ()):
        poss, prefix = flags.split("|", 1)
        if poss:
            continue
        if pub is None:
            cands.append((_dist(ms, me, offset), ClaimDate(None, "weekday")))
            continue
        last = prefix.strip().lower() == "last"
        day = _weekday_before(pub, WEEKDAYS[wd.lower()], last)
        cands.append((_dist(ms, me, offset), ClaimDate(day.isoformat(), "weekday")))
    for ms, me, word, _ in found.get("relative", ()):
        if pub is None:
            continue
        w = word.lower()
        if "weekend" in w:  # the most recent Sunday (before the publication day when it is a weekday)
            day = pub - dt.timedelta(
                days=(pub.weekday() + 1) % 7 if "this" in w else (pub.weekday() + 1) % 7 or 7
            )
        elif w in ("yesterday", "last night"):
            day = pub - dt.timedelta(days=1)
        else:
            day = pub
        cands.append((_dist(ms, me, offset), ClaimDate(day.isoformat(), "relative")))
    for ms, me, year_text, _ in found.get("year", ()):
        if pub and int(year_text) == pub.year:
            continue
        d = _dist(ms, me, offset)
        between = sentence[me:offset] if me <= offset else sentence[end:ms]
        if d < 90 and not _BREAKS.search(between):
            # a year in the figure's own clause ("49 fatalities in 2022")
            cands.append((d, ClaimDate(None, "year", year_text)))
        elif me <= offset and not _SINCE_CLAUSE.search(sentence[:ms]):
            # "A quake struck in 2004, sparking a tsunami that killed 170,000": an earlier year named
            # before the figure dates the whole sentence (but "since he took power in 1994" does not)
            cands.append((d + 150, ClaimDate(None, "year", year_text)))
    for _ls, _le, lead_year, _ in found.get("lead", ()):
        if not (pub and int(lead_year) == pub.year):
            # "In 2004, a magnitude 9.1 quake ... killed 230,000": the whole sentence is about that year
            cands.append((0, ClaimDate(None, "year", lead_year)))
    for ms, me, _, _ in found.get("period", ()):
        cands.append((_dist(ms, me, offset), ClaimDate(None, "period")))
    for ms, me, phrase, _ in found.get("this_year", ()):
        d = _dist(ms, me, offset)
        if d < 60:
            cands.append((d, ClaimDate(None, "year", phrase.lower())))
    for ms, me, month, _ in found.get("month", ()):
        d = _dist(ms, me, offset)
        mo = _MONTH_NAMES.index(month.lower()) + 1
        which = _YEAR_AFTER_MONTH.match(sentence, me)
        if anchor and which:
            # "In April last year an 8.6-magnitude quake struck": that month of that year, named more
            # exactly than the "last year" inside it (which it therefore beats)
            year = anchor.year - 1 if which.group(1).lower() == "last" else anchor.year
            d = min(d, _dist(ms, which.end(), offset)) - 1
            cands.append((d, ClaimDate(None, "year", f"{month.capitalize()} {year}")))
            continue
        if anchor and d < 60 and (anchor.month - mo) % 12 >= 2:
            # a month at least two before publication is another time than the story's ("the same
            # island was hit by a 6.1 quake in September", in a story of November): its own period
            year = anchor.year if mo < anchor.month else anchor.year - 1
            cands.append((d, ClaimDate(None, "year", f"{month.capitalize()} {year}")))
    cands = [c for c in cands if c[0] <= MAX_DISTANCE or c[1].source == "year"]
    if cands:
        cands.sort(key=lambda c: c[0])
        return cands[0][1]
    if pub:
        return ClaimDate(pub.isoformat(), "published")
    return ClaimDate(None, "none")
