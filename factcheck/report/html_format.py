"""report.html: the discrepancy report editors read, from Jinja2 templates (autoescape always on)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

from factcheck.report import register_format
from factcheck.report.json_format import report_dict
from factcheck.result import RunResult

TEMPLATE_DIRS: list[str] = []  # extra folders searched first (--template-dir)


def environment(extra_dirs: list[str] | None = None) -> Environment:
    """The Jinja2 environment: user template folders first, then the package's templates."""
    loaders: list[Any] = [FileSystemLoader(d) for d in (extra_dirs or TEMPLATE_DIRS)]
    loaders.append(PackageLoader("factcheck", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["inline"] = lambda name: (Path(__file__).resolve().parent.parent / "templates" / name).read_text(
        encoding="utf-8"
    )
    return env


@register_format("html", filename="report.html")
def render_html(result: RunResult) -> str:
    """A self-contained HTML discrepancy report."""
    data = report_dict(result)
    claims_by_id = {c["id"]: c for c in data["claims"]}
    return environment().get_template("report.html").render(
        report=data, claims_by_id=claims_by_id, summary=data["summary"]
    )
