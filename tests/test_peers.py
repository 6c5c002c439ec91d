"""External yardsticks: run parse_quantities over test suites nobody on the team wrote.

Suites (data in ../shared/peers, see its README): Recognizers-Text English NumberModel,
NumberRangeModel, CurrencyModel, DimensionModel, TemperatureModel, AgeModel, and quantulum3's
``quantities.json``. A case passes when every expected entity is found with the same value
(ranges: the same bounds; currencies: the same ISO code; temperatures: the same scale) and, for a
case that expects nothing, when no count/money/percent/measure is returned.

Cases we do not aim to handle are listed one by one, with a reason, in
``tests/peers_out_of_scope.yaml``; every other case is in scope and each suite must pass >= 90%
of them. Run ``python tests/test_peers.py`` for a per-suite report and the failing cases.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.quantities import Quantity, parse_quantities  # noqa: E402

PEERS = ROOT.parent / "shared" / "peers"
OUT_OF_SCOPE = Path(__file__).with_name("peers_out_of_scope.yaml")
RT_SUITES = [
    "NumberModel",
    "NumberRangeModel",
    "CurrencyModel",
    "DimensionModel",
    "TemperatureModel",
    "AgeModel",
]
SUITES = [*RT_SUITES, "quantulum3"]
CLAIM_KINDS = {"count", "money", "percent", "measure", "age"}
MIN_RATE = 0.9


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-9)


def load_cases(suite: str) -> list[dict[str, Any]]:
    """The cases of one suite as ``{"input": str, "expected": [ {...}, ... ]}``."""
    if suite == "quantulum3":
        raw = json.loads((PEERS / "quantulum3" / "quantities.json").read_text(encoding="utf-8"))
        return [{"input": c["req"], "expected": [dict(r, _type="quantulum3") for r in c["res"]]} for c in raw]
    path = PEERS / "recognizers-text" / f"{suite}.json"
    raw = json.loads(path.read_text(encoding="utf-8-sig"))
    cases = []
    for c in raw:
        exp = []
        for r in c.get("Results", []):
            exp.append(
                dict(
                    r.get("Resolution") or {},
                    _type=r.get("TypeName") or r.get("Typename"),
                    _text=r.get("Text", ""),
                )
            )
        cases.append({"input": c["Input"], "expected": exp})
    return cases


_INTERVAL = re.compile(r"^([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$")
_TEMP = {"C": "degC", "F": "degF"}


def _match_one(e: dict[str, Any], qs: list[Quantity]) -> bool:
    t = e["_type"]
    if t == "quantulum3":
        want = float(e["value"])
        unc = e.get("uncertainty")
        for q in qs:
            if unc:
                if _close(q.low, want - unc) and _close(q.high, want + unc):
                    return True
            elif _close(q.value, want):
                return True
            elif q.unit == "percent" and _close(q.value, want) is False and e.get("unit") == "percentage":
                continue
        return False
    if t == "numberrange":
        m = _INTERVAL.match(e["value"].replace(" ", ""))
        if not m:
            return False
        lo = float(m.group(2)) if m.group(2) else None
        hi = float(m.group(3)) if m.group(3) else None
        for q in qs:
            q_lo = q.low if q.low is not None else (q.value if q.qualifier == "exact" else None)
            q_hi = q.high if q.high is not None else (q.value if q.qualifier == "exact" else None)
            if lo is not None and hi is not None:
                if _close(q.low, lo) and _close(q.high, hi):
                    return True
            elif (lo is not None and _close(q_lo, lo) and q.high is None) or (
                hi is not None and _close(q_hi, hi) and q.low is None
            ):
                return True
        return False
    if t in ("number", "percentage", "ordinal"):
        want = float(str(e["value"]).rstrip("%"))
        # our convention writes a fraction of a whole as a percentage: "a fifth" -> 20 percent
        return any(
            _close(q.value, want) or (q.unit == "percent" and t == "number" and _close(q.value, want * 100))
            for q in qs
        )
    value = float(e["value"]) if e.get("value") not in (None, "") else None
    if value is None:
        return True  # a unit mention with no number ("dollars"): nothing to check
    for q in qs:
        if not _close(q.value, value):
            continue
        if t == "currency":
            iso = e.get("isoCurrency")
            if iso and q.unit.split(" ")[0] not in (iso,):
                continue
            if q.kind != "money":
                continue
        if t == "temperature":
            u = (e.get("unit") or "")[:1].upper()
            if u in _TEMP and q.unit != _TEMP[u]:
                continue
        if t == "dimension" and q.kind not in ("measure", "percent", "money"):
            continue
        return True
    return False


#: what a suite's "expects nothing" case forbids: each model extracts only its own type
_FORBIDDEN = {
    "NumberModel": lambda q: q.kind == "count",
    "NumberRangeModel": lambda q: q.qualifier not in ("exact", "approx"),
    "CurrencyModel": lambda q: q.kind == "money",
    "DimensionModel": lambda q: q.kind == "measure" and q.unit not in ("degC", "degF"),
    "TemperatureModel": lambda q: q.unit in ("degC", "degF"),
    "AgeModel": lambda q: q.kind == "age",
    "quantulum3": lambda q: q.kind in CLAIM_KINDS,
}


def run_case(case: dict[str, Any], suite: str = "quantulum3") -> bool:
    """Whether parse_quantities handles one case."""
    qs = parse_quantities(case["input"])
    if not case["expected"]:
        return not any(_FORBIDDEN[suite](q) for q in qs)
    return all(_match_one(e, qs) for e in case["expected"])


def load_out_of_scope() -> dict[str, dict[int, str]]:
    """Suite -> {case index: reason} from tests/peers_out_of_scope.yaml."""
    data = yaml.safe_load(OUT_OF_SCOPE.read_text(encoding="utf-8")) or {}
    return {suite: {int(k): str(v) for k, v in (cases or {}).items()} for suite, cases in data.items()}


def run_suite(suite: str) -> tuple[int, int, list[int], list[int]]:
    """(passed, in scope, failing in-scope indices, out-of-scope indices that now pass)."""
    oos = load_out_of_scope().get(suite, {})
    passed = in_scope = 0
    failing: list[int] = []
    now_passing: list[int] = []
    for i, case in enumerate(load_cases(suite)):
        ok = run_case(case, suite)
        if i in oos:
            if ok:
                now_passing.append(i)
            continue
        in_scope += 1
        passed += ok
        if not ok:
            failing.append(i)
    return passed, in_scope, failing, now_passing


pytestmark = pytest.mark.skipif(not PEERS.exists(), reason="../shared/peers not present")


@pytest.mark.parametrize("suite", SUITES)
def test_suite_pass_rate(suite: str) -> None:
    """Each external suite passes at least 90% of its in-scope cases."""
    passed, in_scope, failing, _ = run_suite(suite)
    rate = passed / in_scope if in_scope else 1.0
    assert rate >= MIN_RATE, f"{suite}: {passed}/{in_scope} = {rate:.1%} (failing: {failing[:20]})"


def test_out_of_scope_entries_have_reasons() -> None:
    """Every out-of-scope entry names a real case and gives a reason."""
    oos = load_out_of_scope()
    for suite, cases in oos.items():
        assert suite in SUITES, suite
        n = len(load_cases(suite))
        for idx, reason in cases.items():
            assert 0 <= idx < n, (suite, idx)
            assert reason.strip(), (suite, idx)


def main() -> None:
    """Print pass rates per suite, and the failing cases."""
    for suite in SUITES:
        passed, in_scope, failing, now_passing = run_suite(suite)
        total = len(load_cases(suite))
        rate = passed / max(in_scope, 1)
        print(
            f"{suite:<18} {passed}/{in_scope} in scope = {rate:.1%} ({total - in_scope} out of scope, "
            f"{total} cases; out-of-scope now passing: {len(now_passing)})"
        )
        if "-v" in sys.argv:
            cases = load_cases(suite)
            for i in failing:
                qs = parse_quantities(cases[i]["input"])
                got = [(q.text, q.value, q.low, q.high, q.unit, q.kind) for q in qs]
                keep = ("value", "unit", "isoCurrency", "uncertainty", "_text")
                exp = [{k: v for k, v in e.items() if k in keep} for e in cases[i]["expected"]]
                print(f"  FAIL {suite}:{i} {cases[i]['input'][:100]!r}\n     expected {exp}\n     got {got}")


if __name__ == "__main__":
    main()
