"""Atheris fuzz harness for the quantity parser (``factcheck.parse_quantities``).

Run (see docs/robustness.md)::

    .venv/bin/pip install atheris
    timeout 600 .venv/bin/python fuzz/fuzz_quantities.py -max_len=2000 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=/tmp/fuzz- /tmp/fuzz-corpus

Each input is turned into text in one of two ways (chosen by its first byte): raw Unicode, or a
sentence assembled from newsroom tokens (numbers, units, qualifiers, words) so the fuzzer reaches
the parser's deeper branches quickly. For every text the harness checks the parser's contract:

* it returns a list of Quantity records, sorted by start and not overlapping;
* ``text[q.start:q.end] == q.text`` and 0 <= start < end <= len(text);
* ``kind`` and ``qualifier`` come from their closed lists, numbers are finite, low <= high.

With ``FUZZ_STRICT=1`` the internal full parse is also called without the parser's robustness
guard, so exceptions that ``parse_quantities`` would swallow (falling back to sentence-by-sentence
parsing) are reported as crashes too.
"""

from __future__ import annotations

import math
import os
import sys

import atheris

with atheris.instrument_imports(include=["factcheck"]):
    import factcheck
    from factcheck.quantities import model
    from factcheck.quantities import parser as qparser

STRICT = os.environ.get("FUZZ_STRICT") == "1"

TOKENS = [
    "0", "1", "7", "12", "40", "1,200", "6,712", "1.5", "80.1", "0.5", "2,000,000", "1 000", "3/4", "½",
    "1e6", "10^3", "-5", "+3", "٣", "१२", "１２", "million", "billion", "bn", "m", "k", "crore", "lakh",
    "dozen", "dozens of", "hundreds", "thousands", "a third", "half", "one", "twenty-five", "two hundred",
    "%", " percent", " per cent", "pc", "$", "US$", "€", "£", "¥", "Rs", "USD", "km", "mi", "kg", "°C", "°F",
    "mph", "km/h", "hectares", "sq km", "acres", "tonnes", "mm", "Richter", "magnitude", "people",
    "deaths", "killed", "injured", "at least", "more than", "up to", "nearly", "about", "some", "between",
    "and", "to", "-", "–", "—", "or", "from", "rose", "fell by", "per", "a", "the", "of", "in", "on",
    "March", "2013", "17", "1987", "3:45", "p.m.", "No.", "#", "1st", "21st", "(", ")", ",", ".", ";", ":",
    "\n", " ", "  ", "\u00a0", "\u202f", "\u200b", "'", '"', "’", "\ufffd", "x", "Aceh", "5-4", "aged 33",
    "+1 555 0100", "10.0.0.1", "v2.3", "COVID-19", "G7", "1990s", "'90s", "24/7", "9/11", "50-50",
]


def text_from(data: bytes) -> str:
    """The text to parse: raw Unicode, or newsroom tokens joined with spaces (by the first byte)."""
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeIntInRange(0, 3) == 0:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    parts: list[str] = []
    while fdp.remaining_bytes() > 0 and len(parts) < 200:
        parts.append(TOKENS[fdp.ConsumeIntInRange(0, len(TOKENS) - 1)])
        parts.append(fdp.PickValueInList(["", " ", " ", " ", ", ", "\n"]))
    return "".join(parts)


def check(text: str, quantities: object) -> None:
    """Assert the parser's contract for ``text``."""
    assert isinstance(quantities, list), type(quantities)
    prev_end = 0
    for q in quantities:
        assert isinstance(q, model.Quantity), type(q)
        assert 0 <= q.start < q.end <= len(text), (q.start, q.end, len(text))
        assert text[q.start : q.end] == q.text, (text[q.start : q.end], q.text)
        assert q.start >= prev_end, ("overlap or unsorted", q.start, prev_end)
        prev_end = q.end
        assert q.kind in model.KINDS, q.kind
        assert q.qualifier in model.QUALIFIERS, q.qualifier
        for v in (q.value, q.low, q.high):
            assert v is None or (isinstance(v, (int, float)) and math.isfinite(v)), (q.text, v)
        if q.low is not None and q.high is not None:
            assert q.low <= q.high, (q.text, q.low, q.high)


def TestOneInput(data: bytes) -> None:  # the name atheris calls
    """One fuzz iteration."""
    text = text_from(data)
    check(text, factcheck.parse_quantities(text))
    if STRICT and text:
        check(text, qparser._parse(text))


def main() -> None:
    """Command line: libFuzzer options and corpus folders, as for any atheris harness."""
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
