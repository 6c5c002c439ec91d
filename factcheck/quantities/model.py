"""The Quantity record: one number found in text, with its bounds, unit and kind."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Closed list of qualifiers (how the figure is hedged or bounded).
QUALIFIERS = (
    "exact",  # "6,712"
    "approx",  # "some 100", "about 80%", "several hundred" (vague: low/high set too)
    "more_than",  # "more than 6,700", "over 80 percent"  -> low = n
    "at_least",  # "at least 128", "no fewer than"      -> low = n
    "less_than",  # "fewer than 300", "below 80%"        -> high = n
    "at_most",  # "up to 7,000", "as many as", "nearly" -> high = n
    "range",  # "between 40 and 50", "60% to 70%"     -> low, high; value = midpoint
)

#: Closed list of kinds. Only count/money/percent/measure are claims of interest;
#: the rest are recognised so they are *not* mistaken for counts.
KINDS = (
    "count",
    "money",
    "percent",
    "measure",
    "age",
    "year",
    "date",
    "time",
    "ordinal",
    "identifier",
    "phone",
    "score",
)

NON_QUANTITY_KINDS = frozenset({"year", "date", "time", "ordinal", "identifier", "phone", "score"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity found in text.

    ``text[start:end]`` of the parsed string is exactly ``self.text`` (the surface form).
    """

    value: float | None  # the figure; the midpoint for a range
    low: float | None  # lower bound, when the wording gives one ("more than", ranges, vague plurals)
    high: float | None  # upper bound ("up to", "nearly", ranges, vague plurals)
    unit: str  # pint-parsable unit ("percent", "kilometer", "USD", "degC"); "" for plain counts
    noun: str  # the counted thing ("people", "goals"), "" when none
    qualifier: str  # one of QUALIFIERS
    direction: str | None  # "up"/"down" when a verb, adverb or sign reports a movement ("rose 5%")
    kind: str  # one of KINDS
    start: int  # offset of the surface form in the parsed text
    end: int  # end offset (exclusive)
    text: str  # the surface form
    precision: float | None = None  # place value of the last written digit: "7,000" -> 1000, "80.1" -> 0.1
    #: "up" / "down" when the figure is itself an amount of change, however it is worded: a verb, adverb or
    #: sign before it ("rose 5%", like ``direction``) or a change noun or comparative after it ("a 5%
    #: rise", "5% higher", where ``direction`` stays None). Readers that must not compare a change with a
    #: level (the claims pipeline) read this field.
    change: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The quantity as a plain dict (for JSON and DataFrames)."""
        return asdict(self)
