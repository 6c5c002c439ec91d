"""`factcheck check` end to end against a real DuckDB store of the seeds; formats; acknowledgements (#6).

The draft is one seed article checked against a store of the others. The extractor is tuned
while these tests live, so the draft is chosen at run time (the first of 004, 003, ... that
conflicts with the rest) and no test counts claims exactly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.check import (
    FINDING_COLUMNS,
    check,
    check_files,
    finding_id,
    mask_acks,
    parse_acks,
    read_baseline,
)
from factcheck.cli import main
from factcheck.store import ClaimStore, index_paths

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FACTCHECK = Path(sys.executable).with_name("factcheck")
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not found")
PREFERRED = ("004_", "003_", "002_", "001_", "000_")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """{'draft': path, 'store': path, 'archive': folder, 'findings': DataFrame}: a seed that conflicts."""
    root = tmp_path_factory.mktemp("check")
    seeds = sorted(
        SEEDS.iterdir(),
        key=lambda p: next((i for i, pre in enumerate(PREFERRED) if p.name.startswith(pre)), 99),
    )
    for i, draft_src in enumerate(seeds):
        case = root / f"case{i}"
        archive = case / "archive"
        archive.mkdir(parents=True)
        for p in SEEDS.iterdir():
            if p != draft_src:
                shutil.copy(p, archive / p.name)
        draft = case / "draft.txt"
        shutil.copy(draft_src, draft)
        store = case / "store.duckdb"
        with ClaimStore(store, read_only=False, create=True) as st:
            index_paths(st, [str(archive)])
        result = check_files([str(draft)], store)
        if (result.findings["kind"] == "conflict").any():
            return {
                "draft": draft,
                "store": store,
                "archive": archive,
                "findings": result.findings,
                "dir": case,
            }
    pytest.skip("no seed article conflicts with the others under the current extractor")


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(FACTCHECK), *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_conflicting_draft_exits_1_and_lists_conflicts(setup: dict) -> None:
    proc = _cli("check", "draft.txt", "--store", "store.duckdb", cwd=setup["dir"])
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    conflicts = [
        ln
        for ln in lines
        if re.match(r"^draft\.txt:\d+:\d+: conflict: .+ here vs .+ in .+\[f[0-9a-f]{12}\]$", ln)
    ]
    assert conflicts, proc.stdout
    assert "check failed" in lines[-1]
    text = setup["draft"].read_text(encoding="utf-8").splitlines()
    f = setup["findings"].iloc[0]
    assert 1 <= f["line"] <= len(text) and 1 <= f["col"] <= len(text[f["line"] - 1]) + 1


def test_consistent_draft_exits_0(setup: dict) -> None:
    """A draft restating one archive article's figures (none of them in a discrepancy) is clean."""
    from factcheck.pipeline import run_pipeline

    res = run_pipeline([str(setup["archive"])])
    involved = {c for ids in res.discrepancies["claims"] for c in ids}
    bad_sentences = set(res.claims.loc[res.claims["id"].isin(involved), "sentence"])
    agreed = res.claims[~res.claims["sentence"].isin(bad_sentences) & res.claims["published"].notna()]
    assert len(agreed), "no archive claim outside a discrepancy"
    source = agreed["source"].value_counts().index[0]
    mine = agreed[agreed["source"] == source]
    sentences = list(dict.fromkeys(s.strip() for s in mine["sentence"] if s and s.strip()))
    draft = setup["dir"] / "consistent.md"
    draft.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(
        main,
        [
            "check",
            str(draft),
            "--store",
            str(setup["store"]),
            "--format",
            "json",
            "--published",
            mine["published"].iloc[0],
        ],
    )
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["summary"]["failing"] == 0 and doc["summary"]["draft_claims"] >= 1
    none = setup["dir"] / "plain.md"
    none.write_text("The minister spoke to reporters on Monday about the plans.\n", encoding="utf-8")
    assert runner.invoke(main, ["check", str(none), "--store", str(setup["store"])]).exit_code == 0


def test_input_errors_exit_2_with_one_line(setup: dict, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(os.urandom(5000))
    for args in (
        ["check", str(tmp_path / "nope.md"), "--store", str(setup["store"])],
        ["check", str(setup["draft"]), "--store", str(garbage)],
        ["check", str(setup["draft"]), "--store", str(tmp_path / "missing.duckdb")],
        ["check", str(setup["draft"]), "--store", str(setup["store"]), "--against", str(tmp_path)],
        ["check", str(setup["draft"]), "--published", "2020-13-40"],
        ["check", str(setup["draft"]), "--store", str(setup["store"]), "--baseline", str(garbage)],
        ["check"],
    ):
        proc = _cli(*args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip(), args
    proc = _cli("check", str(tmp_path / "nope.md"), "--store", str(setup["store"]))
    assert proc.stderr.strip().splitlines() == [f"factcheck: error: {tmp_path / 'nope.md'}: no such file"]


def test_against_paths_without_a_store(setup: dict) -> None:
    out = CliRunner().invoke(main, ["check", str(setup["draft"]), "--against", str(setup["archive"])])
    assert out.exit_code == 1 and ": conflict: " in out.output


def test_fail_on_levels(setup: dict) -> None:
    runner = CliRunner()
    base = ["check", str(setup["draft"]), "--store", str(setup["store"])]
    assert runner.invoke(main, [*base, "--fail-on", "never"]).exit_code == 0
    for level in ("conflict", "disputed", "update"):
        assert runner.invoke(main, [*base, "--fail-on", level]).exit_code == 1
    assert runner.invoke(main, [*base, "--fail-on", "bogus"]).exit_code == 2


def test_json_format_follows_the_discrepancy_schema(setup: dict) -> None:
    out = CliRunner().invoke(
        main, ["check", str(setup["draft"]), "--store", str(setup["store"]), "--format", "json"]
    )
    doc = json.loads(out.output)
    assert doc["summary"]["conflict"] >= 1
    claim_ids = {c["id"] for c in doc["claims"]}
    for f in doc["findings"]:
        for key in ("id", "subject", "metric", "kind", "severity", "claims", "conflicts", "explanation"):
            assert key in f
        assert set(f["claims"]) <= claim_ids
        assert f["conflicts"] == [f["claims"]]


def test_github_annotations(setup: dict) -> None:
    out = CliRunner().invoke(
        main, ["check", str(setup["draft"]), "--store", str(setup["store"]), "--format", "github"]
    )
    ann = [ln for ln in out.output.splitlines() if ln.startswith("::")]
    assert ann and all(
        re.match(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^:]+::\S", a) for a in ann
    )
    assert any(a.startswith("::error ") for a in ann)


def test_sarif_structure(setup: dict) -> None:
    out = CliRunner().invoke(
        main, ["check", str(setup["draft"]), "--store", str(setup["store"]), "--format", "sarif"]
    )
    doc = json.loads(out.output)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-schema-2.1.0.json")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "factcheck"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert run["results"]
    for r in run["results"]:
        assert r["ruleId"] in rule_ids and rule_ids[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note", "none")
        assert r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    schema_file = os.environ.get("FACTCHECK_SARIF_SCHEMA")  # the OASIS schema, when a copy is at hand
    if schema_file and Path(schema_file).is_file():
        import jsonschema_rs

        jsonschema_rs.validator_for(json.loads(Path(schema_file).read_text())).validate(doc)


def _with_marker(setup: dict, marker: str, name: str) -> Path:
    """A copy of the draft with ``marker`` appended to the line of the first finding."""
    f = setup["findings"].iloc[0]
    lines = setup["draft"].read_text(encoding="utf-8").split("\n")
    lines[f["line"] - 1] += " " + marker
    out = setup["dir"] / name
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def test_inline_acknowledgement_is_shown_but_does_not_fail(setup: dict) -> None:
    findings = setup["findings"]
    line = findings.iloc[0]["line"]
    on_line = findings[findings["line"] == line]
    others_fail = ((findings["line"] != line) & (findings["kind"] == "conflict")).any()
    ids = " ".join(on_line["id"])
    draft = _with_marker(
        setup,
        "".join(f"<!-- factcheck: ack {i} confirmed with the ministry -->" for i in ids.split()),
        "acked.txt",
    )
    res = check_files([str(draft)], setup["store"])
    acked = res.findings[res.findings["acknowledged"]]
    assert set(acked["id"]) == set(on_line["id"])  # ids did not move with the edit
    assert (acked["ack_reason"] == "confirmed with the ministry").all()
    out = CliRunner().invoke(main, ["check", str(draft), "--store", str(setup["store"])])
    assert "acknowledged (confirmed with the ministry): " in out.output
    assert out.exit_code == (1 if others_fail else 0)
    metric = on_line.iloc[0]["metric"]
    draft2 = _with_marker(
        setup, f'<!-- factcheck: ack "{metric}" old figure, explained in the text -->', "acked2.txt"
    )
    res2 = check_files([str(draft2)], setup["store"])
    same = res2.findings[(res2.findings["line"] == line) & (res2.findings["metric"] == metric)]
    assert same["acknowledged"].all() and (same["ack_reason"] == "old figure, explained in the text").all()


def test_baseline_round_trip(setup: dict, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    base = ["check", str(setup["draft"]), "--store", str(setup["store"])]
    out = runner.invoke(main, [*base, "--baseline", str(baseline), "--write-baseline"])
    assert out.exit_code == 0 and baseline.exists()
    assert set(read_baseline(baseline)) == set(setup["findings"]["id"])
    out = runner.invoke(main, [*base, "--baseline", str(baseline)])
    assert out.exit_code == 0, out.output
    finding_lines = [ln for ln in out.output.splitlines() if ln.startswith(str(setup["draft"]))]
    assert finding_lines and all("acknowledged (" in ln for ln in finding_lines)


def test_finding_ids_survive_edits(setup: dict) -> None:
    edited = setup["dir"] / "edited.txt"
    edited.write_text(
        "EDITOR'S NOTE: a new first paragraph.\n\nAnother line.\n\n"
        + setup["draft"].read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    res = check_files([str(edited)], setup["store"])
    before = setup["findings"].set_index("id")
    after = res.findings.set_index("id")
    assert set(before.index) == set(after.index)
    assert ((after.loc[before.index, "line"] - before["line"]) == 4).all()


def test_python_api_returns_findings_frame(setup: dict) -> None:
    text = setup["draft"].read_text(encoding="utf-8")
    found = check(text, store=setup["store"])
    assert list(found.columns) == list(FINDING_COLUMNS)
    assert (found["kind"] == "conflict").any()
    with ClaimStore(setup["store"]) as st:
        assert check(text, store=st, title="Draft", published="2020-08-15")["id"].is_unique


def test_ack_parsing_and_masking() -> None:
    text = (
        'Intro paragraph.\n\n<!-- factcheck: ack "people killed" police figure -->\n'
        "Police said 12 people were killed. <!-- factcheck: ack f0123456789ab confirmed -->\n\n"
        "<!-- factcheck: ack vote share: official result -->\n\nTurnout was 80%.\n"
    )
    acks = parse_acks(text, ["people killed", "vote share"])
    assert [(a.target, a.reason) for a in acks] == [
        ("people killed", "police figure"),
        ("f0123456789ab", "confirmed"),
        ("vote share", "official result"),
    ]
    covered = [text[a.first : a.last] for a in acks]
    assert "12 people" in covered[0] and "12 people" in covered[1] and "80%" in covered[2]
    masked = mask_acks(text)
    assert (
        len(masked) == len(text) and "f0123456789ab" not in masked and masked.count("\n") == text.count("\n")
    )
    assert finding_id("People killed", "about  5,000", "c1") == finding_id(
        "people killed", "About 5,000", "c1"
    )
    assert finding_id("people killed", "5,000", "c1") != finding_id("people killed", "5,000", "c2")
