"""Markdown output for pull-request comments and the GitHub Actions job summary
(``$GITHUB_STEP_SUMMARY``, GitHub-flavoured Markdown).

Layout: verdict and score, why the gate failed, the category table, new findings first (up
to 25 root-cause groups in a table, :mod:`readycheck.grouping`: "16 GitHub Actions are used by
tag ..." is one row with its count), then every group and the checks that did not run in
collapsed ``<details>`` blocks, and the endpoint coverage. Every value from the scanned repository
(paths, messages) is escaped, so a hostile file name cannot inject Markdown or HTML into a
pull-request comment. When ``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY`` and a commit (the
scan's, or ``GITHUB_SHA``) are known, locations link to the file line on GitHub.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from readycheck.analysis.observability import logging_coverage
from readycheck.analysis.ratelimits import coverage_of
from readycheck.grouping import FindingGroup, group_findings
from readycheck.model import Finding, RunStatus, ScanResult, Verdict
from readycheck.reporters import founder

HEADLINE = {
    Verdict.READY: "✅ Ready to deploy",
    Verdict.READY_WITH_WARNINGS: "⚠️ Ready to deploy, with warnings",
    Verdict.NOT_READY: "❌ Not ready to deploy",
}
MAX_NEW_ROWS = 25
MAX_ALL_ROWS = 200


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell: HTML special characters, pipes, backticks
    and line breaks neutralised."""
    table = {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
    }
    escaped = "".join(table.get(c, c) for c in text)
    return " ".join(escaped.split())


def _link_base(result: ScanResult) -> str | None:
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    commit = result.target.commit or os.environ.get("GITHUB_SHA")
    if not (server and repository and commit):
        return None
    return f"{server.rstrip('/')}/{repository}/blob/{commit}/"


def _where(finding: Finding, base: str | None) -> str:
    location = finding.location
    if location.path is None:
        return "repository"
    shown = escape(f"{location.path}:{location.line}" if location.line else location.path)
    if base is None:
        return shown
    anchor = f"#L{location.line}" if location.line else ""
    href = base + quote(location.path, safe="/") + anchor
    return f"[{shown}]({href})"


def _table(groups: list[FindingGroup], base: str | None) -> list[str]:
    lines = ["| Severity | Rule | Where | Problem |", "|---|---|---|---|"]
    for g in groups:
        where = _where(g.first, base) + (f" and {g.count - 1} more" if g.count > 1 else "")
        problem = escape(g.title) + (f" Fix once: {escape(g.fix)}" if g.fix else "")
        if g.fix_at is not None:
            problem += f" (all go through {escape(str(g.fix_at))})"
        lines.append(f"| {g.severity.value} | {escape(g.rule_id)} | {where} | {problem} |")
    return lines


def _count(findings: list[Finding], groups: list[FindingGroup]) -> str:
    if len(groups) == len(findings):
        return str(len(findings))
    return f"{len(findings)} in {len(groups)} problems"


def render_markdown(result: ScanResult) -> str:
    """The report as GitHub-flavoured Markdown."""
    score = result.score
    base = _link_base(result)
    out = [f"## readycheck: {HEADLINE[score.verdict]}", ""]
    provisional = " (provisional: some checks did not run)" if score.provisional else ""
    out.append(f"**Score {score.score}/100** · verdict `{score.verdict.value}`{provisional}")
    if result.comparison is not None:
        cmp = result.comparison
        change = score.score - cmp.previous_score
        out.append("")
        out.append(
            f"Since the last scan: score {cmp.previous_score} → {score.score} ({change:+d}), "
            f"{len(cmp.fixed)} fixed, {len(cmp.new)} new"
            + (f", {len(cmp.not_rechecked)} not re-checked (their check did not run)." if cmp.not_rechecked else ".")
        )
    out.append("")
    for reason in score.gate_reasons:
        out.append(f"- {escape(reason)}")
    if score.gate_reasons:
        out.append("")
    out += ["| Category | Score | Findings |", "|---|---|---|"]
    for category in score.categories:
        if category.score is not None:
            shown = str(category.score)
        elif category.unknown_reason == "nothing applicable was checked":
            shown = "not applicable"
        else:  # a check that could not complete is unknown, never a pass and never "n/a"
            shown = "unknown" + (f" ({escape(category.unknown_reason)})" if category.unknown_reason else "")
        out.append(f"| {category.id.label} | {shown} | {category.findings} |")
    out.append("")
    active = [f for f in result.findings if not f.suppressed]
    new = [f for f in active if f.new]
    new_groups = group_findings(new, endpoints=result.endpoints, rules=result.rules)
    out.append(f"### New findings ({_count(new, new_groups)})")
    out.append("")
    if new:
        out += _table(new_groups[:MAX_NEW_ROWS], base)
        if len(new_groups) > MAX_NEW_ROWS:
            out.append("")
            out.append(f"…and {len(new_groups) - MAX_NEW_ROWS} more problems in the full report.")
    else:
        out.append("No new findings.")
    out.append("")
    if active:
        groups = group_findings(active, endpoints=result.endpoints, rules=result.rules)
        out += ["<details>", f"<summary>All findings ({_count(active, groups)})</summary>", ""]
        out += _table(groups[:MAX_ALL_ROWS], base)
        if len(groups) > MAX_ALL_ROWS:
            out += ["", f"…and {len(groups) - MAX_ALL_ROWS} more problems in the full report."]
        out += ["", "</details>", ""]
    suppressed = [f for f in result.findings if f.suppressed]
    if suppressed:
        out += ["<details>", f"<summary>Suppressed ({len(suppressed)})</summary>", ""]
        for f in suppressed:
            out.append(f"- {escape(f.rule_id)} at {_where(f, base)}: {escape(f.suppression_reason or 'no reason')}")
        out += ["", "</details>", ""]
    listed = result.extra.get("suppressions", [])
    if listed:
        out += ["<details>", f"<summary>Suppressions ({len(listed)})</summary>", ""]
        for entry in listed:
            state = (
                "does not apply: " + entry["problem"] if entry["problem"] else ("used" if entry["used"] else "unused")
            )
            where = f"{entry['path']}:{entry['line']}" if entry["line"] else entry["path"]
            rules = ", ".join(entry["rules"]) or "native"
            out.append(
                f"- {escape(entry['source'])} {escape(rules)} at {escape(where)} ({escape(state)}): "
                f"{escape(entry['reason'] or 'no reason')}"
            )
        out += ["", "</details>", ""]
    not_run = [r for r in result.runs if r.status == RunStatus.ERRORED]
    if not_run:
        out += ["<details>", f"<summary>Checks that could not run ({len(not_run)})</summary>", ""]
        for run in not_run:
            out.append(f"- {escape(run.id)}: {escape(run.reason or 'unknown error')}")
        out += ["", "</details>", ""]
    tools = founder.tool_statuses(result)
    if tools:
        out.append("Tools: " + "; ".join(f"{escape(t.name)} {escape(t.text)}" for t in tools))
        out.append("")
    if result.endpoints:
        limited, total = coverage_of([e.rate_limit for e in result.endpoints])
        logged, _ = logging_coverage(e.logging for e in result.endpoints)
        out.append(f"Endpoints: {total} · rate-limited {limited}/{total} · logged {logged}/{total}")
        out.append("")
    out.append(f"<sub>readycheck {escape(result.tool_version)} · {result.files_scanned} files scanned</sub>")
    return "\n".join(out) + "\n"
