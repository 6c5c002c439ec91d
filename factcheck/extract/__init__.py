"""Extract stage: Articles to the claims table.

For each article: split sentences, find quantities (``factcheck.quantities``), keep the ones
that are counts, money, shares or measures, and give each a metric (rules), a subject
(restrictors), the date it refers to, its attribution and its stance. The output is a
DataFrame validated against ``factcheck.schema.CLAIM_COLUMNS``.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

import pandas as pd

from factcheck.extract.attribution import StanceReader
from factcheck.extract.cues import (
    _ABOUT_BEFORE,
    _AFTER_DIGITS,
    _AGE_AFTER,
    _ALL_BUT,
    _BYLINE,
    _COMPARED_FROM,
    _CONDITIONAL,
    _COPULAS,
    _EACH_RECIPIENT,
    _ELLIPSIS,
    _INCREMENT_BEFORE,
    _MODAL_AFTER,
    _MODAL_BEFORE,
    _NEARLY_BEFORE,
    _NEGATED_AFTER,
    _NEXT_FIGURE_INTRO,
    _NOT_A_COUNT_BEFORE,
    _PER_RECIPIENT,
    _PLACE_AFTER,
    _words_re,
    find_agent,
    is_headline,
    zero_quantities,
)
from factcheck.extract.daypart import read_daypart
from factcheck.extract.generic import (
    _OF_NOUN,
    clause_words,
    generic_rule,
    rule_noun_res,
)
from factcheck.extract.metric import Context, assign_rule, head_noun
from factcheck.extract.subject import SubjectReader
from factcheck.extract.timeref import ClaimDate, resolve_claim_date
from factcheck.ingest import Article
from factcheck.quantities import Quantity, get_registry, parse_quantities
from factcheck.rules import KeywordGate, RuleDefinition, RuleSet
from factcheck.schema import CLAIM_COLUMNS, empty_frame, validate_claims
from factcheck.text import split_sentences

_CLAUSE_BEFORE = re.compile(r";|\.(?!\d)|\bbut\b|\bwhile\b")  # a decimal point ends no clause
CLAIM_KINDS = frozenset({"count", "money", "percent", "measure"})
#: stances that assert a figure; only these are compared
ASSERTING = frozenset({"asserted", "hedged"})

_DIMENSIONS = {
    "[length]": "[length]",
    "[temperature]": "[temperature]",
    "[length] ** 2": "[area]",
    "[mass]": "[mass]",
    "[time]": "[time]",
    "[length] / [time]": "[speed]",
}


@lru_cache(maxsize=256)
def unit_dimension(unit: str) -> str:
    """The rule dimension of a pint unit ("kilometer" -> "[length]"); "" for counts."""
    if not unit:
        return ""
    if unit == "percent":
        return "percent"
    return _unit_dimension(unit)


@lru_cache(maxsize=4096)
def _unit_dimension(unit: str) -> str:
    """``unit_dimension`` of a unit (pint parses a unit in tens of microseconds: remembered)."""
    try:
        dim = str(get_registry().Quantity(1.0, unit).dimensionality)
    except Exception:
        return "?"
    if dim.startswith("[currency"):
        return "currency"
    return _DIMENSIONS.get(dim, dim)


def claim_id(source: str, start: int, end: int) -> str:
    """Stable claim id derived from the article source and the figure's offsets."""
    return "c" + hashlib.sha1(f"{source}\x00{start}\x00{end}".encode()).hexdigest()[:12]


#: a capitalised word right before a hyphen and a figure: a name with a number ("Haixun-01", "F-16")
_NAME_BEFORE = re.compile(r"(?<![\w-])[A-Z][A-Za-z]*$")
#: a figure joined by a hyphen to a singular word: an adjective, not a count ("12-gauge", "5-member")
_HYPHEN_MODIFIER = re.compile(r"-(?!year|month|week|day)[a-z]+\b(?<!s)(?!-old)")
#: the date sources of a figure that an undated article's window does not stand in for
_NOT_WINDOWED = frozenset(["year", "period", "explicit", "asof"])
#: a generic statement, not a report: "A magnitude-6.0 quake can cause severe damage"
_INDEFINITE_BEFORE = re.compile(r"(?:^|[^\w-])an?\s+(?:[a-z]+[-\s]+)?$", re.I)  # "a ", "a magnitude-"
_CAN_AFTER = re.compile(r"^[\s-]*(?:[\w-]+\s+){0,2}can(?:not)?\b", re.I)
#: a sentence whose subject is the thing the sentence before told of ("It killed 612 people")
_PRONOUN_START = re.compile(r"^\W*(?:It|That)\s+(?!is\b|was\b|'s\b)")


class Extractor:
    """Turns articles into claim rows with one rule set (built once, reused for every article)."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        lex = rules.lexicon
        self.stance = StanceReader(lex.get("hedges", []), lex.get("denials", []))
        self.subjects = SubjectReader(lex)
        self.person_nouns = frozenset(w.lower() for w in lex.get("person_nouns", []))
        self.rule_nouns = frozenset(n for r in rules.rules for n in r.nouns)
        # every word of the rules' nouns and signals ("capacity", "seats", "employ*"), lower case
        words = {w for r in rules.rules for p in (*r.nouns, *r.signals) for w in p.lower().split()}
        self.rule_words = frozenset(w for w in words if not w.endswith("*"))
        self.rule_stems = tuple(sorted(w[:-1] for w in words if w.endswith("*")))
        self.increment_re = (
            re.compile(
                r"^\s*(?:" + "|".join(re.escape(w) for w in lex.get("increment_words", [])) + r")\b", re.I
            )
            if lex.get("increment_words")
            else re.compile(r"(?!)")
        )
        self.projection_re = _words_re(lex.get("projections", []))
        self.scope_re = _words_re(lex.get("scope_words", []))
        self.scope_gate = KeywordGate(lex.get("scope_words", []))

    def _describes_a_noun(self, text: str, end: int) -> bool:
        """Whether the figure ending at ``end`` is joined by a hyphen to a word no rule knows, as an
        adjective ("a 12-gauge shotgun", "a 38-caliber revolver"); "a 6.1-magnitude quake" and "the
        30,000-capacity stadium" are figures of their rules."""
        m = _HYPHEN_MODIFIER.match(text, end)
        if not m:
            return False
        w = m.group(0)[1:].lower()
        return not (w in self.rule_words or f"{w}s" in self.rule_words or w.startswith(self.rule_stems))

    def _noun_class(self, noun: str) -> str:
        if not noun:
            return "none"
        if noun in self.person_nouns or noun.rstrip("s") in self.person_nouns:
            return "person"
        return "thing"

    def _adjust_qualifier(self, q: Quantity, left: str) -> Quantity:
        """Hedges written before a unit word ("nearly magnitude 8", "some 40 km") bound the figure too."""
        if q.qualifier != "exact" or q.value is None:
            return q
        if _NEARLY_BEFORE.search(left):
            return replace(q, qualifier="at_most", high=q.value)
        if _ABOUT_BEFORE.search(left):
            return replace(q, qualifier="approx")
        return q

    def _stance(self, q: Quantity, ctx: Context, sentence: str, offset: int) -> tuple[str | None, str]:
        st = self.stance.read(sentence, offset)
        if st.stance == "denied":
            return st.attribution, "denied"
        if q.change:
            return st.attribution, "change"
        if self.increment_re.search(ctx.right) or _INCREMENT_BEFORE.search(ctx.left):
            return st.attribution, "increment"
        clause_before = _CLAUSE_BEFORE.split(sentence[:offset])[-1][-90:]
        if (
            self.projection_re.search(ctx.near_left[-40:])
            or _MODAL_AFTER.search(ctx.near_right[:30])
            or _CONDITIONAL.search(ctx.left[-60:])
            or _MODAL_BEFORE.search(clause_before)
            or (_INDEFINITE_BEFORE.search(ctx.left[-24:]) and _CAN_AFTER.match(ctx.near_right))
        ):
            return st.attribution, "projected"
        return st.attribution, st.stance

    @staticmethod
    def _period_before(
        text: str, span: tuple[int, int], published: str | None, window: tuple[str, str] | None
    ) -> ClaimDate | None:
        """The other time a sentence that opens with "It" inherits from the sentence before: "The last
        major quake ... was in February, when a 6.4 temblor rocked Zarand. It killed 612 people." A
        named year or month, or "last year"; not "this year", which is the story's own time."""
        before = text[span[0] : span[1]]
        got = resolve_claim_date(before, 0, published, len(before), window)  # any time it names
        period = got.period or ""
        if got.source == "year" and (any(ch.isdigit() for ch in period) or period.lower().startswith("last")):
            return got
        return None

    def article_claims(self, article: Article) -> list[dict[str, object]]:
        """Claim rows (dicts with CLAIM_COLUMNS) of one article."""
        if not article.ok or not article.text:
            return []
        text = article.text
        lo, _, hi = str(article.extra.get("window") or "").partition("..")
        window = (lo, hi) if hi else None
        sentences = split_sentences(text)
        byline = _BYLINE.search(text, 0, 1500)
        body_start = byline.end() if byline else 0
        starts = [s for s, _ in sentences]
        # the figures of headline-like lines (tables, captions) and of the lines above the byline are
        # never claims: the parser need not read them all
        headlines = [is_headline(text[a:b]) for a, b in sentences]  # per sentence
        skip = [(0, body_start)] if body_start else []
        skip += [(a, b) for (a, b), h in zip(sentences, headlines, strict=True) if h and a >= body_start]
        quantities = [q for q in parse_quantities(text, skip) if not _AGE_AFTER.match(text, q.end)]
        zeros = [
            z
            for z in zero_quantities(text, quantities)
            if z.noun in self.person_nouns or z.noun in self.rule_nouns
        ]  # "no deaths", not "no tsunami"
        quantities = sorted(quantities + zeros, key=lambda q: q.start)
        rows: list[dict[str, object]] = []
        last_rule: dict[
            int, tuple[RuleDefinition, str]
        ] = {}  # sentence index -> rule and kind of its last claim
        ends_sorted: list[int] = []  # ends of the figures before the current one, ascending
        national: dict[int, bool] = {}  # sentence index -> whether it has a scope word ("nationwide")
        for i, q in enumerate(quantities):
            if i:
                bisect.insort(ends_sorted, quantities[i - 1].end)
            if q.kind not in CLAIM_KINDS or q.value is None:
                continue
            si = bisect.bisect_right(starts, q.start) - 1
            if si < 0:
                continue
            s_start, s_end = sentences[si]
            if q.end > s_end:
                continue
            sentence = text[s_start:s_end]
            if headlines[si]:
                continue
            k = bisect.bisect_right(ends_sorted, q.start)
            prev_end = max(ends_sorted[k - 1], s_start) if k else s_start
            nxt = quantities[i + 1].start if i + 1 < len(quantities) else s_end
            left = text[max(prev_end, s_start) : q.start]
            right = text[q.end : min(max(nxt, q.end), s_end)]
            if nxt < s_end:
                intro = _NEXT_FIGURE_INTRO.search(right)
                if intro:
                    right = right[: intro.start()]
            if q.start < body_start:
                continue  # headline and standfirst, above the byline: they restate the body
            if _ALL_BUT.search(text, max(0, q.start - 20), q.start):
                continue  # "all but the 31 were brought to the surface": the figure is the complement
            if _NEGATED_AFTER.match(text, q.end):
                continue  # "twenty-seven came out alive; four did not": a figure that is denied its verb
            if q.kind == "count" and _NOT_A_COUNT_BEFORE.search(text, max(0, q.start - 60), q.start):
                continue  # "died in prison at 77", "a mother of 12": an age or a family, not a count
            if q.kind == "count" and q.value == 1 and not any(ch.isdigit() for ch in q.text):
                continue  # "one infected person", "a protester": a single instance, not a reported count
            if q.kind == "count" and q.start > 1 and text[q.start - 1] == "-" and _NAME_BEFORE.search(
                text, max(0, q.start - 30), q.start - 1
            ):
                continue  # "Haixun-01", "F-16", "Covid-19": part of a name ("magnitude-5.9" is not)
            if q.kind == "count" and self._describes_a_noun(text, q.end):
                continue  # "a 12-gauge shotgun", "a 5-member team": the figure describes a noun, counts none
            noun = (
                head_noun(right, self.person_nouns, self.rule_nouns) if q.kind == "count" else (q.noun or "")
            )
            if not noun and q.kind == "count" and q.noun and q.noun.count(" ") == 1:
                first, last = q.noun.lower().split(" ")
                plural = last.endswith("s") and not last.endswith("ss") and last.isalpha()
                if plural and not first.endswith("ed"):
                    noun = last  # "three live shells": an adjective head_noun reads as a verb, then the noun
            if q.kind == "count" and noun and q.noun:
                parts = q.noun.lower().split()
                if len(parts) > 1 and parts[0] == noun:
                    noun = parts[-1]  # "120 security officers" counts officers
            if q.qualifier in ("less_than", "more_than") and q.text.lower().startswith(
                ("under", "over", "aged")
            ):
                last = left.split()[-1].lower() if left.split() else ""
                if last in self.person_nouns or last in _COPULAS or not noun:
                    continue  # "children under five", "were under 18": an age band, not a count
            own = _AFTER_DIGITS.split(q.text)[-1] if q.kind == "money" else ""
            ctx = Context(left=left, right=(" " + own + right) if own.strip() else right, noun=noun)
            dim = unit_dimension(q.unit)
            rule, _score = assign_rule(q, ctx, self.rules, dim, self._noun_class(noun))
            prev = last_rule.get(si)
            if (
                prev is not None
                and prev[1] == q.kind
                and (
                    _COMPARED_FROM.search(left + q.text.split()[0] + " ")
                    or (
                        rule is None
                        and _ELLIPSIS.match(left)
                        and len(left) < 80
                        and (not noun or q.kind != "count")
                    )
                )
            ):
                # "34 cases, up from 19 on Wednesday"; "X won 80.1% and Y 10.12%": the same metric again
                rule = prev[0]
            if rule is None:
                rule = generic_rule(q, noun, ctx, dim)
                if rule is None:
                    continue
            # the metric reads no qualifier or upper bound, so they are adjusted for claims only
            q = self._adjust_qualifier(q, left)
            if rule.caps and q.qualifier in ("at_most", "less_than"):
                q = replace(
                    q, qualifier="exact", high=None
                )  # "grants of up to €6,000": the cap is the figure
            attribution, stance = self._stance(q, ctx, sentence, q.start - s_start)
            when = resolve_claim_date(sentence, q.start - s_start, article.published, q.end - s_start, window)
            if when.source in ("published", "none") and si and _PRONOUN_START.match(sentence):
                when = self._period_before(text, sentences[si - 1], article.published, window) or when
            # a named day that cannot be placed is not the article's time ("wounded on Feb. 6")
            use_window = window is not None and when.date is None and when.source not in _NOT_WINDOWED
            restrictors = self.subjects.restrictors(
                noun,
                sentence,
                text[s_start : q.start],
                text[q.end : s_end],
                rule.signal_res + rule_noun_res(rule),
                partitive=q.kind != "percent",
            )
            if si not in national:
                national[si] = bool(self.scope_gate.may_occur(sentence) and self.scope_re.search(sentence))
            if national[si]:
                restrictors.append("national scope")
            if when.period:
                restrictors = [*restrictors, f"in {when.period}"]
            if rule.type == "share" and q.kind == "percent":
                base = _OF_NOUN.match(right)
                if base and not any(sig.search(base.group(0)) for sig in rule.signal_res):
                    restrictors.append(
                        "of " + base.group(1).strip().lower()
                    )  # "90% of the cases" is not coverage
            if rule.subject == "recipient":
                per = _PER_RECIPIENT.search(q.text + text[q.end : s_end][:40]) or _EACH_RECIPIENT.search(
                    left[-40:] + q.text + text[q.end : q.end + 8]
                )
                if per:
                    restrictors.append("per " + per.group(1).lower().rstrip("s"))
            if rule.subject == "place":
                place = _PLACE_AFTER.search(text[q.end : s_end][:80])
                if place:
                    restrictors.append("from " + place.group(1))
            if rule.subject == "agent":
                agent = find_agent(sentence[: q.start - s_start], attribution)
                if agent:
                    restrictors.append(agent)
            last_rule[si] = (rule, q.kind)
            rows.append(
                {
                    "id": claim_id(article.source, q.start, q.end),
                    "article_id": article.article_id,
                    "source": article.source,
                    "outlet": article.outlet,
                    "published": article.published,
                    "published_window": article.extra.get("window"),
                    "subject": ", ".join(restrictors),
                    "metric": rule.metric,
                    "rule": rule.id,
                    "cumulative": rule.cumulative,
                    "timing": rule.timing,
                    "match_context": rule.match_context,
                    "value": q.value,
                    "low": q.low,
                    "high": q.high,
                    "unit": q.unit or "",
                    "qualifier": q.qualifier,
                    "kind": q.kind,
                    "precision": q.precision,
                    "date": when.date,
                    "date_source": "window" if use_window else when.source,
                    "date_from": when.date or (window[0] if use_window and window else None),
                    "date_to": when.date or (window[1] if use_window and window else None),
                    "time_of_day": read_daypart(sentence, q.start - s_start, when.date, article.published),
                    "surface": q.text,
                    "sentence": sentence,
                    "sentence_start": s_start,
                    "start": q.start,
                    "end": q.end,
                    "context": clause_words(ctx),
                    "attribution": attribution,
                    "stance": stance,
                }
            )
        return rows


def extract_claims(articles: Iterable[Article], rules: RuleSet) -> pd.DataFrame:
    """The claims table of ``articles`` (validated against CLAIM_COLUMNS)."""
    ex = Extractor(rules)
    rows: list[dict[str, object]] = []
    for art in articles:
        rows.extend(ex.article_claims(art))
    if not rows:
        return empty_frame(CLAIM_COLUMNS)
    return validate_claims(pd.DataFrame(rows, columns=list(CLAIM_COLUMNS)))


__all__ = ["CLAIM_KINDS", "Extractor", "claim_id", "extract_claims", "unit_dimension"]
