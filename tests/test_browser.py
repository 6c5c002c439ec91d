"""report.html in a real browser: Debian's Chromium, headless, driven by Playwright.

These tests never skip: CI installs chromium (``apt-get install chromium``) and a missing browser is a
failure with instructions. Screenshots are saved under ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.pipeline import run_pipeline, write_outputs

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

HOSTILE = """Flood kills five <script>window.pwned="title";document.title="pwned"</script>

Published: 2024-03-04

RIVERTOWN, March 3 (Example Wire) - Heavy rain hit the valley on Sunday.

Police said 5 people died in the flood on Sunday.

<img src=x onerror="window.pwned='img';alert('img')"> Read <a href="javascript:window.pwned='link'">more</a>
or <a href="JaVaScRiPt:alert('link')">this</a>.

</textarea><script>window.pwned='textarea';alert('textarea')</script><svg onload="window.pwned='svg'"></svg>
<iframe src="javascript:alert('frame')"></iframe> <style>body{display:none}</style> "'&amp; done.
"""
OTHER = """Flood toll is seven

Published: 2024-03-04

RIVERTOWN, March 3 (Other Daily) - Heavy rain hit the valley on Sunday.

Officials said 7 people died in the flood on Sunday.
"""


def _write_report(paths: list[str], out: Path) -> tuple[str, dict[str, Any]]:
    write_outputs(run_pipeline(paths), out)
    return (out / "report.html").as_uri(), json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
                    "Install it with `apt-get install -y chromium` (CI does this in .ci/run).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    return _write_report([str(ROOT / "seeds")], tmp_path_factory.mktemp("seeds-report"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    src = tmp_path_factory.mktemp("hostile-articles")
    (src / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (src / "other.txt").write_text(OTHER, encoding="utf-8")
    return _write_report([str(src)], tmp_path_factory.mktemp("hostile-report"))


class Watched:
    """A page plus everything it reported: console errors, uncaught exceptions, dialogs, requests."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, url: str) -> Any:
        self.page.goto(url, wait_until="load")
        return self.page


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()


def _screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _visible_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("#claims-table tbody tr",
                                     "rs => rs.filter(r => !r.hidden).map(r => r.id)")


def test_summary_counts_match_report_json(watched, seeds):
    url, report = seeds
    page = watched.goto(url)
    for key, value in report["summary"].items():
        assert page.text_content(f'[data-count="{key}"]').strip() == str(value), key
    assert page.locator("#claims-table tbody tr").count() == len(report["claims"])
    assert page.locator("article.card").count() == len(report["discrepancies"])
    _screenshot(page, "report-seeds-1280.png")
    assert watched.errors == [] and watched.dialogs == []
    assert all(u.startswith("file:") for u in watched.requests), watched.requests


def test_cards_are_most_severe_first_with_stable_anchors(watched, seeds):
    url, report = seeds
    page = watched.goto(url)
    ids = page.eval_on_selector_all("article.card", "cs => cs.map(c => c.id)")
    assert sorted(ids) == sorted(f"d-{d['id']}" for d in report["discrepancies"])
    sev = {f"d-{d['id']}": d["severity"] for d in report["discrepancies"]}
    assert [sev[i] for i in ids] == sorted(sev.values(), reverse=True)


def test_sorting_by_click_and_keyboard(watched, seeds):
    url, report = seeds
    page = watched.goto(url)
    figure = page.locator("#claims-table thead th", has_text="Figure")
    figure.locator("button").click()
    assert figure.get_attribute("aria-sort") == "ascending"
    values = page.eval_on_selector_all("#claims-table tbody tr td:nth-child(3)",
                                       "cs => cs.map(c => c.dataset.sort).filter(v => v !== '').map(Number)")
    assert values == sorted(v["value"] for v in report["claims"] if v["value"] is not None)
    figure.locator("button").click()
    assert figure.get_attribute("aria-sort") == "descending"
    values = page.eval_on_selector_all("#claims-table tbody tr td:nth-child(3)",
                                       "cs => cs.map(c => c.dataset.sort).filter(v => v !== '').map(Number)")
    assert values == sorted(values, reverse=True)

    metric = page.locator("#claims-table thead th", has_text="Metric")
    metric.locator("button").focus()
    page.keyboard.press("Enter")
    assert metric.get_attribute("aria-sort") == "ascending"
    assert figure.get_attribute("aria-sort") == "none"
    metrics = page.eval_on_selector_all("#claims-table tbody tr td:nth-child(1)",
                                        "cs => cs.map(c => c.textContent)")
    assert metrics == sorted(metrics, key=str.lower)
    assert sorted(_visible_ids(page)) == sorted(f"c-{c['id']}" for c in report["claims"])
    assert watched.errors == []


def test_filters_and_search(watched, seeds):
    url, report = seeds
    claims = report["claims"]
    page = watched.goto(url)
    metric, _ = Counter(c["metric"] for c in claims).most_common(1)[0]
    page.select_option("#claim-filters select[name=metric]", metric)
    assert sorted(_visible_ids(page)) == sorted(f"c-{c['id']}" for c in claims if c["metric"] == metric)
    assert page.text_content("#claim-count").startswith("Showing")

    page.click("#claim-filters button[type=reset]")
    page.wait_for_function(
        "n => document.querySelectorAll('#claims-table tbody tr:not([hidden])').length === n",
        arg=len(claims))

    kind, _ = Counter(c["kind"] for c in claims).most_common(1)[0]
    page.select_option("#claim-filters select[name=kind]", kind)
    assert sorted(_visible_ids(page)) == sorted(f"c-{c['id']}" for c in claims if c["kind"] == kind)
    page.select_option("#claim-filters select[name=kind]", "")

    source = next(c for c in claims if c["outlet"])["outlet"]
    page.select_option("#claim-filters select[name=source]", source)
    assert sorted(_visible_ids(page)) == sorted(f"c-{c['id']}" for c in claims if c["outlet"] == source)
    page.select_option("#claim-filters select[name=source]", "")

    flagged = {cid for d in report["discrepancies"] for cid in d["claims"]}
    page.select_option("#claim-filters select[name=flag]", "any")
    assert sorted(_visible_ids(page)) == sorted(f"c-{cid}" for cid in flagged)
    page.select_option("#claim-filters select[name=flag]", "")

    target = max(claims, key=lambda c: len(c["sentence"] or ""))
    page.fill("#claim-filters input[name=q]", target["surface"].upper())
    page.wait_for_function("() => document.getElementById('claim-count').textContent.startsWith('Showing')")
    visible = _visible_ids(page)
    assert f"c-{target['id']}" in visible and len(visible) < len(claims)
    assert watched.errors == []


def test_discrepancy_anchor_scrolls_card_into_view(watched, seeds):
    url, report = seeds
    assert report["discrepancies"], "the seeds are meant to produce discrepancies"
    page = watched.page
    for d in report["discrepancies"][-1:] + report["discrepancies"][:1]:
        watched.goto(f"{url}#d-{d['id']}")
        box = page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                            " return [r.top, r.bottom, innerHeight]; }", f"d-{d['id']}")
        assert 0 <= box[0] < box[2], box
    assert watched.errors == []


def test_figure_links_open_the_collapsed_article(watched, seeds):
    url, _ = seeds
    page = watched.goto(url)
    mark = page.locator("article.card .links a", has_text="In the article").first
    href = mark.get_attribute("href")
    mark.click()
    page.wait_for_function("id => document.getElementById(id).closest('details').open", arg=href[1:])
    assert page.locator(href).is_visible()
    page.locator(href).locator("a").first.click()  # back to the claim row
    row = page.evaluate("location.hash")
    assert row.startswith("#c-") and page.locator(row).is_visible()
    assert watched.errors == []


def test_readable_at_320px_without_horizontal_scroll(browser, seeds):
    url, _ = seeds
    for width in (320, 375):
        w = Watched(browser, width=width, height=700)
        page = w.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 375:
            _screenshot(page, "report-seeds-375.png")
        assert w.errors == []
        w.context.close()


def test_dark_mode_and_print_render(browser, seeds):
    url, _ = seeds
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = ctx.new_page()
    page.goto(url)
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(22, 22, 22)"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('article.card')).breakInside") == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('nav.top')).display") == "none"
    ctx.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_article_executes_nothing(browser, hostile, bypass_csp):
    """Nothing from the article runs: with the page's CSP, and with CSP bypassed (escaping alone)."""
    url, report = hostile
    watched = Watched(browser, bypass_csp=bypass_csp)
    assert report["claims"] and report["discrepancies"], "hostile articles must give claims and a discrepancy"
    page = watched.goto(url)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    for d in report["discrepancies"]:
        watched.goto(f"{url}#d-{d['id']}")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "pwned" not in page.title()
    assert watched.dialogs == []
    assert page.locator("script").count() == 1
    assert page.locator("img, iframe, body svg[onload], a[href^='javascript' i]").count() == 0
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    text = page.text_content("#articles")
    assert "<script>window.pwned=" in text and "</textarea>" in text and "onerror=" in text
    _screenshot(page, "report-hostile.png")
    assert watched.errors == [], watched.errors  # a CSP violation would show up here
    watched.context.close()
