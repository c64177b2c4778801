"""The terminal report (rich): verdict, score, category table, the top problems (root-cause
groups of findings, :mod:`readycheck.grouping`, ranked as the founder's report ranks them),
what was not checked. :func:`print_terminal` draws it on a console; :func:`render_text` gives the same as
plain text (for ``--format terminal --output FILE``)."""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from readycheck.analysis.observability import logging_coverage
from readycheck.analysis.ratelimits import coverage_of
from readycheck.model import RunStatus, ScanResult, Severity, SkipReason, Verdict
from readycheck.reporters import founder

TOP_FINDINGS = 10

_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_VERDICT_STYLE = {
    Verdict.READY: "bold green",
    Verdict.READY_WITH_WARNINGS: "bold yellow",
    Verdict.NOT_READY: "bold red",
}


def verdict_sentence(result: ScanResult) -> str:
    """The verdict in plain words, e.g. ``"Not ready to deploy: 3 findings fail the gate"``."""
    score = result.score
    active = [f for f in result.findings if not f.suppressed]
    if score.verdict == Verdict.NOT_READY:
        return f"Not ready to deploy: {'; '.join(score.gate_reasons)}"
    if score.verdict == Verdict.READY_WITH_WARNINGS:
        if active:
            return f"Ready to deploy, with {len(active)} warning{'s' if len(active) != 1 else ''} to look at"
        return "Ready to deploy as far as checked, but parts could not be checked"
    return "Ready to deploy: no problems found"


def score_style(value: int | None) -> str:
    """Lighthouse colour bands: 90-100 green, 50-89 orange/yellow, 0-49 red."""
    if value is None:
        return "dim"
    return "green" if value >= 90 else "yellow" if value >= 50 else "red"


def build(result: ScanResult) -> list[RenderableType]:
    """The report as rich renderables, in display order."""
    score = result.score
    parts: list[RenderableType] = []
    header = Text()
    header.append(f"readycheck {result.tool_version}", style="bold")
    header.append(f"  {result.target.path}")
    if result.target.commit:
        header.append(f"  @{result.target.commit[:12]}", style="dim")
    parts.append(header)
    parts.append(Text(verdict_sentence(result), style=_VERDICT_STYLE[score.verdict]))
    line = Text("Score ")
    line.append(f"{score.score}/100", style=f"bold {score_style(score.score)}")
    line.append(f"   verdict: {score.verdict.value}")
    parts.append(line)
    if score.provisional:
        parts.append(Text("Provisional: " + "; ".join(score.provisional_reasons), style="bold yellow"))

    table = Table(title="Categories", title_justify="left", expand=False)
    table.add_column("Category")
    table.add_column("Score", justify="right")
    table.add_column("Findings", justify="right")
    table.add_column("Note")
    for category in score.categories:
        if category.score is None and category.unknown_reason == "nothing applicable was checked":
            continue
        table.add_row(
            category.id.label,
            Text("unknown" if category.score is None else str(category.score), style=score_style(category.score)),
            str(category.findings),
            escape(category.unknown_reason or ""),
        )
    parts.append(table)
    uncovered = [c.id.label for c in score.categories if c.unknown_reason == "nothing applicable was checked"]
    if uncovered:
        parts.append(Text("Not covered by any selected check: " + ", ".join(uncovered), style="dim"))

    active = [f for f in result.findings if not f.suppressed]
    if active:
        ranked = founder.ranked_groups(result)
        shown = ranked[:TOP_FINDINGS]
        findings = Table(
            title=f"Top problems ({len(shown)} of {len(ranked)}, from {len(active)} findings)", title_justify="left"
        )
        findings.add_column("Severity")
        findings.add_column("Rule")
        findings.add_column("Where")
        findings.add_column("Problem")
        names = {r.id: r.name for r in result.rules}
        for group, _ in shown:
            first = group.first
            where = first.location.path or "(repository)"
            if first.location.line:
                where += f":{first.location.line}"
            if group.count > 1:
                where += f" and {group.count - 1} more"
            rule = group.rule_id + (f" {names[group.rule_id]}" if group.rule_id in names else "")
            problem = group.title + (f" Fix once: {group.fix}" if group.fix else "")
            if group.fix_at is not None:
                problem += f" (all go through {group.fix_at})"
            findings.add_row(
                Text(group.severity.value, style=_SEVERITY_STYLE[group.severity]),
                escape(rule),
                escape(where),
                escape(problem),
            )
        parts.append(findings)

    not_run = [r for r in result.runs if r.status == RunStatus.ERRORED]
    skipped = Counter(s.reason for s in result.skipped_files if s.reason != SkipReason.SYMLINK)
    not_checked = sum(len(r.not_checked) for r in result.runs)
    if not_run or skipped or not_checked:
        lines = [Text("Not checked", style="bold")]
        for run in not_run:
            lines.append(Text(f"  {run.id}: {run.reason}", style="yellow"))
        for reason, count in sorted(skipped.items()):
            lines.append(Text(f"  {count} file{'s' if count != 1 else ''} skipped: {reason.value}"))
        if not_checked:
            lines.append(
                Text(
                    f"  {not_checked} file{'s' if not_checked != 1 else ''} a check could not read"
                    " (see the JSON or HTML report)"
                )
            )
        parts.append(Group(*lines))
    if result.endpoints:
        covered, total = coverage_of([e.rate_limit for e in result.endpoints])
        parts.append(
            Text(
                f"Rate limits: {covered}/{total} endpoint{'s' if total != 1 else ''} covered "
                "(a limiter or a declared limit; `readycheck endpoints PATH` lists them)"
            )
        )
        logged, total = logging_coverage(e.logging for e in result.endpoints)
        parts.append(
            Text(
                f"Request logging: {logged}/{total} endpoint{'s' if total != 1 else ''} logged "
                "(by middleware or in the handler)"
            )
        )
    tools = founder.tool_statuses(result)
    if tools:
        parts.append(Text("Tools: " + "; ".join(f"{t.name} {t.text}" for t in tools)))
    suppressions = result.extra.get("suppressions", [])
    if suppressions:
        used = sum(1 for s in suppressions if s["used"])
        broken = sum(1 for s in suppressions if s["problem"])
        unused = sum(1 for s in suppressions if not s["used"] and not s["problem"] and s["source"] != "native")
        parts.append(
            Text(
                f"Suppressions: {len(suppressions)} ({used} silence a finding, {unused} unused, "
                f"{broken} do not apply; all listed in the JSON report)"
            )
        )
    parts.append(Text(f"{result.files_scanned} files scanned in {result.seconds:.1f} s", style="dim"))
    return parts


def print_terminal(result: ScanResult, console: Console) -> None:
    """Draw the report on ``console``."""
    for part in build(result):
        console.print(part)


def render_text(result: ScanResult) -> str:
    """The terminal report as plain text (no colour codes), 100 columns wide."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False, highlight=False)
    print_terminal(result, console)
    return buffer.getvalue()
