"""Context: the words around a number that bound it, make it a change, or say what kind it is.

Everything here is compiled once from ``data/qualifiers.yaml`` and ``data/context.yaml``:
hedges and bounds before a number ("more than", "about", "up to"), after it ("or so",
"-plus"), change verbs ("rose", "fell by") and nouns ("a 5% increase"), and the cue words
for non-quantities (months for dates, "Section" for labels, "hotline" for phone numbers,
"won" for scores, "aged" for ages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.quantities.gates import phrase_tokens, phrase_trie
from factcheck.quantities.numbers import alternation
from factcheck.quantities.units import get_lexicon, load_yaml


@dataclass(frozen=True, slots=True)
class Context:
    """Compiled context patterns."""

    left: re.Pattern[str]  # range start / direction / qualifier / currency / sign, anchored at slice end
    qualifier_of: dict[str, str]  # normalised phrase -> qualifier
    direction_of: dict[str, str]  # normalised word -> up/down
    phrasal_verbs: frozenset[str]  # "gave up": the up/down after these is not a change
    postfix: re.Pattern[str]  # postfix qualifier at a position
    postfix_of: dict[str, str]
    direction_after: re.Pattern[str]  # "increase" after a quantity
    direction_noun_of: dict[str, str]
    month_before: re.Pattern[str]  # "August " / "Aug. " at slice end
    months: frozenset[str]
    weekdays: frozenset[str]
    year_preps: frozenset[str]
    identifier_words: frozenset[str]
    identifier_stop: frozenset[str]
    phone_before: re.Pattern[str]
    phone_after: re.Pattern[str]
    score_before: re.Pattern[str]
    score_after: re.Pattern[str]
    age_before: re.Pattern[str]
    timezones: re.Pattern[str]  # at a position (after a clock time)
    irregular_plurals: frozenset[str]
    noun_stop: frozenset[str]


def norm_phrase(s: str) -> str:
    """Lower-case and collapse whitespace, for looking up matched phrases."""
    return " ".join(s.lower().split())


def _words(items: list[str]) -> str:
    return alternation([str(i) for i in items])


def _bounded(items: list[str]) -> str:
    """Alternation of phrases; word-bounded where the phrase starts/ends with a word character."""
    words = sorted({str(i) for i in items}, key=len, reverse=True)
    return phrase_trie([phrase_tokens(w, bounded=True) for w in words])  # the flat "|".join, as a tree


#: Currency prefixes whose letter is also an English word or clitic match only as written:
#: "A $5" is A$5, but "a $3,500 mortgage" and "it's $5" are US dollars.
_WORD_PREFIXES = frozenset({"a", "s"})


@lru_cache(maxsize=1)
def get_context() -> Context:
    """The compiled context patterns (built once)."""
    q = load_yaml("qualifiers.yaml")
    c = load_yaml("context.yaml")
    lex = get_lexicon()
    qualifier_of = {norm_phrase(p): name for name, phrases in q["qualifiers"].items() for p in phrases}
    direction_of = {norm_phrase(p): d for d, words in q["directions"].items() for p in words}
    postfix_of = {norm_phrase(p): name for name, phrases in q["postfix_qualifiers"].items() for p in phrases}
    direction_noun_of = {norm_phrase(p): d for d, words in q["direction_nouns"].items() for p in words}
    prefixes = sorted(lex.currency_prefix, key=len, reverse=True)
    alpha = [p for p in prefixes if p[0].isalpha()]
    symbols = [p for p in prefixes if not p[0].isalpha()]
    cur = (
        r"(?:(?<![\w$])(?P<ca>"
        + _words([p for p in alpha if len(p) == 1])
        + "|(?i:"
        + _words([p for p in alpha if len(p) > 1 and p.split()[0].lower() not in _WORD_PREFIXES])
        + ")|"
        + _words([p for p in alpha if p.split()[0].lower() in _WORD_PREFIXES and len(p) > 1])
        + r")(?P<casp>[ \t\u00a0]*)|(?P<cs>"
        + _words(symbols)
        + r")[ \t\u00a0]*)"
    )
    left = re.compile(
        r"(?:(?P<rng>\b(?i:"
        + _words(q["range_starts"])
        + r"))\s+)?"
        + r"(?:(?P<dir>\b(?!(?i:up\s+to)\b)(?i:"
        + _words(list(direction_of))
        + r"))(?:\s+(?i:by))?\s+)?"
        + r"(?:(?P<qual>(?i:"
        + _bounded(list(qualifier_of))
        + r"))\s*)?"
        + r"(?:(?P<neg>\b(?i:"
        + _words(q["negatives"])
        + r"))(?:\s+|-)|(?P<sign>(?<![\w.,)\]+-])[-−–+](?=$)))?"
        + cur
        + "?"
        + r"(?P<sign2>(?<![\w.,)\]-])[-−](?=$))?$"
    )
    postfix = re.compile(r"(?:\s*-\s*|\s+|\s*)(?P<p>(?i:" + _bounded(list(postfix_of)) + r"))(?![\w+])")
    direction_after = re.compile(r"[ \t]+(?P<d>(?i:" + _words(list(direction_noun_of)) + r"))\b")
    months = [str(m) for m in c["months"]]
    month_before = re.compile(r"\b(?P<m>" + _words(months) + r")\.?,?[ \t\u00a0]+$")
    phone_before = re.compile(
        r"\b(?i:" + _words(c["phone_words"]) + r")\b[ \t:]*(?:on|at|number|is)?[ \t:]*$"
    )
    phone_after = re.compile(r"[ \t]+(?i:" + _words(c["phone_after"]) + r")\b")
    score_before = re.compile(r"\b(?i:" + _words(c["score_before"]) + r")\b[\w\s'’.]{0,30}$")
    score_after = re.compile(r"[ \t]+(?i:" + _words(c["score_after"]) + r")\b")
    age_before = re.compile(r"\b(?i:" + _words(c["age_before"]) + r")[ \t]+$")
    timezones = re.compile(
        r"[ \t]*(?:(?:"
        + _words([t for t in c["timezones"] if t.isupper()])
        + r")\b|(?i:"
        + _words([t for t in c["timezones"] if not t.isupper()])
        + r")\b)"
    )
    return Context(
        left=left,
        qualifier_of=qualifier_of,
        direction_of=direction_of,
        phrasal_verbs=frozenset(norm_phrase(str(w)) for w in q.get("phrasal_verbs", [])),
        postfix=postfix,
        postfix_of=postfix_of,
        direction_after=direction_after,
        direction_noun_of=direction_noun_of,
        month_before=month_before,
        months=frozenset(months),
        weekdays=frozenset(str(w) for w in c["weekdays"]),
        year_preps=frozenset(norm_phrase(str(w)) for w in c["year_preps"]),
        identifier_words=frozenset(norm_phrase(str(w)) for w in c["identifier_words"]),
        identifier_stop=frozenset(str(w) for w in c["identifier_stop"]),
        phone_before=phone_before,
        phone_after=phone_after,
        score_before=score_before,
        score_after=score_after,
        age_before=age_before,
        timezones=timezones,
        irregular_plurals=frozenset(norm_phrase(str(w)) for w in c["irregular_plurals"]),
        noun_stop=frozenset(norm_phrase(str(w)) for w in c["noun_stop"]),
    )
