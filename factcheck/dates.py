"""Calendar dates in news text: publication dates and the days figures refer to.

Parsing is table-driven (month names, weekday names) and returns ``datetime.date``; nothing here
knows about articles or claims.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache

from factcheck.text import finditer_at, stem_starts

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

#: Absolute date forms, most specific first. Each has named groups year/mon/day (year optional).
DATE_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
    re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?![a-z])", re.I),
    re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*(?:%|per\s*cent|percent))", re.I),
]


def _month(m: re.Match[str]) -> int | None:
    d = m.groupdict()
    if d.get("month"):
        return int(d["month"])
    if d.get("mon"):
        return MONTHS.get(d["mon"].lower().rstrip("."))
    return None


def make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    """A date, or None when the parts do not form one."""
    if not (year and month and day):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, int | None, int, int]]:
    """All absolute dates in ``text`` as (start, end, year or None, month, day), non-overlapping."""
    return list(_find_dates(text))


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: necessary conditions of the patterns, checked first (most text has no date): every form needs a
#: digit, the numeric forms digits around a separator, the named forms a month name
_NUMERIC_GATE = re.compile(r"\d[-./]\d")


_DIGITS = re.compile(r"\d+")
_MONTH_FIRST = frozenset({3, 5})  # DATE_PATTERNS that start with a month name; the others with a digit


def _month_starts(text: str, low: str) -> list[int]:
    """Where a month name may start: its stem at a word start (positions in ``text``)."""
    return stem_starts(text, low, _MONTH_STEMS)


@lru_cache(maxsize=512)
def _find_dates(text: str) -> tuple[tuple[int, int, int | None, int, int], ...]:
    """All absolute dates in ``text`` as (start, end, year or None, month, day), non-overlapping."""
    found: list[tuple[int, int, int | None, int, int]] = []
    taken: list[tuple[int, int]] = []
    numeric = _NUMERIC_GATE.search(text) is not None
    month_starts = _month_starts(text, text.lower())
    named = bool(month_starts)
    if not (numeric or named):
        return ()
    digit_starts = [m.start() for m in _DIGITS.finditer(text)]
    if not digit_starts:
        return ()
    for k, pat in enumerate(DATE_PATTERNS):
        if (k < 2 and not numeric) or (k >= 2 and not named):
            continue
        for m in finditer_at(pat, text, month_starts if k in _MONTH_FIRST else digit_starts):
            s, e = m.span()
            i = bisect.bisect_left(taken, (e, e))  # spans are kept sorted: check the neighbours only
            if (i < len(taken) and taken[i][0] < e and s < taken[i][1]) or (i > 0 and taken[i - 1][1] > s):
                continue
            month = _month(m)
            day = int(m.group("day"))
            year = int(m.group("year")) if m.groupdict().get("year") else None
            if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            found.append((s, e, year, month, day))
            bisect.insort(taken, (s, e))
    found.sort()
    return tuple(found)


def first_date(text: str) -> dt.date | None:
    """The first complete (year, month, day) date in ``text``."""
    for _s, _e, y, mo, d in find_dates(text):
        got = make_date(y, mo, d)
        if got:
            return got
    return None


def nearest_year(month: int, day: int, anchors: list[dt.date]) -> int | None:
    """The year that puts month/day closest to the anchor dates (for datelines without a year)."""
    if not anchors:
        return None
    best: tuple[int, int] | None = None
    for year in sorted(
        {a.year for a in anchors} | {a.year - 1 for a in anchors} | {a.year + 1 for a in anchors}
    ):
        cand = make_date(year, month, day)
        if cand is None:
            continue
        dist = min(abs((cand - a).days) for a in anchors)
        if best is None or dist < best[0]:
            best = (dist, year)
    return best[1] if best else None


def iso(d: dt.date | None) -> str | None:
    """YYYY-MM-DD or None."""
    return d.isoformat() if d else None
