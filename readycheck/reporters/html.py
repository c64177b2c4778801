"""The HTML report: one self-contained file (inline CSS, no scripts, fonts or external
requests) rendered with Jinja2 with autoescaping on, so file names and code from the scanned
repository always appear as text. Rule explanations are rendered from the rule docs with raw
HTML disabled."""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache
from typing import Any

import jinja2

from readycheck._resources import PACKAGE_DIR
from readycheck.analysis.observability import logging_coverage
from readycheck.analysis.ratelimits import coverage_of
from readycheck.catalog import render_html as render_markdown
from readycheck.model import Category, Finding, RunStatus, ScanResult, SkipReason, Verdict
from readycheck.reporters.terminal import verdict_sentence
from readycheck.taxonomy import taxonomy

FIX_FIRST = 5


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PACKAGE_DIR / "reporters" / "templates")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def band(value: int | None) -> str:
    """CSS class of a score's colour band (Lighthouse: 90-100 pass, 50-89 average,
    0-49 fail), or ``unknown``."""
    if value is None:
        return "unknown"
    return "pass" if value >= 90 else "average" if value >= 50 else "fail"


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
    rules = {r.id: r for r in result.rules}
    docs_html = {
        r.id: {
            "why": render_markdown(r.docs.why_bad),
            "fix": render_markdown(r.docs.use_instead),
            "what": render_markdown(r.docs.what_it_does),
        }
        for r in result.rules
    }
    active = [f for f in result.findings if not f.suppressed]
    by_category: dict[Category, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_category[finding.category].append(finding)

    def tags(finding: Finding) -> list[dict[str, str | None]]:
        out = []
        for tag in finding.owasp:
            t = tax.owasp_tag(tag)
            out.append({"id": t.id, "title": t.title, "url": t.url})
        for tag in finding.cwe:
            t = tax.cwe_tag(tag)
            out.append({"id": t.id, "title": t.title, "url": t.url})
        return out

    def view(finding: Finding) -> dict[str, Any]:
        rule = rules.get(finding.rule_id)
        return {
            "f": finding,
            "where": _location(finding),
            "rule_name": rule.name if rule else None,
            "tags": tags(finding),
            "docs": docs_html.get(finding.rule_id),
        }

    categories = [
        c
        for c in result.score.categories
        if not (c.score is None and c.unknown_reason == "nothing applicable was checked")
    ]
    not_applicable = [
        c for c in result.score.categories if c.score is None and c.unknown_reason == "nothing applicable was checked"
    ]
    passed = [r for r in result.runs if r.status == RunStatus.PASSED]
    errored = [r for r in result.runs if r.status == RunStatus.ERRORED]
    skipped_runs = [r for r in result.runs if r.status == RunStatus.SKIPPED]
    concerning = [s for s in result.skipped_files if s.reason not in (SkipReason.BINARY, SkipReason.SYMLINK)]
    binary_count = sum(1 for s in result.skipped_files if s.reason == SkipReason.BINARY)
    not_checked = [(r.id, n) for r in result.runs for n in r.not_checked]
    verdict_class = {
        Verdict.READY: "pass",
        Verdict.READY_WITH_WARNINGS: "average",
        Verdict.NOT_READY: "fail",
    }[result.score.verdict]
    return {
        "r": result,
        "s": result.score,
        "sentence": verdict_sentence(result),
        "verdict_class": verdict_class,
        "gauge": gauge(result.score.score),
        "band": band,
        "categories": categories,
        "not_applicable": not_applicable,
        "fix_first": [view(f) for f in active[:FIX_FIRST]],
        "groups": [
            (category, [view(f) for f in by_category[category]]) for category in Category if by_category.get(category)
        ],
        "active_count": len(active),
        "passed": [(r, rules.get(r.id)) for r in passed],
        "errored": errored,
        "skipped_runs": skipped_runs,
        "concerning": concerning,
        "binary_count": binary_count,
        "not_checked": not_checked,
        "rate_coverage": coverage_of([e.rate_limit for e in result.endpoints]) if result.endpoints else None,
        "log_coverage": logging_coverage(e.logging for e in result.endpoints) if result.endpoints else None,
    }


def render_html(result: ScanResult) -> str:
    """The report as one HTML document (UTF-8 text)."""
    return _environment().get_template("report.html.j2").render(**_context(result))
