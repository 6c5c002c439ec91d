"""The claim store: incremental indexing, removal, crash safety, stats, and clear errors (issue 6)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import main
from factcheck.errors import InputError, StoreError
from factcheck.store import ClaimStore, index_paths

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not found")


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A copy of the seed articles to index."""
    dest = tmp_path / "archive"
    shutil.copytree(SEEDS, dest)
    return dest


def _store(tmp_path: Path) -> ClaimStore:
    return ClaimStore(tmp_path / "store.duckdb", read_only=False, create=True)


def test_index_then_reindex_extracts_nothing(tmp_path: Path, archive: Path) -> None:
    n = len(list(archive.iterdir()))
    with _store(tmp_path) as st:
        first = index_paths(st, [str(archive)])
        assert (first.added, first.changed, first.removed) == (n, 0, 0)
        stats = st.stats()
        assert stats["articles"] == n
        assert stats["claims"] == first.claims > 0
        assert sum(stats["by_metric"].values()) == stats["claims"]
        assert stats["last_run"]["status"] == "complete"
        again = index_paths(st, [str(archive)])
        assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, n)
        assert st.stats()["claims"] == stats["claims"]


def test_changed_removed_and_added_articles(tmp_path: Path, archive: Path) -> None:
    files = sorted(archive.iterdir())
    with _store(tmp_path) as st:
        index_paths(st, [str(archive)])
        before = st.stats()["articles"]
        files[0].write_text(
            files[0].read_text(encoding="utf-8") + "\nAt least 12 people were detained.\n", encoding="utf-8"
        )
        files[1].unlink()
        (archive / "new.txt").write_text("Police said 40 people were detained on Monday.\n", encoding="utf-8")
        rep = index_paths(st, [str(archive)])
        assert (rep.added, rep.changed, rep.removed) == (1, 1, 1)
        assert st.stats()["articles"] == before
        sources = {r[0] for r in st.con.execute("SELECT DISTINCT source FROM claims").fetchall()}
        assert str(files[1]) not in sources


def test_articles_outside_the_indexed_paths_are_kept(tmp_path: Path, archive: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Officials said 300 people were killed in the flood.\n", encoding="utf-8")
    with _store(tmp_path) as st:
        index_paths(st, [str(other)])
        index_paths(st, [str(archive)])
        n = st.stats()["articles"]
        assert n == len(list(archive.iterdir())) + 1
        rep = index_paths(st, [str(archive)])
        assert rep.removed == 0 and st.stats()["articles"] == n


def test_interrupted_index_keeps_whole_batches_and_resumes(
    tmp_path: Path, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.extract import Extractor

    real = Extractor.article_claims
    calls = {"n": 0}

    def crash_on_third(self: Extractor, article):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(self, article)

    with _store(tmp_path) as st:
        monkeypatch.setattr(Extractor, "article_claims", crash_on_third)
        with pytest.raises(KeyboardInterrupt):
            index_paths(st, [str(archive)], batch_size=1)
        assert st.stats()["articles"] == 2  # two whole batches committed, nothing of the third
        assert st.last_run()["status"] == "running"
        monkeypatch.setattr(Extractor, "article_claims", real)
        rep = index_paths(st, [str(archive)])
        assert rep.unchanged == 2 and rep.added == len(list(archive.iterdir())) - 2
        assert st.last_run()["status"] == "complete"


def test_failed_batch_rolls_back(tmp_path: Path, archive: Path) -> None:
    import pandas as pd

    with _store(tmp_path) as st:
        index_paths(st, [str(archive)])
        before = st.stats()
        aid = st.con.execute("SELECT article_id FROM articles LIMIT 1").fetchall()[0][0]
        bad_claims = pd.DataFrame({"id": ["x"]})  # missing columns: the insert fails after the delete
        arts = st.con.execute("SELECT * FROM articles WHERE article_id = ?", [aid]).df()
        with pytest.raises(Exception):  # noqa: B017 - any failure must roll the batch back
            st.replace_articles(arts, bad_claims)
        after = st.stats()
        assert (after["articles"], after["claims"]) == (before["articles"], before["claims"])


def test_extractor_change_reextracts_everything(tmp_path: Path, archive: Path) -> None:
    with _store(tmp_path) as st:
        index_paths(st, [str(archive)])
        st.set_meta("extractor", "an older extractor")
        rep = index_paths(st, [str(archive)])
        assert rep.changed == len(list(archive.iterdir())) and rep.unchanged == 0


def test_store_errors_are_one_line(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"this is not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open as a claim store"):
        ClaimStore(garbage)
    with pytest.raises(StoreError, match="no claim store here"):
        ClaimStore(tmp_path / "missing.duckdb")
    with pytest.raises(StoreError, match="is a folder"):
        ClaimStore(tmp_path)
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(StoreError, match="not a factcheck claim store"):
        ClaimStore(other)
    with _store(tmp_path) as st, pytest.raises(InputError, match="no such file"):
        index_paths(st, [str(tmp_path / "typo")])


def test_cli_index_and_stats(tmp_path: Path, archive: Path) -> None:
    store = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    res = runner.invoke(main, ["index", str(archive), "--store", store, "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["index", "--stats", "--json", "--store", store])
    assert res.exit_code == 0
    stats = json.loads(res.output)
    assert stats["articles"] == len(list(archive.iterdir())) and stats["claims"] > 0
    res = runner.invoke(main, ["index", "--stats", "--store", store])
    assert "claims by metric:" in res.output and "complete" in res.output
    res = runner.invoke(main, ["index", str(tmp_path / "typo"), "--store", store])
    assert res.exit_code == 2 and "no such file or folder" in res.output
    assert runner.invoke(main, ["index", "--store", store]).exit_code == 2
    res = runner.invoke(main, ["index", "--stats", "--store", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no claim store here" in res.output
