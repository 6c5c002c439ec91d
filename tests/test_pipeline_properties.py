"""Property-based tests (Hypothesis) over the whole pipeline: files in, claims and discrepancies out.

Properties: the pipeline never raises; every claim's offsets point at its surface in the
article text; claim ids are unique and stable (the same in a second run and whatever the order
of the inputs); decoding never raises and undoes UTF-8-read-as-Windows-1252 damage. A tiny rule
set keeps them fast; examples are few and the deadline is off (the first run loads pint).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.ingest.decode import decode_bytes, repair_mojibake
from factcheck.pipeline import run_pipeline
from factcheck.rules import RuleSet, load_rules

RULES = {
    "casualties/deaths.yml": "type: count\nmetric: people killed\ntiming: cumulative\n"
                             "signals: [died, dead, kill*, toll]\nnouns: [deaths, dead, victims]\n",
    "disaster/houses.yml": "type: count\nmetric: houses damaged\nsignals: [damag*, destroy*]\n"
                           "nouns: [houses, homes]\n",
    "economy/inflation.yml": "type: share\nmetric: inflation rate\ndimension: percent\n"
                             "signals: [inflation]\n",
    "economy/cost.yml": "type: money\nmetric: cost\ndimension: currency\nsignals: [cost*, spent, budget]\n",
}

SETTINGS = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    root = tmp_path_factory.mktemp("rules")
    for name, body in RULES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(body)
    return load_rules(root)


def number() -> st.SearchStrategy[str]:
    """Figures as newsrooms write them."""
    ints = st.integers(min_value=0, max_value=10**9)
    return st.one_of(
        ints.map(str),
        ints.map(lambda n: f"{n:,}"),
        st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: f"{x:.1f}"),
        st.sampled_from(["one", "twelve", "a dozen", "hundreds", "1.5 million", "3bn", "½", "0", "-4"]),
    )


CONTEXTS = [
    "At least {} people were killed.", "The death toll rose to {}.", "{} houses were damaged.",
    "Inflation hit {}% in March.", "It cost ${} million.", "about {} dead", "{} to {} victims",
    "({})", "{}-{}", "between {} and {} homes destroyed", "€{}", "{} km", "{}°C", "No. {}", "{}",
]

sentence = st.builds(lambda ctx, a, b: ctx.format(a, b) if ctx.count("{}") == 2 else ctx.format(a),
                     st.sampled_from(CONTEXTS), number(), number())
article_text = st.lists(st.one_of(sentence, st.text(max_size=30), st.sampled_from([" ", "\n", "\n\n", ". "])),
                        max_size=12).map(" ".join)


def write_inputs(root: Path, texts: list[str]) -> list[str]:
    """Write each text as an article file (a UTF-8 .txt, every third one as UTF-16); returns the paths."""
    paths = []
    for i, text in enumerate(texts):
        p = root / f"a{i:03d}.txt"
        p.write_bytes(text.encode("utf-16") if i % 3 == 2 else text.encode("utf-8", "surrogatepass"))
        paths.append(str(p))
    return paths


def check_claims(result: object) -> None:
    """Offsets valid against the article text; ids unique."""
    claims = result.claims
    assert claims["id"].is_unique
    for c in claims.to_dict("records"):
        text = result.texts[c["article_id"]]
        assert 0 <= c["start"] < c["end"] <= len(text)
        assert text[c["start"] : c["end"]] == c["surface"]
        assert text[c["sentence_start"] : c["sentence_start"] + len(c["sentence"])] == c["sentence"]


@SETTINGS
@given(texts=st.lists(article_text, min_size=1, max_size=4))
def test_pipeline_never_raises_and_offsets_are_valid(rules: RuleSet, texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), texts)
        result = run_pipeline(paths, rules)
        check_claims(result)
        assert len(result.articles) == len(texts)
        assert set(result.discrepancies["kind"]) <= {"conflict", "disputed", "update"}


@SETTINGS
@given(texts=st.lists(article_text, min_size=2, max_size=4), data=st.data())
def test_ids_stable_across_runs_and_input_order(rules: RuleSet, texts: list[str],
                                                data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), texts)
        first = run_pipeline(paths, rules)
        shuffled = data.draw(st.permutations(paths))
        second = run_pipeline(shuffled, rules)
        assert list(first.claims["id"]) == list(second.claims["id"])
        assert list(first.discrepancies["id"]) == list(second.discrepancies["id"])
        assert first.claims.equals(second.claims)


@SETTINGS
@given(texts=st.lists(st.text(max_size=200), min_size=1, max_size=5))
def test_random_unicode_articles(rules: RuleSet, texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = run_pipeline(write_inputs(Path(tmp), texts), rules)
        check_claims(result)
        errors = list(result.articles["error"].dropna())
        assert all(isinstance(e, str) and "\n" not in e for e in errors)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(raw=st.binary(max_size=300))
def test_decode_never_raises(raw: bytes) -> None:
    text, encoding, problem = decode_bytes(raw)
    assert isinstance(text, str)
    assert (problem is None) == bool(text.strip())
    assert encoding is None or isinstance(encoding, str)


WESTERN = st.text(alphabet=st.sampled_from(list("abc XYZ 0123456789.,;:!?'\"-\néèàüöäßçñÉÜ’“”—–…€£°«»")),
                  max_size=80)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=WESTERN)
def test_mojibake_round_trip(text: str) -> None:
    mangled = text.encode("utf-8").decode("cp1252", errors="replace")
    assert repair_mojibake(mangled)[0] == text
    assert repair_mojibake(text) == (text, 0)


def test_default_rules_are_loadable() -> None:
    """The production rules also load (the properties above use the tiny set for speed)."""
    assert load_rules().rules
