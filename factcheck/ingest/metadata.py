"""Infer title, outlet and publication date from an article's own text.

News text carries its metadata in a handful of conventional places: a wire dateline
("KATHMANDU, March 17 (Himal Wire) -"), an agency stamp ("(UrduPoint News / Sputnik - 24th
August, 2020)"), a byline line ("Saturday 15 August 2020 21:38 BST", "By A. Otieno | August 15,
2024"), a CMS stamp ("Published: 2023-02-07", "Posted on 15 May 2024", "Last updated: 17/05/2024")
or a scrape artefact (" date 2020-09-21 "). Each form is one pattern below, tried in order of trust.
"""

from __future__ import annotations

import datetime as dt
import re

from factcheck.dates import MONTHS, find_dates, make_date

HEAD_CHARS = 2500  # metadata lives near the top

_STAMP = re.compile(
    r"^\s*(?P<label>published(?: on)?|posted(?: on)?|first published(?: on)?|date|updated|last updated|"
    r"last modified)\s*:?\s*(?P<rest>.{6,60})$",
    re.I | re.M,
)
_SCRAPE_DATE = re.compile(r"^\s*date\s+(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b", re.I)
_SCRAPE_PREFIX = re.compile(r"^\s*date\s+(?:19|20)\d\d-\d\d-\d\d\s+", re.I)
_AGENCY = re.compile(r"\((?P<outlet>[^()\n]{2,80}?)\s+-\s+(?P<date>[^()\n]{6,40}?)\)")
_WIRE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .'-]{1,40})?,\s+(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})"
    r"\s+\((?P<outlet>[^()\n]{2,60})\)\s*[-–—]",
    re.M,
)
_BY_OUTLET = re.compile(r"^By [A-Z][\w.' -]{2,60}?,\s+(?P<outlet>[A-Z][\w&' -]{2,60})\s*$", re.M)
_NOTIFY = re.compile(
    r"notifications from (?P<outlet>(?:The\s)?[A-Z][\w&'-]*(?:[ \t\u00a0]+[A-Z][\w&'-]*){0,4})"
)
_BOILER = re.compile(
    r"^(stay up to date|notifications can|comments?$|sign up|subscribe|share|advertisement|home\b|"
    r"by [A-Z]|\d+$|[\w &]+ [|>] [\w &|>]+$|published|posted|updated|last updated|date )",
    re.I,
)
_NAV_WORDS = frozenset({"home", "news", "world", "menu", "search", "sections", "latest", "top stories"})
_WEEKDAY_LINE = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\d{1,2}\s+[A-Za-z]{3,9}\.?\s+(?:19|20)\d\d", re.I
)


def infer_title(text: str) -> str | None:
    """The headline: the first substantial line that is not navigation, a byline or a stamp."""
    lines = [_SCRAPE_PREFIX.sub("", ln).strip() for ln in text[:HEAD_CHARS].splitlines()]
    for ln in lines:
        if len(ln.split()) >= 4 and not _BOILER.match(ln) and not _WEEKDAY_LINE.match(ln):
            return ln.lstrip("#").strip()[:300]
    for ln in lines:
        if ln:
            return ln.lstrip("#").strip()[:300]
    return None


def _date_in(s: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    for _s, _e, y, mo, d in find_dates(s):
        full = make_date(y, mo, d)
        if full:
            return full, None
        return None, (mo, d)
    return None, None


def infer_outlet(text: str) -> str | None:
    """The outlet named by a wire dateline, an agency stamp, a byline or a masthead line."""
    head = text[:HEAD_CHARS]
    for pat in (_WIRE, _AGENCY, _BY_OUTLET, _NOTIFY):
        m = pat.search(head)
        if m is None:
            continue
        if pat is _AGENCY and _date_in(m.group("date")) == (None, None):
            continue  # a parenthesis with a dash that is not an agency stamp
        return " ".join(m.group("outlet").split())
    first = next((ln.strip() for ln in head.splitlines() if ln.strip()), "")
    mast = re.split(r"\s+[|>—–]\s+", first)[0].strip()
    if mast.lower() in _NAV_WORDS:
        return None
    if mast and len(mast.split()) <= 4 and not re.search(r"[.:!?\d]", mast) and mast != first.strip(":"):
        return mast.title() if mast.isupper() else mast
    if first and len(first.split()) <= 3 and not re.search(r"[.:!?\d]", first):
        return first.title() if first.isupper() else first
    return None


def infer_published(text: str) -> tuple[str | None, str, tuple[int, int] | None]:
    """Publication date as (YYYY-MM-DD or None, how it was found, (month, day) when the year is missing)."""
    head = text[:HEAD_CHARS]
    m = _SCRAPE_DATE.match(head)
    if m:
        d = make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            return d.isoformat(), "stamp", None
    stamps: dict[str, dt.date] = {}
    for sm in _STAMP.finditer(head):
        full, _ = _date_in(sm.group("rest"))
        if full:
            stamps.setdefault(sm.group("label").lower().split()[0], full)
    for label in ("published", "first", "posted", "date", "last", "updated"):
        if label in stamps:
            return stamps[label].isoformat(), "stamp", None
    am = _AGENCY.search(head)
    if am:
        full, _ = _date_in(am.group("date"))
        if full:
            return full.isoformat(), "dateline", None
    # byline lines: a line that is mostly a date ("Saturday 15 August 2020 21:38 BST", "16.02.2024 | 11:20")
    for ln in head.splitlines()[:40]:
        s = ln.strip()
        if not s or len(s) > 90:
            continue
        full, _partial = _date_in(s)
        if full and (len(s.split()) <= 8 or "|" in s or s.lower().startswith("by ")):
            return full.isoformat(), "byline", None
    wm = _WIRE.search(head)
    if wm:
        mon = MONTHS.get(wm.group("mon").lower())
        if mon:
            return None, "dateline", (mon, int(wm.group("day")))
    return None, "none", None
