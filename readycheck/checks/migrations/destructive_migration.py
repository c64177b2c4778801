"""RC503 destructive-migration: a migration that destroys data or breaks the running code."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.migrations import DATA_LOSING, Migration, Operation, OpKind
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.migrations._common import can_reverse, has_backup_step, migrations
from readycheck.model import Category, Confidence, Finding, Severity


def _problem(op: Operation, migration: Migration, earlier: list[Operation]) -> str | None:
    """What is destructive about ``op`` (None when nothing is)."""
    new_table = op.table in migration.created_tables
    added = {column for table, column in migration.added_columns() if table == op.table}
    if op.kind == OpKind.DROP_TABLE and not new_table:
        return f"drops table {op.table} and every row in it"
    if op.kind == OpKind.DROP_COLUMN and not new_table and not _redefined_as_generated(op, migration):
        return f"drops column {op.target} and its data"
    if op.kind == OpKind.TRUNCATE:
        return f"empties table {op.table}"
    if op.kind == OpKind.DELETE and not op.filtered:
        return f"deletes every row of {op.table} (DELETE without WHERE)"
    if op.kind == OpKind.UPDATE and not op.filtered and not (op.set_columns and set(op.set_columns) <= added):
        return f"overwrites every row of {op.table} (UPDATE without WHERE)"
    if op.kind == OpKind.ALTER_TYPE and op.narrowing:
        return f"narrows {op.target} ({op.narrowing}): longer or out-of-range values fail or are cut"
    if op.kind == OpKind.ADD_COLUMN and op.not_null and not op.has_default and not new_table:
        return f"adds NOT NULL column {op.target} without a default: it fails on a table that has rows"
    if op.kind == OpKind.SET_NOT_NULL and not op.has_default and not new_table:
        backfilled = any(e.kind == OpKind.UPDATE and e.table == op.table for e in earlier)
        if not backfilled:
            return f"makes {op.target} NOT NULL without a backfill: it fails if any row is NULL"
    if op.kind in {OpKind.RENAME_TABLE, OpKind.RENAME_COLUMN} and not new_table and op.column not in added:
        return f"renames {op.target} to {op.new_name}: the running release still uses the old name"
    return None


def _redefined_as_generated(op: Operation, migration: Migration) -> bool:
    """A column dropped and added again as a generated column: it only held derived data."""
    return any(
        later.kind == OpKind.ADD_COLUMN and later.generated and (later.table, later.column) == (op.table, op.column)
        for later in migration.forward
    )


class DestructiveMigration(Check):
    """
    ## What it does

    Finds migration operations that destroy data or break the release that is still running
    while the migration is applied: `DROP TABLE`, `DROP COLUMN` (Alembic `drop_column`,
    Django `RemoveField`/`DeleteModel`, Knex `dropColumn`, Sequelize `removeColumn`),
    `TRUNCATE`, `DELETE`/`UPDATE` without `WHERE`, a column type narrowed
    (`varchar(200)` to `varchar(50)`, `bigint` to `integer`, `text` to a number),
    `NOT NULL` added without a default or a backfill, and table or column renames. Objects
    created in the same migration are left out.

    Severity follows what would save you: a data-losing change is critical when the
    migration has no working reverse and nothing in the repository backs up the database
    before migrating, high when one of the two is missing, and medium when both exist.
    NOT NULL changes and renames are medium.

    ## Why is this bad?

    A dropped column is gone for good: its reverse re-creates an empty column. Without a
    backup taken just before the migration, the data cannot come back. Renames and
    NOT NULL changes break the app during the deploy, because the old release keeps
    running until the new one is up.

    ## Example

    ```sql
    alter table public.projects drop column description;
    ```

    ## Use instead

    Expand and contract: stop reading and writing the column in one release, back up the
    database, and drop it in a later release, with a backup step before `migrate` in the
    deploy pipeline.

    ## References

    - [Expand and contract (parallel change)](https://martinfowler.com/bliki/ParallelChange.html)
    - [squawk: ban-drop-column](https://squawkhq.com/docs/ban-drop-column)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-664: Improper Control of a Resource Through its Lifetime](https://cwe.mitre.org/data/definitions/664.html)
    """

    id = "RC503"
    name = "destructive-migration"
    category = Category.MIGRATIONS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A migration drops, empties, narrows or renames something that holds data or that running code uses."
    owasp = ("A04:2021", "A08:2021")
    cwe = ("CWE-664",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per statement line with destructive operations (one ``ALTER TABLE`` that
        drops five columns is one finding)."""
        model = migrations(ctx)
        backed_up = has_backup_step(ctx)
        for migration in model.items:
            reversible = can_reverse(migration)
            by_line: dict[int, list[tuple[str, Severity]]] = {}
            for index, op in enumerate(migration.forward):
                problem = _problem(op, migration, migration.forward[:index])
                if problem is None:
                    continue
                if op.kind in DATA_LOSING or op.narrowing:
                    missing = [not reversible, not backed_up].count(True)
                    severity = (Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)[missing]
                else:
                    severity = Severity.MEDIUM
                by_line.setdefault(op.line, []).append((problem, severity))
            for line, problems in by_line.items():
                severity = max((s for _, s in problems), key=lambda s: s.rank)
                safety = []
                if not backed_up:
                    safety.append("no backup step runs before migrations")
                if not reversible:
                    safety.append("the migration cannot be reversed")
                tail = f" ({'; '.join(safety)})" if safety and severity != Severity.MEDIUM else ""
                shown = "; ".join(p for p, _ in problems[:4]) + (
                    f"; and {len(problems) - 4} more" if len(problems) > 4 else ""
                )
                yield ctx.finding(
                    path=migration.path,
                    line=line,
                    message=f"This migration {shown}{tail}.",
                    severity=severity,
                )
