"""Engines (issue 7): registry, streaming run, texts limit, progress output, and local == Dask bytes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from factcheck.engines import ENGINES, EngineError, get_engine, register_engine
from factcheck.pipeline import Anchors, Progress, complete_dates, run_pipeline, write_outputs
from factcheck.rules import load_rules

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "dev"
CLUSTER = DEV / "nepal-quake-2024" / "articles"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_engines_are_registered_and_unique() -> None:
    assert {"local", "dask"} <= set(ENGINES)
    with pytest.raises(ValueError, match="engine 'local' already exists"):
        register_engine("local")(object)  # type: ignore[arg-type]


def test_unknown_engine_lists_the_known_ones(rules) -> None:
    with pytest.raises(EngineError, match=r"unknown engine 'spark'; available engines: dask, local"):
        get_engine("spark", rules)


def test_batch_size_and_text_limit_do_not_change_the_report(rules, tmp_path: Path) -> None:
    """Streaming in batches of one article gives the report of one big batch; texts are capped."""
    if not CLUSTER.is_dir():
        pytest.skip("no dev cluster")
    a = run_pipeline([str(CLUSTER)], rules, batch_size=1000)
    b = run_pipeline([str(CLUSTER)], rules, batch_size=1, keep_texts=1)
    write_outputs(a, tmp_path / "a", ["json", "csv"])
    write_outputs(b, tmp_path / "b", ["json", "csv"])
    for name in ("report.json", "claims.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert len(a.texts) == a.counts()["articles"] and len(b.texts) == 1


@pytest.mark.parametrize("held", [True, False])
def test_undated_articles_are_completed_in_the_second_pass(rules, tmp_path: Path, held: bool,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A dateline without a year, read before the dated article it depends on, gets that article's year.

    The undated article waits in memory, or (``DEFER_CHARS`` = 0) is read again in a second pass.
    """
    import factcheck.pipeline as pipeline

    if not held:
        monkeypatch.setattr(pipeline, "DEFER_CHARS", 0)
    (tmp_path / "a.txt").write_text("KATHMANDU, March 17 (Wire) - The quake killed 120 people, police said.")
    (tmp_path / "b.txt").write_text("---\npublished: 2024-03-18\n---\nThe quake killed 150 people.")
    res = run_pipeline([str(tmp_path)], rules, batch_size=1)
    names = res.articles["source"].map(lambda s: Path(s).name)
    assert dict(zip(names, res.articles["published"], strict=True)) == {"a.txt": "2024-03-17",
                                                                        "b.txt": "2024-03-18"}
    sources = list(res.claims["source"].map(lambda s: Path(s).name))
    assert sources == sorted(sources) and "a.txt" in sources  # read order, although a.txt was extracted last


def test_anchors_answer_as_dates_nearest_year() -> None:
    import datetime as dt

    from factcheck.dates import nearest_year

    days = [dt.date(2023, 12, 30), dt.date(2024, 6, 1), dt.date(2024, 6, 1), dt.date(2019, 1, 2)]
    idx = Anchors(days)
    for month, day in ((1, 1), (12, 31), (2, 29), (6, 15), (7, 1), (3, 3)):
        assert idx.nearest_year(month, day) == nearest_year(month, day, days)


def test_complete_dates_keeps_its_list_api(rules) -> None:
    from factcheck.ingest import Article

    arts = [Article(source="x", text="Monday", published="2024-05-01"),
            Article(source="y", text="On May 3 the toll rose.", published_partial=(5, 2))]
    complete_dates(arts)
    assert arts[1].published == "2024-05-02"


def test_progress_logs_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    p = Progress(total=10, bar=False, log_every=1e-9, stream=out)
    p.update(4, 7)
    p.close()
    line = out.getvalue().strip().splitlines()[-1]
    assert line.startswith("factcheck: 4/10 articles, 7 claims,") and "\x1b" not in line and "\r" not in line


def test_cli_quiet_prints_nothing_and_keeps_exit_codes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factcheck.cli import main

    if not CLUSTER.is_dir():
        pytest.skip("no dev cluster")
    res = CliRunner().invoke(main, ["run", str(CLUSTER), "--out", str(tmp_path), "-q", "--format", "json"])
    assert res.exit_code == 0 and res.output == ""
    res = CliRunner().invoke(main, ["run", str(CLUSTER), "--out", str(tmp_path), "--scheduler", "tcp://x:1"])
    assert res.exit_code == 2 and "--scheduler and --workers need --engine dask" in res.output


@pytest.mark.slow
def test_local_and_dask_engines_write_identical_reports(rules, tmp_path: Path) -> None:
    """Both engines on one dev cluster, Dask on a LocalCluster of two worker processes: same bytes."""
    pytest.importorskip("distributed")
    if not CLUSTER.is_dir():
        pytest.skip("no dev cluster")
    shutil.copytree(CLUSTER, tmp_path / "in")
    local = run_pipeline([str(tmp_path / "in")], rules)
    dask = run_pipeline([str(tmp_path / "in")], rules, engine="dask", batch_size=2,
                        engine_options={"workers": 2})
    write_outputs(local, tmp_path / "local", ["json"])
    write_outputs(dask, tmp_path / "dask", ["json"])
    a = (tmp_path / "local" / "report.json").read_bytes()
    assert a == (tmp_path / "dask" / "report.json").read_bytes()
    assert json.loads(a)["summary"]["discrepancies"] > 0
