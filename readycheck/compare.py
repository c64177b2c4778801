"""Trends: this scan against an earlier JSON report (``readycheck scan --compare previous.json``).

The earlier report is read as data and validated against the shipped report schema
(``readycheck/schemas/report.schema.json``) before use, so a truncated or foreign file is a
clear usage error rather than a wrong trend. Findings are matched by their line-independent
fingerprint (see :func:`readycheck.checks.base.fingerprint`), so code moving down a file is
neither "fixed" nor "new". Suppressed findings count as closed on both sides.

A finding of the earlier report is "fixed" only when this scan could have found it again: the
check or tool that reported it ran to completion, covered its category and checked its file, and no open finding
lists its rule under ``also_reported_by`` in the same file (findings of several rules on one
line are merged, so which rule keeps the finding depends on which rules ran). Otherwise it is
"not re-checked", never fixed: a check that could not run must not look like a fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readycheck.errors import UsageError
from readycheck.model import (
    Category,
    CategoryChange,
    Comparison,
    Finding,
    PastFinding,
    Run,
    RunStatus,
    ScanResult,
    Severity,
    Verdict,
)


def load_previous(path: Path) -> dict[str, Any]:
    """Read and validate an earlier readycheck JSON report (:func:`readycheck.org.read_json`
    and :func:`readycheck.org.validate`, shared with ``readycheck merge``).

    Returns:
        The report as parsed JSON (the shape of ``report.schema.json``).

    Raises:
        UsageError: the file cannot be read, is not JSON, or is not a readycheck report of
            this schema version (the message names the first schema violation).
    """
    from readycheck.org import InvalidReport, read_json, validate

    hint = "give a readycheck.json from an earlier scan"
    try:
        data = read_json(path)
    except InvalidReport as exc:
        if exc.kind == "unreadable":
            raise UsageError(f"cannot read --compare report {path}: {exc.detail}", hint=hint) from None
        raise UsageError(f"--compare report {path} is {exc.detail}", hint=hint) from None
    try:
        validate(data, "report.schema.json")
    except InvalidReport as exc:
        raise UsageError(
            f"--compare report {path} is not a readycheck JSON report: {exc.detail}",
            hint="give a readycheck.json written by `readycheck scan --format json`",
        ) from None
    return data  # type: ignore[no-any-return]


def compare(result: ScanResult, previous: dict[str, Any], *, source: str) -> Comparison:
    """What changed since ``previous`` (a report as returned by :func:`load_previous`).

    Returns:
        A :class:`~readycheck.model.Comparison`: previous score and verdict, per-category
        scores before and after (categories in this scan's order), fixed findings (open then,
        not open now, and re-checked: see the module docstring), findings not re-checked
        (open then, and their check or tool did not complete or did not check their file
        now) and new findings (open now, not open then), each worst first.
    """
    before_open = [f for f in previous["findings"] if not f["suppressed"]]
    now_open = [f for f in result.findings if not f.suppressed]
    now_prints = {f.fingerprint for f in now_open}
    before_prints = {f["fingerprint"] for f in before_open}
    merged = _merged_places(now_open)
    runs = {run.id: run for run in result.runs}
    fixed: list[PastFinding] = []
    not_rechecked: list[PastFinding] = []
    for f in before_open:
        if f["fingerprint"] in now_prints or (f["rule_id"], f["path"]) in merged:
            continue
        past = PastFinding(
            rule_id=f["rule_id"],
            severity=Severity(f["severity"]),
            message=f["message"],
            path=f["path"],
            line=f["line"],
            fingerprint=f["fingerprint"],
        )
        again = rechecked(runs.get(producer_of(f["rule_id"])), f["path"], f["category"])
        (fixed if again else not_rechecked).append(past)
    fixed.sort(key=_past_order)
    not_rechecked.sort(key=_past_order)
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
        not_rechecked=tuple(not_rechecked),
    )


def producer_of(rule_id: str) -> str:
    """The run that reports ``rule_id``: the check itself (``RC101``), or the wrapped tool
    for a tool rule (``bandit/B105`` -> ``bandit``)."""
    return rule_id.split("/", 1)[0]


def rechecked(run: Run | None, path: str | None, category: str | None = None) -> bool:
    """Whether ``run`` (None: not run in this scan) completed, covered ``category`` when given
    (a tool run covers the selected categories only) and checked ``path``."""
    if run is None or run.status not in {RunStatus.PASSED, RunStatus.FAILED}:
        return False
    if category is not None and run.categories and category not in {c.value for c in run.categories}:
        return False
    return path is None or all(item.path != path for item in run.not_checked)


def _merged_places(findings: list[Finding]) -> set[tuple[str, str | None]]:
    """(rule id, path) of every rule listed under ``also_reported_by`` of ``findings``."""
    return {(rule, f.location.path) for f in findings for rule in f.also_reported_by}


def _past_order(past: PastFinding) -> tuple[int, str, int, str]:
    return (-past.severity.rank, past.path or "", past.line or 0, past.rule_id)
