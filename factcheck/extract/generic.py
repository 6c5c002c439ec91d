"""Generic claims: figures that no metric rule claims, named after what they count.

They keep the claims table complete ("64 students", "a share of farmland") and are compared only
under strict conditions (see ``factcheck.compare.judge``), so they add recall without crying wolf.
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.extract.metric import Context
from factcheck.quantities import Quantity
from factcheck.rules import RuleDefinition

_GENERIC_DIMENSIONS = {
    "[length]": "length",
    "[time]": "duration",
    "[area]": "area",
    "[mass]": "weight",
    "[temperature]": "temperature",
    "[speed]": "speed",
}
_OF_NOUN = re.compile(r"^\s*(?:of|in)\s+(?:the\s+|all\s+|its\s+|their\s+)?((?:[a-z][\w'-]*\s*){1,2})", re.I)
#: a word of three characters or more (a shorter run fails at each of its places, as it should)
_CLAUSE_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_VAGUE_NOUNS = frozenset({"people", "persons", "person", "others", "individuals", "men", "women", "times"})
_GENERIC_CACHE: dict[tuple[str, str], RuleDefinition] = {}
_GENERIC_NOUNS: dict[tuple[str, ...], tuple[WordFinder, ...]] = {}
_BUILT_IN = "(built in)"


class WordFinder:
    """A case-insensitive whole-word search for a fixed phrase, with ``re.Pattern.search``'s contract.

    Generic rules are made on the fly, one per counted noun; compiling a regex for each would churn
    ``re``'s module cache (512 patterns) and make every string pattern elsewhere recompile.
    """

    __slots__ = ("_word",)

    def __init__(self, word: str) -> None:
        self._word = word.lower()

    def search(self, text: str) -> bool:
        """True when the phrase occurs in ``text`` as whole words."""
        low, w, i = text.lower(), self._word, 0
        while (i := low.find(w, i)) >= 0:
            j = i + len(w)
            if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_")) and (
                j == len(low) or not (low[j].isalnum() or low[j] == "_")
            ):
                return True
            i += 1
        return False


@lru_cache(maxsize=512)
def _rule_noun_res(nouns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r"\b" + re.escape(n) + r"\b", re.I) for n in nouns)


def rule_noun_res(rule: RuleDefinition) -> tuple[re.Pattern[str] | WordFinder, ...]:
    """The rule's nouns as patterns (they name the whole a partitive may be taken from)."""
    if rule.path == _BUILT_IN:
        return _GENERIC_NOUNS[rule.nouns]
    return _rule_noun_res(rule.nouns)


_CONTEXT_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "been",
        "that",
        "which",
        "who",
        "this",
        "these",
        "those",
        "its",
        "their",
        "from",
        "into",
        "than",
        "then",
        "when",
        "where",
        "while",
        "said",
        "says",
        "also",
        "about",
        "some",
        "more",
        "most",
        "over",
        "under",
        "after",
        "before",
        "there",
        "here",
        "what",
        "whom",
        "whose",
        "would",
        "could",
        "will",
        "may",
        "might",
        "being",
        "they",
        "them",
        "his",
        "her",
        "him",
        "she",
        "our",
        "your",
    ]
)


def clause_words(ctx: Context) -> str:
    """Content words around the figure (lower case, sorted, no numbers or stop words), for generic claims."""
    words = _CLAUSE_WORD.findall((ctx.left[-100:] + " " + ctx.right[:100]).lower())
    return " ".join(sorted(set(words).difference(_CONTEXT_STOP)))


def generic_rule(q: Quantity, noun: str, ctx: Context, dim: str) -> RuleDefinition | None:
    """A rule for a figure no metric rule claims: named after what it counts ("staff", "share of farmland").

    Generic claims are only compared with claims of the same generic metric in a closely matching
    clause (see ``factcheck.compare``), so they add recall without crying wolf.
    """
    if q.kind == "count":
        if not noun or (q.value is not None and q.value < 10 and not any(ch.isdigit() for ch in q.text)):
            return None  # "two patrol boats", "five colleagues": colour, not a reported figure
        if noun in _VAGUE_NOUNS:
            return None  # "120,000 people" with no rule that says what they are: nothing to compare
        metric = noun
    elif q.kind == "percent":
        m = _OF_NOUN.match(ctx.right)
        metric = "share of " + m.group(1).strip().lower() if m else "share"
    elif q.kind == "money":
        metric = "amount of money"
    else:
        metric = _GENERIC_DIMENSIONS.get(dim, "measure")
    key = (q.kind, metric)
    if key not in _GENERIC_CACHE:
        _GENERIC_CACHE[key] = RuleDefinition(
            id=f"generic.{q.kind}",
            path=_BUILT_IN,
            type={"count": "count", "percent": "share", "money": "money"}.get(q.kind, "measure"),
            metric=metric,
            timing="fixed",
            dimension="",
            signals=(),
            nouns=(metric,),
            level="warning",
            match_context=True,
        )
        _GENERIC_NOUNS[(metric,)] = (WordFinder(metric),)
    return _GENERIC_CACHE[key]
