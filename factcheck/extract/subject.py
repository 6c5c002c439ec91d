"""What a figure is about: the main story, or a part of it.

Two figures of the same metric speak of the same thing unless one is restricted to a part of the
whole: a sub-population ("40 children", "seven of the dead were children"), a sub-area ("Bajhang
district alone", "In Bajhang, where 612 people have died"), or another instance ("a second
boat"). The restrictors come from the lexicon in ``rules/_lexicon.yml``; the subject is the
sorted set of them, and "" means the story as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from factcheck.rules import KeywordGate


class Searcher(Protocol):
    """Anything with ``re.Pattern.search``'s shape whose result is truthy on a hit."""

    def search(self, text: str, /) -> object:
        """A hit (truthy) or None/False."""
        ...

_PROPER = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
_LEFT_CLAUSE = re.compile(r"[,;:]|\band\b|\bwhere\b|\bwhile\b")
#: the last _LEFT_CLAUSE break (no two of its matches overlap, so it ends the last ``split`` piece but
#: one): a greedy ``.*`` anchored at the start backs off from the end, so only the sentence's tail is
#: read, and the lookahead (the characters a break starts with) passes over most places at once
_LAST_LEFT_CLAUSE = re.compile(r"(?s:.*)(?=[,;:aw])(?:" + _LEFT_CLAUSE.pattern + ")")
_WHOLE_END = re.compile(r"[,;:()]|\band\b|\bwho\b|\bwhich\b|\bthat\b")
_PUNCT_SPLIT = re.compile(r"[,;:()]")
_PART_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(?:of|among)\s+(?:the|them|those|whom|these)\b")
_PART_BEFORE = re.compile(r"\b(?:of|among)\s+the\s+[\d,]+\s+[\w\s]{0,30},\s*$", re.I)
_ALONE = re.compile(r"\b(" + _PROPER + r")(?:\s+(?:district|province|region|county))?\s+alone\b")


def _first_piece(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.split(text)[0]`` without splitting the rest (the pattern has no groups)."""
    m = pattern.search(text)
    return text[: m.start()] if m else text


def _alts(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) or "(?!)"


class SubjectReader:
    """Finds the restrictors of a figure with a rule set's lexicon."""

    def __init__(self, lexicon: dict[str, list[str]]) -> None:
        self.subset_nouns = {w.lower() for w in lexicon.get("subset_nouns", [])}
        self.subset_noun_re = re.compile(r"\b(" + _alts(self.subset_nouns) + r")\b", re.I)
        self.marker_re = re.compile(
            r"^\W*(?:\w+\W+){0,3}?(" + _alts(lexicon.get("subset_markers", [])) + r")\b", re.I
        )
        places = _alts(lexicon.get("place_words", []))
        self.place_re = re.compile(
            r"\b(?:in|at|across|throughout)\s+(?:the\s+)?(?:[a-z]+\s+)?("
            + _PROPER
            + r")\s+(?:"
            + places
            + r")\b"
        )
        self.place_of_re = re.compile(r"\bthe\s+(?:" + places + r")\s+of\s+(" + _PROPER + r")")
        #: place_re and place_of_re (case-sensitive) both need a place word: where none is, neither runs
        self.place_word_re = re.compile(places)
        self.in_place_re = re.compile(
            r"^\s*(?:In|At)\s+(?:[a-z]+\s+)?(" + _PROPER + r")(?:\s+(?:" + places + r"))?,"
        )
        self.other_re = re.compile(r"\b(?:" + _alts(lexicon.get("other_instance", [])) + r")\s+(\w+)", re.I)
        self.other_gate = KeywordGate(lexicon.get("other_instance", []))

    def restrictors(
        self,
        noun: str,
        sentence: str,
        left: str,
        right: str,
        metric_signals: tuple[Searcher, ...] = (),
        partitive: bool = True,
    ) -> list[str]:
        """Sorted restrictors of a figure; [] when it is about the story as a whole.

        A partitive ("seven of the dead", "of the 12 cases confirmed, 11") restricts the figure only when
        the whole it is taken from is the figure's own metric: "four of the trapped men were brought out"
        is a count of rescues, not a part of the rescued.
        """
        found: set[str] = set()
        n = noun.lower()
        if n in self.subset_nouns:
            found.add(n)
        part = _PART_AFTER.match(right) if partitive else None
        # _PART_BEFORE ends in ",\s*$": a left part that does not end in a comma needs no search
        before = _PART_BEFORE.search(left) if partitive and left.rstrip().endswith(",") else None
        after = _first_piece(_WHOLE_END, right[part.end() : part.end() + 40]) if part else ""
        whole = after + " " + (before.group(0) if before else "")  # "of the trapped men", not what follows
        if (
            (part or before) and (not metric_signals or any(sig.search(whole) for sig in metric_signals))
        ) or (partitive and self.marker_re.match(right[:40])):
            m = self.subset_noun_re.search(right[:80])
            found.add("part: " + (m.group(1).lower() if m else "of the total"))
        m = _LAST_LEFT_CLAUSE.match(left)
        clause_left = left[m.end() :] if m else left  # _LEFT_CLAUSE.split(left)[-1]
        m = _ALONE.search(clause_left) if "alone" in clause_left else None
        if m:
            found.add(m.group(1))
        if self.place_word_re.search(right[:110]):
            for m in self.place_of_re.finditer(_first_piece(_PUNCT_SPLIT, right[:80])):
                found.add(m.group(1))
            # the figure's own clause only: "40 children, many of them pupils at a hostel in Chainpur,
            # the main town in Bajhang district" is not a count of Bajhang
            for m in self.place_re.finditer(_first_piece(_PUNCT_SPLIT, right[:110])):
                found.add(m.group(1))
        m = self.in_place_re.match(sentence)
        if m and sentence.find(m.group(0)) + len(m.group(0)) <= len(sentence) - len(right):
            found.add(m.group(1))
        near = clause_left[-40:] + " " + right[:50]
        for m in self.other_re.finditer(near) if self.other_gate.may_occur(near) else ():
            found.add("other " + m.group(1).lower())
        if "part: of the total" in found and any(f[:1].isupper() for f in found):
            found.discard(
                "part: of the total"
            )  # "Bajhang alone accounted for 71 of the deaths": the part is Bajhang
        return sorted(found)
