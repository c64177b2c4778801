"""RC504 locking-migration: a schema change that locks a busy table (Alembic, Django, Knex,
Sequelize; SQL files are checked by the squawk adapter)."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.migrations import Migration, Operation, OpKind
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.migrations._common import migrations
from readycheck.model import Category, Confidence, Finding, Severity

SQL_FRAMEWORKS = frozenset({"supabase", "prisma", "drizzle", "sql"})


def _lock(op: Operation, migration: Migration) -> str | None:
    if op.table in migration.created_tables or op.table is None:
        return None
    if op.kind == OpKind.CREATE_INDEX and not op.concurrently:
        how = {
            "alembic": "pass postgresql_concurrently=True (outside a transaction)",
            "django": "use AddIndexConcurrently in a migration with atomic = False",
        }.get(migration.framework, "create it CONCURRENTLY outside a transaction")
        return f"builds an index on {op.table} while blocking every write to it; {how}"
    if op.kind == OpKind.ADD_CONSTRAINT and not op.not_valid and migration.framework != "django":
        return (
            f"adds a constraint to {op.table} and validates every row under a lock; "
            "add it NOT VALID, then VALIDATE CONSTRAINT in a later step"
        )
    if op.kind == OpKind.ALTER_TYPE:
        return f"changes the type of {op.target}: the table is rewritten while reads and writes wait"
    if op.kind == OpKind.SET_NOT_NULL:
        return (
            f"sets {op.target} NOT NULL, which scans the whole table under an exclusive lock; "
            "add a CHECK (... IS NOT NULL) NOT VALID constraint and validate it first"
        )
    return None


class LockingMigration(Check):
    """
    ## What it does

    Finds schema changes in Alembic, Django, Knex and Sequelize migrations (and SQL they run
    through `op.execute`/`RunSQL`/`knex.raw`) that take long PostgreSQL locks on a table
    that already exists: an index built without `CONCURRENTLY`, a constraint validated in
    the same step it is added, a column type change (a table rewrite), `SET NOT NULL` (a full
    scan). Tables created in the same migration are left out.

    SQL migration files (Supabase, Prisma, Drizzle, `migrations/*.sql`) are checked by the
    `squawk` adapter, which knows many more of these patterns.

    ## Why is this bad?

    While the lock is held, every request that writes to the table (and for rewrites, every
    read) waits. On a table with a few million rows that is minutes of errors and timeouts
    in the middle of a deploy.

    ## Example

    ```python
    def upgrade():
        op.create_index("ix_invoices_owner_id", "invoices", ["owner_id"])
    ```

    ## Use instead

    ```python
    def upgrade():
        with op.get_context().autocommit_block():
            op.create_index("ix_invoices_owner_id", "invoices", ["owner_id"], postgresql_concurrently=True)
    ```

    ## References

    - [PostgreSQL: building indexes concurrently](https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY)
    - [Django: AddIndexConcurrently](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#concurrent-index-operations)
    - [squawk: require-concurrent-index-creation](https://squawkhq.com/docs/require-concurrent-index-creation)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    """

    id = "RC504"
    name = "locking-migration"
    category = Category.MIGRATIONS
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "A migration takes a long lock on an existing table (index without CONCURRENTLY, table rewrite)."
    owasp = ("A04:2021",)
    cwe = ("CWE-400",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per locking operation, at its line."""
        items = [m for m in migrations(ctx).items if m.framework not in SQL_FRAMEWORKS]
        if not items:
            raise NotApplicable("only SQL migration files, which the squawk adapter checks")
        for migration in items:
            for op in migration.forward:
                problem = _lock(op, migration)
                if problem is not None:
                    yield ctx.finding(path=migration.path, line=op.line, message=f"This migration {problem}.")
