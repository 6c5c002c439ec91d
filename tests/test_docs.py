"""Documentation cannot fall behind the code (as datasette's test_docs): every rule key, rule type,
timing, output format, command and `run` option is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.report import FORMATS
from factcheck.rules import RULE_KEYS, RULE_TYPES, TIMINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES_README = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(RULE_KEYS))
def test_rule_keys_are_documented(key: str) -> None:
    assert f"`{key}`" in RULES_README


@pytest.mark.parametrize("word", [*RULE_TYPES, *TIMINGS])
def test_rule_types_and_timings_are_documented(word: str) -> None:
    assert f"`{word}`" in RULES_README


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_formats_are_documented(name: str) -> None:
    assert name in README


@pytest.mark.parametrize("command", sorted(main.commands))
def test_commands_are_documented(command: str) -> None:
    assert f"factcheck {command}" in README


RUN_OPTIONS = sorted(o for p in main.commands["run"].params for o in p.opts if o.startswith("--"))


@pytest.mark.parametrize("option", RUN_OPTIONS)
def test_run_options_are_documented(option: str) -> None:
    assert option in README or option in (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
