"""Rule files are validated at load time: each broken file is rejected with its path, line and fix.

Every case writes a tiny rules folder (one good rule plus the file under test) into a temp dir,
as pint's ``registry_tiny`` does, never the production ``rules/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import FactcheckError, RuleFileError
from factcheck.rules import load_rules

GOOD = """\
type: count
metric: people killed
timing: cumulative
signals: [died, kill*]
nouns: [deaths]
"""


def rules_dir(tmp_path: Path, name: str, body: str | bytes) -> Path:
    """A rules folder with the good rule plus ``name`` holding ``body``."""
    root = tmp_path / "rules"
    (root / "casualties").mkdir(parents=True)
    (root / "casualties" / "deaths.yml").write_text(GOOD)
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(body, bytes):
        target.write_bytes(body)
    else:
        target.write_text(body)
    return root


def rejected(tmp_path: Path, name: str, body: str | bytes) -> RuleFileError:
    """The error loading a rules folder with ``name`` = ``body`` raises."""
    root = rules_dir(tmp_path, name, body)
    with pytest.raises(RuleFileError) as info:
        load_rules(root)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, FactcheckError)
    assert err.path == str(root / name)
    assert str(err).startswith(f"invalid rule [{root / name}")
    return err


def test_good_rules_load(tmp_path: Path) -> None:
    rules = load_rules(rules_dir(tmp_path, "economy/jobs.yml", "type: count\nmetric: jobs\nnouns: [jobs]\n"))
    assert [r.id for r in rules.rules] == ["casualties.deaths", "economy.jobs"]


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("type: count\nmetric: x\n  signals: [a]\n", 3, "malformed YAML"),
        ("type: count\nmetric: 'unclosed\nsignals: [a]\n", None, "malformed YAML"),
        ("type: count\nmetric: x\nsignals: [a, b\n", None, "malformed YAML"),
        ("type: count\n\tmetric: x\n", None, "malformed YAML"),
    ],
    ids=["bad-indent", "unclosed-quote", "unclosed-list", "tab"],
)
def test_malformed_yaml(tmp_path: Path, body: str, line: int | None, problem: str) -> None:
    err = rejected(tmp_path, "bad.yml", body)
    assert err.problem.startswith(problem)
    assert err.line is not None
    if line:
        assert err.line == line
    assert "indentation" in err.hint


def test_unknown_key_names_line_and_known_keys(tmp_path: Path) -> None:
    err = rejected(tmp_path, "typo.yml", "type: count\nmetric: jobs\nsignal: [jobs]\n")
    assert (err.line, err.problem) == (3, "unknown key 'signal'")
    assert "signals" in err.hint and "known keys" in err.hint


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("type: 3\nmetric: jobs\nnouns: [jobs]\n", 1, "'type' must be a string, got int"),
        ("type: count\nmetric: [a, b]\nnouns: [jobs]\n", 2, "'metric' must be a string, got list"),
        ("type: count\nmetric: jobs\nnouns: [jobs, no]\n", 3, "'nouns' must be a list of strings"),
        ("type: count\nmetric: jobs\nsignals: {a: 1}\n", 3, "'signals' must be a list of strings"),
        ("type: count\nmetric: jobs\nnouns: [jobs]\npriority: high\n", 4, "'priority' must be a number"),
        ("type: count\nmetric: jobs\nnouns: [jobs]\nexamples: text\n", 4, "'examples' must be a list"),
        ("type: gauge\nmetric: jobs\nnouns: [jobs]\n", 1, "unknown type 'gauge'"),
        ("type: count\nmetric: jobs\nnouns: [jobs]\ntiming: sometimes\n", 4, "unknown timing 'sometimes'"),
        ("type: count\nmetric: jobs\nnouns: [jobs]\nlevel: fatal\n", 4, "unknown level 'fatal'"),
        ("type: count\nmetric: jobs\nnouns: [jobs]\ndimension: '[volume]'\n", 4, "unknown dimension"),
        ("type: count\nmetric: '  '\nnouns: [jobs]\n", 2, "metric is empty"),
        ("type: count\nmetric: jobs\n", None, "a rule needs at least one of 'signals' or 'nouns'"),
        ("metric: jobs\nnouns: [jobs]\n", 1, "missing required key 'type'"),
        ("- type: count\n- metric: jobs\n", 1, "a rule file must be a YAML mapping"),
        ("", 1, "a rule file must be a YAML mapping"),
        ("type: count\nmetric: people killed\nnouns: [dead]\n", 2, "metric 'people killed' is already"),
    ],
    ids=["type-int", "metric-list", "noun-bool", "signals-map", "priority-str", "examples-str", "bad-type",
         "bad-timing", "bad-level", "bad-dimension", "empty-metric", "no-signals", "no-type", "list-file",
         "empty-file", "duplicate-metric"],
)
def test_wrong_types_and_values(tmp_path: Path, body: str, line: int | None, problem: str) -> None:
    err = rejected(tmp_path, "z/bad.yml", body)
    assert err.problem.startswith(problem), err.problem
    assert err.line == line


@pytest.mark.parametrize(
    "phrase",
    ["(a+)+", "kill(ed|s)", "a{1,9}", "[0-9]+", "foo|bar", "^dead$", r"\d+ dead", "dead?"],
)
def test_regular_expressions_are_rejected(tmp_path: Path, phrase: str) -> None:
    """Phrases are plain words; regex syntax (valid or not) is refused, so no rule can backtrack."""
    err = rejected(tmp_path, "re.yml", f"type: count\nmetric: jobs\nsignals: ['{phrase}']\n")
    assert err.line == 3
    assert "contains regex syntax" in err.problem and "plain words" in err.hint


@pytest.mark.parametrize("phrase", ["in*jured", "**", "kill* *ed"])
def test_star_only_ends_a_word(tmp_path: Path, phrase: str) -> None:
    err = rejected(tmp_path, "star.yml", f"type: count\nmetric: jobs\nsignals: ['{phrase}']\n")
    assert err.line == 3 and "'*' may only end a word" in err.problem


def test_catastrophic_backtracking_is_impossible(tmp_path: Path) -> None:
    """The patterns built from allowed phrases are linear: a hostile text matches quickly."""
    import time

    rules = load_rules(rules_dir(tmp_path, "x.yml", "type: count\nmetric: jobs\nsignals: ['kill* people']\n"))
    rule = rules.by_id("x")
    text = ("kill" + "l-'" * 20000 + " " + "\t " * 20000 + "peoplx ") * 3
    t0 = time.perf_counter()
    for pat in rule.signal_res:
        pat.search(text)
    assert time.perf_counter() - t0 < 1.0


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    body = f"type: !!python/object/apply:os.system ['touch {marker}']\nmetric: jobs\nnouns: [jobs]\n"
    err = rejected(tmp_path, "evil.yml", body)
    assert err.line == 1 and "malformed YAML" in err.problem
    assert not marker.exists()


def test_unreadable_rule_file(tmp_path: Path) -> None:
    err = rejected(tmp_path, "latin1.yml", "type: count\nmetric: café\nnouns: [jobs]\n".encode("latin-1"))
    assert "cannot read rule file" in err.problem


def test_lexicon_entries_must_be_lists_of_strings(tmp_path: Path) -> None:
    err = rejected(tmp_path, "_lexicon.yml", "hedges: [reportedly]\ndenials: [no, denied]\n")
    assert err.line == 2 and "non-string item False" in err.problem
    err = rejected(tmp_path / "2", "_lexicon.yml", "hedges: reportedly\n")
    assert err.line == 1 and "must be a list" in err.problem


def test_missing_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="rules folder not found"):
        load_rules(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(RuleFileError, match=r"no rule files \(\*\.yml\) found"):
        load_rules(tmp_path / "empty")


def test_cli_reports_bad_rule_file_and_exits_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factcheck.cli import main

    root = rules_dir(tmp_path, "typo.yml", "type: count\nmetric: jobs\nsignal: [jobs]\n")
    article = tmp_path / "a.txt"
    article.write_text("At least 40 people died.")
    args = ["run", str(article), "--rules", str(root), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"invalid rule [{root / 'typo.yml'}:3]: unknown key 'signal'" in result.output
    assert not (tmp_path / "o").exists()  # failed before reading a single article


# Gaps found while writing these tests; the fixes are proposed to the owner of factcheck/rules.py.
def test_duplicate_key_rejected(tmp_path: Path) -> None:
    err = rejected(tmp_path, "dup.yml", "type: count\nmetric: jobs\nnouns: [jobs]\nnouns: [workers]\n")
    assert err.line == 4 and "duplicate key 'nouns'" in err.problem


def test_unreadable_lexicon_file(tmp_path: Path) -> None:
    err = rejected(tmp_path, "_lexicon.yml", "hedges: [café]\n".encode("latin-1"))
    assert "cannot read" in err.problem
