"""Pre-publication commands: ``factcheck index``, ``factcheck check`` and ``factcheck serve``."""

from __future__ import annotations
