"""Determinism: the same inputs give byte-identical report.json, claims.csv and report.html.

Runs are separate processes with different hash seeds (set and dict order must not leak into
the output), and the inputs are given once as a folder and once as files in reverse order.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
CLI = [sys.executable, "-c", "import sys; from factcheck.cli import main; sys.exit(main())"]
OUTPUTS = ("report.json", "claims.csv", "report.html")


def run(paths: list[str], out: Path, seed: str) -> subprocess.CompletedProcess[str]:
    """``factcheck run`` in a fresh process with PYTHONHASHSEED=seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([*CLI, "run", *paths, "--out", str(out), "-q"], capture_output=True, text=True,
                          env=env, timeout=120, cwd=REPO)
    assert proc.returncode in (0, 3), proc.stderr
    return proc


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, a cluster of one event from several outlets, an HTML page and a JSON Lines feed."""
    root = tmp_path_factory.mktemp("det") / "in"
    shutil.copytree(REPO / "seeds", root / "seeds", ignore=shutil.ignore_patterns("README*"))
    cluster = CORPORA / "clusters" / "aceh-quake-2013"
    if cluster.is_dir():
        shutil.copytree(cluster, root / "cluster", ignore=shutil.ignore_patterns("README*"))
    feed = CORPORA / "multisource_clusters" / "ecbplus.jsonl"
    if feed.is_file():
        with feed.open(encoding="utf-8") as fh:
            (root / "feed.jsonl").write_text("".join(line for _, line in zip(range(15), fh, strict=False)),
                                             encoding="utf-8")
    (root / "page.html").write_text(
        "<html><head><title>Quake kills 41</title></head><body><nav>Home</nav><article><p>At least 41 people "
        "were killed and 2,100 houses damaged by the quake in Aceh on Tuesday, officials said.</p></article>"
        "</body></html>", encoding="utf-8")
    return root


def test_same_input_gives_identical_bytes(inputs: Path, tmp_path: Path) -> None:
    run([str(inputs)], tmp_path / "a", "1")
    run([str(inputs)], tmp_path / "b", "2")
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    report = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["claims"] > 0


def test_order_of_given_paths_does_not_matter(inputs: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in inputs.rglob("*") if p.is_file())
    run([str(inputs)], tmp_path / "folder", "3")
    run(files[::-1], tmp_path / "reversed", "4")
    for name in OUTPUTS:
        assert (tmp_path / "folder" / name).read_bytes() == (tmp_path / "reversed" / name).read_bytes(), name


def test_ids_are_stable_in_process(inputs: Path) -> None:
    from factcheck.pipeline import run_pipeline
    from factcheck.rules import load_rules

    rules = load_rules()
    a = run_pipeline([str(inputs)], rules)
    b = run_pipeline([str(p) for p in sorted(inputs.iterdir(), reverse=True)], rules)
    assert list(a.claims["id"]) == list(b.claims["id"])
    assert a.claims["id"].is_unique and a.articles["article_id"].is_unique
    assert list(a.discrepancies["id"]) == list(b.discrepancies["id"])
