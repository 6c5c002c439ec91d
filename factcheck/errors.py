"""Error types. Messages are part of the API: they name the file, the line and the fix.

As in pint, each error also inherits the matching built-in so callers can catch either.
"""

from __future__ import annotations

from dataclasses import dataclass


class FactcheckError(Exception):
    """Base class of every error factcheck raises on purpose."""


@dataclass
class RuleFileError(ValueError, FactcheckError):
    """A rule file is malformed: names the file, the line and what is wrong."""

    path: str
    line: int | None
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        msg = f"invalid rule [{where}]: {self.problem}"
        return f"{msg} ({self.hint})" if self.hint else msg


@dataclass
class UnknownUnitError(ValueError, FactcheckError):
    """A unit name that the unit registry does not know."""

    unit: str
    where: str = ""

    def __str__(self) -> str:
        suffix = f" in {self.where}" if self.where else ""
        return f"unknown unit {self.unit!r}{suffix}; use a pint unit name such as 'kilometer' or 'USD'"


@dataclass
class InputError(OSError, FactcheckError):
    """An input path that cannot be used at all (missing, unreadable)."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class StoreError(FactcheckError, RuntimeError):
    """The claim store is missing, locked or not a factcheck store."""
