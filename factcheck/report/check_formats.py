"""Output formats of ``factcheck check``: text, json, github, sarif.

They live in their own registry, CHECK_FORMATS (``factcheck run`` writes every format of the main
registry that has a filename, and these render a CheckResult, not a RunResult). Register one with
``@register_check_format(name)``; ``--format`` choices come from this registry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.check import CheckResult

CheckRender = Callable[["CheckResult"], str]

#: Names of the check formats, listed here so ``--help`` needs no import of the renderers.
CHECK_FORMAT_NAMES = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


@dataclass(frozen=True)
class CheckFormat:
    """A registered check output format."""

    name: str
    render: CheckRender
    description: str


CHECK_FORMATS: dict[str, CheckFormat] = {}


def register_check_format(name: str, description: str = "") -> Callable[[CheckRender], CheckRender]:
    """Register a check output format; refuses a name registered twice."""

    def deco(fn: CheckRender) -> CheckRender:
        if name in CHECK_FORMATS:
            raise ValueError(f"check format {name!r} already exists")
        CHECK_FORMATS[name] = CheckFormat(name, fn, description or (fn.__doc__ or "").strip().splitlines()[0])
        return fn

    return deco


def get_check_format(name: str) -> CheckFormat:
    """The check format registered under ``name``; the error lists the valid names."""
    try:
        return CHECK_FORMATS[name]
    except KeyError:
        raise KeyError(
            f"unknown check format {name!r}; available: {', '.join(sorted(CHECK_FORMATS))}"
        ) from None


def _findings(result: CheckResult) -> list[dict[str, Any]]:
    from factcheck.report.json_format import clean

    return [{k: clean(v) for k, v in f.items()} for f in result.findings.astype(object).to_dict("records")]


def summary_line(result: CheckResult) -> str:
    """One line: counts by kind, acknowledged, and whether the check fails."""
    c = result.counts()
    verdict = (
        f"{c['failing']} at or above --fail-on {result.fail_on}: check failed"
        if c["failing"]
        else f"nothing unacknowledged at or above --fail-on {result.fail_on}: check passed"
    )
    return (
        f"{c['findings']} finding{'s' if c['findings'] != 1 else ''} in {c['drafts']} draft"
        f"{'s' if c['drafts'] != 1 else ''} ({c['draft_claims']} claims checked): {c['conflict']} conflict, "
        f"{c['disputed']} disputed, {c['update']} update; {c['acknowledged']} acknowledged; {verdict}"
    )


@register_check_format("text")
def render_text(result: CheckResult) -> str:
    """One line per finding (file:line:col: kind: message [id]), acknowledged ones marked, then a summary."""
    lines = []
    for f in _findings(result):
        ack = f"acknowledged ({f['ack_reason']}): " if f["acknowledged"] else ""
        lines.append(f"{f['file']}:{f['line']}:{f['col']}: {ack}{f['message']} [{f['id']}]")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def check_dict(result: CheckResult) -> dict[str, Any]:
    """The check result as a dict: report.json's discrepancy fields per finding, plus the claims involved."""
    from factcheck.report.json_format import CLAIM_FIELDS, records

    findings = []
    for f in _findings(result):
        pair = [f["draft_claim"], f["archive_claim"]]
        findings.append(
            {
                "id": f["id"],
                "subject": f["subject"],
                "metric": f["metric"],
                "kind": f["kind"],
                "severity": f["severity"],
                "claims": pair,
                "conflicts": [pair],
                "explanation": f["explanation"],
                "file": f["file"],
                "line": f["line"],
                "col": f["col"],
                "level": f["level"],
                "message": f["message"],
                "draft_value": f["draft_value"],
                "archive_value": f["archive_value"],
                "archive_outlet": f["archive_outlet"],
                "archive_date": f["archive_date"],
                "archive_source": f["archive_source"],
                "acknowledged": bool(f["acknowledged"]),
                "ack_reason": f["ack_reason"],
            }
        )
    return {
        "version": 1,
        "generated_by": result.generated_by,
        "fail_on": result.fail_on,
        "summary": result.counts(),
        "drafts": result.drafts,
        "findings": findings,
        "claims": records(result.claims, CLAIM_FIELDS),
    }


@register_check_format("json")
def render_json(result: CheckResult) -> str:
    """Findings in report.json's discrepancy schema, plus the claims involved."""
    return json.dumps(check_dict(result), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


@register_check_format("github")
def render_github(result: CheckResult) -> str:
    """GitHub Actions workflow annotations (::error/::warning/::notice), one per finding."""
    command = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for f in _findings(result):
        ack = f"acknowledged ({f['ack_reason']}): " if f["acknowledged"] else ""
        props = (
            f"file={_gh_escape(f['file'], True)},line={f['line']},col={f['col']},"
            f"title={_gh_escape('factcheck ' + f['kind'] + ' ' + f['id'], True)}"
        )
        lines.append(
            f"::{command[f['level']]} {props}::{_gh_escape(ack + f['message'] + ' — ' + f['explanation'])}"
        )
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


_RULES = {
    "conflict": "A figure in the draft contradicts a published figure on the same thing at the same time.",
    "disputed": "A figure in the draft and a published figure come from different parties who disagree.",
    "update": "A running count in the draft and a published one differ as an update would.",
}


@register_check_format("sarif")
def render_sarif(result: CheckResult) -> str:
    """SARIF 2.1.0 for code-scanning tools; acknowledged findings carry a suppression."""
    from factcheck import __version__

    rule_ids = list(_RULES)
    rules = [
        {
            "id": k,
            "name": k.capitalize(),
            "shortDescription": {"text": v},
            "defaultConfiguration": {"level": "error" if k == "conflict" else "warning"},
        }
        for k, v in _RULES.items()
    ]
    results = []
    for f in _findings(result):
        item: dict[str, Any] = {
            "ruleId": f["kind"],
            "ruleIndex": rule_ids.index(f["kind"]),
            "level": f["level"],
            "message": {"text": f"{f['message']}. {f['explanation']}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": str(f["file"]).replace("\\", "/")},
                        "region": {"startLine": int(f["line"]), "startColumn": int(f["col"])},
                    }
                }
            ],
            "partialFingerprints": {"factcheckFinding/v1": f["id"]},
            "properties": {
                "severity": f["severity"],
                "metric": f["metric"],
                "archiveClaim": f["archive_claim"],
                "archiveSource": f["archive_source"],
            },
        }
        if f["acknowledged"]:
            item["suppressions"] = [
                {
                    "kind": "inSource" if f["ack_via"] == "inline" else "external",
                    "justification": f["ack_reason"] or "",
                }
            ]
        results.append(item)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "factcheck", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


__all__ = [
    "CHECK_FORMATS",
    "CHECK_FORMAT_NAMES",
    "CheckFormat",
    "check_dict",
    "get_check_format",
    "register_check_format",
]
