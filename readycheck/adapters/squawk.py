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

from readycheck.adapters._subprocess import OutcomeKind
from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable
from readycheck.analysis.migrations.model import OpKind
from readycheck.analysis.migrations.sqlfiles import is_sql_migration, sql_operations
from readycheck.model import Category, Confidence, Finding, NotChecked, Severity

# The squawk rules reported: locks that stop a busy table and changes that break the release
# still running (https://squawkhq.com/docs/rules). The others are style advice
# (prefer-bigint-over-int, prefer-timestamp-tz, prefer-robust-stmts, timeouts) or rules
# RC503 destructive-migration reports with more context (ban-drop-column, renaming-column,
# adding-required-field); rules added by later squawk versions are left out until listed here.
REPORTED = frozenset(
    {
        "require-concurrent-index-creation",
        "require-concurrent-index-deletion",
        "require-concurrent-reindex",
        "ban-concurrent-index-creation-in-transaction",
        "constraint-missing-not-valid",
        "adding-foreign-key-constraint",
        "disallowed-unique-constraint",
        "adding-field-with-default",
        "adding-not-nullable-field",
        "adding-serial-primary-key-field",
        "changing-column-type",
        "ban-alter-domain-with-add-constraint",
        "ban-create-domain-with-constraint",
        "transaction-nesting",
        "ban-drop-database",
        "ban-truncate-cascade",
        "ban-drop-function",
        "ban-drop-view",
        "ban-drop-default",
    }
)
HIGH = frozenset({"ban-drop-database", "ban-truncate-cascade"})
_CWE = {"ban-drop-database": ("CWE-664",), "ban-truncate-cascade": ("CWE-664",)}


def parse_output(
    stdout: str, files: dict[str, str], created: dict[str, dict[int, bool]]
) -> tuple[list[dict[str, Any]], list[NotChecked]]:
    """Read squawk's JSON report.

    Args:
        stdout: squawk's standard output.
        files: the temporary file name squawk saw → the repo-relative path.
        created: repo path → {1-based first line of each statement: whether it works on a
            table created earlier in the same file} (a lock on a table nobody uses yet is
            harmless: indexes and foreign keys of a new table).

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
        if rule not in REPORTED:
            continue
        if _on_new_table(line, created.get(path, {})):
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


def _statements_on_new_tables(text: str) -> dict[int, bool]:
    """{first line of each statement: whether its table was created earlier in ``text``}."""
    created: set[str | None] = set()
    lines: dict[int, bool] = {}
    for op in sql_operations(text).operations:
        if op.kind == OpKind.CREATE_TABLE:
            created.add(op.table)
            lines[op.line] = False
        else:
            lines[op.line] = lines.get(op.line, False) or (op.table is not None and op.table in created)
    return lines


def _on_new_table(line: int, statements: dict[int, bool]) -> bool:
    """Whether the statement holding ``line`` (the last one starting at or before it) works on
    a table created in the same file."""
    starts = [start for start in statements if start <= line]
    return bool(starts) and statements[max(starts)]


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
        with tempfile.TemporaryDirectory(prefix="readycheck-squawk-") as tmp:
            folder = Path(tmp)
            files: dict[str, str] = {}
            for index, source in enumerate(sources):
                name = f"{index:05d}.sql"
                (folder / name).write_text(source.text, encoding="utf-8")
                files[name] = source.path
            outcome = ctx.run_tool(["squawk", "--reporter", "json", *sorted(files)], default_timeout=120, cwd=folder)
        if outcome.kind != OutcomeKind.COMPLETED:
            raise ToolError(f"squawk could not run: {outcome.detail}")
        if outcome.returncode not in (0, 1):
            raise ToolError(f"squawk failed with {outcome.failure()}")
        version = ctx.run_tool(["squawk", "--version"], default_timeout=30)
        if version.kind == OutcomeKind.COMPLETED:
            ctx.version = version.stdout.strip().removeprefix("squawk ").strip() or None
        created = {s.path: _statements_on_new_tables(s.text) for s in sources}
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
