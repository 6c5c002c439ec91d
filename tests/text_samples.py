"""Random texts built from the pieces of a news-like sample, for tests that check a speed device
against the code or pattern it stands in for (test_extract_speed, test_quantities_speed)."""

from __future__ import annotations

import random
import re


def mixed_texts(news: str, extra: list[str], *, seed: int, n: int, max_pieces: int,
                fixed: list[str]) -> list[str]:
    """``fixed`` texts, then ``n`` texts of 1..``max_pieces`` pieces of ``news`` and ``extra``."""
    rnd = random.Random(seed)
    pieces = [*re.findall(r"\S+|\s+", news), *extra]
    out = list(fixed)
    for _ in range(n):
        out.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, max_pieces))))
    return out
