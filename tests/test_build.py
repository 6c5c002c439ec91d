"""The two builds: a wheel compiles the extraction hot path with mypyc (setup.py), an editable install
runs the source. They must behave the same; CI runs this whole suite on both (.ci/run)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import factcheck
from factcheck.quantities import parser
from factcheck.rules import DEFAULT_RULES_DIR, default_rules_dir, load_rules

ROOT = Path(__file__).resolve().parent.parent


def _compiled_modules() -> list[str]:
    """setup.py's COMPILED list, read without running setup()."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            return [ast.literal_eval(e) for e in node.value.elts]  # type: ignore[attr-defined]
    raise AssertionError("setup.py has no COMPILED list")


def test_build_kind_names_the_loaded_modules() -> None:
    loaded = "pure Python" if parser.__file__.endswith(".py") else "mypyc"
    assert factcheck.build_kind() == loaded
    expected = os.environ.get("FACTCHECK_EXPECT_BUILD")  # set by .ci/run for the compiled run
    if expected:
        assert loaded == expected, f"expected the {expected} build, {parser.__file__} is loaded"


def test_version_says_which_build() -> None:
    script = Path(sys.executable).parent / "factcheck"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"factcheck {factcheck.__version__} ({factcheck.build_kind()})"


def test_compiled_modules_exist_and_type_check() -> None:
    """mypyc compiles only code mypy accepts: a type error here would make wheels fall back to pure
    Python (slower) without anyone noticing."""
    modules = _compiled_modules()
    assert all((ROOT / m).is_file() for m in modules), modules
    done = subprocess.run([sys.executable, "-m", "mypy", *modules], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_default_rules_are_found_in_either_build() -> None:
    """A source checkout reads rules/; a wheel reads the copy setup.py packs as rules_builtin."""
    assert DEFAULT_RULES_DIR.is_dir()
    assert DEFAULT_RULES_DIR.name in ("rules", "rules_builtin")
    shipped = {p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*.yml")}
    found = {p.relative_to(DEFAULT_RULES_DIR) for p in DEFAULT_RULES_DIR.rglob("*.yml")}
    assert found == shipped
    assert len(load_rules().rules) > 20


def test_rules_in_the_current_folder_come_first(tmp_path: Path) -> None:
    """An editor's rules/ in the folder factcheck runs in is used whatever the install; a folder
    merely named rules (no _lexicon.yml) is not mistaken for one."""
    assert default_rules_dir(tmp_path) == DEFAULT_RULES_DIR
    (tmp_path / "rules").mkdir()
    assert default_rules_dir(tmp_path) == DEFAULT_RULES_DIR
    (tmp_path / "rules" / "_lexicon.yml").write_text("person_nouns: [people]\n", encoding="utf-8")
    assert default_rules_dir(tmp_path) == tmp_path / "rules"
