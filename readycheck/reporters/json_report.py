"""The JSON report: the contract of DESIGN.md section 3 (``schema_version`` 1).

The shape is fixed by ``readycheck/schemas/report.schema.json``; tests validate every report
they write against it. Keys and list orders are deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from readycheck.analysis.observability import logging_coverage
from readycheck.analysis.ratelimits import coverage_of
from readycheck.grouping import FindingGroup, group_index, groups_of
from readycheck.model import Endpoint, Finding, Hop, ScanResult, SkipReason

SCHEMA_VERSION = 1


def finding_dict(
    finding: Finding, rule_name: str | None, blocks_gate: bool = False, group: str | None = None
) -> dict[str, Any]:
    """One finding as a JSON object (see the schema's ``finding`` definition); ``blocks_gate``
    says whether it is one of the findings that fail the gate, ``group`` the id of its
    root-cause group (:mod:`readycheck.grouping`), None when suppressed."""
    return {
        "rule_id": finding.rule_id,
        "rule_name": rule_name,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "path": finding.location.path,
        "line": finding.location.line,
        "end_line": finding.location.end_line,
        "message": finding.message,
        "snippet": finding.snippet,
        "owasp": list(finding.owasp),
        "cwe": list(finding.cwe),
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed,
        "suppression_reason": finding.suppression_reason,
        "new": finding.new,
        "endpoint": (
            {"method": finding.endpoint.method, "route": finding.endpoint.route} if finding.endpoint else None
        ),
        "also_at": [{"path": loc.path, "line": loc.line} for loc in finding.also_at],
        "also_reported_by": list(finding.also_reported_by),
        "evidence": [hop_dict(h) for h in finding.evidence],
        "blocks_gate": blocks_gate,
        "group": group,
        "context": finding.context,
    }


def group_dict(group: FindingGroup) -> dict[str, Any]:
    """One root-cause group as a JSON object (the schema's ``groups`` items): its members by
    fingerprint, worst first."""
    return {
        "id": group.id,
        "rule_id": group.rule_id,
        "category": group.category.value,
        "severity": group.severity.value,
        "confidence": group.confidence.value,
        "by": group.by.value,
        "scope": group.scope,
        "title": group.title,
        "fix": group.fix,
        "fix_at": hop_dict(group.fix_at) if group.fix_at is not None else None,
        "count": group.count,
        "context": group.context,
        "findings": [f.fingerprint for f in group.findings],
    }


def report_dict(result: ScanResult) -> dict[str, Any]:
    """The whole report as plain JSON-ready data."""
    score = result.score
    names = {rule.id: rule.name for rule in result.rules}
    severities = ("critical", "high", "medium", "low", "info")
    active = [f for f in result.findings if not f.suppressed]
    gate_findings = set(score.gate_findings)
    groups = groups_of(result)
    member_of = group_index(groups)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": result.tool_name, "version": result.tool_version},
        "scanned_at": result.started_at,
        "target": {
            "path": result.target.path,
            "commit": result.target.commit,
            "branch": result.target.branch,
            "dirty": result.target.dirty,
        },
        "score": score.score,
        "verdict": score.verdict.value,
        "provisional": score.provisional,
        "provisional_reasons": list(score.provisional_reasons),
        "gate": {
            "passed": score.gate_passed,
            "fail_on": result.fail_on.value if result.fail_on else "never",
            "reasons": list(score.gate_reasons),
            "incomplete_required": list(score.incomplete_required),
        },
        "summary": {
            "findings": len(active),
            "suppressed": len(result.findings) - len(active),
            "by_severity": {s: sum(1 for f in active if f.severity.value == s) for s in severities},
        },
        "categories": [
            {
                "id": c.id.value,
                "title": c.id.label,
                "score": c.score,
                "findings": c.findings,
                "rules_applicable": c.rules_applicable,
                "unknown_reason": c.unknown_reason,
            }
            for c in score.categories
        ],
        "runs": [
            {
                "id": run.id,
                "kind": run.kind.value,
                "status": run.status.value,
                "outcome": run.outcome,
                "reason": run.reason,
                "seconds": run.seconds,
                "categories": [c.value for c in run.categories],
                "findings": run.findings,
                "version": run.version,
                "not_checked": [{"path": n.path, "reason": n.reason} for n in run.not_checked],
            }
            for run in result.runs
        ],
        "endpoints": [endpoint_dict(e) for e in result.endpoints],
        "coverage": coverage_dict(result.endpoints),
        "findings": [
            finding_dict(
                f,
                names.get(f.rule_id),
                not f.suppressed and f.fingerprint in gate_findings,
                None if f.suppressed or f.fingerprint not in member_of else member_of[f.fingerprint].id,
            )
            for f in result.findings
        ],
        "groups": [group_dict(g) for g in groups],
        "files": {
            "scanned": result.files_scanned,
            "skipped": [{"path": s.path, "reason": s.reason.value, "detail": s.detail} for s in result.skipped_files],
            "skipped_by_reason": {
                reason.value: sum(1 for s in result.skipped_files if s.reason == reason) for reason in SkipReason
            },
        },
        "rules": [
            {
                "id": r.id,
                "name": r.name,
                "category": r.category.value,
                "severity": r.severity.value,
                "confidence": r.confidence.value,
                "summary": r.summary,
                "owasp": list(r.owasp),
                "cwe": list(r.cwe),
                "origin": r.origin,
            }
            for r in result.rules
        ],
        "policy": {"sources": list(result.policy_sources), "problems": list(result.policy_problems)},
    }


def coverage_dict(endpoints: Iterable[Endpoint]) -> dict[str, int]:
    """The report's ``coverage``: how many endpoints there are, how many have a rate limit (or
    a declared one) and how many have their requests logged (middleware or handler)."""
    items = list(endpoints)
    limited, total = coverage_of([e.rate_limit for e in items])
    logged, _ = logging_coverage(e.logging for e in items)
    return {"endpoints": total, "rate_limited": limited, "logged": logged}


def inventory_summary(endpoints: Iterable[Endpoint]) -> dict[str, Any]:
    """Totals of an endpoint inventory, per framework and overall: endpoints, authorization
    decisions (authenticated / public / unknown) and partly resolved routes."""
    rows: dict[str, dict[str, int]] = {}
    total = {"endpoints": 0, "authenticated": 0, "public": 0, "unknown": 0, "unresolved": 0}
    for endpoint in endpoints:
        row = rows.setdefault(endpoint.framework, {k: 0 for k in total})
        for target in (row, total):
            target["endpoints"] += 1
            target[endpoint.auth_status.value] += 1
            target["unresolved"] += 1 if endpoint.unresolved else 0
    return {"total": total, "frameworks": dict(sorted(rows.items()))}


def hop_dict(hop: Hop) -> dict[str, Any]:
    """One evidence hop: ``{"path", "line", "note"}``."""
    return {"path": hop.path, "line": hop.line, "note": hop.note}


def endpoint_dict(endpoint: Endpoint, *, detail: bool = False) -> dict[str, Any]:
    """One endpoint as in the report's ``endpoints[]`` (DESIGN.md section 3), plus handler and
    parameters; with ``detail``, also the object lookups and whole-body writes the ownership
    checks read (``readycheck endpoints --format json``)."""
    data: dict[str, Any] = {
        "method": endpoint.method,
        "route": endpoint.route,
        "path": endpoint.path,
        "line": endpoint.line,
        "framework": endpoint.framework,
        "handler": endpoint.handler,
        "auth": endpoint.auth,
        "admin_only": endpoint.admin_only,
        "role_check": endpoint.role_check,
        "rate_limit": endpoint.rate_limit,
        "logging": endpoint.logging,
        "parameters": [{"name": p.name, "source": p.source} for p in endpoint.parameters],
        "auth_status": endpoint.auth_status.value,
        "auth_chain": [hop_dict(h) for h in endpoint.auth_chain],
        "evidence": [hop_dict(h) for h in endpoint.evidence],
        "unresolved": endpoint.unresolved,
        "kind": endpoint.kind,
        "library": endpoint.library,
    }
    if detail:
        data["handler_path"] = endpoint.body_path
        data["lookups"] = [
            {
                "line": lk.line,
                "model": lk.model,
                "via": lk.via,
                "operation": lk.operation.value,
                "inputs": list(lk.inputs),
                "owner_filter": lk.owner_filter,
                "bypasses_rls": lk.bypasses_rls,
                "chain": [hop_dict(h) for h in lk.chain],
            }
            for lk in endpoint.lookups
        ]
        data["body_writes"] = [
            {"line": b.line, "model": b.model, "via": b.via, "operation": b.operation.value, "fields": list(b.fields)}
            for b in endpoint.body_writes
        ]
    return data


def render_json(result: ScanResult) -> str:
    """The report as indented JSON text with a trailing newline."""
    data = report_dict(result)
    if "baseline" in result.extra:
        data["baseline"] = result.extra["baseline"]
    data["suppressions"] = result.extra.get("suppressions", [])
    if "diff" in result.extra:
        data["diff"] = result.extra["diff"]
    if "deadline" in result.extra:
        data["deadline"] = result.extra["deadline"]
    if "agents" in result.extra:
        data["agents"] = result.extra["agents"]
    if result.comparison is not None:
        cmp = result.comparison
        data["comparison"] = {
            "source": cmp.source,
            "previous_score": cmp.previous_score,
            "previous_verdict": cmp.previous_verdict.value,
            "previous_commit": cmp.previous_commit,
            "score_change": result.score.score - cmp.previous_score,
            "fixed": [{"rule_id": p.rule_id, "path": p.path, "fingerprint": p.fingerprint} for p in cmp.fixed],
            "new": [f.fingerprint for f in cmp.new],
            "not_rechecked": [
                {"rule_id": p.rule_id, "path": p.path, "fingerprint": p.fingerprint} for p in cmp.not_rechecked
            ],
        }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
