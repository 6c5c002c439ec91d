"""Atomic file writes: a temporary file in the same folder, fsynced, then renamed over the target."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; reports are for sharing, like any new file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class StagedFiles:
    """Several files written to temporary files, then renamed together: all new reports or none.

    ``open(path)`` gives a text handle on a temporary file beside ``path``; ``commit()`` fsyncs and
    renames every one; leaving the ``with`` block without commit (an error, a signal) removes them.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path, object]] = []

    def __enter__(self) -> StagedFiles:
        return self

    def open(self, path: str | Path) -> TextIO:
        """A text handle (UTF-8, "\\n" newlines) on a temporary file that will become ``path``."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.fchmod(fd, 0o666 & ~_umask())
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self._staged.append((tmp, target, fh))
        return fh

    def commit(self) -> list[Path]:
        """Flush, fsync and rename every staged file over its target."""
        for _tmp, _target, fh in self._staged:
            fh.flush()  # type: ignore[attr-defined]
            os.fsync(fh.fileno())  # type: ignore[attr-defined]
            fh.close()  # type: ignore[attr-defined]
        for tmp, target, _fh in self._staged:
            os.replace(tmp, target)
        done = [target for _tmp, target, _fh in self._staged]
        self._staged = []
        return done

    def __exit__(self, *exc: object) -> None:
        for tmp, _target, fh in self._staged:
            with contextlib.suppress(OSError, ValueError):
                fh.close()  # type: ignore[attr-defined]
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._staged = []
