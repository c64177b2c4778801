"""The founder's HTML report: one self-contained file (inline CSS; no scripts, fonts, images
or external requests, enforced by a Content-Security-Policy), readable without JavaScript,
printable to PDF, rendered with Jinja2 with autoescaping on.

What the report says in plain words (headline, ranking, endpoint matrix, effort) comes from
:mod:`readycheck.reporters.founder`; this module lays it out. Text from the scanned repository
(file names, code, routes) is escaped by Jinja2, and every expression passes
:func:`visible_text` first, so control, bidirectional and invisible characters show as
``[U+202E]`` instead of reordering or hiding text (Trojan Source, CVE-2021-42574), and lone
surrogates from undecodable names cannot break the UTF-8 file. Rule explanations are rendered
from the rule docs with raw HTML disabled.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from readycheck._resources import PACKAGE_DIR
from readycheck.analysis.observability import logging_coverage
from readycheck.analysis.ratelimits import coverage_of
from readycheck.catalog import render_html as render_markdown
from readycheck.grouping import FindingGroup
from readycheck.model import Finding, RunStatus, ScanResult, SkipReason
from readycheck.reporters import founder
from readycheck.taxonomy import taxonomy

# C0 and C1 controls other than tab and newline, DEL, bidirectional controls, zero-width and
# other invisible format characters, the byte-order mark, and lone surrogates.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def visible_text(value: Any) -> Any:
    """Jinja2 ``finalize`` hook: strings with invisible or reordering characters get them
    written as ``[U+XXXX]``; Markup (rendered rule docs) and other values pass unchanged."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of readycheck's HTML templates (``reporters/templates``):
    autoescaping on, undefined names an error, :func:`visible_text` on every expression."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PACKAGE_DIR / "reporters" / "templates")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=jinja2.StrictUndefined,
        finalize=visible_text,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def band(value: int | None) -> str:
    """CSS class of a score's colour band (Lighthouse: 90-100 pass, 50-89 average,
    0-49 fail), or ``unknown``."""
    if value is None:
        return "unknown"
    return "pass" if value >= 90 else "average" if value >= 50 else "fail"


BAND_WORDS = {"pass": "good", "average": "needs work", "fail": "poor", "unknown": "unknown"}


def gauge(value: int) -> dict[str, float]:
    """SVG arc geometry of a circular score gauge: circumference and dash offset (px)."""
    radius = 54.0
    circumference = 2 * math.pi * radius
    return {"r": radius, "c": round(circumference, 2), "offset": round(circumference * (1 - value / 100), 2)}


def _location(finding: Finding) -> str:
    if finding.location.path is None:
        return "whole repository"
    return finding.location.path + (f":{finding.location.line}" if finding.location.line else "")


def _context(result: ScanResult) -> dict[str, Any]:
    tax = taxonomy()
    words = founder.plain_language()
    rules = {r.id: r for r in result.rules}
    docs_html = {
        r.id: {
            "why": Markup(render_markdown(r.docs.why_bad)),  # noqa: S704 - markdown-it output, raw HTML disabled
            "fix": Markup(render_markdown(r.docs.use_instead)),  # noqa: S704
        }
        for r in result.rules
    }
    active = [f for f in result.findings if not f.suppressed]
    suppressed = [f for f in result.findings if f.suppressed]

    def tags(finding: Finding) -> list[dict[str, str | None]]:
        out = []
        for tag in finding.owasp:
            t = tax.owasp_tag(tag)
            out.append({"id": t.id, "title": t.title, "url": t.url})
        for tag in finding.cwe:
            t = tax.cwe_tag(tag)
            out.append({"id": t.id, "title": t.title, "url": t.url})
        return out

    def view(finding: Finding, exposure: founder.Exposure | None = None) -> dict[str, Any]:
        rule = rules.get(finding.rule_id)
        plain = words.for_rule(finding.rule_id, finding.category)
        return {
            "f": finding,
            "where": _location(finding),
            "rule_name": rule.name if rule else None,
            "tags": tags(finding),
            "docs": docs_html.get(finding.rule_id),
            "impact": plain.impact,
            "effort": plain.effort.label,
            "exposure": exposure.label if exposure is not None else None,
            "evidence": [str(h) for h in finding.evidence],
        }

    def group_view(group: FindingGroup, exposure: founder.Exposure) -> dict[str, Any]:
        return {
            **view(group.first, exposure),
            "g": group,
            "title": group.title,
            "members": [view(f) for f in group.findings] if group.count > 1 else [],
        }

    categories = [
        c
        for c in result.score.categories
        if not (c.score is None and c.unknown_reason == "nothing applicable was checked")
    ]
    not_applicable = [
        c for c in result.score.categories if c.score is None and c.unknown_reason == "nothing applicable was checked"
    ]
    errored = [r for r in result.runs if r.status == RunStatus.ERRORED]
    skipped_runs = [r for r in result.runs if r.status == RunStatus.SKIPPED]
    concerning = [s for s in result.skipped_files if s.reason not in (SkipReason.BINARY, SkipReason.SYMLINK)]
    binary_count = sum(1 for s in result.skipped_files if s.reason == SkipReason.BINARY)
    not_checked = [(r.id, n) for r in result.runs for n in r.not_checked]
    # A rule passed when it ran to completion and has no open finding.
    open_rules = {f.rule_id for f in active}
    passed = sorted(
        (
            rules[run.id]
            for run in result.runs
            if run.status in (RunStatus.PASSED, RunStatus.FAILED) and run.id in rules and run.id not in open_rules
        ),
        key=lambda meta: meta.id,
    )
    ranked = founder.ranked_groups(result)
    top = founder.fix_first(result, ranked=ranked)
    gate_fails = set(result.score.gate_findings)
    shown = {g.id for g, _ in top}
    matrix = founder.endpoint_matrix(result)
    return {
        "r": result,
        "s": result.score,
        "headline": founder.headline(result),
        "gauge": gauge(result.score.score),
        "band": band,
        "band_words": BAND_WORDS,
        "categories": categories,
        "not_applicable": not_applicable,
        "fix_first": [group_view(g, exposure) for g, exposure in top],
        "more_serious": sum(
            1 for g, _ in ranked if g.id not in shown and any(f.fingerprint in gate_fails for f in g.findings)
        ),
        "problems": [group_view(g, exposure) for g, exposure in ranked],
        "first_screen": founder.FIRST_SCREEN,
        "active_count": len(active),
        "suppressed": [view(f) for f in suppressed],
        "passed": passed,
        "errored": errored,
        "skipped_runs": skipped_runs,
        "tools": founder.tool_statuses(result),
        "concerning": concerning,
        "binary_count": binary_count,
        "not_checked": not_checked,
        "matrix": matrix,
        "matrix_summary": founder.matrix_summary(matrix),
        "cmp": result.comparison,
        "rate_coverage": coverage_of([e.rate_limit for e in result.endpoints]) if result.endpoints else None,
        "log_coverage": logging_coverage(e.logging for e in result.endpoints) if result.endpoints else None,
        "ai": result.extra.get("agents"),
    }


def render_html(result: ScanResult) -> str:
    """The report as one HTML document (UTF-8 text, no lone surrogates)."""
    return environment().get_template("report.html.j2").render(**_context(result))
