"""The part of a day a figure refers to (factcheck.extract.daypart)."""

from __future__ import annotations

import pytest

from factcheck.extract.daypart import read_daypart


@pytest.mark.parametrize(
    ("sentence", "figure", "date", "published", "part"),
    [
        ("Police said on Sunday evening that 17 people had died.", "17", "2024-08-11", "2024-08-12",
         "evening"),
        ("At least 12 people were killed on Saturday, police said on Sunday morning.", "12", "2024-08-11",
         "2024-08-11", "morning"),
        ("By Monday morning 281 deaths had been confirmed.", "281", "2024-03-18", "2024-03-20", "morning"),
        ("Five people were confirmed dead, an official told AFP late Tuesday.", "Five", "2013-07-02",
         "2013-07-03", "evening"),
        ("The toll stood at 40 this morning.", "40", "2024-05-17", "2024-05-17", "morning"),
        ("Officials said tonight that 40 had died.", "40", "2024-05-17", "2024-05-17", "night"),
        ("Rescuers had recovered 40 bodies by 6pm.", "40", "2024-05-17", None, "evening"),
        ("As of 18:00, 40 people were in hospital.", "40", "2024-05-17", None, "evening"),
        ("By midday on Friday, 40 people had been rescued.", "40", "2024-05-17", None, "afternoon"),
        # not the claim's day, not a time of a count, or no time at all
        ("Police said on Sunday evening that 17 people had died.", "17", "2024-08-12", "2024-08-12", None),
        ("The toll stood at 40 this morning.", "40", "2024-05-16", "2024-05-17", None),
        ("The quake struck at 05:42 and killed 20 people.", "20", "2024-05-17", None, None),
        ("Prices rose by 2.50 percent to 40 pence.", "40", "2024-05-17", None, None),
        ("The number of dead rose by 20 to 40.", "40", "2024-05-17", None, None),
        ("Last Sunday 40 people died.", "40", "2024-05-12", "2024-05-17", None),
        ("Police said on Sunday evening that 17 people had died.", "17", None, "2024-08-12", None),
    ],
)
def test_read_daypart(sentence: str, figure: str, date: str | None, published: str | None,
                      part: str | None) -> None:
    assert read_daypart(sentence, sentence.index(figure), date, published) == part


def test_the_nearest_mention_wins() -> None:
    s = "Police counted 12 dead on Sunday morning, and the hospital 17 by Sunday evening."
    assert read_daypart(s, s.index("12"), "2024-08-11", None) == "morning"
    assert read_daypart(s, s.index("17"), "2024-08-11", None) == "evening"


def test_claims_carry_their_part_of_the_day() -> None:
    from factcheck.extract import Extractor
    from factcheck.ingest.article import Article
    from factcheck.rules import load_rules

    text = "Crush in Mombasa\n\nPolice said on Sunday evening that 17 people had died in the crush."
    art = Article(source="a.txt", text=text, published="2024-08-12")
    rows = Extractor(load_rules()).article_claims(art)
    assert [(r["surface"], r["date"], r["time_of_day"]) for r in rows] == [("17", "2024-08-11", "evening")]


def test_an_attributive_date_does_not_date_the_figure() -> None:
    from factcheck.extract.timeref import resolve_claim_date

    s = "Up to 7,000 people have been detained and two have died in protests against the Aug. 9 election."
    assert resolve_claim_date(s, s.index("two"), "2020-08-15").source == "published"
    s = "Two people were wounded in a shooting at a parking garage on Feb. 6, police said."
    assert resolve_claim_date(s, 0, "2024-03-01").date == "2024-02-06"


def test_a_day_named_without_a_year_in_an_undated_article() -> None:
    from factcheck.extract.timeref import resolve_claim_date

    s = "Two people were wounded in a shooting at a parking garage on Feb. 6, police said."
    assert resolve_claim_date(s, 0, None, window=("2024-03-01", "2024-03-08")).date == "2024-02-06"
    got = resolve_claim_date(s, 0, None)
    assert (got.date, got.source) == (None, "explicit")


def test_a_month_well_before_publication_is_its_own_period() -> None:
    from factcheck.extract.timeref import resolve_claim_date

    s = "The same island was hit by a 6.1 quake in September."
    got = resolve_claim_date(s, s.index("6.1"), "2005-11-27")
    assert (got.source, got.period) == ("year", "September 2005")
    s = "The toll has risen to 40 since March."
    assert resolve_claim_date(s, s.index("40"), "2005-03-27").source == "published"
    assert resolve_claim_date(s, s.index("40"), "2005-04-02").source == "published"  # the month before
