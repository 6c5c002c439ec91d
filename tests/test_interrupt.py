"""Interrupted runs never leave a truncated report.

A run over a few thousand Reuters articles is stopped at random moments with SIGTERM, SIGINT and
SIGKILL. Afterwards every report file present must be complete (report.json parses, claims.csv
has whole rows), SIGTERM/SIGINT must exit 143/130 and leave no temporary files behind, and the
reports of the previous run must still be there, whole, when the interrupted run wrote nothing.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.schema import CLAIM_COLUMNS

REPO = Path(__file__).resolve().parent.parent
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"
CLI = [sys.executable, "-c", "import sys; from factcheck.cli import main; sys.exit(main())"]
ARTICLES = 3000

pytestmark = [
    pytest.mark.skipif(not REUTERS.is_file(), reason="needs ../shared/corpora/reuters21578"),
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc"),
]


def check_outputs(out: Path) -> dict[str, object] | None:
    """Assert every report file in ``out`` is complete; returns report.json parsed (None if absent)."""
    report = None
    if (out / "report.json").exists():
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert set(report) >= {"summary", "articles", "claims", "discrepancies"}
    if (out / "claims.csv").exists():
        raw = (out / "claims.csv").read_text(encoding="utf-8")
        assert raw.endswith("\n")
        rows = list(csv.reader(raw.splitlines(keepends=True)))
        assert rows[0] == list(CLAIM_COLUMNS)
        assert all(len(r) == len(CLAIM_COLUMNS) for r in rows[1:])
        if report is not None:
            assert len(rows) - 1 == report["summary"]["claims"]
    if (out / "report.html").exists():
        assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    return report


def temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp")) if out.exists() else []


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("interrupt") / "reuters.jsonl"
    with REUTERS.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(ARTICLES), src, strict=False):
            dst.write(line)
    return path


def wait_until_reading(proc: subprocess.Popen[str], path: Path, timeout: float = 60) -> None:
    """Wait until the run has opened ``path`` (so it is past start-up, with its signal handlers set)."""
    fd_dir = Path(f"/proc/{proc.pid}/fd")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if any(Path(fd).resolve() == path.resolve() for fd in fd_dir.iterdir()):
                return
        except OSError:
            pass  # a descriptor closed while we looked
        time.sleep(0.05)
    raise AssertionError(f"the run never opened {path}")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reports of a complete earlier run (of the seeds), which an interrupted run must not damage."""
    out = tmp_path_factory.mktemp("baseline") / "out"
    first = subprocess.run([*CLI, "run", str(REPO / "seeds"), "--out", str(out), "-q"], capture_output=True,
                           text=True, cwd=REPO, timeout=120)
    assert first.returncode in (0, 3), first.stderr
    return out


def start(paths: list[str], out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "run", *paths, "--out", str(out), "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["TERM", "INT", "KILL"])
def test_interrupted_run_leaves_whole_reports(sig: signal.Signals, feed: Path, baseline: Path,
                                              tmp_path: Path) -> None:
    rnd = random.Random(f"interrupt-{sig.name}")
    out = tmp_path / "out"
    shutil.copytree(baseline, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = start([str(feed)], out)
    wait_until_reading(proc, feed)
    time.sleep(rnd.uniform(0.0, 2.0))
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(sig)
    _stdout, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 128 + sig, stderr
        assert stderr.strip().endswith(f"stopped by {sig.name}; no partial report left"), stderr
        assert "Traceback" not in stderr
        assert temp_files(out) == []
    check_outputs(out)
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")}
    assert after == before  # stopped while reading: the last complete reports are untouched


def test_signals_at_random_moments_never_truncate(tmp_path: Path) -> None:
    """Small runs stopped at random moments, some of them while the reports are being written."""
    rnd = random.Random(8)
    out = tmp_path / "out"
    for i in range(4):
        proc = start([str(REPO / "seeds")], out)
        time.sleep(rnd.uniform(0.5, 3.0))
        sig = (signal.SIGTERM, signal.SIGINT)[i % 2]
        proc.send_signal(sig)
        _stdout, stderr = proc.communicate(timeout=60)
        # 0: it had finished; -sig: it was still starting up (no handler yet, nothing written)
        assert proc.returncode in (0, 128 + sig, -sig), stderr
        assert temp_files(out) == []
        check_outputs(out)
