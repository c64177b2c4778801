"""Trends: this scan against an earlier JSON report (``readycheck scan --compare previous.json``).

The earlier report is read as data and validated against the shipped report schema
(``readycheck/schemas/report.schema.json``) before use, so a truncated or foreign file is a
clear usage error rather than a wrong trend. Findings are matched by their line-independent
fingerprint (see :func:`readycheck.checks.base.fingerprint`), so code moving down a file is
neither "fixed" nor "new". Suppressed findings count as closed on both sides.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from readycheck._resources import schema_path
from readycheck.errors import UsageError
from readycheck.model import (
    Category,
    CategoryChange,
    Comparison,
    PastFinding,
    ScanResult,
    Severity,
    Verdict,
)


def load_previous(path: Path) -> dict[str, Any]:
    """Read and validate an earlier readycheck JSON report.

    Returns:
        The report as parsed JSON (the shape of ``report.schema.json``).

    Raises:
        UsageError: the file cannot be read, is not JSON, or is not a readycheck report of
            this schema version (the message names the first schema violation).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
        raise UsageError(
            f"cannot read --compare report {path}: {reason}", hint="give a readycheck.json from an earlier scan"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"--compare report {path} is not JSON (line {exc.lineno}: {exc.msg})",
            hint="give a readycheck.json from an earlier scan",
        ) from None
    schema = json.loads(schema_path("report.schema.json").read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise UsageError(
            f"--compare report {path} is not a readycheck JSON report: at {where}: {error.message[:200]}",
            hint="give a readycheck.json written by `readycheck scan --format json`",
        )
    return data  # type: ignore[no-any-return]


def compare(result: ScanResult, previous: dict[str, Any], *, source: str) -> Comparison:
    """What changed since ``previous`` (a report as returned by :func:`load_previous`).

    Returns:
        A :class:`~readycheck.model.Comparison`: previous score and verdict, per-category
        scores before and after (categories in this scan's order), fixed findings (open then,
        not open now) and new findings (open now, not open then), each worst first.
    """
    before_open = [f for f in previous["findings"] if not f["suppressed"]]
    now_open = [f for f in result.findings if not f.suppressed]
    now_prints = {f.fingerprint for f in now_open}
    before_prints = {f["fingerprint"] for f in before_open}
    fixed = [
        PastFinding(
            rule_id=f["rule_id"],
            severity=Severity(f["severity"]),
            message=f["message"],
            path=f["path"],
            line=f["line"],
            fingerprint=f["fingerprint"],
        )
        for f in before_open
        if f["fingerprint"] not in now_prints
    ]
    fixed.sort(key=lambda p: (-p.severity.rank, p.path or "", p.line or 0, p.rule_id))
    new = sorted((f for f in now_open if f.fingerprint not in before_prints), key=lambda f: f.sort_key())
    before_scores = {c["id"]: c["score"] for c in previous["categories"]}
    changes = []
    for category in result.score.categories:
        before = before_scores.get(category.id.value)
        if before is None and category.score is None:
            continue
        changes.append(CategoryChange(id=Category(category.id), before=before, after=category.score))
    return Comparison(
        source=source,
        previous_score=int(previous["score"]),
        previous_verdict=Verdict(previous["verdict"]),
        previous_commit=previous["target"].get("commit"),
        categories=tuple(changes),
        fixed=tuple(fixed),
        new=tuple(new),
    )
