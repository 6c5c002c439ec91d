"""Metric rules: YAML files under ``rules/`` loaded into frozen, self-checking definitions.

A rule's id comes from its path (``rules/casualties/deaths.yml`` -> ``casualties.deaths``), as in
Vale. Every file is validated at load time, before any article is read; a broken file raises
RuleFileError naming the file, the line and the fix. The file format is documented in
``rules/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import RuleFileError

RULE_TYPES = ("count", "share", "money", "measure")
TIMINGS = ("cumulative", "snapshot", "event", "fixed")
LEVELS = ("error", "warning")
COUNTS = ("people", "things", "any", "none")
DIMENSIONS = (
    "",
    "percent",
    "currency",
    "[length]",
    "[temperature]",
    "[area]",
    "[mass]",
    "[time]",
    "[speed]",
    "magnitude",
)

#: keys each rule file may have; anything else is an error (catches typos such as "signal:")
RULE_KEYS = {
    "type": "one of " + ", ".join(RULE_TYPES),
    "metric": "the metric name shown in reports, e.g. 'people killed'",
    "message": "one line shown with a discrepancy of this metric",
    "level": "error or warning",
    "timing": "cumulative (a running total: later and larger is an update), snapshot (a level that changes: "
    "later and different is an update), event (belongs to one day's event: other days are not compared) "
    "or fixed (a fact that does not change)",
    "dimension": "the expected unit dimension: " + ", ".join(repr(d) for d in DIMENSIONS),
    "signals": "list of words or phrases that signal the metric near the figure ('kill*' = any ending)",
    "nouns": "list of nouns counted by the figure that signal the metric ('deaths', 'bodies')",
    "exclude": "list of phrases that veto the metric when they are near the figure",
    "counts": "for count rules: people (default; person nouns such as 'miners' fit), things (only its nouns "
    "fit) or any",
    "priority": "number; higher wins when two rules score the same",
    "values": "[min, max]: plausible values; a figure outside is not this metric (magnitudes: 0 to 10)",
    "subject": "agent: who the figure belongs to (the candidate of a vote share); place: the place it is "
    "measured from (the town a distance is 'south of'); recipient: who a cap is per ('per household')",
    "caps": "true when the figure is itself a cap ('grants of up to €6,000'): 'up to' is the exact figure",
    "match_context": "true to compare two figures only when their clauses read alike (distances, sizes)",
    "description": "free text for rule authors",
    "examples": "list of {text, value} or {text, metric: null} cases, run as tests",
}

_SOURCE_RULES = Path(__file__).resolve().parent.parent / "rules"  # a source checkout or editable install
_PACKAGED_RULES = Path(__file__).resolve().parent / "rules_builtin"  # a wheel: setup.py copies rules/ in
# the built-in rules: the project's rules/ beside the package, or the copy a wheel carries
DEFAULT_RULES_DIR = (
    _SOURCE_RULES if _SOURCE_RULES.is_dir() or not _PACKAGED_RULES.is_dir() else _PACKAGED_RULES
)


def default_rules_dir(cwd: Path | None = None) -> Path:
    """The rules folder used when none is given: ``rules/`` in the current folder when it is one (it
    has ``_lexicon.yml``; an editor's extended copy, whatever the install), else the built-in rules."""
    here = (cwd or Path.cwd()) / "rules"
    return here if (here / "_lexicon.yml").is_file() else DEFAULT_RULES_DIR


def phrase_regex(phrase: str) -> str:
    """Regex source for a rule phrase: words separated by spaces, '*' as 'any word ending'."""
    words = phrase.strip().lower().split()
    parts = []
    for w in words:
        star = w.endswith("*")
        core = re.escape(w.rstrip("*"))
        parts.append(core + (r"[\w'-]*" if star else ""))
    return r"\b" + r"\s+".join(parts) + r"\b"


_FIRST_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PhraseGate:
    """A necessary condition for any of a list of phrases to occur: one of their first words.

    Texts are given as their set of lower-case ``\\w+`` words and as those words joined with
    leading spaces; a phrase whose first word ends in '*' needs a word starting with its stem.
    Checking this before the phrases' regex skips most rules for most figures.
    """

    words: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()
    always: bool = False  # a phrase starts with no word character: no condition can be given

    @classmethod
    def of(cls, phrases: tuple[str, ...]) -> PhraseGate:
        """The gate of ``phrases`` (as written in a rule: words, '*' ending a word)."""
        words: set[str] = set()
        stems: list[str] = []
        for phrase in phrases:
            first = phrase.strip().lower().split()[0]
            core = first.rstrip("*")
            m = _FIRST_WORD.match(core)
            if m is None:
                return cls(always=True)
            if first.endswith("*") and m.group(0) == core:
                stems.append(" " + core)
            else:
                words.add(m.group(0))
        return cls(frozenset(words), tuple(stems))

    def may_match(self, words: frozenset[str], joined: str) -> bool:
        """False when no phrase can occur in the text with these words."""
        return (
            self.always
            or not self.words.isdisjoint(words)
            or any(stem in joined for stem in self.stems)
        )


#: characters that re.IGNORECASE matches with an ASCII letter but str.lower() does not turn into it
_CASE_EXOTIC = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K (Kelvin sign)


def plain_case(text: str) -> bool:
    """True when ``text`` has none of the few characters for which lower-casing and IGNORECASE disagree.

    For such text, an ASCII phrase that a case-insensitive pattern finds is also in ``text.lower()``,
    so a gate built from lower-cased words is a necessary condition for the pattern.
    """
    return text.isascii() or _CASE_EXOTIC.search(text) is None


class KeywordGate:
    """A necessary condition for a case-insensitive search for any of some words or phrases.

    The pattern can only match where one of the phrases occurs ('*' endings dropped), so a text whose
    lower-cased form holds none of them needs no search. Non-ASCII phrases disable the gate.
    """

    __slots__ = ("_keys",)

    def __init__(self, phrases: list[str] | tuple[str, ...]) -> None:
        keys = {p.rstrip("*").lower() for p in phrases}
        # a phrase that holds another is found with it ("another" with "other")
        keys = {k for k in keys if not any(o != k and o in k for o in keys)}
        self._keys = tuple(sorted(keys)) if keys and all(k and k.isascii() for k in keys) else None

    def may_occur(self, text: str) -> bool:
        """False only when no phrase can occur in ``text``."""
        if self._keys is None or not plain_case(text):
            return True
        low = text.lower()
        for key in self._keys:  # noqa: SIM110 - a loop of ``in`` is twice as fast as any() over a generator
            if key in low:
                return True
        return False


class GateIndex:
    """Which of many gates a text passes, from its words: one dict lookup per word, not one test per gate."""

    def __init__(self, gates: tuple[PhraseGate, ...]) -> None:
        by_word: dict[str, set[int]] = {}
        by_stem: dict[str, set[int]] = {}
        self.always = frozenset(i for i, g in enumerate(gates) if g.always)
        for i, g in enumerate(gates):
            for w in g.words:
                by_word.setdefault(w, set()).add(i)
            for st in g.stems:
                by_stem.setdefault(st, set()).add(i)
        self.by_word = {w: frozenset(ix) for w, ix in by_word.items()}
        self.words = frozenset(self.by_word)
        # one scan for all stems: at each place the longest stem that fits is found, and it stands
        # for every stem that is a prefix of it (they fit there too)
        self.by_stem = {
            st: frozenset().union(*(ix for other, ix in by_stem.items() if st.startswith(other)))
            for st in by_stem
        }
        alts = "|".join(re.escape(st) for st in sorted(by_stem, key=len, reverse=True))
        self.stem_re = re.compile(alts) if alts else None

    def passing(self, words: frozenset[str], joined: str) -> set[int]:
        """Indices of the gates the text passes (``PhraseGate.may_match`` of each, at once)."""
        out = set(self.always)
        for w in words & self.words:
            out |= self.by_word[w]
        if self.stem_re is not None:
            for st in self.stem_re.findall(joined):
                out |= self.by_stem[st]
        return out


@dataclass(frozen=True)
class RuleDefinition:
    """One metric rule, validated on construction."""

    id: str
    path: str
    type: str
    metric: str
    timing: str = "fixed"
    dimension: str = ""
    level: str = "error"
    message: str = ""
    signals: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    priority: float = 0.0
    counts: str = "people"
    match_context: bool = False
    caps: bool = False
    values: tuple[float, float] | None = None
    subject: str = ""
    examples: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    signal_res: tuple[re.Pattern[str], ...] = field(default=(), compare=False, hash=False, repr=False)
    exclude_res: tuple[re.Pattern[str], ...] = field(default=(), compare=False, hash=False, repr=False)
    any_signal_re: re.Pattern[str] = field(default=re.compile("(?!)"), compare=False, hash=False, repr=False)
    any_exclude_re: re.Pattern[str] = field(default=re.compile("(?!)"), compare=False, hash=False, repr=False)
    signal_gate: PhraseGate = field(default=PhraseGate(), compare=False, hash=False, repr=False)
    #: one gate per signal phrase, in the order of ``signal_res``
    signal_gates: tuple[PhraseGate, ...] = field(default=(), compare=False, hash=False, repr=False)
    exclude_gate: PhraseGate = field(default=PhraseGate(), compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        def fail(key: str, problem: str, hint: str = "") -> None:
            raise RuleFileError(self.path, self.lines.get(key), problem, hint)

        if self.type not in RULE_TYPES:
            fail("type", f"unknown type {self.type!r}", "use one of: " + ", ".join(RULE_TYPES))
        if self.timing not in TIMINGS:
            fail("timing", f"unknown timing {self.timing!r}", "use one of: " + ", ".join(TIMINGS))
        if self.subject not in ("", "agent", "place", "recipient"):
            fail("subject", f"unknown subject {self.subject!r}", "use 'agent', 'place' or leave it out")
        if self.counts not in COUNTS:
            fail("counts", f"unknown counts {self.counts!r}", "use one of: " + ", ".join(COUNTS))
        if self.level not in LEVELS:
            fail("level", f"unknown level {self.level!r}", "use one of: " + ", ".join(LEVELS))
        if self.dimension not in DIMENSIONS:
            fail(
                "dimension",
                f"unknown dimension {self.dimension!r}",
                "use one of: " + ", ".join(map(repr, DIMENSIONS)),
            )
        if not self.metric.strip():
            fail("metric", "metric is empty", "give the metric a name such as 'people killed'")
        if not self.signals and not self.nouns:
            fail(
                "signals",
                "a rule needs at least one of 'signals' or 'nouns'",
                "list the words that signal it",
            )
        compiled: dict[str, list[re.Pattern[str]]] = {"signals": [], "exclude": []}
        for key in ("signals", "nouns", "exclude"):
            for phrase in getattr(self, key):
                if not isinstance(phrase, str) or not phrase.strip():
                    fail(key, f"{key} entries must be non-empty strings, got {phrase!r}")
                if re.search(r"[\\()\[\]{}+?|^$]", phrase):
                    fail(
                        key, f"{phrase!r} contains regex syntax", "write plain words; use '*' for any ending"
                    )
                if phrase.count("*") > 1 or (
                    "*" in phrase and not phrase.rstrip().endswith("*") and "* " not in phrase
                ):
                    fail(key, f"{phrase!r}: '*' may only end a word", "write 'injur*', not 'in*jured'")
                if key != "nouns":
                    compiled[key].append(re.compile(phrase_regex(phrase), re.I))
        object.__setattr__(self, "signal_res", tuple(compiled["signals"]))
        object.__setattr__(self, "exclude_res", tuple(compiled["exclude"]))
        # one alternation per list: a single search says whether any phrase occurs at all (the fast path)
        for key, attr in (("signals", "any_signal_re"), ("exclude", "any_exclude_re")):
            phrases = sorted((p for p in getattr(self, key)), key=len, reverse=True)
            src = "|".join(f"(?:{phrase_regex(p)})" for p in phrases) or "(?!)"
            object.__setattr__(self, attr, re.compile(src, re.I))
        object.__setattr__(self, "signal_gate", PhraseGate.of(self.signals))
        object.__setattr__(self, "signal_gates", tuple(PhraseGate.of((p,)) for p in self.signals))
        object.__setattr__(self, "exclude_gate", PhraseGate.of(self.exclude))

    @property
    def cumulative(self) -> bool:
        """A running count: later, larger figures are updates."""
        return self.timing == "cumulative"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader that records the line of each top-level key."""


def _load_with_lines(text: str, path: str) -> tuple[Any, dict[str, int]]:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for k, _v in node.value:
                if str(k.value) in lines:
                    raise RuleFileError(path, k.start_mark.line + 1, f"duplicate key '{k.value}'",
                                        f"it is already set on line {lines[str(k.value)]}; keep one")
                lines[str(k.value)] = k.start_mark.line + 1
        data = loader.construct_document(node)
        return data, lines
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleFileError(
            path, line, f"malformed YAML: {exc.problem}", "check indentation and quoting"
        ) from None
    finally:
        loader.dispose()


def _as_str_tuple(value: Any, key: str, path: str, line: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad = next((v for v in value if not isinstance(v, str)), value) if isinstance(value, list) else value
        raise RuleFileError(
            path,
            line,
            f"'{key}' must be a list of strings, found {bad!r}",
            "quote words YAML reads as booleans or numbers: 'off', 'no', 'false'",
        )
    return tuple(value)


def _as_range(value: Any, path: str, line: int | None) -> tuple[float, float] | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    )
    if not ok:
        raise RuleFileError(
            path, line, f"'values' must be [min, max] with min <= max, got {value!r}", "write values: [0, 10]"
        )
    return (float(value[0]), float(value[1]))


def _as_bool(value: Any, path: str, line: int | None, key: str) -> bool:
    if not isinstance(value, bool):
        raise RuleFileError(path, line, f"'{key}' must be true or false, got {value!r}")
    return value


def rule_id_for(path: Path, root: Path) -> str:
    """Rule id from its path relative to the rules folder: folder.stem."""
    rel = path.relative_to(root).with_suffix("")
    return ".".join(rel.parts)


def load_rule_file(path: Path, root: Path) -> RuleDefinition:
    """Load and validate one rule file."""
    spath = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(spath, None, f"cannot read rule file: {exc}") from None
    data, lines = _load_with_lines(text, spath)
    if not isinstance(data, dict):
        raise RuleFileError(
            spath, 1, "a rule file must be a YAML mapping of keys", "start with 'type: count'"
        )
    for key in data:
        if key not in RULE_KEYS:
            known = ", ".join(sorted(RULE_KEYS))
            raise RuleFileError(spath, lines.get(str(key)), f"unknown key {key!r}", f"known keys: {known}")
    for required in ("type", "metric"):
        if required not in data:
            raise RuleFileError(spath, 1, f"missing required key '{required}'", RULE_KEYS[required])
    for key in (
        "type",
        "metric",
        "timing",
        "dimension",
        "level",
        "message",
        "description",
        "counts",
        "subject",
    ):
        if key in data and not isinstance(data[key], str):
            raise RuleFileError(
                spath,
                lines.get(key),
                f"'{key}' must be a string, got {type(data[key]).__name__}",
                RULE_KEYS[key],
            )
    priority = data.get("priority", 0)
    if isinstance(priority, bool) or not isinstance(priority, (int, float)):
        raise RuleFileError(spath, lines.get("priority"), "'priority' must be a number")
    examples = data.get("examples") or []
    if not isinstance(examples, list) or not all(isinstance(e, dict) and "text" in e for e in examples):
        raise RuleFileError(spath, lines.get("examples"), "'examples' must be a list of mappings with 'text'")
    return RuleDefinition(
        id=rule_id_for(path, root),
        path=spath,
        type=data["type"],
        metric=data["metric"],
        timing=data.get("timing", "fixed"),
        dimension=data.get("dimension", ""),
        level=data.get("level", "error"),
        message=data.get("message", ""),
        signals=_as_str_tuple(data.get("signals"), "signals", spath, lines.get("signals")),
        nouns=tuple(n.lower() for n in _as_str_tuple(data.get("nouns"), "nouns", spath, lines.get("nouns"))),
        exclude=_as_str_tuple(data.get("exclude"), "exclude", spath, lines.get("exclude")),
        priority=float(priority),
        counts=data.get("counts", "people" if data["type"] == "count" else "any"),
        match_context=_as_bool(
            data.get("match_context", False), spath, lines.get("match_context"), "match_context"
        ),
        caps=_as_bool(data.get("caps", False), spath, lines.get("caps"), "caps"),
        values=_as_range(data.get("values"), spath, lines.get("values")),
        subject=data.get("subject", ""),
        examples=tuple(examples),
        lines=lines,
    )


@dataclass(frozen=True)
class RuleSet:
    """All rules of a rules folder, plus the shared lexicons (files whose name starts with '_')."""

    root: str
    rules: tuple[RuleDefinition, ...]
    lexicon: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def by_id(self, rule_id: str) -> RuleDefinition | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)


def load_rules(root: str | Path | None = None) -> RuleSet:
    """Load every ``*.yml``/``*.yaml`` rule under ``root`` (sorted); '_'-prefixed files are lexicons."""
    base = Path(root) if root is not None else default_rules_dir()
    if not base.is_dir():
        raise RuleFileError(
            str(base), None, "rules folder not found", "pass --rules DIR pointing at a rules folder"
        )
    rules: list[RuleDefinition] = []
    lexicon: dict[str, Any] = {}
    seen: dict[str, str] = {}
    files = sorted(p for p in base.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    for path in files:
        if path.name.startswith("_"):
            try:
                lex_text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RuleFileError(str(path), None, f"cannot read lexicon file: {exc}",
                                    "save it as UTF-8") from None
            data, lines = _load_with_lines(lex_text, str(path))
            if not isinstance(data, dict):
                raise RuleFileError(str(path), 1, "a lexicon file must be a YAML mapping of lists")
            for key, value in data.items():
                line = lines.get(str(key))
                if not isinstance(value, list):
                    raise RuleFileError(str(path), line, f"lexicon entry {key!r} must be a list")
                bad = [v for v in value if not isinstance(v, str)]
                if bad:
                    raise RuleFileError(
                        str(path),
                        line,
                        f"lexicon entry {key!r} has a non-string item {bad[0]!r}",
                        "quote words YAML reads as booleans or numbers: 'off', 'no', 'false'",
                    )
                lexicon.setdefault(key, []).extend(value)
            continue
        rule = load_rule_file(path, base)
        if rule.metric in seen:
            raise RuleFileError(
                str(path),
                rule.lines.get("metric"),
                f"metric {rule.metric!r} is already defined by {seen[rule.metric]}",
                "give each rule its own metric name",
            )
        seen[rule.metric] = str(path)
        rules.append(rule)
    if not rules:
        raise RuleFileError(str(base), None, "no rule files (*.yml) found", "add at least one rule file")
    return RuleSet(root=str(base), rules=tuple(rules), lexicon=lexicon)


__all__ = [
    "DEFAULT_RULES_DIR",
    "RuleDefinition",
    "RuleSet",
    "default_rules_dir",
    "load_rule_file",
    "load_rules",
]
