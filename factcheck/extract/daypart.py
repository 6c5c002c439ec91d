"""The part of the day a figure refers to: "police said on Sunday morning", "by Sunday evening".

A death toll given on Sunday morning and a larger one on Sunday evening are an update, not a
conflict; without the part of the day the two figures share a date and look contradictory. The
part is read only where the text ties it to the figure's own day: a weekday that is the claim's
date ("Sunday evening", "late on Tuesday", "by midday on Monday"), "this morning" / "tonight" when
the claim is dated by the article's own day, "yesterday evening" / "last night" for the day before,
or a clock time after "by" or "as of" ("by 6pm", "as of 18:00"). A clock time of an event ("the
quake struck at 05:42") is not the time of a count and is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from factcheck.schema import DAYPART_RANK, DAYPARTS  # a claim without a part of the day covers all of it

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"\b(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|this|last)"
_PART = r"(?P<part>morning|afternoon|evening|night)"
_MENTIONS = re.compile(
    "|".join(
        [
            _DAY + r"\s+" + _PART + r"\b",  # "Sunday evening", "this morning", "last night"
            r"\b(?P<edge>early|late)\s+(?:on\s+)?(?P<eday>"
            + "|".join(_WEEKDAYS)
            + r"|today|yesterday)\b",  # "late on Tuesday", "early today"
            r"\b(?P<noon>midday|noon)\s+(?:on\s+)?(?P<nday>" + "|".join(_WEEKDAYS) + r"|today|yesterday)\b",
            r"\b(?P<tonight>tonight)\b",
            r"\b(?:by|as\s+of|as\s+at)\s+(?:about\s+|around\s+)?(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?"
            r"\s*(?P<ampm>[ap]\.?m\b\.?)?",  # "by 6pm", "as of 18:00"
        ]
    ),
    re.I,
)


#: a cheap test that a sentence may mention a part of a day (most do not)
_GATE = re.compile(r"morning|afternoon|evening|night|early|late|midday|noon|by|as [oa]", re.I)


def _clock_part(hour: int, ampm: str | None) -> str | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
    elif not 0 <= hour <= 23:
        return None
    if hour < 5 or hour >= 21:
        return "night"
    return "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"


def _mention_day(word: str, claim: dt.date, published: dt.date | None) -> bool:
    """Whether a day word of a mention names the claim's own date."""
    w = word.lower()
    if w in _WEEKDAYS:
        return _WEEKDAYS.index(w) == claim.weekday()
    if w in ("this", "today", "tonight"):
        return published is not None and claim == published
    if w in ("yesterday", "last"):
        return published is not None and claim == published - dt.timedelta(days=1)
    return False


@lru_cache(maxsize=4096)
def _mentions(sentence: str) -> tuple[tuple[int, int, str, str | None], ...]:
    """(start, end, part, day word or None for a clock time) of each mention of a part of a day."""
    out = []
    for m in _MENTIONS.finditer(sentence):
        part: str | None
        day: str | None
        if m.group("part"):
            part, day = m.group("part").lower(), m.group("day").lower()
            if day == "last" and part != "night":
                continue  # "last evening" is rare; "last Sunday" is not a part of a day
        elif m.group("edge"):
            part = "morning" if m.group("edge").lower() == "early" else "evening"
            day = m.group("eday").lower()
        elif m.group("noon"):
            part, day = "afternoon", m.group("nday").lower()
        elif m.group("tonight"):
            part, day = "night", "tonight"
        else:
            if not (m.group("ampm") or (m.group("minute") and sentence[m.start("minute") - 1] == ":")):
                continue  # "by 20", "by 2.50 percent": a figure, not a time
            part, day = _clock_part(int(m.group("hour")), m.group("ampm")), None
        if part is not None:
            out.append((m.start(), m.end(), part, day))
    return tuple(out)


def read_daypart(sentence: str, offset: int, claim_date: str | None, published: str | None) -> str | None:
    """The part of the day (one of DAYPARTS) the figure at ``offset`` of ``sentence`` refers to, or None.

    ``claim_date`` is the figure's date and ``published`` the article's (ISO strings); a mention is
    read only when it names the claim's day. Of several mentions, the one nearest the figure.
    """
    if claim_date is None or not _GATE.search(sentence):
        return None
    found = _mentions(sentence)
    if not found:
        return None
    claim = _iso(claim_date)
    pub = _iso(published) if published else None
    if claim is None:
        return None
    best: tuple[int, str] | None = None
    for start, end, part, day in found:
        if day is not None and not _mention_day(day, claim, pub):
            continue
        distance = min(abs(start - offset), abs(end - offset))
        if best is None or distance < best[0]:
            best = (distance, part)
    return best[1] if best else None


def _iso(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


__all__ = ["DAYPARTS", "DAYPART_RANK", "read_daypart"]
