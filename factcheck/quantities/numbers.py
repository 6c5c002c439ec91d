"""Numbers: digit strings and English number words to values, with their precision.

The word lists (cardinals, scales such as million/crore/lakh, suffixes such as bn/m/k,
ordinals, fractions and vague plurals) are data in ``data/numbers.yaml``. This module
compiles them into regular expressions and small grammars:

* ``parse_digits("1,234.5")`` -> ``(1234.5, 0.1)``;
* ``parse_words(text, pos)`` reads "two million, three hundred thousand and five" at ``pos``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.quantities.gates import PrefixGate, phrase_tokens, phrase_trie, prefix_gate
from factcheck.quantities.units import load_yaml


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """Number words and scales from ``data/numbers.yaml``."""

    cardinals: dict[str, float]  # zero..nineteen
    tens: dict[str, float]
    hundred: dict[str, float]
    scales: dict[str, float]  # thousand, million, crore ...
    suffix_scales: dict[str, float]  # bn, m, k ...
    ambiguous_suffixes: frozenset[str]  # suffixes that need a currency ("£900m")
    special: dict[str, float]  # dozen
    ordinals: dict[str, float]
    fractions: dict[str, float]
    vague: dict[str, tuple[float, float, float]]


@lru_cache(maxsize=1)
def get_numbers() -> NumberLexicon:
    """The number lexicon (loaded once)."""
    d = load_yaml("numbers.yaml")
    return NumberLexicon(
        cardinals={k: float(v) for k, v in d["cardinals"].items()},
        tens={k: float(v) for k, v in d["tens"].items()},
        hundred={k: float(v) for k, v in d["hundred"].items()},
        scales={k: float(v) for k, v in d["scales"].items()},
        suffix_scales={str(k): float(v) for k, v in d["suffix_scales"].items()},
        ambiguous_suffixes=frozenset(str(s) for s in d["ambiguous_suffixes"]),
        special={k: float(v) for k, v in d["special"].items()},
        ordinals={k: float(v) for k, v in d["ordinals"].items()},
        fractions={k: float(v) for k, v in d["fractions"].items()},
        vague={k: (float(v[0]), float(v[1]), float(v[2])) for k, v in d["vague"].items()},
    )


def alternation(words: list[str]) -> str:
    """Regex alternation of words, longest first, spaces matching any whitespace (written as a prefix
    tree, which matches the same as the flat ``w1|w2|...`` and is much faster; see ``phrase_trie``)."""
    words = sorted(set(words), key=len, reverse=True)
    return phrase_trie([phrase_tokens(w) for w in words])


def trie_regex(words: list[str] | set[str], case_variants: bool = True) -> str:
    """A regex matching any of ``words``, with common prefixes factored out (much faster than a flat
    alternation in Python's ``re``). With ``case_variants`` also matches Capitalised and UPPER forms."""
    forms: set[str] = set()
    for w in words:
        forms.add(w)
        if case_variants:
            forms |= {w.capitalize(), w.upper()}
    root: dict[str, dict] = {}
    for w in forms:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


#: A digit number: "6,712", "1234.5", ".5", "1 234" is not joined (too ambiguous in news copy).
DIGITS_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"  # 6,712 and 1,234,567.5
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,]\d)"  # Indian grouping: 12,34,567.89
    r"|\d{1,3}(?:[\u202f\u00a0\u2009]\d{3})+(?:\.\d+)?(?!\d)"  # thin/no-break space groups: 40 000
    r"|\d{1,3}(?: \d{3}){2,}(?:\.\d+)?(?![\d,])"  # plain-space groups, only when unambiguous: 1 234 567
    r"|\d+(?:\.\d+)?|\.\d+"
)


#: Vulgar fraction glyphs ("2½ hours", "¾ cup") -> value.
GLYPHS: dict[str, float] = {
    "½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 1 / 5, "⅖": 2 / 5, "⅗": 3 / 5,
    "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8,
}  # fmt: skip
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
#: what may follow the digits of a number: an exponent ("1.3e6", "1.99×10−30", "6.23x10^-4", "2.5^-1"),
#: a glyph fraction ("2½") or a mixed-number fraction ("10 1/2")
_TAIL_RE = re.compile(
    r"(?P<exp>[eE](?P<e>[+-]?\d{1,3}))(?![\w.])"
    r"|[ \t]?[x×*][ \t]?10"
    r"(?:\^[ \t]?(?P<t1>[-−+]?\d{1,3})|(?P<t2>[-−][ \t]?\d{1,3}|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))(?![\d.])"
    r"|\^(?P<pw>[-−+]?\d{1,3})(?![\w.])"
    r"|[ \t]?(?P<g>[" + "".join(GLYPHS) + r"])"
    r"|[ \t\u00a0]+(?P<fn>\d{1,2})[/\u2044](?P<fd>\d{1,2})(?![\d/.,]\d|/)"
)


#: the characters a ``_TAIL_RE`` match can start with (checked by tests/test_quantities_speed.py)
_TAIL_STARTS = "eE \t\u00a0x×*^" + "".join(GLYPHS)


def digits_tail(text: str, end: int, value: float, integral: bool) -> tuple[float, int, str] | None:
    """Read what may follow a digit number at ``end``: exponent, "×10^n", a power, "½" or " 1/2".

    Returns (new value, new end, kind) with kind "exp" or "fraction", or None.
    """
    m = _TAIL_RE.match(text, end) if text[end : end + 1] in _TAIL_STARTS else None
    if not m:
        return None
    if m.group("exp"):
        return value * 10.0 ** int(m.group("e")), m.end(), "exp"
    t = m.group("t1") or m.group("t2")
    if t:
        e = int(t.translate(_SUPERSCRIPT).replace("−", "-").replace(" ", ""))
        return value * 10.0**e, m.end(), "exp"
    if m.group("pw"):
        e = int(m.group("pw").replace("−", "-"))
        try:
            return float(value**e), m.end(), "exp"
        except (OverflowError, ZeroDivisionError):
            return None
    if not integral:
        return None
    if m.group("g"):
        return value + GLYPHS[m.group("g")], m.end(), "fraction"
    a, b = int(m.group("fn")), int(m.group("fd"))
    if b < 2 or a >= b:
        return None
    return value + a / b, m.end(), "fraction"


def parse_digits(s: str) -> tuple[float, float]:
    """Value and precision of a digit string ("7,000" -> (7000.0, 1000.0); "80.1" -> (80.1, 0.1))."""
    if s.isdecimal():  # plain digits: nothing to strip (fast path)
        return float(s), place_value(s)
    s = s.replace(",", "").replace(" ", "").replace("\u202f", "").replace("\u00a0", "").replace("\u2009", "")
    if "." in s:
        frac = s.split(".", 1)[1]
        return float(s), 10.0 ** -len(frac)
    value = float(s)
    return value, place_value(s)


def place_value(digits: str) -> float:
    """Place value of the last non-zero digit of an integer string ("7000" -> 1000, "0" -> 1)."""
    stripped = digits.rstrip("0")
    if not stripped or stripped == "-":
        return 1.0
    return 10.0 ** (len(digits) - len(stripped))


def int_precision(value: float) -> float:
    """Place value of the last non-zero digit of an integral value (200 -> 100, 157 -> 1)."""
    if value != value or value in (float("inf"), float("-inf")):
        return 1.0
    if value != int(value):
        return 1.0
    return place_value(str(int(abs(value))))


@lru_cache(maxsize=1)
def _word_token_re() -> re.Pattern[str]:
    lex = get_numbers()
    words = list(lex.cardinals) + list(lex.tens) + list(lex.hundred) + list(lex.scales) + list(lex.special)
    # connector before the word, then the word itself
    return re.compile(
        r"(?P<conn>(?:\s*,\s*|\s+and\s+|\s*-\s*|\s+)?)(?P<w>(?i:" + alternation(words) + r"))(?![\w])"
    )


@lru_cache(maxsize=1)
def _word_token_gate() -> PrefixGate | None:
    return prefix_gate(_word_token_re(), 3)


@lru_cache(maxsize=4096)  # the few thousand three-character starts that follow a number word
def _may_take_word(ahead: str) -> bool:
    """Whether ``_word_token_re`` may match where the text reads ``ahead`` (its next three characters):
    most number words are followed by a word that is not one, which the gate tells without the regex."""
    gate = _word_token_gate()
    return gate is None or gate.may_match(ahead, 0)


@dataclass(frozen=True, slots=True)
class WordNumber:
    """A number written in words."""

    value: float
    end: int  # end offset in the text
    precision: float
    scaled: bool  # ended with a scale word (thousand, million ...)


_A_ONE = re.compile(r"(?i:an?|one)\s+")


def parse_words(text: str, pos: int, allow_a: bool = True) -> WordNumber | None:
    """Read a number written in words starting at ``pos`` ("one hundred and fifty-seven").

    Follows English number grammar so that lists ("two, three and four") and ranges
    ("between forty and fifty") are not glued together. Returns None when no number starts there.
    """
    lex = get_numbers()
    tok_re = _word_token_re()
    total = 0.0
    group = 0.0
    has_hundred = False
    last = None  # kind of the last accepted token
    last_scale = float("inf")
    end = pos
    best: tuple[float, int, bool] | None = None  # (value, end, scaled) at the last valid point
    p = pos
    m_a = _A_ONE.match(text, pos) if allow_a else None
    a_start = False
    if m_a and m_a.group(0)[:1].lower() == "a":
        # "a hundred", "a million", "a dozen": only when a scale word follows
        nxt = tok_re.match(text, m_a.end())
        if (
            nxt
            and not nxt.group("conn")
            and _kind(nxt.group("w").lower(), lex) in ("hundred", "scale", "special")
        ):
            a_start = True
            group = 1.0
            last = "unit"
            p = m_a.end()
    while True:
        m = tok_re.match(text, p) if _may_take_word(text[p : p + 3]) else None
        if not m:
            break
        conn = m.group("conn")
        if p == pos and conn:
            break
        if p != pos and not conn and not a_start:
            break
        a_start = False
        w = m.group("w").lower()
        kind = _kind(w, lex)
        has_and = "and" in conn.lower()
        has_comma = "," in conn
        has_hyphen = "-" in conn
        if has_and and kind in ("unit", "tens") and _fraction_follows(text, m.end()):
            break  # "five billion and three quarters": the fraction belongs to the whole number
        if kind == "unit":
            v = lex.cardinals[w]
            if last == "unit" or last == "special":
                break
            if last == "tens":
                if v >= 10 or v == 0 or has_and or has_comma:
                    break
            elif last in ("hundred", "scale"):
                if has_comma and last == "hundred":
                    break
                if has_hyphen:
                    break
            elif last is not None:
                break
            if v == 0 and last is not None:
                break
            group += v
        elif kind == "tens":
            if last in ("unit", "tens", "special"):
                break
            if last in ("hundred", "scale") and (has_hyphen or (has_comma and last == "hundred")):
                break
            group += lex.tens[w]
        elif kind == "hundred":
            if last is None and p == pos:
                nxt = tok_re.match(text, m.end())
                if nxt and nxt.group("conn").strip() == "" and _kind(nxt.group("w").lower(), lex) == "scale":
                    group, last = 1.0, "unit"  # "hundred thousand dollars"
            if last not in ("unit", "tens") or has_hundred or has_and or has_comma or group == 0:
                break
            if group >= 100:
                break
            group *= 100
            has_hundred = True
        elif kind == "scale":
            scale = lex.scales[w]
            if last not in ("unit", "tens", "hundred") or has_and or has_comma or scale >= last_scale:
                if not (
                    last == "scale"
                    and not has_and
                    and not has_comma
                    and scale > last_scale
                    and total
                    and group == 0
                ):
                    break
                # "hundred thousand" style stacking handled by the hundred branch; "thousand million"
                total *= scale
                last_scale = scale
                end = m.end()
                last = "scale"
                best = (total, end, True)
                p = end
                continue
            total += (group or 1.0) * scale
            group = 0.0
            has_hundred = False
            last_scale = scale
        elif kind == "special":  # dozen
            if last not in (None, "unit", "tens") or has_and or has_comma:
                break
            group = (group or 1.0) * lex.special[w]
        else:
            break
        last = kind
        end = m.end()
        p = end
        best = (total + group, end, kind == "scale")
    if best is None:
        return None
    value, end, scaled = best
    if not scaled:
        dm = _spoken_decimal(text, end)
        if dm is not None:
            frac, end = dm
            return WordNumber(value + frac, end, 10.0 ** -len(str(frac)[2:]), False)
    return WordNumber(value, end, int_precision(value) if value else 1.0, scaled)


_POINT_RE = re.compile(r"[ \t]+(?i:point)[ \t]+")
_DIGIT_WORD_RE = re.compile(r"(?i:(zero|nought|naught|oh|one|two|three|four|five|six|seven|eight|nine))\b")


def _spoken_decimal(text: str, end: int) -> tuple[float, int] | None:
    """ "point five", "point nought four", "point seventy-one" after a number in words."""
    m = _POINT_RE.match(text, end)
    if not m:
        return None
    lex = get_numbers()
    p = m.end()
    digits = ""
    while True:
        dm = _DIGIT_WORD_RE.match(text, p)
        if not dm:
            break
        w = dm.group(1).lower()
        digits += "0" if w in ("zero", "nought", "naught", "oh") else str(int(lex.cardinals[w]))
        p = dm.end()
        nxt = re.match(r"[ \t]+|-", text[p:])
        if not nxt or not _DIGIT_WORD_RE.match(text, p + nxt.end()):
            break
        p += nxt.end()
    if not digits:
        tm = re.match(
            r"(?i:(" + "|".join(lex.tens) + r"))(?:-(" + "|".join(lex.cardinals) + r"))?\b", text[p:]
        )
        if not tm:
            return None
        v = lex.tens[tm.group(1).lower()] + (lex.cardinals[tm.group(2).lower()] if tm.group(2) else 0)
        digits = str(int(v))
        p += tm.end()
    return float("0." + digits), p


@lru_cache(maxsize=1)
def _fraction_word_re() -> re.Pattern[str]:
    return re.compile(r"[ \t-]+(?i:" + alternation(list(get_numbers().fractions)) + r")\b")


def _fraction_follows(text: str, pos: int) -> bool:
    return bool(_fraction_word_re().match(text, pos))


def _kind(w: str, lex: NumberLexicon) -> str:
    if w in lex.cardinals:
        return "unit"
    if w in lex.tens:
        return "tens"
    if w in lex.hundred:
        return "hundred"
    if w in lex.scales:
        return "scale"
    if w in lex.special:
        return "special"
    return ""
