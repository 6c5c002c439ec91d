"""Accuracy on the labelled development clusters (../shared/dev), scored by the shared scorer.

The thresholds are the acceptance bars of the v1 and judgement issues, kept a little below the
measured values so a regression fails here. CI has ../shared beside the clone; a developer
without it gets a clear failure, not a silent skip.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"


@pytest.mark.slow
def test_dev_scores_meet_the_bars() -> None:
    assert SCORER.exists(), f"the shared scorer is missing: {SCORER} (clone the project beside ../shared)"
    cmd = f"{sys.executable} -m factcheck.cli run {{articles}} --out {{out}} --format json"
    run = subprocess.run(
        [sys.executable, str(SCORER), str(SHARED / "dev"), "--cmd", cmd, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout)["summary"]
    assert summary["failed"] == 0
    assert summary["claim_recall"] >= 0.9
    assert summary["flag_recall"] >= 0.9
    assert summary["trap_violation_rate"] <= 0.05
    assert summary["flag_precision"] >= 0.85
    assert summary["update_marking"] >= 0.78
