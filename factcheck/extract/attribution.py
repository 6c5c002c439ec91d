"""Who a figure is attributed to, and whether it is asserted, hedged or denied.

Patterns are grammar, not names: "according to X", "X said/says/told/estimated", ", X said",
"X insists". Hedge and denial words come from the rules lexicon (``rules/_lexicon.yml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from factcheck.text import contains_any, folded, necessary_substrings

_SPEAKER = (
    r"(?:(?:the|a|an)\s+)?(?:[A-Z][\w'’.&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’.&-]*){0,5}"
    r"(?:\s+(?:spokesman|spokeswoman|spokesperson|official|officials|minister|ministry|chief|"
    r"executive|department|police|service|agency|survey|centre|center|commission|union|company))?"
    r"|(?:(?:local|senior|state|government|hospital|rescue|health|aid|union|company|police|security|foreign|"
    r"interior|county|district|regional|military|army|mine|coast guard|fire)\s+){0,2}"
    r"(?:police|officials?|authorities|organi[sz]ers|the company|company|union|rescuers|"
    r"witnesses|doctors|spokes(?:man|woman|person)|ministry|government|hospital|residents|activists|"
    r"opposition|survivors|agency|aid workers|health department|state media))"
)
_SAY_WORDS = (
    "said",
    "says",
    "say",
    "told",
    "reported",
    "reports",
    "announced",
    "stated",
    "claimed",
    "claims",
    "insisted",
    "insists",
    "estimated",
    "estimates",
    "confirmed",
    "added",
    "put",
    "counted",
    "recorded",
    "showed",
    "show",
)
_SAY = "(?:" + "|".join(_SAY_WORDS) + ")"
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>" + _SPEAKER + r")", re.I)
_WHO_SAID = re.compile(r"(?P<who>" + _SPEAKER + r")\s+(?:has\s+|have\s+|had\s+)?" + _SAY + r"\b")
_SAID_WHO = re.compile(r",\s*(?:" + _SAY + r")\s+(?P<who>" + _SPEAKER + r")\s*[.,]")
_FIGURES_FROM = re.compile(
    r"\b(?P<who>[A-Z][\w]+(?:\s+[A-Z][\w]+){0,3})\s+(?:figures|data|statistics|estimates)\b"
)

_STOP_SPEAKERS = {
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "there",
    "the",
    "a",
    "an",
    "but",
    "and",
    "on",
    "in",
    "earlier",
    "later",
    "meanwhile",
    "however",
    "unconfirmed",
    "some",
    "many",
    "most",
    "both",
    "all",
    "one",
    "two",
    "three",
}
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass(frozen=True, slots=True)
class Stance:
    """Attribution and stance of one figure."""

    attribution: str | None
    stance: str  # asserted, hedged, denied


def normalise_party(who: str) -> str:
    """A comparable party name: no articles, no titles after the name, single spaces."""
    w = re.sub(r"^(?:the|a|an)\s+", "", who.strip(), flags=re.I)
    w = re.sub(r"['’]s$", "", w)
    w = re.sub(r"\s+", " ", w).strip(" ,.")
    return w


def _clean(who: str) -> str | None:
    w = normalise_party(who)
    if not w or w.lower() in _STOP_SPEAKERS or _WEEKDAY.fullmatch(w) or len(w) > 80:
        return None
    first = w.split()[0].lower()
    if first in _STOP_SPEAKERS:
        return None
    return w


_SAY_WORD = re.compile(r"\b" + _SAY + r"\b")
_SAY_GATE = necessary_substrings(_SAY_WORDS)
_SOURCE_NOUNS = ("figures", "data", "statistics", "estimates")


@lru_cache(maxsize=256)
def find_attribution(sentence: str) -> str | None:
    """The party a sentence attributes its figures to, or None."""
    # each pattern only where the words it cannot match without occur (most sentences have none)
    says = contains_any(sentence, _SAY_GATE) and _SAY_WORD.search(sentence) is not None
    pats = (
        (_ACCORDING, "according to" in sentence.lower()),
        (_SAID_WHO, says and "," in sentence),
        (_WHO_SAID, says),
        (_FIGURES_FROM, any(w in sentence for w in _SOURCE_NOUNS)),
    )
    for pat, possible in pats:
        if not possible:
            continue
        for m in pat.finditer(sentence):
            who = _clean(m.group("who"))
            if who:
                return who
    return None


def _phrase_re(words: Iterable[str], flags: int = re.I) -> re.Pattern[str]:
    alts = []
    for w in words:
        core = re.escape(w.rstrip("*"))
        alts.append(core + (r"\w*" if w.endswith("*") else ""))
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", flags) if alts else re.compile(r"(?!)")


class StanceReader:
    """Reads attribution, hedges and denials with the lexicon of a rule set."""

    def __init__(self, hedges: Iterable[str], denials: Iterable[str]) -> None:
        hedges, denials = tuple(hedges), tuple(denials)
        self.hedge_re = _phrase_re(hedges)
        self.denial_re = _phrase_re(denials)
        # the same phrases, case-sensitive, for the lower-cased sentence (see factcheck.text.folded)
        self._folded_res = (
            (_phrase_re((w.lower() for w in denials), 0), _phrase_re((w.lower() for w in hedges), 0))
            if all(w.isascii() for w in hedges + denials)
            else None
        )
        # every phrase needs its literal part in the lower-cased sentence; most sentences have none
        self._gate = necessary_substrings(w.rstrip("*").lower() for w in hedges + denials)
        self._last: tuple[str, Stance] | None = None  # figures of one sentence come one after another

    def read(self, sentence: str, fig_start: int) -> Stance:
        """Stance of the figure starting at ``fig_start`` (offset within the sentence)."""
        if self._last is not None and self._last[0] == sentence:
            return self._last[1]
        st = Stance(find_attribution(sentence), self._stance_of(sentence))
        self._last = (sentence, st)
        return st

    def _stance_of(self, sentence: str) -> str:
        low = folded(sentence) if self._folded_res is not None else None
        if low is None:
            denial_re, hedge_re, text = self.denial_re, self.hedge_re, sentence
        elif not contains_any(low, self._gate):
            return "asserted"
        else:
            assert self._folded_res is not None  # low is only read when the folded patterns exist
            (denial_re, hedge_re), text = self._folded_res, low
        if denial_re.search(text):
            return "denied"
        if hedge_re.search(text):
            return "hedged"
        return "asserted"
