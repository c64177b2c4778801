"""Scoring: a pure function of findings, run statuses and policy. It never reads files.

The rubric (documented for users in ``docs/scoring.md``), in the manner of Lighthouse's
weighted audits (https://developer.chrome.com/docs/lighthouse/performance/performance-scoring):

* Each rule that ran to completion is an *audit*. A tool run is one audit in each category
  its findings go to. An audit scores ``prod(1 - penalty(severity) * factor(confidence))``
  over its unsuppressed findings: 1.0 with none, lower with each finding, never below 0.
* A category's score is the weighted mean of its audits' scores, times 100, rounded. Rule
  weights follow the rule's severity (a critical rule weighs more than a low one).
* Categories where nothing applicable ran are left out (``score: null``); so is a category in
  which a selected run did not complete (unknown, never 100), and the report is provisional.
* The overall score is the mean of the known category scores weighted by the policy's
  category weights.
* The gate fails (verdict ``not-ready``) when a new, unsuppressed finding is at or above
  ``fail-on`` or is a medium- or high-confidence finding of a blocker rule. Otherwise the
  verdict is ``ready-with-warnings`` when any unsuppressed finding remains or the report is
  provisional, else ``ready``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from readycheck.model import (
    Category,
    CategoryScore,
    Confidence,
    Finding,
    RuleMeta,
    Run,
    RunKind,
    RunStatus,
    ScoreResult,
    Severity,
    Verdict,
)
from readycheck.policy import Policy

SEVERITY_PENALTY: dict[Severity, float] = {
    Severity.CRITICAL: 0.8,
    Severity.HIGH: 0.5,
    Severity.MEDIUM: 0.3,
    Severity.LOW: 0.1,
    Severity.INFO: 0.0,
}
CONFIDENCE_FACTOR: dict[Confidence, float] = {
    Confidence.HIGH: 1.0,
    Confidence.MEDIUM: 0.75,
    Confidence.LOW: 0.5,
}
RULE_WEIGHT: dict[Severity, float] = {
    Severity.CRITICAL: 10.0,
    Severity.HIGH: 6.0,
    Severity.MEDIUM: 3.0,
    Severity.LOW: 1.0,
    Severity.INFO: 1.0,
}
TOOL_AUDIT_WEIGHT = 6.0
DEFAULT_CATEGORY_WEIGHT = 1.0

_COMPLETED = (RunStatus.PASSED, RunStatus.FAILED)


def finding_factor(finding: Finding) -> float:
    """How much one finding keeps of its audit's score: a number in [0, 1]."""
    return 1.0 - SEVERITY_PENALTY[finding.severity] * CONFIDENCE_FACTOR[finding.confidence]


def _tool_of(rule_id: str) -> str | None:
    return rule_id.split("/", 1)[0] if "/" in rule_id else None


def score(
    *,
    findings: Sequence[Finding],
    runs: Sequence[Run],
    rules: Iterable[RuleMeta],
    policy: Policy,
) -> ScoreResult:
    """Score one scan.

    Args:
        findings: every finding, suppressed ones included (they do not count).
        runs: every run (checks, tools, broken plugins) with its status and the categories
            it covers; a check run's id is its rule id, a tool run's id is the tool id.
        rules: metadata of the registered rules (for weights and categories).
        policy: weights, severity overrides, gate settings.

    Returns:
        Scores 0-100 (int), per-category scores (None when unknown or not applicable), the
        verdict, the gate outcome with reasons, and why the report is provisional.
    """
    meta_by_id = {meta.id: meta for meta in rules}
    active = [f for f in findings if not f.suppressed]

    # audits: (category, audit id) -> [weight, score]
    audits: dict[tuple[Category, str], list[float]] = {}
    unknown: dict[Category, list[str]] = defaultdict(list)
    provisional_reasons: list[str] = list(policy.problems)
    for run in runs:
        if run.status == RunStatus.ERRORED:
            provisional_reasons.append(f"{run.id} did not complete: {run.reason or 'unknown error'}")
            for category in run.categories:
                unknown[category].append(run.id)
            continue
        if run.status not in _COMPLETED:
            continue
        for category in run.categories:
            if run.kind == RunKind.CHECK:
                meta = meta_by_id.get(run.id)
                weight = RULE_WEIGHT[policy.severity_of(meta)] if meta else RULE_WEIGHT[Severity.MEDIUM]
                audits[(category, run.id)] = [weight, 1.0]
            else:
                audits[(category, f"tool:{run.id}")] = [TOOL_AUDIT_WEIGHT, 1.0]

    for finding in active:
        tool = _tool_of(finding.rule_id)
        key = (finding.category, f"tool:{tool}" if tool else finding.rule_id)
        if key not in audits:
            continue  # a finding of a run that did not complete, or outside its categories
        audits[key][1] *= finding_factor(finding)

    by_category: dict[Category, list[tuple[float, float]]] = defaultdict(list)
    for (category, _audit), (weight, value) in audits.items():
        by_category[category].append((weight, max(0.0, min(1.0, value))))

    active_count: dict[Category, int] = defaultdict(int)
    for finding in active:
        active_count[finding.category] += 1

    categories: list[CategoryScore] = []
    for category in Category:
        entries = by_category.get(category, [])
        if unknown.get(category):
            categories.append(
                CategoryScore(
                    id=category,
                    score=None,
                    findings=active_count[category],
                    rules_applicable=len(entries),
                    unknown_reason="did not complete: " + ", ".join(sorted(unknown[category])),
                )
            )
        elif not entries:
            categories.append(
                CategoryScore(
                    id=category,
                    score=None,
                    findings=active_count[category],
                    rules_applicable=0,
                    unknown_reason="nothing applicable was checked",
                )
            )
        else:
            total_weight = sum(w for w, _ in entries)
            value = sum(w * s for w, s in entries) / total_weight if total_weight else 1.0
            categories.append(
                CategoryScore(
                    id=category,
                    score=_percent(value),
                    findings=active_count[category],
                    rules_applicable=len(entries),
                )
            )

    known = [
        (policy.category_weights.get(c.id, DEFAULT_CATEGORY_WEIGHT), c.score) for c in categories if c.score is not None
    ]
    weight_sum = sum(w for w, _ in known)
    if weight_sum > 0:
        overall = _percent(sum(w * (s or 0) for w, s in known) / (100 * weight_sum))
    elif known:
        overall = _percent(sum(s or 0 for _, s in known) / (100 * len(known)))
    else:
        overall = 0
        provisional_reasons.append("nothing could be checked")

    gate_reasons, gate_findings = _gate(active, policy, {meta.id: meta.severity for meta in meta_by_id.values()})
    incomplete_required = tuple(
        sorted(run.id for run in runs if run.status == RunStatus.ERRORED and policy.is_required(run.id))
    )
    provisional = bool(provisional_reasons)
    if gate_reasons:
        verdict = Verdict.NOT_READY
    elif active or provisional:
        verdict = Verdict.READY_WITH_WARNINGS
    else:
        verdict = Verdict.READY
    return ScoreResult(
        score=overall,
        verdict=verdict,
        provisional=provisional,
        provisional_reasons=tuple(sorted(provisional_reasons)),
        categories=tuple(categories),
        gate_passed=not gate_reasons,
        gate_reasons=tuple(gate_reasons),
        gate_findings=tuple(f.fingerprint for f in gate_findings),
        incomplete_required=incomplete_required,
    )


def _percent(value: float) -> int:
    return max(0, min(100, round(value * 100)))


def _gate(
    active: Sequence[Finding], policy: Policy, rule_severity: Mapping[str, Severity] | None = None
) -> tuple[list[str], list[Finding]]:
    """Why the gate fails (empty when it passes), and the findings that fail it: by severity
    (at or above fail-on) or as medium- or high-confidence findings of a blocker rule shown at
    their rule's severity (``rule_severity``: rule id → severity; a finding demoted below it by
    its context, such as a key in test data, does not block by rule)."""
    rule_severity = rule_severity or {}
    reasons: list[str] = []
    gating = [f for f in active if f.new or policy.gate_counts_all]
    over: list[Finding] = []
    if policy.fail_on is not None:
        threshold = policy.fail_on.rank
        over = [f for f in gating if f.severity.rank >= threshold]
        by_severity: dict[Severity, int] = defaultdict(int)
        for finding in over:
            by_severity[finding.severity] += 1
        for severity in sorted(by_severity, key=lambda s: -s.rank):
            count = by_severity[severity]
            reasons.append(
                f"{count} {severity.value} finding{'s' if count != 1 else ''} (fail-on: {policy.fail_on.value})"
            )
    # A low-confidence finding (e.g. a password-named literal in a test fixture) does not
    # block on its own; it still counts in the score and against fail-on.
    # A blocker finding demoted by its context (a key in test data shown as medium) blocks only
    # through fail-on, like any other finding of its severity.
    blocking = [
        f
        for f in gating
        if policy.is_blocker(f.rule_id)
        and f.confidence != Confidence.LOW
        and (f.rule_id not in rule_severity or f.severity.rank >= rule_severity[f.rule_id].rank)
    ]
    for rule_id in sorted({f.rule_id for f in blocking}):
        count = sum(1 for f in blocking if f.rule_id == rule_id)
        reasons.append(f"blocker rule {rule_id} has {count} finding{'s' if count != 1 else ''}")
    over_ids = {id(f) for f in over}
    return reasons, over + [f for f in blocking if id(f) not in over_ids]
