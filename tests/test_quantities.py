"""Unit tests for factcheck.quantities: the bounds semantics table, kinds, units and the helpers."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from factcheck.quantities import Quantity, get_registry, parse_quantities, to_base

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"


def one(text: str, kind: str | None = None) -> Quantity:
    """The single quantity (of ``kind``, if given) found in ``text``."""
    qs = [q for q in parse_quantities(text) if kind is None or q.kind == kind]
    assert len(qs) == 1, [(q.text, q.kind) for q in parse_quantities(text)]
    return qs[0]


# wording, value, low, high, qualifier, unit
BOUNDS = [
    ("6,712 people", 6712, None, None, "exact", ""),
    ("some 6,700 people", 6700, None, None, "approx", ""),
    ("about 80%", 80, None, None, "approx", "percent"),
    ("around 122 people", 122, None, None, "approx", ""),
    ("an estimated 3,000 homes", 3000, None, None, "approx", ""),
    ("close to 500 people", 500, None, None, "approx", ""),
    ("more than 6,700 people", 6700, 6700, None, "more_than", ""),
    ("over 80 percent", 80, 80, None, "more_than", "percent"),
    ("at least 128 people", 128, 128, None, "at_least", ""),
    ("no fewer than 20 boats", 20, 20, None, "at_least", ""),
    ("up to 7,000 people", 7000, None, 7000, "at_most", ""),
    ("as many as 100 people", 100, None, 100, "at_most", ""),
    ("nearly 300 homes", 300, None, 300, "at_most", ""),
    ("almost 40 km", 40, None, 40, "at_most", "kilometer"),
    ("fewer than 300 people", 300, None, 300, "less_than", ""),
    ("below 80%", 80, None, 80, "less_than", "percent"),
    ("less than 0.1% of GDP", 0.1, None, 0.1, "less_than", "percent"),
    ("between 40 and 50 people", 45, 40, 50, "range", ""),
    ("40-50 people", 45, 40, 50, "range", ""),
    ("10 to 12 days", 11, 10, 12, "range", "day"),
    ("from 60 to 70 percent", 65, 60, 70, "range", "percent"),
    ("60% to 70%", 65, 60, 70, "range", "percent"),
    ("between 30% and 35% of farmland", 32.5, 30, 35, "range", "percent"),
    ("dozens of people", 50, 12, 120, "range", ""),
    ("hundreds injured", 500, 100, 1000, "range", ""),
    ("several hundred others", 500, 200, 999, "approx", ""),
    ("thousands of homes", 5000, 1000, 10000, "range", ""),
    ("several thousand homes", 5000, 2000, 9999, "approx", ""),
    ("tens of thousands of people", 50000, 10000, 100000, "range", ""),
    ("millions of Americans", 5e6, 1e6, 1e7, "range", ""),
    ("hundreds of millions of dollars", 5e8, 1e8, 1e9, "range", "USD"),
    ("a dozen eggs", 12, None, None, "exact", ""),
    ("some hundreds of people", 500, 100, 1000, "approx", ""),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "qualifier", "unit"), BOUNDS)
def test_bounds_table(
    text: str, value: float, low: float | None, high: float | None, qualifier: str, unit: str
) -> None:
    """The semantics table in docs/quantities.md."""
    q = one(text)
    assert q.value == pytest.approx(value)
    assert q.low == (pytest.approx(low) if low is not None else None)
    assert q.high == (pytest.approx(high) if high is not None else None)
    assert q.qualifier == qualifier
    assert q.unit == unit


MONEY = [
    ("$1.5 billion", 1.5e9, "USD"),
    ("$2.3bn", 2.3e9, "USD"),
    ("$137-million", 1.37e8, "USD"),  # a hyphenated scale
    ("a 2-million-dollar deal", 2e6, "USD"),
    ("US$2,300 million", 2.3e9, "USD"),
    ("2.3 billion dollars", 2.3e9, "USD"),
    ("€1.2bn", 1.2e9, "EUR"),
    ("1.2 billion euro", 1.2e9, "EUR"),
    ("£900m", 9e8, "GBP"),
    ("800 million euros", 8e8, "EUR"),
    ("Rs 5 crore", 5e7, "INR"),
    ("4,000 euros", 4000, "EUR"),
    ("HK$5.4m", 5.4e6, "HKD"),
    ("¥300", 300, "JPY"),
]


@pytest.mark.parametrize(("text", "value", "unit"), MONEY)
def test_money(text: str, value: float, unit: str) -> None:
    """Currency symbols, codes, names and scale suffixes."""
    q = one(text)
    assert (q.value, q.unit, q.kind) == (pytest.approx(value), unit, "money")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("80%", 80, "percent"),
        ("80 percent", 80, "percent"),
        ("80 per cent", 80, "percent"),
        ("80 pct", 80, "percent"),
        ("40C", 40, "degC"),
        ("40 °C", 40, "degC"),
        ("104 degrees Fahrenheit", 104, "degF"),
        ("1.5 million people", 1.5e6, ""),
        ("-5 degrees", -5, "degree"),
        ("minus 5", -5, ""),
        ("6.5 nautical miles", 6.5, "nautical_mile"),
        ("3,900 feet", 3900, "foot"),
        ("87 mph", 87, "mile_per_hour"),
        ("140 km/h", 140, "kilometer_per_hour"),
        ("a 7-metre vessel", 7, "meter"),
        ("256GB", 256, "gigabyte"),
        ("Thirty-one miners", 31, ""),
        ("One hundred and twelve", 112, ""),
    ],
)
def test_values_and_units(text: str, value: float, unit: str) -> None:
    """Number forms and unit surface forms."""
    q = one(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Half of the houses", 50),
        ("a third of voters", 100 / 3),
        ("two-thirds of voters", 200 / 3),
        ("one in five people", 20),
        ("nine in ten adults", 90),
        ("half a percent of GDP", 0.5),
    ],
)
def test_fractions_are_percent(text: str, value: float) -> None:
    """Shares of a whole are given in percent."""
    q = one(text)
    assert (q.value, q.unit, q.kind) == (pytest.approx(value), "percent", "percent")


def test_almost_a_fifth_is_bounded() -> None:
    """ "almost a fifth" is at most 20 percent."""
    q = one("almost a fifth of the economy")
    assert (q.value, q.high, q.qualifier) == (pytest.approx(20), pytest.approx(20), "at_most")


@pytest.mark.parametrize(
    ("text", "direction", "change"),
    [
        ("shares rose 5%", "up", "up"),
        ("fell by 3 points", "down", "down"),
        ("up 3 points", "up", "up"),
        ("a 5% increase", None, "up"),
        ("a sharp 3 percent drop", None, "down"),
        ("BioView shares finished 34.4% higher", None, "up"),
        ("pulled the sector 0.68 percent lower", None, "down"),
        ("Umoya's shares fell 6.4%", "down", "down"),
        ("FTSE -0.6%", "down", "down"),
        ("up from 2.4 million", None, None),
    ],
)
def test_direction(text: str, direction: str | None, change: str | None) -> None:
    """Changes carry ``change``; a movement written before the figure (verb, adverb, sign) also sets
    ``direction``, a change noun or comparative after it does not; levels have neither."""
    q = next(q for q in parse_quantities(text) if q.kind in ("percent", "count"))
    assert (q.direction, q.change) == (direction, change)


def test_change_is_inherited_by_a_restatement() -> None:
    """ "lost 162.31 points, or 2.14%": both figures are changes; the level after them is not."""
    qs = parse_quantities("London's index has lost 162.31 points, or 2.14%, to fall to 7,425.81.")
    assert [(q.value, q.direction, q.change) for q in qs] == [
        (162.31, "down", "down"),
        (2.14, "down", "down"),
        (7425.81, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "noun"),
    [("HK $3.7 billion", "hk$"), ("US $58.24", "us$"), ("AU $5", "au$"), ("C $6", "c$"), ("$5", "$")],
)
def test_currency_noun_is_one_token(text: str, noun: str) -> None:
    """A currency written with a space inside ("HK $") is named as one token ("hk$")."""
    q = one(text)
    assert (q.kind, q.noun) == ("money", noun)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("since 1994", "year"),
        ("in 2015", "year"),
        ("the 2020 election", "year"),
        ("Aug. 9", "date"),
        ("August 15", "date"),
        ("24th August, 2020", "date"),
        ("17/05/2024", "date"),
        ("2024-03-20", "date"),
        ("at 04:17", "time"),
        ("05:42 local time", "time"),
        ("2357 GMT", "time"),
        ("9 a.m.", "time"),
        ("the sixth term", "ordinal"),
        ("their 7th week", "ordinal"),
        ("second night", "ordinal"),
        ("a 34-year-old protester", "age"),
        ("aged 52", "age"),
        ("Dambar Bohara, 52, said", "age"),
        ("Section 427", "identifier"),
        ("section 54", "identifier"),
        ("COVID-19", "identifier"),
        ("G7", "identifier"),
        ("Year 3 pupils", "identifier"),
        ("call the 1155 hotline", "phone"),
        ("+44 20 7946 0000", "phone"),
        ("0800 123 456", "phone"),
        ("they won 2-1", "score"),
    ],
)
def test_non_quantity_kinds(text: str, kind: str) -> None:
    """Years, dates, times, ordinals, ages, labels, phones and scores are recognised, not counted."""
    assert [q.kind for q in parse_quantities(text)] == [kind]


def test_magnitude_is_a_measure() -> None:
    """ "magnitude 7.8" and "M7.8" are quantities."""
    assert one("M7.8 quake").value == pytest.approx(7.8)
    assert one("a magnitude 7.8 quake").value == pytest.approx(7.8)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("7,000", 1000),
        ("6,712", 1),
        ("80.1%", 0.1),
        ("1.5 million", 100000),
        ("two", 1),
        ("a dozen", 1),
        ("hundreds", None),
    ],
)
def test_precision(text: str, precision: float | None) -> None:
    """Place value of the last written digit."""
    assert one(text).precision == (pytest.approx(precision) if precision is not None else None)


def test_nouns() -> None:
    """The counted noun phrase ends at its head noun."""
    assert one("killing at least 128 people in the west").noun == "people"
    assert one("400 charging stations by 2020", "count").noun == "charging stations"


def test_offsets_sorted_and_disjoint() -> None:
    """Offsets slice the text; results are sorted and non-overlapping."""
    text = "Up to 7,000 people were held; about 80% voted and €1.2bn was pledged on August 15, 2024."
    qs = parse_quantities(text)
    assert [q.text for q in qs] == ["Up to 7,000", "about 80%", "€1.2bn", "August 15, 2024"]
    for a, b in pairwise(qs):
        assert a.end <= b.start
    for q in qs:
        assert text[q.start : q.end] == q.text


def test_non_strings_and_empty() -> None:
    """Bad input gives an empty list, never an exception."""
    assert parse_quantities("") == []
    assert parse_quantities(None) == []


def test_registry_and_to_base() -> None:
    """Currencies are their own dimensions; temperatures convert as absolute."""
    ureg = get_registry()
    assert ureg.Quantity(1, "USD").dimensionality != ureg.Quantity(1, "EUR").dimensionality
    assert to_base(40, "degC") == to_base(104, "degF")
    assert to_base(5, "percent") == (5, "percent")
    assert to_base(7, "") == (7, "")
    assert to_base(3, "EUR") == (3, "EUR")
    assert to_base(1, "kilometer") == (1000, "meter")
    assert ureg.Quantity(1, "crore").to("lakh").magnitude == pytest.approx(100)
    ureg.Quantity(1, "percentage_point")


def _dev_claims() -> list[dict]:
    claims = []
    for gold in sorted(DEV.glob("*/gold.json")):
        claims += json.loads(gold.read_text(encoding="utf-8"))["claims"]
    return claims


@pytest.mark.skipif(not DEV.exists(), reason="../shared/dev not present")
def test_dev_gold_quotes() -> None:
    """Most hand-labelled claim quotes yield their value with the labelled bounds (a floor, not a target)."""
    claims = _dev_claims()
    ok = 0
    for c in claims:
        for q in parse_quantities(c["quote"]):
            if (
                q.value is not None
                and q.value == pytest.approx(c["value"])
                and (q.low == (pytest.approx(c["low"]) if c["low"] is not None else None))
                and (q.high == (pytest.approx(c["high"]) if c["high"] is not None else None))
            ):
                ok += 1
                break
    assert ok / len(claims) >= 0.8, f"{ok}/{len(claims)}"


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit"),
    [
        ("The mass is 1.99×10−30 kilograms.", 1.99e-30, None, None, "kilogram"),
        ("about 1.3e6 tonnes", 1.3e6, None, None, "tonne"),
        ("a 2½-hour delay", 2.5, None, None, "hour"),
        ("more than 10 1/2 miles of cable", 10.5, 10.5, None, "mile"),
        ("two and a half years", 2.5, None, None, "year"),
        ("3 million and a quarter", 3.25e6, None, None, ""),
        ("three dozen eggs", 36, None, None, ""),
        ("half a dozen", 6, None, None, ""),
        ("a quarter million", 250_000, None, None, ""),
        ("he is 5 feet 2 inches tall", 5 + 2 / 12, None, None, "foot"),
        ("more than 10 and less than 20 people", 15, 10, 20, ""),
        ("temperatures ranged from -18 °C to -34 °C", -26, -34, -18, "degC"),
        ("a 10- to 15-minute walk", 12.5, 10, 15, "minute"),
        ("support was 52% ± 3", 52, 49, 55, "percent"),
        ("profit of 361 million pounds", 361e6, None, None, "GBP"),
        ("Water boils at 100° Celsius", 100, None, None, "degC"),
        ("two hundred point five", 200.5, None, None, ""),
    ],
)
def test_notations(text: str, value: float, low: float | None, high: float | None, unit: str) -> None:
    """Exponents, glyph and mixed fractions, dozens, compound feet, joined bounds, uncertainty."""
    q = next(q for q in parse_quantities(text) if q.kind in ("count", "money", "percent", "measure"))
    assert q.value == pytest.approx(value), (text, q)
    assert (q.low, q.high) == (
        pytest.approx(low) if low is not None else None,
        pytest.approx(high) if high is not None else None,
    ), (text, q)
    assert q.unit == unit, (text, q)


@pytest.mark.parametrize(
    "text",
    [
        "The 13F filing shows the fund's stake.",
        "charter a Boeing 777F to transport supplies",
        "Euro 2020 qualifier in Podgorica",
        "the new iPhone 11 Pro",
        "Boeing's own 787 Dreamliner was grounded",
        "575 Wilbraham Road, Manchester",
        "quarterback Dak Prescott (4) celebrates",
        "the HIV 2 drug regimen",
        "he told BBC One.",
        "thousands of COVID -19 tests",
    ],
)
def test_labels_are_not_claims(text: str) -> None:
    """Model numbers, addresses, squad numbers and labels are not counts, measures or money."""
    claims = [
        q
        for q in parse_quantities(text)
        if q.kind in ("money", "measure") or (q.kind == "count" and q.value != 5000)
    ]
    assert not claims, [(q.text, q.kind, q.unit) for q in claims]


def test_counts_before_capitalised_plurals_stay_counts() -> None:
    """ "40 Tory MPs", "3 Republican senators": a count, not a label."""
    for text in ("40 Tory MPs rebelled", "3 Republican senators voted", "12 Americans died"):
        q = parse_quantities(text)[0]
        assert q.kind == "count", (text, q)


@pytest.mark.parametrize(
    ("text", "unit", "noun"),
    [
        ("a meal for eight or nine euros", "EUR", "euros"),  # the bare figure shares the next one's unit
        ("on a 7- or 8-inch touchscreen", "inch", "inch"),
        ("It costs about 8 or $9.", "USD", "$"),
        ("two or three people died", "", "people"),
        ("They have a $3500 a month mortgage", "USD / month", "$ a month"),  # "a $": the article, not A$
        ("priced at AU $89.99 per year", "AUD / year", "au$ per year"),
        ("one 52,000 barrel-a-day refinery", "barrel / day", "barrel-a-day"),
        ("fees rise by up to £24 a-year", "GBP / year", "£ a-year"),
        ("sea levels could rise 11 feet per century", "foot / century", "feet per century"),
        ("fields above 10 kV/cm", "kilovolt / centimeter", "kv/cm"),
        ("top speed was about 80 m.p.h.", "mile_per_hour", "m.p.h."),
        ("the neck is 25.5″ long", "inch", "″"),
        ("to make 5G available", "", "g"),
    ],
)
def test_units_and_nouns_round_four(text: str, unit: str, noun: str) -> None:
    q = parse_quantities(text)[0]
    assert (q.unit, q.noun) == (unit, noun), q


def test_a_year_earlier_is_not_a_rate() -> None:
    q = parse_quantities("Revenue rose to $7.36 billion from $6.78 billion a year earlier.")[-1]
    assert (q.value, q.unit, q.noun) == (6.78e9, "USD", "$")


def test_index_level_takes_points_from_a_change() -> None:
    q = parse_quantities("The S&P 500 rose 64.06 points to 4,577.10.")[-1]
    assert (q.value, q.noun, q.direction) == (4577.1, "points", None)


def test_hedged_range_keeps_hedge_and_bounds() -> None:
    q = one("adults need about 2000 - 2500 Calories a day")
    assert (q.qualifier, q.low, q.high, q.value) == ("approx", 2000, 2500, 2250)
    assert one("between 40 and 50 people").qualifier == "range"


def test_share_after_count_noun_or_takes_the_change() -> None:
    qs = parse_quantities("employment grew by 125,600 positions or 2.2 per cent")
    assert [(q.value, q.direction) for q in qs] == [(125600, "up"), (2.2, "up")]


def test_under_the_age_of_is_a_bound() -> None:
    q = one("children under the age of 5 years died")
    assert (q.qualifier, q.high) == ("less_than", 5)


@pytest.mark.parametrize(
    ("text", "unit", "noun"),
    [
        ("The highest forecast is 84.75 cents, while the lowest is 74.07.", "cent", "cents"),
        ("More than 6 million homes nationwide including 1.5 million in the region", "", "homes"),
        ("sales rose to 3.9 million headsets up from 2.4 million in 2017.", "", "headsets"),
        ("and from about 14-18 mpg to 24 for standard SUVs", "mile_per_gallon", "mpg"),
        ("435 homes by open sale and 187 by tender on Saturday.", "", "homes"),
        ("with 22,345,718 bushels in the previous week and 16,568,000 in the year-ago week", "", "bushels"),
    ],
)
def test_elliptic_figure_takes_the_unit_it_compares_with(text: str, unit: str, noun: str) -> None:
    """A bare figure compared or coordinated with an earlier one in the clause shares its unit or noun."""
    q = [q for q in parse_quantities(text) if q.kind not in ("year", "date")][-1]
    assert (q.unit, q.noun) == (unit, noun), q


@pytest.mark.parametrize(
    "text",
    [
        "The index gained 0.7 percent to 6,327.80.",  # a level after a change
        "given an initial coupon of 11-1/2 pct and priced at 104.40.",  # a price, not a share
        "unemployed for one to two years and 95800 who have been unemployed for longer",  # a new subject
        "sold 5 speed manual cars and 2,380,000 for the rest",  # not a plain plural noun
    ],
)
def test_elliptic_unit_is_not_carried_to_a_new_figure(text: str) -> None:
    q = [q for q in parse_quantities(text) if q.kind == "count"][-1]
    assert (q.unit, q.kind) == ("", "count"), q


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Ethereum fell from $2,415 to $2,315 overnight", 2315, 2415, "USD"),
        ("growth will slow from 4.8 percent to 4.7 percent", 4.7, 4.8, "percent"),
        ("growth will slow from 4.8 to 4.7 percent", 4.7, 4.8, "percent"),
        ("humans occupied the site from 49,000 to 46,000 years ago", 46000, 49000, "year"),
        ("Horsepower jumped from 240 to 273", 240, 273, ""),
    ],
)
def test_from_to_is_one_range_either_way(text: str, low: float, high: float, unit: str) -> None:
    """ "from X to Y" is one figure whichever way it runs; low and high stay the lower and upper bound."""
    q = one(text)
    assert (q.qualifier, q.low, q.high, q.unit) == ("range", low, high, unit), q


def test_falling_to_then_from_stays_two_levels() -> None:
    """ "narrowed to 138,285 lots from 212,577 lots": the new level and the old one, not a range."""
    qs = parse_quantities("Weekly volume narrowed to 138,285 lots from 212,577 lots in the previous week.")
    assert [(q.value, q.qualifier) for q in qs] == [(138285, "exact"), (212577, "exact")]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("the brand was expected to grow sales by 35 per cent this half", "up"),
        ("the bank will cut its workforce by 10%", "down"),
        ("plans to increase the number of beds by 200", "up"),
        ("was hit by 5 missiles", None),  # not a change verb
    ],
)
def test_change_verb_with_its_object_before_by(text: str, direction: str | None) -> None:
    """ "grow sales by 35 per cent": the change verb is read across its object to "by"."""
    q = [q for q in parse_quantities(text) if q.kind in ("percent", "count")][-1]
    assert (q.direction, q.change) == (direction, direction)


def test_change_verb_before_by_leaves_years_alone() -> None:
    assert [q.kind for q in parse_quantities("prices rose sharply by 2020")] == ["year"]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("worth $17m, 49 Zorro Ranch Road, Stanley, New Mexico", "49"),
        ("358 El Brillo Way, Palm Beach", "358"),
        ("22 Ave Foch, Paris", "22"),
        ("Unit 3 at 16-18 Industrial Avenue, has leased", "16-18 Industrial Avenue"),
        ("will not be commencing Part 3 of the Act", "Part 3"),
    ],
)
def test_street_numbers_and_parts_are_labels(text: str, surface: str) -> None:
    q = next(q for q in parse_quantities(text) if q.text.startswith(surface.split()[0]))
    assert (q.kind, q.text) == ("identifier", surface)


@pytest.mark.parametrize(
    ("text", "unit", "noun"),
    [
        ("has only raised 280 million of the 1.5 billion shekels he needs", "ILS", "shekels"),
        ("the court reversed 8 of the 11 cases from the circuit", "", "cases"),
    ],
)
def test_a_part_takes_the_unit_of_its_whole(text: str, unit: str, noun: str) -> None:
    q = parse_quantities(text)[0]
    assert (q.unit, q.noun) == (unit, noun), q


def test_a_change_with_its_verb_left_out_keeps_the_direction() -> None:
    qs = parse_quantities("Shares of Ross were down 2.3%, Burlington by 2.6% and Foot Locker was down 1.9%.")
    assert [(q.value, q.direction, q.change) for q in qs] == [
        (2.3, "down", "down"),
        (2.6, "down", "down"),
        (1.9, "down", "down"),
    ]


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("about 460 Kia and Hyundai vehicles have been stolen", "kia and hyundai vehicles"),
        ("the Indian navy captured 23 Somali and Yemeni pirates", "somali and yemeni pirates"),
        ("5 apples and oranges", "apples"),
        ("12 men and women", "men"),
    ],
)
def test_two_modifiers_of_one_plural_noun(text: str, noun: str) -> None:
    assert one(text).noun == noun


@pytest.mark.parametrize(
    ("text", "unit", "noun"),
    [
        ("The neutron stars spin nearly 78,000 times a minute.", "1 / minute", "times a minute"),
        ("they meet three times a week", "1 / week", "times a week"),
    ],
)
def test_times_per_period_is_a_frequency(text: str, unit: str, noun: str) -> None:
    q = one(text)
    assert (q.kind, q.unit, q.noun) == ("measure", unit, noun)
    assert get_registry()(unit)  # a pint unit


def test_skip_spans_read_only_the_last_figure_and_leave_the_rest_alone() -> None:
    text = (
        "Shr 1.20 dlrs vs 1.10 dlrs\nNet 5.6 mln vs 4.5 mln\n"
        "Revenue rose more than\n12 pct to 300 mln dlrs, the company said."
    )
    lines = [(0, 26), (27, 49)]
    assert text[slice(*lines[0])] == "Shr 1.20 dlrs vs 1.10 dlrs"
    full = parse_quantities(text)
    part = parse_quantities(text, skip=lines)
    inside = [q.text for q in part if q.start < lines[-1][1]]
    assert inside == ["1.10", "4.5 mln"]  # the last figure of each span, nothing else
    after = [q for q in full if q.start >= lines[-1][1]]
    assert [q for q in part if q.start >= lines[-1][1]] == after  # the body is read as before
    assert after[0].qualifier == "more_than"  # "more than" before the line break still counts
