"""report.html without a browser: escaping, anchors, highlighting offsets, CSP, template overrides."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from factcheck.report.html_format import (
    Segment,
    build_context,
    highlight,
    render_html,
    script_hash,
    sentence_segments,
    severity_band,
    timeline,
)
from factcheck.result import RunResult
from factcheck.schema import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    DISCREPANCY_COLUMNS,
    validate_articles,
    validate_claims,
    validate_discrepancies,
)

HOSTILE = (
    'Flood <script>window.pwned="title"</script> kills\n\n'
    'Police said 5 people died. <img src=x onerror="window.pwned=\'img\'"> '
    '<a href="javascript:window.pwned=\'link\'">more</a> </textarea><script>alert("x")</script> '
    '"quotes" & \'apostrophes\' {{ jinja }} {% raw %}\n'
)
PLAIN = "Officials said 7 people died on Sunday. Later, 9 people died."


def _claim(cid: str, article_id: str, text: str, surface: str, value: float, **kw: Any) -> dict[str, Any]:
    start = text.index(surface)
    sent_start = text.rfind(".", 0, start) + 1
    while text[sent_start] in " \n":
        sent_start += 1
    sent_end = text.find(".", start) + 1 or len(text)
    row = {k: None for k in CLAIM_COLUMNS}
    row.update(id=cid, article_id=article_id, source=f"in/{article_id}.txt", outlet=None,
               published="2024-03-04", subject="", metric="people killed", rule="casualties.deaths",
               cumulative=True, timing="cumulative", value=value, unit="", qualifier="exact", kind="count",
               date="2024-03-03", date_source="explicit", surface=surface,
               sentence=text[sent_start:sent_end], sentence_start=sent_start, start=start,
               end=start + len(surface), attribution="police", stance="asserted")
    row.update(kw)
    return row


def make_result() -> RunResult:
    """Two articles (one hostile), three claims, two discrepancies, one skipped input."""
    arts = [
        {"article_id": "a1", "source": "in/a1.txt", "title": 'Flood <script>window.pwned="title"</script>',
         "outlet": "<b>Evil</b> Wire", "published": "2024-03-04", "error": None},
        {"article_id": "a2", "source": "in/a2.txt", "title": "Flood toll", "outlet": "Daily",
         "published": "2024-03-04", "error": None},
        {"article_id": "a3", "source": "in/broken.pdf", "title": None, "outlet": None, "published": None,
         "error": "not a text file <script>"},
    ]
    articles = validate_articles(pd.DataFrame(
        [{k: a.get(k) for k in ARTICLE_COLUMNS} for a in arts], columns=list(ARTICLE_COLUMNS)))
    claims = validate_claims(pd.DataFrame([
        _claim("c1", "a1", HOSTILE, "5 people", 5.0, outlet="<b>Evil</b> Wire", attribution="<i>police</i>"),
        _claim("c2", "a2", PLAIN, "7 people", 7.0, outlet="Daily", stance="hedged"),
        _claim("c3", "a2", PLAIN, "9 people", 9.0, outlet="Daily", date="2024-03-05"),
    ], columns=list(CLAIM_COLUMNS)))
    discs = validate_discrepancies(pd.DataFrame([
        {"id": "dlow", "subject": "", "metric": "people killed", "kind": "update", "severity": 0.2,
         "claims": ["c2", "c3"], "conflicts": [["c2", "c3"]], "explanation": "Went from 7 to 9."},
        {"id": "dhigh", "subject": "<script>", "metric": "people killed", "kind": "conflict", "severity": 0.9,
         "claims": ["c1", "c2"], "conflicts": [["c1", "c2"]], "explanation": "5 <vs> 7 & more"},
    ], columns=list(DISCREPANCY_COLUMNS)))
    return RunResult(articles, claims, discs, texts={"a1": HOSTILE, "a2": PLAIN})


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(make_result())


def test_highlight_segments_rebuild_the_text_and_drop_bad_spans():
    text = "abc 12 def 345 ghi"
    spans = [(11, 14, "b"), (4, 6, "a"), (5, 8, "overlap"), (30, 40, "outside"), (2, 2, "empty")]
    segs = highlight(text, spans)
    assert "".join(s.text for s in segs) == text
    assert [s for s in segs if s.mark] == [Segment("12", "a"), Segment("345", "b")]


def test_sentence_segments_use_offsets_and_fall_back_to_the_surface():
    c = _claim("c", "a", PLAIN, "9 people", 9.0)
    segs = sentence_segments(c)
    assert "".join(s.text for s in segs) == c["sentence"] == "Later, 9 people died."
    assert [s.text for s in segs if s.mark] == ["9 people"]
    c["start"] += 2  # offsets out of step with the sentence: find the surface instead
    assert [s.text for s in sentence_segments(c) if s.mark] == ["9 people"]
    c["surface"] = "not there"
    assert sentence_segments(c) == [Segment(c["sentence"])]


def test_hostile_text_is_escaped_everywhere(html):
    assert html.count("<script") == 1  # the report's own script only
    for tag in ("<img", "<svg onload", "<b>Evil", "<i>police"):
        assert tag not in html
    assert 'href="javascript:' not in html and "</textarea>" not in html
    assert "&lt;script&gt;window.pwned=&#34;title&#34;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html and "&lt;/textarea&gt;" in html
    assert "{{ jinja }}" in html  # article text is data, never template source
    assert "5 &lt;vs&gt; 7 &amp; more" in html
    assert "not a text file &lt;script&gt;" in html


def test_page_is_self_contained_and_locked_down(html):
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp
    assert script_hash(script) in csp
    assert not re.search(r"\son[a-z]+=", html.replace("onerror=&#34;", ""))  # no inline event handlers


def test_anchors_for_cards_rows_and_figures(html):
    for did in ("dhigh", "dlow"):
        assert f'id="d-{did}"' in html and f'href="#d-{did}"' in html
    for cid in ("c1", "c2", "c3"):
        assert f'id="c-{cid}"' in html and f'id="f-{cid}"' in html
        assert f'href="#c-{cid}"' in html and f'href="#f-{cid}"' in html
    assert html.index('id="d-dhigh"') < html.index('id="d-dlow"')  # most severe first


def test_article_view_marks_each_figure_at_its_offsets():
    ctx = build_context(make_result())
    view = next(v for v in ctx["article_views"] if v["article"]["article_id"] == "a2")
    assert "".join(s.text for s in view["segments"]) == PLAIN
    marks = [(s.mark, s.text) for s in view["segments"] if s.mark]
    assert marks == [("c2", "7 people"), ("c3", "9 people")]
    assert [d["id"] for d in ctx["discrepancies"]] == ["dhigh", "dlow"]
    assert [d["label"] for d in ctx["discrepancies"]] == ["D1", "D2"]


def test_summary_counts_match_the_result(html):
    counts = make_result().counts()
    for key in ("articles", "claims", "discrepancies", "skipped", "conflict", "disputed", "update"):
        assert re.search(rf'data-count="{key}">{counts[key]}<', html), key
    assert "in/broken.pdf" in html


def test_stance_and_attribution_are_shown(html):
    assert "badge stance-hedged" in html
    assert "&lt;i&gt;police&lt;/i&gt;" in html


def test_timeline_only_with_two_dated_figures_and_inside_the_box():
    c = [_claim("x", "a", PLAIN, "7 people", 7.0),
         _claim("y", "a", PLAIN, "9 people", 900.0, date="2024-03-09")]
    t = timeline(c)
    assert t is not None and t["log"]
    for p in t["points"]:
        assert 0 <= p["x"] <= t["width"] and 0 <= p["y"] <= t["height"]
    assert timeline(c[:1]) is None
    assert timeline([c[0], {**c[1], "date": None}]) is None


def test_severity_bands():
    assert [severity_band(s) for s in (0.95, 0.7, 0.5, 0.1, None)] == ["high", "high", "medium", "low", "low"]


def test_template_dir_overrides_a_partial(tmp_path: Path):
    (tmp_path / "_discrepancy.html").write_text('<p class="mine">{{ d.label }}: {{ d.explanation }}</p>\n')
    out = render_html(make_result(), template_dirs=[str(tmp_path)])
    assert '<p class="mine">D1: 5 &lt;vs&gt; 7 &amp; more</p>' in out
    assert 'id="d-dhigh"' not in out


def test_empty_result_renders():
    empty = RunResult(validate_articles(pd.DataFrame(columns=list(ARTICLE_COLUMNS))),
                      validate_claims(pd.DataFrame(columns=list(CLAIM_COLUMNS))),
                      validate_discrepancies(pd.DataFrame(columns=list(DISCREPANCY_COLUMNS))))
    out = render_html(empty)
    assert "No discrepancies" in out and 'data-count="claims">0<' in out
