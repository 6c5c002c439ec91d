"""Hostile and broken inputs: one run over a generated corpus, no network, fuzz regressions.

The corpus comes from ``tests/make_hostile_corpus.py`` (generated, never committed). Every file
must be either read or listed with its reason; stderr holds those reasons and nothing else; the
run exits 3 (completed, some inputs skipped).
"""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from make_hostile_corpus import MAX_BYTES, make_corpus

from factcheck import parse_quantities
from factcheck.ingest import display_source

Run = tuple[subprocess.CompletedProcess[str], Path]
Corpus = tuple[Path, dict[str, str | None]]

CLI = [sys.executable, "-c", "import sys; from factcheck.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, make_corpus(root)


@pytest.fixture(scope="module")
def hostile_run(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory
                ) -> Run:
    root, _expected = corpus
    out = tmp_path_factory.mktemp("hostile-out")
    proc = subprocess.run([*CLI, "run", str(root), "--out", str(out), "--max-bytes", str(MAX_BYTES)],
                          capture_output=True, text=True, timeout=120)
    return proc, out


def test_hostile_corpus_exit_code_and_outputs(hostile_run: Run) -> None:
    proc, out = hostile_run
    assert proc.returncode == 3, proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    with (out / "claims.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == report["summary"]["claims"] > 0
    assert (out / "report.html").stat().st_size > 0
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_every_file_read_or_listed_with_its_reason(
    corpus: Corpus, hostile_run: Run
) -> None:
    root, expected = corpus
    _proc, out = hostile_run
    articles = json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]
    by_source = {a["source"]: a for a in articles}
    feed = [a for a in articles if a["source"].startswith(str(root / "feed.jsonl") + "#")]
    seen = set(a["source"] for a in feed)
    for key, why in expected.items():
        if key.startswith("feed.jsonl:"):
            continue
        source = display_source(str(root / key))
        assert source in by_source, f"{key!r} missing from the report"
        seen.add(source)
        error = by_source[source]["error"]
        if why is None:
            assert error is None, f"{key!r} should be read, got: {error}"
        elif why != "*":
            assert error is not None and error.startswith(why), f"{key!r}: expected {why!r}, got {error!r}"
    assert seen == set(by_source), f"unexpected entries: {set(by_source) - seen}"
    feed_expected = {k: v for k, v in expected.items() if k.startswith("feed.jsonl:")}
    feed_errors = sorted(a["error"] for a in feed if a["error"])
    want_errors = sorted(v for v in feed_expected.values() if v)
    assert len(feed_errors) == len(want_errors)
    for got, want in zip(feed_errors, want_errors, strict=True):
        assert got.startswith(want), (got, want)
    assert sum(a["error"] is None for a in feed) == sum(v is None for v in feed_expected.values())


def test_stderr_holds_only_skip_reasons(hostile_run: Run) -> None:
    proc, out = hostile_run
    articles = json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]
    want = [f"skipped {a['source']}: {a['error']}" for a in articles if a["error"]]
    assert proc.stderr.splitlines() == want


def test_encodings_recorded(hostile_run: Run) -> None:
    articles = json.loads((hostile_run[1] / "report.json").read_text(encoding="utf-8"))["articles"]
    enc = {Path(a["source"]).name: a["encoding"] for a in articles}
    assert enc["utf8.txt"] == "utf-8"
    assert enc["utf8_bom.txt"] == "utf-8-sig"
    assert enc["utf16le_bom.txt"] == "utf-16-le"
    assert enc["utf16be_bom.txt"] == "utf-16-be"
    assert enc["cp1252.txt"] == "cp1252"
    assert enc["latin1.txt"] == "iso8859-1"
    assert enc["page_cp1252.htm"] == "cp1252"
    assert enc["mojibake.txt"].startswith("utf-8 (repaired ")


def test_no_network_needed(corpus: Corpus, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole pipeline (HTML pages included) runs with socket creation disabled."""
    from factcheck.pipeline import run_pipeline, write_outputs
    from factcheck.rules import load_rules

    def no_network(*_a: object, **_k: object) -> None:
        raise OSError("network access attempted")

    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, no_network)
    root, _ = corpus
    result = run_pipeline([str(root)], load_rules(), max_bytes=MAX_BYTES)
    written = write_outputs(result, tmp_path)
    assert result.counts()["articles"] > 10 and len(written) >= 3


# --- regressions found by fuzzing (fuzz/fuzz_quantities.py) -------------------------------------

FUZZ_REGRESSIONS: list[str] = []


@pytest.mark.parametrize("text", FUZZ_REGRESSIONS or [""])
def test_fuzz_regressions(text: str) -> None:
    prev = 0
    for q in parse_quantities(text):
        assert text[q.start : q.end] == q.text and prev <= q.start < q.end
        prev = q.end
