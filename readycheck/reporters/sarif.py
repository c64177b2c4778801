"""SARIF 2.1.0 output for GitHub code scanning and other SARIF consumers.

Format: OASIS SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
validated in the tests against the official schema shipped as
``readycheck/schemas/sarif-schema-2.1.0.json``. GitHub specifics follow "SARIF support for
code scanning" (https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
each rule appears once in ``tool.driver.rules``; ``properties.security-severity`` is a number
as a string (critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9); CWE tags are written
``external/cwe/cwe-NNN``; ``partialFingerprints`` identify a result across commits; every
result has one location; ``partialFingerprints["readycheckGroup/v1"]`` and
``properties.group`` name the result's root-cause group (:mod:`readycheck.grouping`), shared
by every place one fix closes; ``runAutomationDetails.id`` gives each run its own category, so
repository-level posture findings (no README section, no monitoring) stay apart from code
findings. Upload limits honoured: at most 25,000 results and 20 tags per rule per run.

Wrapped tools' rules (``squawk/...``) are listed under their own ids. Suppressed findings are
kept, with a ``suppressions`` entry. Checks that did not run appear as tool-execution
notifications, and ``executionSuccessful`` is false when one of them errored.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from readycheck.catalog import explain
from readycheck.grouping import FindingGroup, group_index, groups_of
from readycheck.model import Finding, RuleMeta, RunStatus, ScanResult, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
MAX_TAGS = 20
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "2.0",
    Severity.INFO: "0.0",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# Rules about the repository as a whole rather than a line of code.
POSTURE_RULES = frozenset({"RC601", "RC607", "RC704", "RC709"})
FALLBACK_URI = "README.md"


def is_posture(finding: Finding) -> bool:
    """A repository-level posture finding: no file of its own, or a rule about the repository."""
    return finding.location.path is None or finding.rule_id in POSTURE_RULES


def _tags(owasp: tuple[str, ...], cwe: tuple[str, ...], category: str) -> list[str]:
    tags = ["security", category, *owasp, *(f"external/cwe/{c.lower()}" for c in cwe)]
    return list(dict.fromkeys(tags))[:MAX_TAGS]


def _rule(meta: RuleMeta | None, rule_id: str, sample: Finding) -> dict[str, Any]:
    """One ``reportingDescriptor``; a tool rule readycheck does not document is described from
    one of its findings."""
    if meta is not None:
        return {
            "id": meta.id,
            "name": meta.name,
            "shortDescription": {"text": meta.summary},
            "fullDescription": {"text": meta.summary},
            "help": {"text": meta.summary, "markdown": explain(meta)},
            "defaultConfiguration": {"level": LEVEL[meta.severity]},
            "properties": {
                "tags": _tags(meta.owasp, meta.cwe, meta.category.value),
                "security-severity": SECURITY_SEVERITY[meta.severity],
                "precision": {"high": "high", "medium": "medium", "low": "low"}[meta.confidence.value],
            },
        }
    name = rule_id.split("/", 1)[-1]
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": f"{rule_id.split('/', 1)[0]} rule {name}"},
        "help": {"text": sample.message},
        "defaultConfiguration": {"level": LEVEL[sample.severity]},
        "properties": {
            "tags": _tags(sample.owasp, sample.cwe, sample.category.value),
            "security-severity": SECURITY_SEVERITY[sample.severity],
        },
    }


# RFC 3986 pchar minus percent: what a path segment may hold unencoded ("/" separates them)
_URI_SAFE = "/!$&'()*+,;=:@-._~"


def artifact_uri(path: str | None) -> str:
    """A repo-relative POSIX ``path`` as the relative URI reference SARIF 2.1.0 requires for
    ``artifactLocation.uri`` (section 3.4.3, RFC 3986): a space, ``[``, ``%``, a backslash, a
    newline or a non-ASCII character is percent-encoded (UTF-8). Repository-level findings
    (``None``) point at :data:`FALLBACK_URI`."""
    return quote(path or FALLBACK_URI, safe=_URI_SAFE)


def _result(finding: Finding, index: int, group: FindingGroup | None = None) -> dict[str, Any]:
    location = finding.location
    region: dict[str, Any] = {}
    if location.line:
        region = {"startLine": location.line}
        if location.end_line and location.end_line >= location.line:
            region["endLine"] = location.end_line
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.path), "uriBaseId": "%SRCROOT%"}}
    if region:
        physical["region"] = region
    properties: dict[str, Any] = {
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "category": finding.category.value,
        "owasp": list(finding.owasp),
        "cwe": list(finding.cwe),
    }
    if finding.endpoint is not None:
        properties["endpoint"] = f"{finding.endpoint.method} {finding.endpoint.route}"
    if location.path is None:
        properties["repositoryLevel"] = True
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"readycheckFingerprint/v1": finding.fingerprint},
        "baselineState": "new" if finding.new else "unchanged",
        "properties": {**properties, "security-severity": SECURITY_SEVERITY[finding.severity]},
    }
    if group is not None:
        # One result per location stays (code scanning tracks each place); the root-cause group
        # (readycheck.grouping) is a shared fingerprint part beside the unique one, plus its
        # headline and size.
        result["partialFingerprints"]["readycheckGroup/v1"] = group.id
        result["properties"].update(group=group.id, groupSize=group.count, groupTitle=group.title)
    if finding.also_at:
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(loc.path), "uriBaseId": "%SRCROOT%"},
                    **({"region": {"startLine": loc.line}} if loc.line else {}),
                },
                "message": {"text": "the same problem here too"},
            }
            for number, loc in enumerate(finding.also_at, start=1)
        ]
    if finding.evidence:
        # The hops the rule followed, as a SARIF code flow (SARIF 2.1.0 section 3.36): each
        # step a location with what was seen there.
        result["codeFlows"] = [
            {
                "threadFlows": [
                    {
                        "locations": [
                            {
                                "location": {
                                    "physicalLocation": {
                                        "artifactLocation": {"uri": artifact_uri(hop.path), "uriBaseId": "%SRCROOT%"},
                                        **({"region": {"startLine": hop.line}} if hop.line > 0 else {}),
                                    },
                                    "message": {"text": hop.note},
                                }
                            }
                            for hop in finding.evidence
                        ]
                    }
                ]
            }
        ]
    if finding.also_reported_by:
        result["properties"]["alsoReportedBy"] = list(finding.also_reported_by)
    if finding.suppressed:
        result["suppressions"] = [{"kind": "external", "justification": finding.suppression_reason or ""}]
    return result


def _run(result: ScanResult, findings: list[Finding], category: str, groups: dict[str, FindingGroup]) -> dict[str, Any]:
    metas = {meta.id: meta for meta in result.rules}
    ordered_ids: list[str] = []
    samples: dict[str, Finding] = {}
    for finding in findings:
        if finding.rule_id not in samples:
            samples[finding.rule_id] = finding
            ordered_ids.append(finding.rule_id)
    rules = [_rule(metas.get(rule_id), rule_id, samples[rule_id]) for rule_id in ordered_ids]
    index = {rule_id: i for i, rule_id in enumerate(ordered_ids)}
    kept = findings[:MAX_RESULTS]
    notifications = []
    for run in result.runs:
        if run.status in {RunStatus.ERRORED, RunStatus.SKIPPED} and run.reason:
            notifications.append(
                {
                    "level": "error" if run.status == RunStatus.ERRORED else "note",
                    "message": {"text": f"{run.id} {run.status.value}: {run.reason}"},
                    "descriptor": {"id": run.id},
                }
            )
    if len(findings) > MAX_RESULTS:
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{len(findings) - MAX_RESULTS} results left out: code scanning accepts "
                    f"{MAX_RESULTS} per run"
                },
            }
        )
    invocation: dict[str, Any] = {
        "executionSuccessful": not any(r.status == RunStatus.ERRORED for r in result.runs),
        "toolExecutionNotifications": notifications,
    }
    run_data: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "readycheck",
                "version": result.tool_version,
                "semanticVersion": result.tool_version,
                "informationUri": "https://pypi.org/project/readycheck-audit/",
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"readycheck/{category}/"},
        "invocations": [invocation],
        "columnKind": "utf16CodeUnits",
        "results": [_result(f, index[f.rule_id], None if f.suppressed else groups.get(f.fingerprint)) for f in kept],
        "properties": {
            "score": result.score.score,
            "verdict": result.score.verdict.value,
            "provisional": result.score.provisional,
        },
    }
    if result.target.commit:
        run_data["properties"]["commit"] = result.target.commit
    return run_data


def to_sarif(result: ScanResult) -> dict[str, Any]:
    """The SARIF log of a scan as a dict: a ``code`` run and a ``posture`` run."""
    code = [f for f in result.findings if not is_posture(f)]
    posture = [f for f in result.findings if is_posture(f)]
    groups = group_index(groups_of(result))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [_run(result, code, "code", groups), _run(result, posture, "posture", groups)],
    }


def render_sarif(result: ScanResult) -> str:
    """The SARIF log as JSON text."""
    return json.dumps(to_sarif(result), indent=2, ensure_ascii=False) + "\n"
