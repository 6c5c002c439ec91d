"""Cheap pre-tests for the parser's big regexes (speed only: they never change a result).

Some context patterns are alternations of hundreds of phrases ("more than", "approximately",
every currency code, every unit name), and Python's ``re`` tries the phrases one by one at each
position, which costs several microseconds per call even when nothing matches. ``PrefixGate``
reads the compiled pattern once and lists every string its matches can start with (its first
``k`` characters, lower-cased, or the whole match when shorter). A position whose next characters
are not on that list cannot match, so the regex call is skipped. The list is derived from the
pattern itself, so it follows any change to the word lists; a pattern the analysis cannot bound
gets no gate (every position is tried, as before).
"""

from __future__ import annotations

import re
from functools import cache

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

try:  # how re folds case: lower-case, plus a few extra pairs ("k" and the Kelvin sign, "s" and long s)
    from _sre import unicode_tolower as _tolower  # type: ignore[import-not-found]
    from re._casefix import _EXTRA_CASES as _extra_cases  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Pythons
    _tolower = None  # type: ignore[assignment]
    _extra_cases = None  # type: ignore[assignment]

_ASCII = [chr(i) for i in range(128)]
_MAX_STRINGS = 60000


class _TooBig(Exception):
    pass


@cache
def _category_ascii(cat: object) -> frozenset[str]:
    """ASCII characters in a regex category (\\d, \\s, \\w and their negations)."""
    probe = {
        "DIGIT": r"\d", "NOT_DIGIT": r"\D", "SPACE": r"\s", "NOT_SPACE": r"\S",
        "WORD": r"\w", "NOT_WORD": r"\W",
    }  # fmt: skip
    name = str(cat).upper().replace("CATEGORY_", "").replace("UNI_", "").replace("LOC_", "")
    if name not in probe:
        raise _TooBig(name)
    rx = re.compile(probe[name])
    return frozenset(ch for ch in _ASCII if rx.fullmatch(ch))


@cache
def _folds_to_ascii(code: int) -> frozenset[str]:
    """ASCII characters that match character ``code`` case-insensitively."""
    rx = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return frozenset(ch for ch in _ASCII if rx.fullmatch(ch))


def _literal(code: int, ic: bool) -> frozenset[str]:
    """ASCII characters (exact case) matched by one literal."""
    if code < 128:
        ch = chr(code)
        return frozenset({ch, ch.swapcase()}) if ic else frozenset({ch})
    return _folds_to_ascii(code) if ic else frozenset()


def _charset(items: list, ic: bool) -> frozenset[str]:
    """ASCII characters (exact case) matched by a ``[...]`` set."""
    out: set[str] = set()
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            out |= _literal(av, ic)
        elif op is _c.RANGE:
            lo, hi = av
            for code in range(lo, min(hi, 127) + 1):
                out |= _literal(code, ic)
            if ic and hi >= 128:
                rx = re.compile("[" + re.escape(chr(max(lo, 128))) + "-" + re.escape(chr(hi)) + "]", re.I)
                out |= {ch for ch in _ASCII if rx.fullmatch(ch)}
        elif op is _c.CATEGORY:
            out |= _category_ascii(av)
        else:
            raise _TooBig(str(op))
    if negate:
        return frozenset(ch for ch in _ASCII if ch not in out)
    return frozenset(out)


def _chars(chars: frozenset[str]) -> set[str]:
    return {ch.lower() for ch in chars}


def _seq(items: list, k: int, flags: int) -> set[str]:
    """Lower-cased strings of length <= k: complete matches shorter than k and k-prefixes of longer ones."""
    cur = {""}
    for item in items:
        if all(len(s) >= k for s in cur):
            break
        cache: dict[int, set[str]] = {}
        nxt: set[str] = set()
        for s in cur:
            room = k - len(s)
            if room <= 0:
                nxt.add(s)
                continue
            if room not in cache:
                cache[room] = _node(item, room, flags)
            nxt.update(s + t for t in cache[room])
        if len(nxt) > _MAX_STRINGS:
            raise _TooBig("size")
        cur = nxt
    return cur


def _node(item: tuple, k: int, flags: int) -> set[str]:
    op, av = item
    ic = bool(flags & re.IGNORECASE)
    if op is _c.LITERAL:
        return _chars(_literal(av, ic))
    if op is _c.IN:
        return _chars(_charset(av, ic))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}  # zero-width: ignoring the assertion only widens the set
    if op is _c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            out |= _seq(list(alt), k, flags)
            if len(out) > _MAX_STRINGS:
                raise _TooBig("size")
        return out
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _seq(list(sub), k, (flags | add_flags) & ~del_flags)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(list(av), k, flags)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        lo, hi, sub = av
        sub_items = list(sub)
        result: set[str] = {""} if lo == 0 else set()
        reps = {""}
        n = 0
        while n < hi:
            n += 1
            nxt: set[str] = set()
            for s in reps:
                if len(s) >= k:
                    nxt.add(s)
                else:
                    nxt.update(s + t for t in _seq(sub_items, k - len(s), flags))
            if len(nxt) > _MAX_STRINGS or n > 1000:
                raise _TooBig("repeat")
            if n >= lo or nxt == reps:
                result |= nxt
            if nxt == reps:
                break  # further repetitions give the same strings
            reps = nxt
        return result
    if op in (_c.ANY, _c.NOT_LITERAL):
        if op is _c.ANY:
            return _chars(frozenset(_ASCII))
        return _chars(frozenset(ch for ch in _ASCII if ch not in _literal(av, ic)))
    raise _TooBig(str(op))


class PrefixGate:
    """``may_match(text, i, end)``: False only when ``pattern.match(text, i, end)`` cannot succeed."""

    __slots__ = ("k", "short_lengths", "strings")

    def __init__(self, k: int, strings: set[str]) -> None:
        self.k = k
        self.strings = frozenset(strings)
        self.short_lengths = tuple(sorted({len(s) for s in strings if len(s) < k}))

    def may_match(self, text: str, i: int, end: int | None = None) -> bool:
        stop = i + self.k
        if end is not None and end < stop:
            stop = end
        t = text[i:stop]
        if not t.isascii():
            return True
        t = t.lower()
        strings = self.strings
        if t in strings:
            return True
        n = len(t)
        return any(length < n and t[:length] in strings for length in self.short_lengths)

    def lookahead(self) -> str:
        """The gate as a regex lookahead: true exactly where ``may_match`` is (letters in either case;
        any non-ASCII character among the next k lets everything through)."""
        root: dict[str, dict] = {}
        for s in self.strings:
            node = root
            for ch in s:
                if "" in node:
                    break  # a shorter string already accepts everything after it
                node = node.setdefault(ch, {})
            node.clear()
            node[""] = {}

        def emit(node: dict[str, dict]) -> str:
            if "" in node:
                return ""
            alts = []
            for ch, child in sorted(node.items()):
                head = f"[{ch}{ch.upper()}]" if ch.isalpha() else re.escape(ch)
                alts.append(head + emit(child))
            return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

        return r"(?=" + emit(root) + r"|[\s\S]{0," + str(self.k - 1) + r"}[^\x00-\x7f])"


def prefix_gate(pattern: re.Pattern[str], k: int = 3, nonempty: bool = False) -> PrefixGate | None:
    """A gate for ``pattern``: None when its possible starts cannot be listed, or when it can match the
    empty string (with ``nonempty``, the gate instead only speaks for non-empty matches; the caller must
    know that an empty match is impossible or irrelevant where it asks)."""
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        strings = _seq(list(parsed), k, pattern.flags)
    except (_TooBig, RecursionError, AttributeError, TypeError, ValueError):
        return None
    if "" in strings:
        if not nonempty:
            return None
        strings.discard("")
    return PrefixGate(k, strings)


def prefix_masks(gates: list[PrefixGate | None]) -> tuple[dict[str, int], int]:
    """The gates of several patterns tried at one position, as one table: a string (a gate's k-prefix or
    complete short match) -> the bits (``1 << index``) of the gates that list it, and the bits of the gates
    that are None (they let everything through). At a position whose next ``k`` characters (``k`` the largest
    gate length) are ASCII, lower-cased ``t``, the gates that may match are ``always | table[t] |
    table[t[:k-1]] | ... | table[t[:1]]``, a missing entry counting as 0."""
    table: dict[str, int] = {}
    always = 0
    for i, gate in enumerate(gates):
        if gate is None:
            always |= 1 << i
            continue
        for string in gate.strings:
            table[string] = table.get(string, 0) | 1 << i
    return table, always


def _reversed(items: list) -> list:
    """A parsed pattern with every sequence reversed: its matches are the original's, read backwards
    (assertions, which the analysis ignores, are left as they are)."""
    out: list = []
    for op, av in reversed(list(items)):
        if op is _c.SUBPATTERN:
            out.append((op, (av[0], av[1], av[2], _reversed(av[3]))))
        elif op is _c.BRANCH:
            out.append((op, (av[0], [_reversed(alt) for alt in av[1]])))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
            out.append((op, (av[0], av[1], _reversed(av[2]))))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            out.append((op, _reversed(av)))
        else:
            out.append((op, av))
    return out


def last_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters (ASCII, lower-cased) a non-empty match of ``pattern`` can end with; None when they
    cannot be listed. A text character outside ASCII must be let through."""
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        strings = _seq(_reversed(list(parsed)), 1, pattern.flags)
    except (_TooBig, RecursionError, AttributeError, TypeError, ValueError):
        return None
    return frozenset(strings - {""})


def gated(pattern: re.Pattern[str], prefix: str = "", nonempty: bool = False) -> re.Pattern[str] | None:
    """``pattern`` with its prefix gate in front as a lookahead (after ``prefix``, a zero-width regex):
    the same matches, groups and offsets, but a position that cannot start a match fails at once, in C.
    None when there is no gate or the pattern cannot be wrapped."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # the lookahead is written for case-sensitive, non-verbose patterns
    gate = prefix_gate(pattern, 3, nonempty)
    if gate is None:
        return None
    try:
        return re.compile(prefix + gate.lookahead() + "(?:" + pattern.pattern + ")", pattern.flags)
    except (re.error, RecursionError, OverflowError):
        return None


# ----------------------------------------------------------------------------------------------
# Alternations of phrases as prefix trees


def _fold_key(ch: str) -> str:
    """One representative of the characters ``re`` matches to ``ch`` case-insensitively (coarser is
    safe: it only keeps more branches apart)."""
    if _tolower is None or _extra_cases is None:  # pragma: no cover - other Pythons
        return ch.lower() if ch.isascii() and ch.lower() not in "iks" else "?"
    lo = _tolower(ord(ch))
    return chr(min((lo, *_extra_cases.get(lo, ()))))


def phrase_tokens(phrase: str, bounded: bool = False) -> list[tuple[str, str]]:
    """Tokens of a phrase for ``phrase_trie``: its characters, ``\\s+`` between words and, when
    ``bounded``, ``\\b`` before a leading and after a trailing letter or digit."""
    out: list[tuple[str, str]] = []
    if bounded and phrase[:1].isalnum():
        out.append(("b", r"\b"))
    for i, part in enumerate(phrase.split()):
        if i:
            out.append(("ws", r"\s+"))
        out.extend(("c", ch) for ch in part)
    if bounded and phrase[-1:].isalnum():
        out.append(("b", r"\b"))
    return out


def phrase_trie(phrases: list[list[tuple[str, str]]]) -> str:
    """The alternation of ``phrases`` (given longest first, as tokens), written as a prefix tree.

    Python's ``re`` tries the branches of an alternation one after the other, so hundreds of phrases
    cost hundreds of tries at each position; the tree only tries the branches that share the characters
    read so far. It matches exactly as the flat alternation does, with or without case folding around
    it: two phrases can both match at one position only when one extends the other token by token,
    and then both forms try the longer first. So branches keep the order of their first phrase; a
    phrase joins an existing branch only if its character there is the same and no branch whose
    character may match the same text (same letter in another case) was opened after it.
    """
    root: list = []  # entries: [fold key, exact key, regex, children], or None where a phrase ends
    for phrase in phrases:
        node = root
        for kind, rx in phrase:
            fold, exact, src = (
                ("c" + _fold_key(rx), "c" + rx, re.escape(rx)) if kind == "c" else (kind, kind, rx)
            )
            last = next((e for e in reversed(node) if e is not None and e[0] == fold), None)
            if last is not None and last[1] == exact:
                node = last[3]
            else:
                child: list = []
                node.append([fold, exact, src, child])
                node = child
        if None not in node:
            node.append(None)

    def emit(node: list) -> str:
        alts = ["" if e is None else e[2] + emit(e[3]) for e in node]
        if len(alts) == 1:
            return alts[0]
        if node[-1] is None:
            return "(?:" + "|".join(alts[:-1]) + ")?"
        return "(?:" + "|".join(alts) + ")"

    return emit(root)
