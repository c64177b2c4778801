"""The squawk adapter: PostgreSQL migration linting of SQL migration files.

squawk (https://squawkhq.com, installed from the package index as ``squawk-cli``) reports
statements that take dangerous locks or break running clients. readycheck copies the SQL
migration files (never the rest of the tree) into a temporary folder outside the scanned
repository, runs ``squawk --reporter json`` there (so no ``.squawk.toml`` of the repository
applies), and maps each violation back to its file and line.

Output format (``--reporter json``): a JSON array of objects with ``file``, ``line`` (0-based),
``column``, ``level``, ``message``, ``help`` and ``rule_name``; exit code 0 when clean, 1 when
it reports violations. ``syntax-error`` violations become not-checked notes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from readycheck.adapters._subprocess import OutcomeKind, run_tool
from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable
from readycheck.analysis.migrations.model import OpKind
from readycheck.analysis.migrations.sqlfiles import is_sql_migration, sql_operations
from readycheck.model import Category, Confidence, Finding, NotChecked, Severity

# Rules readycheck reports itself with more context (RC503 destructive-migration) or that are
# style advice rather than production risk; they are dropped from squawk's output.
COVERED_OR_STYLE = frozenset(
    {
        "ban-drop-column",
        "ban-drop-table",
        "adding-required-field",
        "renaming-column",
        "renaming-table",
        "prefer-robust-stmts",
        "prefer-bigint-over-int",
        "prefer-bigint-over-smallint",
        "prefer-identity",
        "prefer-text-field",
        "prefer-timestamptz",
        "ban-char-field",
        "require-lock-timeout",
        "require-statement-timeout",
        "require-timeout-settings",
        "require-table-schema",
    }
)
HIGH = frozenset({"ban-drop-database", "ban-truncate-cascade"})
# https://squawkhq.com/docs/rules : rule -> CWE
_CWE = {"ban-drop-database": ("CWE-664",), "ban-truncate-cascade": ("CWE-664",)}


def parse_output(
    stdout: str, files: dict[str, str], created: dict[str, dict[int, str | None]]
) -> tuple[list[dict[str, Any]], list[NotChecked]]:
    """Read squawk's JSON report.

    Args:
        stdout: squawk's standard output.
        files: the temporary file name squawk saw → the repo-relative path.
        created: repo path → {1-based line of a CREATE INDEX: the table, when that table is
            created in the same file} (an index on a new table locks nothing that is in use).

    Returns:
        (violations as dicts with ``path``, ``line`` (1-based), ``rule``, ``message``,
        ``help``; notes for statements squawk could not parse).

    Raises:
        ToolError: the output is not squawk's JSON report.
    """
    try:
        data = json.loads(stdout or "[]")
    except ValueError as exc:
        raise ToolError("squawk printed output that is not its JSON report") from exc
    if not isinstance(data, list):
        raise ToolError("squawk printed output that is not its JSON report")
    violations: list[dict[str, Any]] = []
    notes: list[NotChecked] = []
    for item in data:
        if not isinstance(item, dict):
            raise ToolError("squawk printed output that is not its JSON report")
        path = files.get(Path(str(item.get("file", ""))).name)
        if path is None:
            continue
        line = int(item.get("line", 0)) + 1
        rule = str(item.get("rule_name", ""))
        if rule == "syntax-error":
            notes.append(NotChecked(path=path, reason=f"squawk could not parse the SQL at line {line}"))
            continue
        if rule in COVERED_OR_STYLE:
            continue
        if rule == "require-concurrent-index-creation" and line in created.get(path, {}):
            continue
        violations.append(
            {
                "path": path,
                "line": line,
                "rule": rule,
                "message": str(item.get("message", "")),
                "help": str(item.get("help") or ""),
            }
        )
    return violations, notes


def _new_table_indexes(text: str) -> dict[int, str | None]:
    operations = sql_operations(text).operations
    created = {op.table for op in operations if op.kind == OpKind.CREATE_TABLE}
    return {op.line: op.table for op in operations if op.kind == OpKind.CREATE_INDEX and op.table in created}


class SquawkAdapter(ToolAdapter):
    """Runs squawk on the repository's SQL migration files (see the module docstring)."""

    id = "squawk"
    name = "squawk"
    categories = (Category.MIGRATIONS,)
    summary = "PostgreSQL migration linter: locks and breaking changes in SQL migration files."

    def run(self, ctx: ToolContext) -> Iterable[Finding]:
        """Lint every SQL migration file.

        Raises:
            ToolNotApplicable: no SQL migration files.
            ToolError: squawk is missing, timed out, crashed or printed unreadable output.
        """
        sources = [s for s in ctx.repo.code_files("sql") if is_sql_migration(s.path)]
        if not sources:
            raise ToolNotApplicable("no SQL migration files")
        timeout = float(ctx.options.get("timeout", 120))
        with tempfile.TemporaryDirectory(prefix="readycheck-squawk-") as tmp:
            folder = Path(tmp)
            files: dict[str, str] = {}
            for index, source in enumerate(sources):
                name = f"{index:05d}.sql"
                (folder / name).write_text(source.text, encoding="utf-8")
                files[name] = source.path
            outcome = run_tool(["squawk", "--reporter", "json", *sorted(files)], timeout=timeout, cwd=folder)
        if outcome.kind != OutcomeKind.COMPLETED:
            raise ToolError(f"squawk could not run: {outcome.detail}")
        if outcome.returncode not in (0, 1):
            raise ToolError(f"squawk exited with code {outcome.returncode}")
        version = run_tool(["squawk", "--version"], timeout=30)
        if version.kind == OutcomeKind.COMPLETED:
            ctx.version = version.stdout.strip().removeprefix("squawk ").strip() or None
        created = {s.path: _new_table_indexes(s.text) for s in sources}
        violations, notes = parse_output(outcome.stdout, files, created)
        ctx.not_checked.extend(notes)
        for violation in violations:
            rule = violation["rule"]
            advice = f" {violation['help']}" if violation["help"] else ""
            yield ctx.finding(
                rule_id=f"squawk/{rule}",
                category=Category.MIGRATIONS,
                severity=Severity.HIGH if rule in HIGH else Severity.MEDIUM,
                confidence=Confidence.HIGH,
                path=violation["path"],
                line=violation["line"],
                message=f"{violation['message']}{advice}",
                owasp=("A04:2021",),
                cwe=_CWE.get(rule, ("CWE-400",)),
            )
