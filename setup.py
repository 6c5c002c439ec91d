"""Build hook: compile the extraction hot path with mypyc when building a wheel.

``pip install .`` (and any wheel build) compiles the modules in ``COMPILED`` to C extensions with
mypyc, the compiler mypy itself ships with: the same source, type-checked, run about 1.5x faster
(benchmarks/bench_pipeline.py; docs/scale.md). Everything else is plain Python.

Stays pure Python, with the same behaviour, when:
- the install is editable (``pip install -e .``): a developer's edits take effect without a rebuild;
- ``FACTCHECK_PURE=1`` is set;
- this machine cannot compile (no C compiler or no Python headers), or mypyc or the compiler fails:
  a warning is printed and the wheel holds the .py files only.

``python -m factcheck.build_info`` (or ``factcheck --version``) says which build is installed.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

# the parser and the per-figure extraction: ~95% of a run's CPU time (docs/scale.md)
COMPILED = [
    "factcheck/quantities/parser.py",
    "factcheck/quantities/numbers.py",
    "factcheck/quantities/context.py",
    "factcheck/quantities/units.py",
    "factcheck/extract/__init__.py",
    "factcheck/extract/attribution.py",
    "factcheck/extract/cues.py",
    "factcheck/extract/daypart.py",
    "factcheck/extract/generic.py",
    "factcheck/extract/metric.py",
    "factcheck/extract/subject.py",
    "factcheck/extract/timeref.py",
    "factcheck/text.py",
    "factcheck/dates.py",
]


def _warn(message: str) -> None:
    print(f"factcheck build: {message}; installing the pure-Python build (same results, slower)",
          file=sys.stderr)


def _can_compile() -> bool:
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not include.is_file():
        _warn(f"no Python headers ({include}; on Debian: apt-get install python3-dev)")
        return False
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if not shutil.which(compiler):
        _warn(f"no C compiler ({compiler})")
        return False
    return True


def _extensions() -> list:
    if os.environ.get("FACTCHECK_PURE") == "1":
        return []
    if any(cmd in sys.argv for cmd in ("editable_wheel", "develop")):
        return []  # editable: the source files are what runs
    if not any(cmd in sys.argv for cmd in ("bdist_wheel", "build_ext", "build", "install")):
        return []  # sdist, egg_info, dist_info: nothing to compile
    if not _can_compile():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        return []
    try:
        return mypycify(COMPILED, opt_level="3")
    except (Exception, SystemExit) as exc:  # a type error stops mypyc with SystemExit
        _warn(f"mypyc failed ({exc!r})")
        return []


class _BuildExt(build_ext):
    """Compile, or fall back to the pure-Python package if the C compiler fails part-way."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            _warn(f"compiling failed ({exc!r})")
            for path in self.get_outputs():  # no half-compiled package: all extensions or none
                Path(path).unlink(missing_ok=True)
            self.extensions = []


class _BuildPy(build_py):
    """A wheel carries the project's rules/ as factcheck/rules_builtin, the default rules folder of an
    installed factcheck (a source checkout reads rules/ itself)."""

    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "rules"
        if source.is_dir() and not self.editable_mode:
            target = Path(self.build_lib) / "factcheck" / "rules_builtin"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(ext_modules=_extensions(), cmdclass={"build_ext": _BuildExt, "build_py": _BuildPy})
