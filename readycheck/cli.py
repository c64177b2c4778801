"""The ``readycheck`` command line (typer). The only module that prints or exits.

Exit codes (DESIGN.md section 3): 0 gate passed, 1 gate failed, 2 usage or configuration
error, 3 a required check or tool could not run. Progress and diagnostics go to stderr;
stdout carries only the requested report.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from readycheck import __version__
from readycheck.analysis import ProgramModels
from readycheck.analysis.jobs import ai_inventory
from readycheck.catalog import explain as explain_markdown
from readycheck.compare import compare, load_previous
from readycheck.errors import ReadycheckError, UnknownRuleError, UsageError
from readycheck.model import ScanResult
from readycheck.policy import load_policy
from readycheck.registry import load_registry
from readycheck.reporters import DEFAULT_FORMATS, FILE_NAMES, FORMATS, renderer
from readycheck.reporters.json_report import endpoint_dict, inventory_summary
from readycheck.repository import Repository

EXIT_GATE_PASSED = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
FAIL_ON_VALUES = ("critical", "high", "medium", "low", "info", "never")

app = typer.Typer(
    name="readycheck",
    help="Production-readiness audit for AI-built repositories: secrets, ownership checks, "
    "unbounded endpoints, migrations, rate limits, logging. Scored, OWASP/CWE-mapped reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readycheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """readycheck command line."""


def _split(values: list[str] | None) -> list[str]:
    """Accept both repeated options and comma-separated lists: ``--select RC1,RC2``."""
    out: list[str] = []
    for value in values or []:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def plan_outputs(formats: list[str], output: str | None) -> tuple[bool, dict[str, Path | None]]:
    """Decide where each format goes.

    Returns:
        (print terminal report to stdout, {file format: path, or None for stdout}).

    Raises:
        UsageError: unknown format, or ``--output`` is a file while several file formats
            were asked for.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}", hint=f"use one of: {', '.join(FORMATS)}")
    ordered = list(dict.fromkeys(formats))
    file_formats = [f for f in ordered if f != "terminal"]
    to_stdout = "terminal" in ordered
    targets: dict[str, Path | None] = {}
    if output == "-":
        if len(ordered) != 1:
            raise UsageError("--output - (stdout) takes exactly one --format")
        if ordered[0] == "terminal":
            return True, {}
        return False, {ordered[0]: None}
    if output is not None and len(ordered) == 1:
        path = Path(output)
        target = path / FILE_NAMES[ordered[0]] if path.is_dir() else path
        if ordered[0] == "terminal":
            return False, {"terminal": target}
        return False, {ordered[0]: target}
    folder = Path(output) if output is not None else Path("reports")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {folder} is a file, but several formats were asked for", hint="give a folder")
    for fmt in file_formats:
        targets[fmt] = folder / FILE_NAMES[fmt]
    return to_stdout, targets


def _write(targets: dict[str, Path | None], result: ScanResult, err: Console, quiet: bool) -> None:
    written = []
    for fmt, target in targets.items():
        text = renderer(fmt)(result)
        if target is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"cannot write {fmt} report to {target}: {exc.strerror or exc.__class__.__name__}",
                hint="choose another --output",
            ) from None
        written.append(str(target))
    if written and not quiet:
        err.print(escape(f"Reports written: {', '.join(written)}"), highlight=False)


@app.command()
def scan(
    path: Annotated[str, typer.Argument(help="The repository folder to scan.")],
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format: terminal, json, html, sarif, markdown (repeatable). Default: terminal, json, html.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="File for one format ('-' for stdout), folder for several. Default folder: reports/."
        ),
    ] = None,
    policy: Annotated[Path | None, typer.Option("--policy", help="An extra policy file (YAML).")] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Lowest severity that fails the gate: critical, high, medium, low, info, never."
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Rules to run: ids, id prefixes or categories (repeatable or comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Rules not to run (repeatable or comma-separated).")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no terminal report; only errors.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Checks and tools run in parallel.")] = 4,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="A baseline file: its findings are known, only new ones fail the gate."),
    ] = None,
    diff: Annotated[
        str | None,
        typer.Option("--diff", help="A git revision: gate only on findings on lines changed since it."),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history/--no-history",
            help="Look for secrets in git history (commits reachable from HEAD) as well as in the files.",
        ),
    ] = True,
    history_commits: Annotated[
        int | None,
        typer.Option(
            "--history-commits",
            min=0,
            help="How many commits back the history secret scan reads (policy limits.history-commits; default 2000).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=(
                "No context demotion: findings in tests, fixtures, examples, sample data and applied "
                "migrations keep their severity."
            ),
        ),
    ] = False,
    compare_to: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            help="An earlier JSON report (e.g. reports/readycheck.json): show what got better and worse since.",
        ),
    ] = None,
    tool_timeout: Annotated[
        float | None,
        typer.Option(
            "--tool-timeout",
            min=1,
            help="Seconds each wrapped tool (bandit, semgrep, pip-audit, ...) may run before it is killed "
            "(default per tool, policy tools.<id>.timeout).",
        ),
    ] = None,
    deadline: Annotated[
        float | None,
        typer.Option(
            "--deadline",
            min=1,
            help="Seconds the whole scan may take: what is still running then is stopped, the report is "
            "written as provisional.",
        ),
    ] = None,
) -> None:
    """Scan a repository and write scored reports. Exit 0 when the gate passes, 1 when it
    fails, 2 on usage or policy errors, 3 when a required check could not run."""
    from readycheck.engine import ScanOptions
    from readycheck.engine import scan as run_scan
    from readycheck.reporters.terminal import print_terminal

    err = Console(stderr=True, highlight=False)
    if fail_on is not None and fail_on not in FAIL_ON_VALUES:
        raise UsageError(f"invalid --fail-on {fail_on!r}", hint=f"use one of: {', '.join(FAIL_ON_VALUES)}")
    formats = _split(fmt) or list(DEFAULT_FORMATS)
    to_stdout, targets = plan_outputs(formats, output)
    # Read before scanning: the earlier report is often the file this scan overwrites.
    previous = load_previous(compare_to) if compare_to is not None else None
    if quiet and "terminal" not in _split(fmt):
        to_stdout = False  # --quiet drops the terminal report unless it was asked for by name
    options = ScanOptions(
        policy_file=policy,
        select=_split(select) or None,
        ignore=_split(ignore),
        fail_on=fail_on,
        output_paths=[p.parent if p.name in FILE_NAMES.values() else p for p in targets.values() if p is not None],
        debug=debug,
        jobs=jobs,
        baseline=baseline,
        diff_base=diff,
        history_commits=0 if not history else history_commits,
        tool_timeout=tool_timeout,
        deadline=deadline,
        strict=strict,
    )
    show_progress = not quiet and err.is_terminal
    if show_progress:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as progress:
            task = progress.add_task("Scanning…", total=None)
            running: set[str] = set()

            def on_progress(event: str, run_id: str) -> None:
                (running.add if event == "start" else running.discard)(run_id)
                progress.update(task, description="Running " + (", ".join(sorted(running)) or "…"))

            result = run_scan(path, options, progress=on_progress)
    else:
        result = run_scan(path, options)
    if previous is not None:
        result = dataclasses.replace(result, comparison=compare(result, previous, source=str(compare_to)))
    if to_stdout:
        print_terminal(result, Console(highlight=False))
    _write(targets, result, err, quiet)
    code = EXIT_GATE_PASSED
    if not result.score.gate_passed:
        code = EXIT_GATE_FAILED
    elif result.score.incomplete_required:
        if not quiet:
            err.print("Required runs did not complete: " + ", ".join(result.score.incomplete_required), style="yellow")
        code = EXIT_INCOMPLETE
    if "deadline" in result.extra:
        # runs stopped at the deadline still hold threads; the reports are written, so leave
        # without waiting for them (their tool processes were killed at the deadline)
        if not quiet:
            err.print(f"Stopped at the --deadline of {deadline:g} s; the report is provisional.", style="yellow")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if code != EXIT_GATE_PASSED:
        raise typer.Exit(code)


def _expected_names(text: str | None) -> list[str]:
    from readycheck.fleet import FleetError, json_string_list

    if not text:
        return []
    source = text
    if not text.lstrip().startswith("["):
        try:
            source = Path(text).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read --expected {text}: {exc}") from None
    try:
        return json_string_list(source, "--expected")
    except FleetError as exc:
        raise UsageError(str(exc), hint="give a JSON list of repository names") from None


# Options shared by `merge` and `scan-many`.
PreviousOption = Annotated[
    list[Path] | None,
    typer.Option("--previous", help="An earlier readycheck-org.json (repeatable), for the trend."),
]
GateOption = Annotated[bool, typer.Option("--gate", help="Exit 1 when a repository is not ready or failed to scan.")]


def _merge_and_write(
    inputs: list[Path], output: Path, previous: list[Path] | None, err: Console, expected: Sequence[str] = ()
) -> dict[str, object]:
    """Merge ``inputs`` into the organisation report written to ``output``; returns it.
    Names in ``expected`` with no report or record are listed as failed.

    Raises:
        UsageError: no input is a readycheck report or scan record, and nothing is expected.
    """
    from readycheck.org import add_missing, build_org_report, load_inputs, read_previous
    from readycheck.reporters.org import write_org_reports

    entries, skipped = load_inputs(inputs)
    entries = add_missing(entries, expected)
    earlier, earlier_skipped = read_previous(previous or [])
    for item in [*skipped, *earlier_skipped]:
        err.print(escape(f"skipped {item.path}: {item.reason}"), style="yellow")
    if not entries:
        raise UsageError("no readycheck report to merge", hint="give readycheck.json files or the folders holding them")
    org = build_org_report(entries, [*skipped, *earlier_skipped], earlier)
    try:
        written = write_org_reports(org, output)
    except OSError as exc:
        raise UsageError(f"cannot write the organisation report to {output}: {exc.strerror or exc}") from None
    summary = org["summary"]
    verdicts = summary["verdicts"]
    err.print(
        escape(
            f"{summary['repositories']} repositories: {verdicts['not-ready']} not ready, "
            f"{verdicts['ready-with-warnings']} ready with warnings, {verdicts['ready']} ready, "
            f"{summary['failed']} failed; {len(skipped)} inputs skipped"
        )
    )
    err.print(escape("Organisation report: " + ", ".join(str(p) for p in written.values())))
    return org


def _org_exit(org: dict[str, object], gate: bool) -> None:
    summary = org["summary"]
    assert isinstance(summary, dict)
    if gate and (summary["verdicts"]["not-ready"] or summary["failed"]):
        raise typer.Exit(EXIT_GATE_FAILED)


@app.command("merge")
def merge_reports(
    reports: Annotated[
        list[Path], typer.Argument(help="readycheck JSON reports, scan records, or folders holding them.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for readycheck-org.json, .md and .html.")
    ] = Path("reports/org"),
    previous: PreviousOption = None,
    gate: GateOption = False,
    expected: Annotated[
        str | None,
        typer.Option(
            "--expected",
            help="Repositories that should have a report (a JSON list or a file of one); missing = failed.",
        ),
    ] = None,
) -> None:
    """Merge many readycheck reports into one organisation report (HTML, Markdown, JSON):
    per repository its verdict, score and categories; the rules blocking the most
    repositories; the same root cause across repositories; the trend against --previous."""
    err = Console(stderr=True, highlight=False)
    _org_exit(_merge_and_write(list(reports), output, previous, err, _expected_names(expected)), gate)


@app.command("scan-many")
def scan_many_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Repository folders to scan.")] = None,
    paths_from: Annotated[
        Path | None, typer.Option("--paths-from", help="A file of repository folders, one per line.")
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the organisation report; per repository in repos/.")
    ] = Path("reports/org"),
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, max=64, help="Scans at once (default: the core count).")
    ] = None,
    policy: Annotated[Path | None, typer.Option("--policy", help="An extra policy file for every scan.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="As `readycheck scan --fail-on`.")] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds each scan may take (its --deadline).")
    ] = 1800.0,
    previous: PreviousOption = None,
    gate: GateOption = False,
) -> None:
    """Scan several checkouts in parallel (one child process each, at most --jobs at once);
    one failure never stops the others. Ends with `readycheck merge` of their reports."""
    from readycheck.scanmany import ScanDone, plan_jobs, read_path_list, scan_many

    err = Console(stderr=True, highlight=False)
    targets = list(paths or [])
    if paths_from is not None:
        try:
            targets += read_path_list(paths_from.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read --paths-from {paths_from}: {exc}") from None
    if not targets:
        raise UsageError("no repositories to scan", hint="give folders or --paths-from FILE")
    if fail_on is not None and fail_on not in FAIL_ON_VALUES:
        raise UsageError(f"invalid --fail-on {fail_on!r}", hint=f"use one of: {', '.join(FAIL_ON_VALUES)}")
    scan_args: list[str] = []
    if policy is not None:
        scan_args += ["--policy", str(policy.resolve())]
    if fail_on is not None:
        scan_args += ["--fail-on", fail_on]

    def report(done: ScanDone) -> None:
        state = done.reason or f"exit code {done.exit_code}"
        err.print(escape(f"{done.job.name}: {state} ({done.seconds:.1f} s)"))

    planned = plan_jobs(targets)
    finished = scan_many(planned, output, workers=jobs, scan_args=scan_args, timeout=timeout, on_done=report)
    org = _merge_and_write([d.folder for d in finished], output, previous, err)
    _org_exit(org, gate)


@app.command("baseline")
def write_baseline(
    path: Annotated[str, typer.Argument(help="The repository folder to scan.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")] = Path(
        "readycheck-baseline.json"
    ),
    policy: Annotated[Path | None, typer.Option("--policy", help="An extra policy file (YAML).")] = None,
) -> None:
    """Scan a repository and write its current findings as accepted (a baseline). Later
    `readycheck scan --baseline FILE` fails the gate only on findings not in it."""
    from readycheck.baseline import entries_of, render
    from readycheck.engine import ScanOptions
    from readycheck.engine import scan as run_scan

    result = run_scan(path, ScanOptions(policy_file=policy, output_paths=[output]))
    entries = entries_of(result.findings)
    output.write_text(render(entries), encoding="utf-8")
    Console(stderr=True, highlight=False).print(escape(f"Baseline written: {output} ({len(entries)} findings)"))


@app.command("checks")
def list_checks(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """List every registered rule: id, name, category, severity, OWASP, CWE."""
    registry = load_registry()
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "category": r.category.value,
                "severity": r.severity.value,
                "confidence": r.confidence.value,
                "owasp": list(r.owasp),
                "cwe": list(r.cwe),
                "summary": r.summary,
                "origin": r.origin,
            }
            for r in registry.rules
        ]
        tools = [
            {"id": a.id, "name": a.cls.name, "categories": [c.value for c in a.cls.categories], "origin": a.origin}
            for a in registry.adapters
        ]
        problems = [p.message for p in registry.problems]
        typer.echo(json.dumps({"rules": rows, "tools": tools, "plugin_problems": problems}, indent=2))
        return
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r}", hint="use table or json")
    console = Console(highlight=False)
    table = Table(title="readycheck rules")
    for column in ("Id", "Name", "Category", "Severity", "OWASP", "CWE"):
        table.add_column(column)
    for r in registry.rules:
        table.add_row(r.id, r.name, r.category.value, r.severity.value, ", ".join(r.owasp), ", ".join(r.cwe))
    console.print(table)
    if registry.adapters:
        tool_table = Table(title="Wrapped tools")
        tool_table.add_column("Id")
        tool_table.add_column("Tool")
        tool_table.add_column("Categories")
        for a in registry.adapters:
            tool_table.add_row(a.id, a.cls.name, ", ".join(c.value for c in a.cls.categories))
        console.print(tool_table)
    for problem in registry.problems:
        Console(stderr=True, highlight=False).print(escape(f"warning: {problem.message}"), style="yellow")


def _inventory_models(path: Path, fmt: str, policy_file: Path | None) -> ProgramModels:
    """The program models of ``path`` for an inventory command (no git facts read).

    Raises:
        UsageError: ``fmt`` is not table or json, or ``path`` is not a folder.
    """
    if fmt not in {"table", "json"}:
        raise UsageError(f"unknown format {fmt!r}", hint="use table or json")
    if not path.is_dir():
        raise UsageError(f"not a folder: {path}", hint="give the repository folder to inventory")
    policy = load_policy(path, policy_file=policy_file)
    repo = Repository.scan(path, exclude=policy.exclude, max_file_bytes=policy.max_file_bytes, read_git=False)
    return ProgramModels(repo, policy)


@app.command("agents")
def list_agents(
    path: Annotated[Path, typer.Argument(help="The repository folder.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    policy_file: Annotated[Path | None, typer.Option("--policy", help="An extra policy file (YAML).")] = None,
) -> None:
    """Print the agent inventory: each agent or tool-calling loop with its SDK, model, tools
    (read / write / external side effect), loop and token caps, approval and what starts it,
    and the background jobs with their time limits, retries and unkeyed repeated effects."""
    models = _inventory_models(path, fmt, policy_file)
    found, jobs = models.agents, models.jobs
    if fmt == "json":
        typer.echo(json.dumps(ai_inventory(found, jobs), indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False, width=200 if not Console().is_terminal else None)
    table = Table(title=f"{len(found.agents)} agents")
    for column in ("Where", "SDK", "Kind", "Model", "Tools", "Step cap", "Token cap", "Started by"):
        table.add_column(column, overflow="fold")
    for a in found.agents:
        tools = ", ".join(t.name for t in a.tools) + (
            f" (+ not followed: {', '.join(a.unresolved_tools)})" if a.unresolved_tools else ""
        )
        table.add_row(
            escape(f"{a.path}:{a.line}"),
            a.sdk,
            a.kind,
            escape(a.model or "unknown"),
            escape(tools or "none found"),
            escape(a.step_cap or "none seen"),
            escape(a.token_cap or "none seen"),
            escape(f"{a.started_by.method} {a.started_by.route}" if a.started_by else "unknown"),
        )
    console.print(table)
    tools_table = Table(title=f"{len(found.tools)} tools")
    for column in ("Tool", "Where", "Registration", "Effect", "Does", "Approval"):
        tools_table.add_column(column, overflow="fold")
    for t in found.tools:
        does = "; ".join(sorted({f"{x.what} (line {x.line})" for x in t.actions})[:3])
        tools_table.add_row(
            escape(t.name),
            escape(f"{t.path}:{t.line}"),
            escape(t.registration),
            t.effect.value if t.effect is not None else "unknown (code not found)",
            escape(does),
            escape(str(t.approval) if t.approval else ("MCP client" if t.mcp else "none")),
        )
    console.print(tools_table)
    jobs_table = Table(title=f"{len(jobs.jobs)} background jobs")
    for column in ("Job", "Where", "Time limit", "Retries", "Backoff", "Repeated on retry without a key"):
        jobs_table.add_column(column, overflow="fold")
    for j in jobs.jobs:
        repeated = "; ".join(f"{x.what} (line {x.line})" for x in j.repeated_effects) if j.retries else ""
        jobs_table.add_row(
            escape(f"{j.framework} {j.name}"),
            escape(f"{j.path}:{j.line}"),
            escape(j.time_limit or "none"),
            escape(j.retries or "not retried"),
            escape(j.backoff or "none"),
            escape(repeated or "nothing"),
        )
    console.print(jobs_table)


@app.command("endpoints")
def list_endpoints(
    path: Annotated[Path, typer.Argument(help="The repository folder.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    policy_file: Annotated[Path | None, typer.Option("--policy", help="An extra policy file (YAML).")] = None,
) -> None:
    """Print the endpoint inventory: method, route, handler, framework and protections."""
    inventory = _inventory_models(path, fmt, policy_file).inventory
    summary = inventory_summary(inventory.endpoints)
    if fmt == "json":
        data = {
            "frameworks": list(inventory.frameworks),
            "summary": summary,
            "endpoints": [endpoint_dict(e, detail=True) for e in inventory.endpoints],
            "not_checked": [{"path": n.path, "reason": n.reason} for n in inventory.not_checked],
            "without_routes": list(inventory.without_routes),
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False, width=200 if not Console().is_terminal else None)
    table = Table(title=f"{len(inventory.endpoints)} endpoints ({', '.join(inventory.frameworks) or 'none found'})")
    for column in ("Method", "Route", "Handler", "Auth", "Rate limit", "Logging", "Lookups"):
        table.add_column(column, overflow="fold")
    for e in inventory.endpoints:
        unguarded = sum(1 for lk in e.lookups if not lk.owner_filter)
        lookups = f"{len(e.lookups)} ({unguarded} unfiltered)" if e.lookups else ""
        if e.auth_status.value == "authenticated":
            auth = ("admin: " if e.admin_only else "") + (e.auth or "")
            if e.auth_chain:
                auth += f" via {e.auth_chain[0].path}:{e.auth_chain[0].line}"
        elif e.auth_status.value == "unknown":
            auth = "unknown: " + (e.auth_chain[0].note if e.auth_chain else "a hop could not be resolved")
        else:
            auth = "public"
        route = e.route + (" (partly resolved)" if e.unresolved else "")
        table.add_row(
            e.method,
            escape(route),
            escape(f"{e.path}:{e.line} {e.handler}"),
            escape(auth),
            escape(e.rate_limit or "none"),
            escape(e.logging or "none"),
            lookups,
        )
    console.print(table)
    totals = Table(title="Per framework")
    for column in ("Framework", "Endpoints", "Authenticated", "Public", "Unknown", "Partly resolved"):
        totals.add_column(column)
    for framework, row in summary["frameworks"].items():
        totals.add_row(
            framework,
            str(row["endpoints"]),
            str(row["authenticated"]),
            str(row["public"]),
            str(row["unknown"]),
            str(row["unresolved"]),
        )
    console.print(totals)
    for sentence in inventory.without_routes:
        console.print(escape(sentence))
    err = Console(stderr=True, highlight=False)
    for note in inventory.not_checked:
        err.print(escape(f"not checked: {note.path}: {note.reason}"), style="yellow")
    for e in inventory.endpoints:
        if e.unresolved:
            err.print(
                escape(f"partly resolved: {e.method} {e.route} ({e.path}:{e.line}): {e.unresolved}"), style="yellow"
            )


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="A rule id (RC101) or name (hardcoded-secret).")]) -> None:
    """Print a rule's documentation."""
    meta = load_registry().rule(rule)
    if meta is None:
        raise UnknownRuleError(f"unknown rule {rule!r}", hint="`readycheck checks` lists every rule")
    text = explain_markdown(meta)
    console = Console()
    if console.is_terminal:
        console.print(Markdown(text))
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``readycheck`` console script; exits the process.

    Usage errors found by the argument parser exit 2 (typer's own handling); a
    :class:`~readycheck.errors.ReadycheckError` prints ``error: ...`` and ``hint: ...`` and exits
    with its code; ``--debug`` re-raises it with its traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="readycheck")
    except ReadycheckError as exc:
        if "--debug" in args:
            raise
        sys.stderr.write(f"error: {exc.message}\n")
        if exc.hint:
            sys.stderr.write(f"hint: {exc.hint}\n")
        sys.exit(exc.exit_code)
