"""Declared schemas of the tables that flow between pipeline stages.

Every stage takes and returns pandas DataFrames; ``validate_*`` runs at each stage boundary so a
formatter only ever sees a frame with exactly these columns and dtypes.
"""

from __future__ import annotations

import pandas as pd

#: The claims table: one row per quantitative statement.
CLAIM_COLUMNS: dict[str, str] = {
    "id": "string",  # stable id: hash of source and offsets
    "article_id": "string",  # id of the article the claim is from
    "source": "string",  # the article's path (or feed id) as given
    "outlet": "string",  # outlet named by the article, or <NA>
    "published": "string",  # article publication date YYYY-MM-DD, or <NA>
    "published_window": "string",  # for an undated article, its estimated window "YYYY-MM-DD..YYYY-MM-DD"
    "subject": "string",  # what the metric is about ("post-election protests", "children")
    "metric": "string",  # what is measured, the rule's metric name ("people detained")
    "rule": "string",  # rule id, from its path: "casualties.deaths"
    "cumulative": "boolean",  # running count that may legitimately grow over time
    "timing": "string",  # cumulative, snapshot (true on one day) or fixed (does not change)
    "match_context": "boolean",  # compared only with figures whose clause reads alike (generic metrics)
    "value": "Float64",  # the figure (midpoint for ranges), in `unit`
    "low": "Float64",  # lower bound or <NA>
    "high": "Float64",  # upper bound or <NA>
    "unit": "string",  # pint-parsable unit; "" for plain counts
    "qualifier": "string",  # exact, approx, more_than, at_least, less_than, at_most, range
    "kind": "string",  # count, money, percent, measure
    "precision": "Float64",  # place value of the last written digit ("7,000" -> 1000)
    "date": "string",  # the day the figure refers to, YYYY-MM-DD, or <NA>
    # how the date was found: explicit, asof, weekday, relative, year, period, published, window, none
    "date_source": "string",
    "date_from": "string",  # earliest day the figure can refer to (== date when known; window when undated)
    "date_to": "string",  # latest day the figure can refer to
    "time_of_day": "string",  # morning, afternoon, evening or night of `date` when the text says so, or <NA>
    "surface": "string",  # the figure as written ("some 7,000")
    "sentence": "string",  # the evidence sentence
    "sentence_start": "Int64",  # offset of the sentence in the article text
    "start": "Int64",  # offset of the figure in the article's decoded text
    "end": "Int64",  # end offset (exclusive)
    "context": "string",  # the words of the figure's clause (lower case), to match claims of generic metrics
    "attribution": "string",  # who the figure is attributed to ("police", "Interior Ministry"), or <NA>
    "stance": "string",  # asserted, hedged, denied, projected, increment, change (see STANCES)
}

#: The articles table: one row per input, read or skipped.
ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string",  # stable id derived from the source
    "source": "string",  # path as given, or feed id
    "title": "string",  # first line / heading / front matter
    "outlet": "string",  # outlet named in the text or front matter
    "published": "string",  # publication date YYYY-MM-DD or <NA>
    "published_source": "string",  # dateline, byline, front matter, inferred, none
    "url": "string",  # from front matter or metadata
    "encoding": "string",  # detected text encoding
    "chars": "Int64",  # length of the decoded text
    "error": "string",  # why the input was skipped, or <NA>
}

#: The discrepancies table: one row per group of claims that disagree.
DISCREPANCY_COLUMNS: dict[str, str] = {
    "id": "string",  # stable id: hash of its claim ids and kind
    "subject": "string",
    "metric": "string",
    "kind": "string",  # conflict, update, disputed
    "severity": "Float64",  # 0..1
    "claims": "object",  # list of claim ids in the group
    "conflicts": "object",  # list of [claim id, claim id] pairs judged to disagree
    "explanation": "string",  # one or two plain sentences
}

DISCREPANCY_KINDS = ("conflict", "disputed", "update")
#: the parts of a day a figure may be tied to ("police said on Sunday evening"), in order
DAYPARTS = ("morning", "afternoon", "evening", "night")
DAYPART_RANK = {part: n for n, part in enumerate(DAYPARTS, start=1)}
#: what a figure asserts: asserted and hedged figures are compared; the others are shown, not judged
STANCES = ("asserted", "hedged", "denied", "projected", "increment", "change")


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty DataFrame with the declared columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def _conform(df: pd.DataFrame, columns: dict[str, str], what: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} table is missing columns: {', '.join(missing)}")
    out = df.loc[:, list(columns)].copy()
    for name, dtype in columns.items():
        if dtype != "object" and str(out[name].dtype) != dtype:
            out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)


def validate_claims(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with exactly CLAIM_COLUMNS, in order and with their dtypes; raise if any is missing."""
    out = _conform(df, CLAIM_COLUMNS, "claims")
    if out["id"].duplicated().any():
        dup = out.loc[out["id"].duplicated(), "id"].iloc[0]
        raise ValueError(f"claims table has duplicate id {dup}")
    return out


def validate_articles(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with exactly ARTICLE_COLUMNS, in order and with their dtypes."""
    return _conform(df, ARTICLE_COLUMNS, "articles")


def validate_discrepancies(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with exactly DISCREPANCY_COLUMNS; kinds must be one of DISCREPANCY_KINDS."""
    out = _conform(df, DISCREPANCY_COLUMNS, "discrepancies")
    bad = set(out["kind"].dropna()) - set(DISCREPANCY_KINDS)
    if bad:
        raise ValueError(f"unknown discrepancy kind(s): {sorted(bad)}")
    return out
