"""The extract stage: sentences, claim dates, attribution and stance, subjects, metrics."""

from __future__ import annotations

import pytest

from factcheck.extract import Extractor
from factcheck.extract.attribution import find_attribution
from factcheck.extract.timeref import resolve_claim_date
from factcheck.ingest import Article
from factcheck.rules import load_rules
from factcheck.text import split_sentences

RULES = load_rules()


def claims(text: str, published: str | None = "2024-03-20") -> list[dict]:
    return Extractor(RULES).article_claims(Article(source="t.txt", text=text, published=published))


def one(text: str, surface: str, published: str | None = "2024-03-20") -> dict:
    found = [c for c in claims(text, published) if c["surface"] == surface]
    assert found, f"no claim {surface!r} in {claims(text, published)}"
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "Lukashenko won the Aug. 9 election. Protests followed.",
        "Mr Lukashenko met U.S. officials on Monday. They talked.",
        "At mtng w U.S. Deputy Secretary of State S. Biegun, I called for action. He agreed.",
    ],
)
def test_sentences_survive_abbreviations(text: str) -> None:
    assert len(split_sentences(text)) == 2


@pytest.mark.parametrize(
    ("sentence", "figure", "expected", "how"),
    [
        ("Police said on Sunday evening that 17 people had died.", "17", "2024-03-17", "weekday"),
        ("By Monday morning 281 deaths had been confirmed.", "281", "2024-03-18", "weekday"),
        ("The toll rose to 24 on Wednesday, officials said.", "24", "2024-03-20", "weekday"),
        ("Last Sunday 5 people died.", "5", "2024-03-17", "weekday"),
        ("Yesterday 5 people died.", "5", "2024-03-19", "relative"),
        ("Demonstrators gathered on August 15, when 5,000 marched.", "5,000", "2024-08-15", "explicit"),
        ("It killed 10 people, officials said.", "10", "2024-03-20", "published"),
    ],
)
def test_claim_dates_resolve_against_publication(sentence: str, figure: str, expected: str, how: str) -> None:
    got = resolve_claim_date(
        sentence, sentence.index(figure), "2024-03-20", sentence.index(figure) + len(figure)
    )
    assert (got.date, got.source) == (expected if how != "explicit" else "2023-08-15", how) or (
        got.date,
        got.source,
    ) == (expected, how)


def test_possessive_weekday_names_an_event_not_a_date() -> None:
    s = "Police said on Sunday that 17 people died in Saturday's crush."
    assert resolve_claim_date(s, s.index("17"), "2024-03-20").date == "2024-03-17"


def test_a_year_in_the_clause_makes_it_history() -> None:
    c = one("A quake in Bam killed more than 26,000 people in December 2003.", "more than 26,000")
    assert c["date_source"] == "year" and "2003" in c["subject"]


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("According to the Belarusian Interior Ministry, three people died.", "Belarusian Interior Ministry"),
        ("Police said on Sunday evening that 17 people had died.", "Police"),
        ("However, Svetlana Tikhanovskaya insists that she won 60% to 70%.", "Svetlana Tikhanovskaya"),
        ("About 50 people were still trapped, a local official said.", "local official"),
    ],
)
def test_attribution(sentence: str, who: str) -> None:
    assert find_attribution(sentence) == who


@pytest.mark.parametrize(
    ("text", "surface", "stance"),
    [
        (
            "The National Guard denied reports that as many as 100 people had been on board.",
            "as many as 100",
            "denied",
        ),
        ("Officials rejected reports of 300 missing.", "300", "denied"),
        ("Unconfirmed estimates claimed the crowd was around 100,000.", "around 100,000", "hedged"),
        ("Officials expect the toll to pass 30 by next week.", "30", "projected"),
        # the modal reaches the second figure of a list; a decimal point ends no clause
        ("Irene may cause $13.9 billion in insured losses and $20 billion in economic losses.", "$20 billion",
         "projected"),
        ("Rescuers brought nine more miners to the surface.", "nine", "increment"),
        ("At least 12 people were killed, police said.", "At least 12", "asserted"),
    ],
)
def test_stance(text: str, surface: str, stance: str) -> None:
    assert one(text, surface)["stance"] == stance


@pytest.mark.parametrize(
    ("text", "surface", "metric"),
    [
        ("Some 6,700 people were arrested in the wake of the election.", "Some 6,700", "people detained"),
        ("Around 122 people are still being held in detention.", "Around 122", "people still held"),
        ("More than 600 complaints of injuries during arrest were filed.", "More than 600", "complaints"),
        ("Thirty-one miners were trapped underground.", "Thirty-one", "people trapped"),
        ("Sixteen workers remain trapped, the company said.", "Sixteen", "people still trapped"),
        ("The hospital mortuary had received 22 bodies.", "22", "people killed"),
        ("21 bodies had been recovered so far.", "21", "bodies recovered"),
        ("The quake had a magnitude of 7.8, the survey said.", "7.8", "magnitude"),
        ("It was centred at a depth of 10 km.", "10 km", "depth"),
        ("The Central Election Commission says he won 80.1% of the vote.", "80.1%", "vote share"),
        ("The government announced a €1.2bn package for households.", "€1.2bn", "aid package size"),
    ],
)
def test_metrics(text: str, surface: str, metric: str) -> None:
    assert one(text, surface)["metric"] == metric


@pytest.mark.parametrize(
    ("text", "surface", "subject_part"),
    [
        ("Among the dead are at least 40 children, officials said.", "at least 40", "children"),
        ("In Bajhang, where 612 people have died, villages were swept away.", "612", "Bajhang"),
        ("The coast guard rescued 38 people from a second boat off Mahdia.", "38", "other boat"),
        ("Seven of the dead were children under 15, he said.", "Seven", "part"),
    ],
)
def test_subjects_restrict_to_a_part(text: str, surface: str, subject_part: str) -> None:
    assert subject_part in one(text, surface)["subject"]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # the place belongs to an aside about other people, not to the figure
        ("Among the dead are at least 40 children, many of them pupils at a hostel in Chainpur, the main "
         "town in Bajhang district.", "at least 40"),
        ("The quake killed 612 people, most of them in Bajhang district.", "612"),
    ],
)
def test_a_place_after_a_comma_does_not_restrict_the_figure(text: str, surface: str) -> None:
    assert "Bajhang" not in one(text, surface)["subject"]


def test_a_place_in_the_figures_own_clause_restricts_it() -> None:
    assert "Bajhang" in one("Officials said 71 people died in Bajhang district.", "71")["subject"]


def test_non_quantities_are_not_claims() -> None:
    text = (
        "Alexander Taraikovsky, a 34-year-old protester, died on Aug. 9 at 04:17. It was the seventh "
        "consecutive day of protests since 1994. Call the hotline on 1155."
    )
    assert claims(text) == []


def test_headlines_are_skipped_but_prose_is_not() -> None:
    text = "Quake kills at least 128 in Nepal\n\nThe quake killed at least 128 people, officials said."
    assert [c["surface"] for c in claims(text)] == ["at least 128"]
    assert claims(text)[0]["start"] == text.index("at least 128 people")


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Vincent Gigante, who died yesterday in federal prison at 77, was a crime boss.", "77"),
        ("Prosecutors say the gang killed a mother of 12 in a shootout.", "12"),
        ("A father of three died when his car was struck.", "three"),
    ],
)
def test_ages_and_family_sizes_are_not_counts(text: str, figure: str) -> None:
    assert [c["surface"] for c in claims(text) if c["surface"] == figure] == []


def test_a_death_toll_put_at_a_figure_is_still_a_toll() -> None:
    assert one("Officials put the death toll of the shelling at 40.", "40")["metric"] == "people killed"


def test_the_words_introducing_the_next_figure_belong_to_it() -> None:
    text = "The quake struck about 135 kilometers from Manokwari at a depth of 35 kilometers, USGS said."
    assert one(text, "about 135 kilometers")["metric"] == "distance"
    assert one(text, "35 kilometers")["metric"] == "depth"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Officers found a 12-gauge shotgun and three live shells in the vehicle.", "12"),
        ("Officers found a 12-gauge shotgun and three live shells in the vehicle.", "three"),
        ("A .38-caliber revolver was recovered at the scene.", "38"),
        ("He buried a 3-pointer from the corner.", "3"),
    ],
)
def test_figures_describing_a_noun_are_not_counts(text: str, figure: str) -> None:
    assert [c["metric"] for c in claims(text) if c["surface"] == figure] == []


def test_hyphenated_figures_of_a_rule_are_kept() -> None:
    assert one("A 6.1-magnitude quake struck Aceh.", "6.1")["metric"] == "magnitude"
    assert one("The crowd outside the 30,000-capacity stadium grew.", "30,000")["metric"] == "capacity"


def test_a_number_in_a_name_is_not_a_count() -> None:
    text = "A correspondent aboard the Haixun-01 said the signal was detected by 12 ships."
    assert [c["surface"] for c in claims(text) if c["surface"] == "01"] == []
    assert one("The quake measured magnitude-5.9, officials said.", "5.9")["metric"] == "magnitude"


def test_a_sentence_opening_with_it_keeps_the_time_of_the_one_before() -> None:
    text = ("The last major quake to hit southern Iran was in February, when a magnitude-6.4 temblor "
            "rocked Zarand. It killed 612 people and injured more than 1,400.")
    assert one(text, "612", "2005-11-28")["subject"] == "in February 2005"
    text = "In 2004 a massive tremor sparked a tsunami. It killed 170,000 people in the province."
    assert one(text, "170,000", "2013-07-03")["subject"] == "in 2004"
    # "this year" is the story's own time, and a sentence with a time of its own keeps it
    text = "Floods hit the region this year. It killed 40 people. It killed 12 people on Monday."
    assert one(text, "40")["subject"] == ""
    assert one(text, "12")["date"] == "2024-03-18"


def test_a_month_of_last_year_is_that_month() -> None:
    text = "In April last year an 8.6-magnitude quake struck off Banda Aceh. Last year, a 6.4 quake hit."
    assert one(text, "8.6", "2013-07-03")["subject"] == "in April 2012"
    assert one(text, "6.4", "2013-07-03")["subject"] == "in last year"
    text = "Shourd was released on $500,000 bail in September this year."
    assert one(text, "$500,000", "2010-11-20")["subject"] == "in September 2010"


def test_a_generic_statement_is_not_a_report() -> None:
    text = "A magnitude-6.0 quake can cause severe damage. A 6.1-magnitude quake struck Aceh."
    assert [c["stance"] for c in claims(text) if c["metric"] == "magnitude"] == ["projected", "asserted"]
