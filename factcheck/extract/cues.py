"""Cues in the text around a figure: hedges before it, increments, negation, modality, agents, zeros.

These are grammar, not lexicon: patterns of English news writing that change what a figure asserts
("all but the 31", "nine more", "four did not", "could need") or who it belongs to ("she won 60%").
The extractor reads them; word lists an editor may extend live in ``rules/_lexicon.yml``.
"""

from __future__ import annotations

import re

from factcheck.quantities import Quantity
from factcheck.text import finditer_at, stem_starts

_NEARLY_BEFORE = re.compile(r"\b(nearly|almost|close to|just under)\s+(?:a\s+)?[a-z]+\s*$", re.I)
_ABOUT_BEFORE = re.compile(
    r"\b(about|around|roughly|some|approximately|an estimated)\s+(?:a\s+)?[a-z]+\s*$", re.I
)
_AFTER_DIGITS = re.compile(r"\d(?:[\d,.]*\d)?")
_INCREMENT_BEFORE = re.compile(r"\b(?:an?\s+)?(?:extra|further|additional|another)\s*$", re.I)
_COMPARED_FROM = re.compile(
    r"\b(?:up|down|rising|falling|rose|fell|increase[ds]?|decrease[ds]?|compared)\s+"
    r"(?:from|with)\s+(?:\S+\s+)?$",
    re.I,
)
_ELLIPSIS = re.compile(r"^\s*(?:[^\s,;]+\s+){0,4}(?:,\s*)?(?:and|while|with|against|to|versus|vs\.?)\b", re.I)
_NOT_AGENTS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "thousands",
        "hundreds",
        "dozens",
    ]
)
_AGENT = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b")
_PRONOUN_BEFORE = re.compile(r"\b(?:she|he|they)\b[^.]*$", re.I)
_PER_RECIPIENT = re.compile(r"\b(?:per|a|for each|for every)\s+([a-z]+)\b(?<!\ba\s[a-z]{0})", re.I)
_EACH_RECIPIENT = re.compile(r"\b([a-z]+)\s+(?:up to\s+|of up to\s+)?\S+\s+\S*\s*each\b", re.I)
_PLACE_AFTER = re.compile(
    r"\b(?:of|from|off|to|beyond|outside|near)\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
)
_AGE_AFTER = re.compile(r"-?\s?(?:year|month|week)?s?-?old", re.I)  # "five-year-olds" is an age group
_COPULAS = frozenset({"were", "was", "are", "is", "be", "been", "aged", "all"})
_CONDITIONAL = re.compile(r"(?:^|[\"“,.;]\s*)(?:if|unless|even if|suppose)\b[^,;]*$", re.I)
_MODAL_BEFORE = re.compile(
    r"\b(?:may|might|could|would)\s+(?:\w+\s+){0,2}?(?:cause|reach|need|rise|cost|"
    r"affect|hit|top|exceed|total|climb)\b",
    re.I,
)
_MODAL_AFTER = re.compile(r"^\s*(?:[a-z]+\s+){0,2}(?:could|may|might|would|will)\b", re.I)
_BYLINE = re.compile(r"^[ \t]*By [A-Z][^\n]{2,80}$", re.M)
#: what makes a bare figure an age or a family size rather than a count: "died in prison at 77",
#: "a mother of 12", "father of three"
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:died|dies|passed\s+away)\b[^.;:!?]{0,40}?\bat(?:\s+the\s+age\s+of)?"
    r"|\b(?:mother|father|mum|mom|dad|parent|grandmother|grandfather)\s+of)\s+$",
    re.I,
)
#: the words that introduce the next figure of the sentence belong to it, not to the figure before:
#: "135 kilometers from Manokwari at a depth of 35 kilometers"
_NEXT_FIGURE_INTRO = re.compile(
    r"(?:\b(?:at|to|with|by|from|of|for)\s+)?\b(?:a|an|the)\s+[a-z]+\s+of\s*$", re.I
)
_ALL_BUT = re.compile(r"\b(?:all but|except|apart from|other than)\s+(?:the\s+)?$", re.I)
_NEGATED_AFTER = re.compile(
    r"\s+(?:did|do|does|were|was|are|is|have|has|had|could|would)\s*(?:not\b|n't)", re.I
)
_TRAILING_FUNCTION_WORDS = frozenset(
    [
        "as",
        "and",
        "the",
        "of",
        "to",
        "in",
        "with",
        "a",
        "an",
        "or",
        "but",
        "for",
        "by",
        "on",
        "at",
        "from",
        "that",
        "which",
        "who",
    ]
)
_HEADLINE_END_CHARS = frozenset(".!?\"”’')")


def _words_re(words: list[str]) -> re.Pattern[str]:
    alts = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    if not alts:
        return re.compile(r"(?!)")
    # a look-ahead at the words' first characters: at most word starts it fails before the engine
    # tries every word in turn (case-insensitive alternatives are not skipped by their first letter)
    firsts = {w.rstrip("*")[:1] for w in words}
    guard = "" if "" in firsts else "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
    return re.compile(r"\b" + guard + r"(?:" + "|".join(alts) + r")\b", re.I)


def find_agent(before: str, attribution: str | None) -> str | None:
    """Who a share belongs to ("Lukashenko won 80%", "she won 60% to 70%"): the nearest name before it."""
    names = [m.group(1) for m in _AGENT.finditer(before)]
    skip = set((attribution or "").split()) | {
        "The",
        "A",
        "An",
        "However",
        "But",
        "And",
        "President",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "According",
        "In",
        "On",
        "At",
        "Commission",
        "Central",
    }
    names = [n for n in names if not set(n.split()) <= skip and n.split()[-1].lower() not in _NOT_AGENTS]
    tail = before[-60:]
    if _PRONOUN_BEFORE.search(tail) and (not names or before.rfind(names[-1]) < len(before) - 60):
        return attribution
    return names[-1].split()[-1] if names else None


_ZERO = re.compile(
    r"\b(?:(?P<one>[Nn]o one|[Nn]obody|[Nn]o-one)|(?P<no>[Nn]o|[Nn]ot a single|[Nn]one of the))"
    r"(?=\s+(?:further\s+|more\s+|new\s+)?(?P<noun>[a-z]+))"
)


def zero_quantities(text: str, found: list[Quantity]) -> list[Quantity]:
    """Claims of zero: "No deaths have been confirmed", "No one remains unaccounted for".

    Only a count of a noun (or of people, for "no one") is made; whether it is a claim of interest is
    left to the rules, like any figure.
    """
    taken = [(q.start, q.end) for q in found]
    out = []
    # _ZERO is case-sensitive and every match starts a word with "no" or "No": no need to lower-case
    for m in finditer_at(_ZERO, text, stem_starts(text, text, ("no", "No"))):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        noun = "people" if m.group("one") else m.group("noun")
        out.append(
            Quantity(
                value=0.0,
                low=None,
                high=None,
                unit="",
                noun=noun,
                qualifier="exact",
                direction=None,
                kind="count",
                start=s,
                end=e,
                text=text[s:e],
                precision=1.0,
            )
        )
    return out


def is_headline(sentence: str) -> bool:
    """A headline or standfirst line: one line, no closing punctuation (headline figures restate the body)."""
    if "\n" in sentence:
        return False
    tail = sentence.rstrip()[-1:]  # closing punctuation (or a closing quote) ends a sentence, not a headline
    if not tail or tail in _HEADLINE_END_CHARS:
        return False
    words = sentence.split()
    if len(words) >= 30:
        return False
    return (
        words[-1].lower() not in _TRAILING_FUNCTION_WORDS
    )  # "... on Wednesday, as": prose cut by a line break
