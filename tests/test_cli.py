"""The command line: exit codes, one-line errors, the claims table for rule authors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def test_run_defaults_to_seeds_into_reports(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    r = fc("run", "--rules", str(ROOT / "rules"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "reports" / "report.json").exists()
    assert "5 articles" in r.stdout


def test_bad_rule_file_names_file_line_and_fix(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "casualties"
    rules.mkdir(parents=True)
    (rules / "deaths.yml").write_text("type: count\nmetric: deaths\nsignal: [died]\n", encoding="utf-8")
    r = fc("run", str(ROOT / "seeds"), "--rules", str(tmp_path / "rules"), "--out", str(tmp_path / "out"))
    assert r.returncode == 2
    assert "deaths.yml:3" in r.stderr and "unknown key 'signal'" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_unreadable_inputs_exit_3_and_are_listed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Police said 17 people had died on Sunday.\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 binary")
    r = fc("run", str(tmp_path), "--out", str(tmp_path / "out"))
    assert r.returncode == 3
    assert "b.pdf" in r.stderr
    report = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    assert "b.pdf" in report


def test_claims_command_prints_a_table() -> None:
    r = fc("claims", "seeds/003_3437466e8bcd286f.txt")
    assert r.returncode == 0
    assert "vote share" in r.stdout and "Some 6,700" in r.stdout


def test_help_lists_formats_from_the_registry() -> None:
    r = fc("run", "--help")
    assert "csv" in r.stdout and "json" in r.stdout and "html" in r.stdout
