"""End to end on the demo corpus: what the v1 and judgement issues require of the seeds report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("seeds-report")
    run = subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "run", str(SEEDS), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    for name in ("report.json", "claims.csv", "report.html"):
        assert (out / name).stat().st_size > 0
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _claims(report: dict) -> dict[str, dict]:
    return {c["id"]: c for c in report["claims"]}


def _flagged(report: dict) -> list[tuple[str, dict, dict]]:
    cl = _claims(report)
    return [(d["kind"], cl[a], cl[b]) for d in report["discrepancies"] for a, b in d["conflicts"]]


def _has_pair(
    report: dict, surfaces: set[str], kinds: tuple[str, ...] = ("conflict", "disputed", "update")
) -> bool:
    return any(
        kind in kinds and {a["surface"].lower(), b["surface"].lower()} == surfaces
        for kind, a, b in _flagged(report)
    )


def test_schema(report: dict) -> None:
    assert report["version"] == 1 and report["generated_by"].startswith("factcheck ")
    assert len(report["articles"]) == 5
    claim_keys = {
        "id",
        "source",
        "subject",
        "metric",
        "value",
        "low",
        "high",
        "unit",
        "qualifier",
        "date",
        "sentence",
        "start",
        "end",
        "attribution",
        "rule",
    }
    assert all(claim_keys <= set(c) for c in report["claims"])
    assert all(
        {"id", "subject", "metric", "kind", "severity", "claims", "conflicts", "explanation"} <= set(d)
        for d in report["discrepancies"]
    )
    assert len({c["id"] for c in report["claims"]}) == len(report["claims"])


def test_offsets_point_at_the_figure(report: dict) -> None:
    for c in report["claims"]:
        text = Path(c["source"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["surface"]


def test_detained_and_deaths_conflicts_are_reported(report: dict) -> None:
    assert _has_pair(report, {"some 6,700", "some 7,000"}, ("conflict",))
    assert _has_pair(report, {"two", "three"}, ("conflict",))


def test_vote_share_is_disputed_not_a_conflict(report: dict) -> None:
    assert _has_pair(report, {"10.12%", "from 60% to 70%"}, ("disputed",))


@pytest.mark.parametrize(
    "surfaces",
    [
        {"80%", "80.1%"},
        {"80 percent", "80.1%"},
        {"over 80 percent", "80.1%"},  # rounding and bounds
        {"about 1.5 metres", "5 feet"},  # unit conversion
        {"around 122", "some 6,700"},
        {"around 122", "some 7,000"},
        {"around 122", "up to 7,000"},  # still held
        {"around 100,000", "about 5,000"},  # two different rallies
        {"hundreds", "some 7,000"},
        {"hundreds", "some 6,700"},  # one later march
    ],
)
def test_traps_are_not_flagged(report: dict, surfaces: set[str]) -> None:
    assert not _has_pair(report, surfaces)


def test_explanations_say_who_and_by_how_much(report: dict) -> None:
    for d in report["discrepancies"]:
        assert "%" in d["explanation"] and d["explanation"].endswith(".")
        assert 0 <= d["severity"] <= 1
