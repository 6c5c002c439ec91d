"""The comparator: interval semantics, time, attribution, and hypothesis properties.

Claims are built directly as rows of the claims table, so these tests exercise compare/ alone.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck.compare import find_discrepancies
from factcheck.compare.intervals import claim_interval, gap
from factcheck.schema import CLAIM_COLUMNS, validate_claims

_counter = itertools.count()


def claim(
    value: float,
    *,
    unit: str = "",
    qualifier: str = "exact",
    low: float | None = None,
    high: float | None = None,
    precision: float | None = 1.0,
    surface: str | None = None,
    source: str | None = None,
    date: str | None = "2024-03-18",
    timing: str = "cumulative",
    attribution: str | None = None,
    stance: str = "asserted",
    metric: str = "people killed",
    subject: str = "",
    rule: str = "casualties.deaths",
    kind: str = "count",
) -> dict:
    """One claims-table row with sensible defaults."""
    n = next(_counter)
    source = source or f"article{n}.txt"
    return {
        "id": f"c{n:06d}",
        "article_id": "a" + source,
        "source": source,
        "outlet": None,
        "published": date,
        "subject": subject,
        "metric": metric,
        "rule": rule,
        "cumulative": timing == "cumulative",
        "timing": timing,
        "match_context": False,
        "value": value,
        "low": low,
        "high": high,
        "unit": unit,
        "qualifier": qualifier,
        "kind": kind,
        "precision": precision,
        "date": date,
        "date_source": "published" if date else "none",
        "date_from": date,
        "date_to": date,
        "surface": surface or f"{value:g}",
        "sentence": f"{value:g} people died.",
        "sentence_start": 0,
        "start": 0,
        "end": 3,
        "context": "",
        "attribution": attribution,
        "stance": stance,
    }


def frame(*rows: dict) -> pd.DataFrame:
    return validate_claims(pd.DataFrame(list(rows), columns=list(CLAIM_COLUMNS)))


def pairs(df: pd.DataFrame, kind: str | None = None) -> set[frozenset[str]]:
    d = find_discrepancies(df)
    if kind:
        d = d[d["kind"] == kind]
    return {frozenset(p) for ps in d["conflicts"] for p in ps}


# ---- interval semantics (README table) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "lo", "hi"),
    [
        ({"value": 80.0, "precision": 1.0}, 79.5, 80.5),  # "80%": rounding
        ({"value": 7000.0, "qualifier": "approx", "precision": 1000.0}, 6860.0, 7140.0),  # "some 7,000": 2%
        ({"value": 6700.0, "qualifier": "more_than", "low": 6700.0}, 6700.0, float("inf")),
        ({"value": 7000.0, "qualifier": "at_most", "high": 7000.0, "surface": "up to 7,000"}, 0.0, 7000.0),
        ({"value": 8.0, "qualifier": "at_most", "high": 8.0, "surface": "nearly 8"}, 7.2, 8.0),
        ({"value": 45.0, "qualifier": "range", "low": 40.0, "high": 50.0, "precision": 1.0}, 39.55, 50.45),
        ({"value": 90.0, "surface": "nine in ten", "precision": 10.0}, 67.5, 112.5),
    ],
)
def test_interval_table(kw: dict, lo: float, hi: float) -> None:
    kw = {"low": None, "high": None, "qualifier": "exact", "precision": None, "surface": "", "unit": "", **kw}
    iv = claim_interval(
        kw["value"], kw["low"], kw["high"], kw["unit"], kw["qualifier"], kw["precision"], kw["surface"]
    )
    assert iv is not None
    assert iv.lo == pytest.approx(lo) and iv.hi == pytest.approx(hi)


def test_units_are_real() -> None:
    metres = claim_interval(1.5, None, None, "meter", "exact", 0.1, "1.5 metres")
    feet = claim_interval(5.0, None, None, "foot", "exact", 1.0, "5 feet")
    assert metres.unit == feet.unit and gap(metres, feet) == 0
    hot_c = claim_interval(40.0, None, None, "degC", "exact", 1.0, "40C")
    hot_f = claim_interval(104.0, None, None, "degF", "exact", 1.0, "104F")
    assert gap(hot_c, hot_f) == 0
    km = claim_interval(10.0, None, None, "kilometer", "exact", 1.0, "10 km")
    mi = claim_interval(6.2, None, None, "mile", "exact", 0.1, "6.2 miles")
    assert gap(km, mi) == 0
    # a measure is as exact as its last digit: "six miles" is 10 km converted and rounded
    six = claim_interval(6.0, None, None, "mile", "exact", 1.0, "six miles")
    assert gap(km, six) == 0
    assert gap(km, claim_interval(15.0, None, None, "kilometer", "exact", 1.0, "15 km")) > 0
    one_mile = claim_interval(1.0, None, None, "mile", "exact", 1.0, "1 mile")
    assert gap(one_mile, claim_interval(2.0, None, None, "mile", "exact", 1.0, "2 miles")) > 0
    # counts and money keep the tight rounding: 2 and 3 deaths still disagree
    assert (
        gap(
            claim_interval(2.0, None, None, "", "exact", 1.0, "2"),
            claim_interval(3.0, None, None, "", "exact", 1.0, "3"),
        )
        > 0
    )


# ---- judgement ------------------------------------------------------------------------------------


def test_rounded_and_exact_figures() -> None:
    a = claim(6700.0, qualifier="approx", precision=100.0, surface="some 6,700")
    b = claim(7000.0, qualifier="approx", precision=1000.0, surface="some 7,000")
    assert pairs(frame(a, b)) == {frozenset((a["id"], b["id"]))}
    c = claim(80.0, unit="percent", timing="fixed", kind="percent", metric="vote share")
    d = claim(80.1, unit="percent", timing="fixed", kind="percent", precision=0.1, metric="vote share")
    assert pairs(frame(c, d)) == set()


def test_bounds_are_one_sided() -> None:
    a = claim(128.0, qualifier="at_least", low=128.0, surface="at least 128")
    b = claim(136.0)
    assert pairs(frame(a, b)) == set()


def test_later_larger_running_count_is_an_update() -> None:
    a = claim(128.0, date="2024-03-17")
    b = claim(312.0, date="2024-03-18")
    d = find_discrepancies(frame(a, b))
    assert list(d["kind"]) == ["update"]
    assert d["conflicts"].iloc[0] == [[a["id"], b["id"]]]
    assert "1 day later" in d["explanation"].iloc[0]


def test_later_smaller_running_count_is_a_conflict() -> None:
    a = claim(312.0, date="2024-03-18")
    b = claim(281.0, date="2024-03-19")
    assert list(find_discrepancies(frame(a, b))["kind"]) == ["conflict"]


def test_event_figures_on_different_days_are_not_compared() -> None:
    a = claim(100000.0, date="2020-08-23", timing="event", metric="crowd size")
    b = claim(5000.0, date="2020-08-15", timing="event", metric="crowd size")
    assert pairs(frame(a, b)) == set()


def test_different_parties_dispute() -> None:
    a = claim(
        10.12,
        unit="percent",
        kind="percent",
        timing="fixed",
        attribution="Central Election Commission",
        source="same.txt",
        precision=0.01,
        metric="vote share",
    )
    b = claim(
        65.0,
        unit="percent",
        kind="percent",
        timing="fixed",
        qualifier="range",
        low=60.0,
        high=70.0,
        attribution="Svetlana Tikhanovskaya",
        source="same.txt",
        metric="vote share",
    )
    assert list(find_discrepancies(frame(a, b))["kind"]) == ["disputed"]


def test_denied_figures_are_not_asserted() -> None:
    a = claim(42.0, timing="fixed", metric="people on board")
    b = claim(100.0, timing="fixed", stance="denied", metric="people on board")
    assert pairs(frame(a, b)) == set()


def test_different_currencies_are_not_converted() -> None:
    a = claim(1.2e9, unit="EUR", kind="money", timing="fixed", metric="aid package size", precision=1e8)
    b = claim(1.0e9, unit="GBP", kind="money", timing="fixed", metric="aid package size", precision=1e9)
    assert pairs(frame(a, b)) == set()


def test_explanation_names_sources_dates_and_gap() -> None:
    a = claim(2.0, source="wire.txt", date="2020-08-24")
    b = claim(3.0, source="daily.txt", date="2020-08-24")
    text = find_discrepancies(frame(a, b))["explanation"].iloc[0]
    assert "wire.txt" in text and "daily.txt" in text and "2020-08-24" in text and "%" in text


# ---- properties -----------------------------------------------------------------------------------

values = st.floats(min_value=0.5, max_value=1e7, allow_nan=False, allow_infinity=False)
qualifiers = st.sampled_from(["exact", "approx"])


@given(values, qualifiers)
@settings(max_examples=25, deadline=None)
def test_a_claim_never_conflicts_with_itself(v: float, q: str) -> None:
    a = claim(v, qualifier=q, source="x.txt")
    b = dict(a, id=a["id"] + "b", source="y.txt", article_id="ay.txt")
    assert pairs(frame(a, b)) == set()


@given(
    st.lists(st.tuples(values, st.sampled_from(["2024-03-17", "2024-03-18", None])), min_size=2, max_size=6),
    st.randoms(use_true_random=False),
)
@settings(max_examples=20, deadline=None)
def test_order_of_sources_does_not_change_the_result(items: list, rnd) -> None:
    rows = [claim(v, date=d) for v, d in items]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    a, b = find_discrepancies(frame(*rows)), find_discrepancies(frame(*shuffled))
    assert a.to_dict("records") == b.to_dict("records")


@given(st.floats(min_value=0.1, max_value=500.0), st.floats(min_value=0.1, max_value=500.0))
@settings(max_examples=25, deadline=None)
@example(10.0, 6.2137)
def test_converting_units_does_not_change_whether_claims_conflict(km: float, other_km: float) -> None:
    metric = dict(metric="depth", rule="measures.depth", timing="fixed", kind="measure", precision=None)
    base = frame(claim(km, unit="kilometer", **metric), claim(other_km, unit="kilometer", **metric))
    miles = frame(claim(km, unit="kilometer", **metric), claim(other_km / 1.609344, unit="mile", **metric))
    assert bool(pairs(base)) == bool(pairs(miles))


@given(values, values, st.floats(min_value=0.0, max_value=0.5))
@settings(max_examples=25, deadline=None)
def test_widening_an_interval_never_creates_a_conflict(v1: float, v2: float, widen: float) -> None:
    a = claim(v1, timing="fixed", metric="capacity")
    b = claim(v2, timing="fixed", metric="capacity")
    before = pairs(frame(a, b))
    lo, hi = v2 * (1 - widen), v2 * (1 + widen)
    wider = dict(b, qualifier="range", low=lo, high=hi, value=(lo + hi) / 2)
    after = pairs(frame(a, wider))
    assert after <= before


def test_a_part_merges_with_its_whole_but_not_across_a_named_place_and_a_distance_needs_both_ends() -> None:
    from factcheck.compare import _subject_key

    seen: list[str] = []
    assert _subject_key("children, part: children", seen) == "children, part: children"
    assert _subject_key("part: children", seen) == "children, part: children"
    # "600 were killed in the city of Zarand" is not the country's toll of the same year
    assert _subject_key("in 2003", seen) == "in 2003"
    assert _subject_key("Zarand, in 2003", seen) == "Zarand, in 2003"
    assert _subject_key("Bajhang, children, part: children", seen) == "Bajhang, children, part: children"
    assert _subject_key("from Gaza", seen) == "from Gaza"
    assert _subject_key("Ashkelon, from Gaza", seen) == "Ashkelon, from Gaza"  # another town's distance


# ---- the part of a day -----------------------------------------------------------------------------


def _at(c: dict, part: str | None) -> dict:
    return {**c, "time_of_day": part}


def test_a_larger_toll_later_the_same_day_is_an_update() -> None:
    morning = _at(claim(12, qualifier="at_least", low=12.0, date="2024-08-11"), "morning")
    evening = _at(claim(17, date="2024-08-11"), "evening")
    assert pairs(frame(morning, evening), "update") == {frozenset((morning["id"], evening["id"]))}
    d = find_discrepancies(frame(morning, evening))
    assert "conflict" not in set(d["kind"])


def test_a_smaller_toll_later_the_same_day_is_a_conflict() -> None:
    morning = _at(claim(20, date="2024-08-11"), "morning")
    evening = _at(claim(17, date="2024-08-11"), "evening")
    assert pairs(frame(morning, evening), "conflict") == {frozenset((morning["id"], evening["id"]))}


def test_tolls_of_the_same_evening_that_differ_conflict() -> None:
    police = _at(claim(17, date="2024-08-11", attribution="police"), "evening")
    hospital = _at(claim(22, date="2024-08-11", attribution="the hospital"), "evening")
    d = find_discrepancies(frame(police, hospital))
    assert list(d["kind"]) == ["disputed"]


def test_a_figure_of_the_whole_day_is_compared_with_every_part_of_it() -> None:
    day = claim(30, date="2024-08-11")  # no part of the day: it could be morning or evening
    evening = _at(claim(17, date="2024-08-11"), "evening")
    assert pairs(frame(day, evening), "conflict") == {frozenset((day["id"], evening["id"]))}


def test_a_whole_day_does_not_stand_between_the_day_before_and_its_evening() -> None:
    sunday = claim(128, qualifier="at_least", low=128.0, date="2024-03-17")
    sunday_evening = _at(claim(136, date="2024-03-17"), "evening")
    monday_morning = _at(claim(312, date="2024-03-18"), "morning")
    ups = pairs(frame(sunday, sunday_evening, monday_morning), "update")
    assert frozenset((sunday["id"], monday_morning["id"])) in ups
    assert frozenset((sunday_evening["id"], monday_morning["id"])) in ups


def test_a_fixed_fact_dated_months_away_is_another_event() -> None:
    main = claim(6.1, date="2013-07-02", timing="fixed", metric="magnitude", rule="quake.magnitude")
    april = {**claim(7.2, date="2013-04-06", timing="fixed", metric="magnitude", rule="quake.magnitude"),
             "date_source": "explicit"}  # "a 7.2 quake on April 6"
    assert pairs(frame(main, april)) == set()
    week = {**april, "id": "c-week", "date": "2013-06-28", "date_from": "2013-06-28", "date_to": "2013-06-28"}
    assert pairs(frame(main, week), "conflict") == {frozenset((main["id"], "c-week"))}


# ---- figures of metrics a story holds many of -------------------------------------------------------


def _money(value: float, context: str, rule: str = "generic.money") -> dict:
    return {**claim(value, unit="USD", kind="money", metric="amount of money", rule=rule, timing="fixed"),
            "match_context": True, "context": context}


def test_sums_of_money_need_three_shared_words_besides_their_scale() -> None:
    # "The fees for Paul Gompers were $92,700" /
    # "about $865,000 in expert witness fees, the court filing said"
    fees = _money(92700, "fees filing gompers harvard paul professor says school")
    costs = _money(865000, "costs court expert fees filing includes request said witness")
    assert pairs(frame(fees, costs)) == set()
    # "$1 million from its water assistance program" / "some $175 million in outstanding bills": the
    # scale words "million" and "dollars" are not shared content
    a = _money(1e6, "announced department million plans program water")
    b = _money(175e6, "bills department million outstanding recoup says water")
    assert pairs(frame(a, b)) == set()
    # the same jewels, valued differently by two outlets
    heist = _money(137e6, "armed diamonds four jewels made million off paris robbers store")
    other = _money(108e6, "armed branch diamonds euros paris robbers stole valued winston")
    assert pairs(frame(heist, other), "conflict") == {frozenset((heist["id"], other["id"]))}


def test_a_percentage_that_names_no_whole_is_not_compared() -> None:
    share = {"unit": "percent", "kind": "percent", "metric": "share", "rule": "generic.percent"}
    a = {**claim(53, timing="fixed", **share), "match_context": True,
         "context": "older patients radiation therapy used younger"}
    b = {**claim(95.1, timing="fixed", **share), "match_context": True,
         "context": "older patients rate survival therapy younger"}
    assert pairs(frame(a, b)) == set()


def test_an_update_within_a_day_says_so() -> None:
    morning = {**_at(claim(12, date="2024-08-11"), "morning"), "published": "2024-08-11"}
    evening = {**_at(claim(17, date="2024-08-11"), "evening"), "published": "2024-08-12"}
    text = find_discrepancies(frame(morning, evening))["explanation"].iloc[0]
    assert "figure as of 2024-08-11 morning" in text and "figure as of 2024-08-11 evening" in text
    assert "later the same day" in text
