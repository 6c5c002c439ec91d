"""report.html: the discrepancy report editors read, from Jinja2 templates (autoescape always on).

Python builds a plain view model (sorted cards, highlighted segments, timeline coordinates); the
templates in ``factcheck/templates`` only lay it out. Article text is untrusted: it only ever reaches
the page through autoescaped ``{{ }}`` expressions, and highlighting is done by splitting text into
``Segment``s here, never by inserting markup into raw text. The page carries a Content-Security-Policy
that forbids any network request and allows only the report's own script (by hash), so even a
templating mistake could not run a script from an article.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TextIO

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from markupsafe import Markup

from factcheck.quantities.units import get_registry, to_base
from factcheck.report import register_format
from factcheck.report.json_format import records
from factcheck.result import RunResult
from factcheck.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, DISCREPANCY_COLUMNS, DISCREPANCY_KINDS

TEMPLATE_DIRS: list[str] = []  # extra folders searched first (--template-dir)

#: Severity bands shown in the summary: (name, lowest severity in the band).
SEVERITY_BANDS: tuple[tuple[str, float], ...] = (("high", 0.7), ("medium", 0.4), ("low", 0.0))
KIND_ORDER = {k: i for i, k in enumerate(DISCREPANCY_KINDS)}
#: Claims-table rows laid out at a time; the rest are hidden until sorted, filtered or "Show more".
PAGE_SIZE = 500


@dataclass(frozen=True)
class Segment:
    """A run of text; ``mark`` is the claim id whose figure it is, or None for plain text."""

    text: str
    mark: str | None = None


def environment(extra_dirs: list[str] | None = None) -> Environment:
    """The Jinja2 environment: user template folders first, then the package's templates.

    ``inline(name)`` returns a template file's source unrendered (for CSS and JS), looked up through
    the same loaders, so a template folder can override ``report.css`` or ``report.js`` too.
    """
    loaders: list[Any] = [FileSystemLoader(d) for d in (extra_dirs or TEMPLATE_DIRS)]
    loaders.append(PackageLoader("factcheck", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def inline(name: str) -> Markup:
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        return Markup(source)

    env.globals["inline"] = inline
    return env


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text`` into plain and marked segments; ``spans`` are (start, end, claim id).

    Spans outside the text, empty spans and spans overlapping an earlier one are dropped, so the
    segments always concatenate back to exactly ``text``.
    """
    out: list[Segment] = []
    pos = 0
    for start, end, mark in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start or end > len(text) or start < 0:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], mark))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def sentence_segments(claim: dict[str, Any]) -> list[Segment]:
    """The evidence sentence with the claim's figure marked (offsets checked against ``surface``)."""
    sentence = claim.get("sentence") or ""
    surface = claim.get("surface") or ""
    try:
        rel = int(claim["start"]) - int(claim["sentence_start"])
        rel_end = int(claim["end"]) - int(claim["sentence_start"])
    except (KeyError, TypeError, ValueError):
        rel, rel_end = -1, -1
    if not (0 <= rel < rel_end <= len(sentence)) or (surface and sentence[rel:rel_end] != surface):
        rel = sentence.find(surface) if surface else -1
        rel_end = rel + len(surface)
    if rel < 0:
        return [Segment(sentence)] if sentence else []
    return highlight(sentence, [(rel, rel_end, claim["id"])])


def severity_band(severity: float | None) -> str:
    """``high``, ``medium`` or ``low`` for a 0..1 severity."""
    sev = severity or 0.0
    return next(name for name, floor in SEVERITY_BANDS if sev >= floor)


def _date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _base_value(c: dict[str, Any]) -> float:
    """The claim's value in base units, so that "10 km" and "6.2 miles" share one axis."""
    return to_base(float(c["value"]), c.get("unit") or "")[0]


def converted(c: dict[str, Any], unit: str) -> str | None:
    """The claim's value in ``unit`` ("≈ 9.98 kilometer"), or None if it is already in it or can't be."""
    if not unit or (c.get("unit") or "") == unit or c.get("value") is None:
        return None
    try:
        q = get_registry().Quantity(float(c["value"]), c["unit"]).to(unit)
    except Exception:
        return None
    return f"≈ {q.magnitude:,.3g} {unit.replace('_', ' ')}"


def _place_labels(points: list[dict[str, Any]], width: int, floor: float) -> None:
    """Put each point's label beside it, moving it down a line while it would overlap an earlier one."""
    placed: list[tuple[float, float, float]] = []  # (x0, x1, y) of labels already placed
    for p in sorted(points, key=lambda p: (p["y"], p["x"])):
        w = 7.2 * len(p["label"]) + 4
        right = p["x"] + 9 + w <= width
        x0 = p["x"] + 9 if right else p["x"] - 9 - w
        for dy in (0, 14, -14, 28, -28, 42, -42):  # beside the point, else the nearest free line
            y = min(max(p["y"] + 4 + dy, 12), floor)
            if not any(x0 < b1 and x0 + w > b0 and abs(y - by) < 14 for b0, b1, by in placed):
                break
        placed.append((x0, x0 + w, y))
        p.update(lx=round(p["x"] + 9 if right else p["x"] - 9, 1), ly=round(y, 1),
                 anchor="start" if right else "end")


def timeline(claims: list[dict[str, Any]], width: int = 600, height: int = 170) -> dict[str, Any] | None:
    """Coordinates for the inline-SVG timeline of a discrepancy's figures by the date they refer to.

    None unless at least two figures have a date and a value. x is the date; y is the value in base
    units (log scale when the figures span more than a factor of 20).
    """
    pts = [(d, c) for c in claims if (d := _date(c.get("date"))) and c.get("value") is not None]
    if len(pts) < 2:
        return None
    left, right, top, bottom = 16, 16, 16, 48
    days = [d.toordinal() for d, _ in pts]
    values = [_base_value(c) for _, c in pts]
    log = min(values) > 0 and max(values) / min(values) > 20

    def yv(v: float) -> float:
        return math.log10(v) if log else v

    lo_d, hi_d = min(days), max(days)
    # Linear scales start at zero so that 281 and 312 look as close as they are.
    lo_v, hi_v = (min(map(yv, values)) if log or min(values) < 0 else 0.0), max(map(yv, values))
    inner_w, inner_h = width - left - right, height - top - bottom

    def x_of(day: int) -> float:
        return left + (inner_w / 2 if hi_d == lo_d else (day - lo_d) / (hi_d - lo_d) * inner_w)

    def y_of(v: float) -> float:
        return top + (inner_h / 2 if hi_v == lo_v else (1 - (yv(v) - lo_v) / (hi_v - lo_v)) * inner_h)

    points: list[dict[str, Any]] = []
    for (d, c), v in zip(pts, values, strict=True):
        x, y = round(x_of(d.toordinal()), 1), round(y_of(v), 1)
        label = c.get("surface") or f"{v:g}"
        title = f"{label} ({c.get('who') or c.get('source')}, refers to {d.isoformat()})"
        same = next((p for p in points if p["x"] == x and abs(p["y"] - y) < 4), None)
        if same:  # figures at the same spot share one dot and one label
            same["labels"].append(label)
            same["ids"].append(c["id"])
            same["title"] += "; " + title
            continue
        points.append({"x": x, "y": y, "ids": [c["id"]], "labels": [label], "title": title})
    for p in points:
        label = " · ".join(dict.fromkeys(p.pop("labels")))
        p["label"] = label if len(label) <= 32 else label[:31] + "…"
    _place_labels(points, width, floor=height - bottom + 12)
    ticks = [{"x": round(x_of(day), 1), "label": dt.date.fromordinal(day).strftime("%-d %b %Y")}
             for day in sorted(set(days))]
    if len(ticks) > 6:  # keep the first, the last and a few between, so labels do not overlap
        step = math.ceil((len(ticks) - 1) / 5)
        ticks = ticks[:-1:step] + ticks[-1:]
    for t in ticks:
        t["anchor"] = "start" if t["x"] < width * 0.15 else "end" if t["x"] > width * 0.85 else "middle"
    shown = {cid for p in points for cid in p["ids"]}
    return {"width": width, "height": height, "points": points, "ticks": ticks, "log": log,
            "axis_y": height - 22, "left": left, "right": width - right,
            "undated": [c for c in claims if c["id"] not in shown]}


def _display_source(source: str | None) -> str:
    return PurePath(source).name if source else ""


def build_context(result: RunResult) -> dict[str, Any]:
    """The view model the templates render: summary, cards, claims rows and article views."""
    articles = records(result.articles, tuple(ARTICLE_COLUMNS))
    claims = records(result.claims, tuple(CLAIM_COLUMNS))
    discrepancies = records(result.discrepancies, tuple(DISCREPANCY_COLUMNS))
    discrepancies.sort(key=lambda d: (-(d["severity"] or 0), KIND_ORDER.get(d["kind"], 9), d["id"]))

    claims_by_id = {c["id"]: c for c in claims}
    titles = {a["article_id"]: a["title"] or _display_source(a["source"]) for a in articles}
    for c in claims:
        c["source_name"] = _display_source(c["source"])
        c["who"] = c["outlet"] or c["source_name"]
        c["article_title"] = titles.get(c["article_id"], "")
        c["segments"] = sentence_segments(c)
        c["flags"] = []  # (discrepancy id, label, kind) of the discrepancies the claim is in

    counts = result.counts()
    by_band: dict[str, Counter[str]] = {k: Counter() for k in DISCREPANCY_KINDS}
    for n, d in enumerate(discrepancies, 1):
        d["label"] = f"D{n}"
        d["band"] = severity_band(d["severity"])
        by_band.setdefault(d["kind"], Counter())[d["band"]] += 1
        members = [claims_by_id[cid] for cid in d["claims"] or [] if cid in claims_by_id]
        members.sort(key=lambda c: (c["date"] or "9999", c["published"] or "9999", c["value"] or 0))
        in_conflict = {cid for pair in d["conflicts"] or [] for cid in pair}
        unit = next((c["unit"] for c in members if c["unit"]), "")
        d["figures"] = [{"claim": c, "in_conflict": c["id"] in in_conflict, "converted": converted(c, unit)}
                        for c in members]
        d["timeline"] = timeline(members)
        for c in members:
            c["flags"].append((d["id"], d["label"], d["kind"]))

    # Article views: text split at every figure; a figure shared by several claims marks once, and
    # the other claims link to that one mark.
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        by_article[c["article_id"]].append(c)
    views, no_claims = [], []
    for a in articles:
        if a["error"]:
            continue
        text = result.texts.get(a["article_id"], "")
        own = by_article.get(a["article_id"], [])
        if not own:
            no_claims.append(a)
            continue
        first_at: dict[tuple[int, int], str] = {}
        for c in sorted(own, key=lambda c: (c["start"], c["id"])):
            first_at.setdefault((c["start"], c["end"]), c["id"])
        segments = highlight(text, [(s, e, cid) for (s, e), cid in first_at.items()])
        marked = {s.mark for s in segments if s.mark}
        for c in own:
            mark = first_at[(c["start"], c["end"])]
            c["mark_id"] = mark if mark in marked else None
            c.setdefault("mark_flags", [])
            if c["mark_id"]:
                holder = claims_by_id[mark].setdefault("mark_flags", [])
                holder.extend(f for f in c["flags"] if f not in holder)
        views.append({"article": a, "segments": segments, "claims": len(own)})

    def options(key: str) -> list[str]:
        return sorted({str(c[key]) for c in claims if c[key]}, key=str.lower)

    return {
        "summary": counts,
        "by_band": {k: dict(v) for k, v in by_band.items()},
        "bands": [name for name, _ in SEVERITY_BANDS],
        "kinds": list(DISCREPANCY_KINDS),
        "skipped": [a for a in articles if a["error"]],
        "discrepancies": discrepancies,
        "claims": claims,
        "claims_by_id": claims_by_id,
        "article_views": views,
        "articles_without_claims": no_claims,
        "filters": {"metric": options("metric"), "source": options("who"), "kind": options("kind")},
        "generated_by": result.generated_by,
        "page_size": PAGE_SIZE,
        "big": len(claims) > PAGE_SIZE or len(views) > 200 or len(discrepancies) > 200,
    }


def script_hash(source: str) -> str:
    """The CSP ``'sha256-…'`` source for an inline script with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def _template_and_context(result: RunResult, template_dirs: list[str] | None) -> tuple[Any, dict[str, Any]]:
    env = environment(template_dirs)
    script = env.globals["inline"]("report.js")  # type: ignore[operator]
    ctx = build_context(result)
    csp = Markup(script_hash(script))  # base64 and quotes only: nothing to escape
    return env.get_template("report.html"), {"script": script, "script_csp": csp, **ctx}


def stream_html(result: RunResult, fh: TextIO) -> None:
    """Write report.html piece by piece (Jinja's ``generate``) instead of building one string."""
    template, ctx = _template_and_context(result, None)
    for piece in template.generate(**ctx):
        fh.write(piece)


@register_format("html", filename="report.html", stream=stream_html)
def render_html(result: RunResult, template_dirs: list[str] | None = None) -> str:
    """A self-contained HTML discrepancy report (inline CSS and JS, no network requests)."""
    template, ctx = _template_and_context(result, template_dirs)
    return template.render(**ctx)
