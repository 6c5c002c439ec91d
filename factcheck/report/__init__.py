"""Report stage: output formats, registered by name (as pint's ``register_unit_format``).

A format is a function ``render(result) -> str`` registered with ``@register_format(name,
filename=...)``. ``factcheck run`` writes every format that has a default filename; ``--format``
choices come from this registry, so ``--help`` is always right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from factcheck.result import RunResult

Render = Callable[[RunResult], str]
Stream = Callable[[RunResult, TextIO], None]


@dataclass(frozen=True)
class Format:
    """A registered output format."""

    name: str
    render: Render
    filename: str | None  # written by `factcheck run` under --out when set
    description: str
    stream: Stream | None = None  # writes the format to an open text file, for outputs too big for one string

    def write(self, result: RunResult, fh: TextIO) -> None:
        """Write this format of ``result`` to ``fh`` (streaming when the format can)."""
        if self.stream is not None:
            self.stream(result, fh)
        else:
            fh.write(self.render(result))


FORMATS: dict[str, Format] = {}


def register_format(
    name: str, filename: str | None = None, description: str = "", stream: Stream | None = None
) -> Callable[[Render], Render]:
    """Register an output format; refuses a name registered twice. ``stream`` writes it to a file."""

    def deco(fn: Render) -> Render:
        if name in FORMATS:
            raise ValueError(f"format {name!r} already exists")
        doc = description or (fn.__doc__ or "").strip().splitlines()[0]
        FORMATS[name] = Format(name, fn, filename, doc, stream)
        return fn

    return deco


def get_format(name: str) -> Format:
    """The format registered under ``name``; the error lists the valid names."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; available formats: {', '.join(sorted(FORMATS))}") from None


def _load_builtin() -> None:
    from factcheck.report import csv_format, html_format, json_format, text_format  # noqa: F401


_load_builtin()

__all__ = ["FORMATS", "Format", "get_format", "register_format"]
