"""Units: the pint registry with newsroom definitions, the unit lexicon and base-unit conversion.

The registry is built once (``get_registry`` is cached) from pint's defaults plus
``data/newsroom_units.txt``, which makes every currency its own dimension and adds
``percentage_point``, ``crore`` and ``lakh``. The surface forms that name units in text
live in ``data/units.yaml``; this module turns them into lookup tables and regular
expressions for the parser, so the hot path never calls pint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from factcheck.quantities.gates import phrase_tokens, phrase_trie

DATA = Path(__file__).resolve().parent / "data"

#: Units whose zero is not absolute: converted as temperatures, not as differences.
_ABSOLUTE_TEMPERATURES = {"degC": "degC", "degF": "degC", "kelvin": "degC", "degK": "degC"}
#: Units kept as they are by ``to_base`` (shares and currencies are compared as written).
_KEEP = {"", "percent", "percentage_point", "basis_point"}


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What a unit surface form stands for."""

    unit: str  # pint unit name ("kilometer", "USD", "percent")
    kind: str  # Quantity.kind it gives ("measure", "money", "percent")


def load_yaml(name: str) -> Any:
    """Load one YAML data file from ``factcheck/quantities/data``."""
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # C parser: fast start


@lru_cache(maxsize=1)
def get_registry() -> Any:
    """The shared pint ``UnitRegistry`` with the newsroom definitions loaded (built once)."""
    import pint

    try:  # pint's parsed-definitions cache makes a cold start about ten times faster
        ureg: pint.UnitRegistry = pint.UnitRegistry(
            autoconvert_offset_to_baseunit=True, cache_folder=":auto:"
        )
    except Exception:  # an unwritable cache folder must not stop the run
        ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.load_definitions(str(DATA / "newsroom_units.txt"))
    return ureg


@lru_cache(maxsize=512)
def _base_of(unit: str) -> tuple[float, float, str]:
    """(factor, offset, base unit) so that base = value * factor + offset."""
    if unit in _KEEP:
        return 1.0, 0.0, unit
    ureg = get_registry()
    if unit in _ABSOLUTE_TEMPERATURES:
        target = _ABSOLUTE_TEMPERATURES[unit]
        zero = ureg.Quantity(0.0, unit).to(target).magnitude
        one = ureg.Quantity(1.0, unit).to(target).magnitude
        return one - zero, zero, target
    q = ureg.Quantity(1.0, unit)
    dims = q.dimensionality
    if len(dims) == 1 and next(iter(dims)).startswith("[currency_"):
        # Currencies stay as themselves, except sub-units (cent, penny) which become their currency.
        base = q.to_base_units()
        return float(base.magnitude), 0.0, str(base.units)
    base = q.to_base_units()
    return float(base.magnitude), 0.0, str(base.units)


def to_base(value: float, unit: str) -> tuple[float, str]:
    """Convert ``value`` in ``unit`` to base units for comparison.

    Temperatures are absolute (``40 degC == 104 degF`` both give ``(40.0, "degC")``), percent and
    percentage points stay as they are, currencies stay as themselves and ``""`` stays ``""``.
    Unknown units are returned unchanged.
    """
    try:
        factor, offset, base = _base_of(unit or "")
    except Exception:
        return value, unit
    out = value * factor + offset
    return (float(f"{out:.12g}") if out == out else out), base


def _form_regex(form: str) -> str:
    """A regex for one surface form: spaces match any run of whitespace."""
    return r"\s+".join(re.escape(part) for part in form.split())


@dataclass(frozen=True, slots=True)
class UnitLexicon:
    """Compiled unit and currency lookups built from ``data/units.yaml``."""

    by_form: dict[str, UnitInfo]  # lower-cased (or exact) surface form -> unit
    unit_after: re.Pattern[str]  # unit written after a number (at a position)
    attached_after: re.Pattern[str]  # unit written right after the digits ("40C", "10m")
    currency_before: re.Pattern[str]  # currency symbol/code written before a number (at end of slice)
    currency_prefix: dict[str, str]  # symbol/code -> ISO code
    currency_names: dict[str, str]  # lower-cased name written after a number -> unit


def _alternation(forms: list[str], flags_i: bool) -> str:
    forms = sorted(set(forms), key=len, reverse=True)
    body = phrase_trie([phrase_tokens(f) for f in forms])  # the flat "|".join, as a prefix tree
    return f"(?i:{body})" if flags_i else f"(?:{body})"


@lru_cache(maxsize=1)
def get_lexicon() -> UnitLexicon:
    """The unit lexicon (built once from ``data/units.yaml``)."""
    data = load_yaml("units.yaml")
    by_form: dict[str, UnitInfo] = {}
    loose: list[str] = []
    exact: list[str] = []
    attached: list[str] = []
    for unit, spec in data["units"].items():
        info = UnitInfo(unit, spec.get("kind", "measure"))
        for form in spec.get("forms", []) or []:
            by_form[_key(form)] = info
            loose.append(form)
        for form in spec.get("exact", []) or []:
            by_form[_key(form, exact=True)] = info
            exact.append(form)
        for form in spec.get("attached", []) or []:
            by_form[_key(form, exact=True)] = info
            attached.append(form)
    currency_prefix: dict[str, str] = {}
    currency_names: dict[str, str] = {}
    for code, spec in data["currencies"].items():
        unit = spec.get("unit", code)
        for p in spec.get("prefix", []) or []:
            currency_prefix[_key(p, exact=True)] = unit
        for n in spec.get("names", []) or []:
            currency_names[_key(n)] = unit
            by_form[_key(n)] = UnitInfo(unit, "money")
            loose.append(n)
        for p in spec.get("prefix", []) or []:
            if p.isalpha() and p.isupper() and len(p) == 3:  # ISO codes may follow the number
                by_form[_key(p, exact=True)] = UnitInfo(unit, "money")
                exact.append(p)
    end = r"(?![\w°%$€£])"
    unit_after = re.compile(
        r"(?P<sp>[ \t\u00a0]*(?:-[ \t]*)?)(?P<u>"
        + _alternation(loose, True)
        + "|"
        + _alternation(exact, False)
        + r")"
        + end
        + r"(?:(?<!\.\w\.)|(?<=\.p\.h\.))"  # "U.S." is not a unit; "m.p.h." is
    )
    attached_after = re.compile(r"(?P<u>" + _alternation(attached, False) + r")" + end)
    prefixes = sorted(currency_prefix, key=len, reverse=True)
    alpha = [p for p in prefixes if p[0].isalpha()]
    symbols = [p for p in prefixes if not p[0].isalpha()]
    currency_before = re.compile(
        r"(?:(?<![\w$])(?P<ca>"
        + phrase_trie([phrase_tokens(p) for p in alpha])
        + r")|(?P<cs>"
        + "|".join(_form_regex(p) for p in symbols)
        + r"))[ \t\u00a0]*$"
    )
    return UnitLexicon(by_form, unit_after, attached_after, currency_before, currency_prefix, currency_names)


def _key(form: str, exact: bool = False) -> str:
    """Normalised lookup key of a surface form (whitespace collapsed; lower-cased unless exact)."""
    form = " ".join(form.split())
    return form if exact else form.lower()


def lookup_unit(surface: str) -> UnitInfo | None:
    """The unit a matched surface form stands for (exact spelling first, then lower-cased)."""
    lex = get_lexicon()
    key = " ".join(surface.split())
    return lex.by_form.get(key) or lex.by_form.get(key.lower())


def lookup_currency_prefix(surface: str) -> str | None:
    """The ISO code of a currency symbol or code written before a number (codes in any case)."""
    key = " ".join(surface.split())
    prefixes = get_lexicon().currency_prefix
    return prefixes.get(key) or (_upper_prefixes().get(key.upper()) if len(key) > 1 else None)


@lru_cache(maxsize=1)
def _upper_prefixes() -> dict[str, str]:
    return {k.upper(): v for k, v in get_lexicon().currency_prefix.items() if len(k) > 1}
