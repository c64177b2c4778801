"""RC501 migration-without-reverse: a migration that cannot be rolled back."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.migrations import Migration, ReverseState
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.migrations._common import migrations
from readycheck.model import Category, Confidence, Finding, Severity

_WHAT = {
    ReverseState.MISSING: "has no reverse step",
    ReverseState.EMPTY: "has a reverse step that does nothing",
    ReverseState.IRREVERSIBLE: "has a reverse step that refuses to run",
}


class MigrationWithoutReverse(Check):
    """
    ## What it does

    Finds migrations that cannot be rolled back:

    - Alembic revisions without `downgrade()`, or whose `downgrade()` is empty (`pass`) or
      starts by raising (`NotImplementedError`);
    - Django `RunPython` without `reverse_code` and `RunSQL` without `reverse_sql` (they
      make the whole migration irreversible; `migrations.RunPython.noop` is a valid reverse);
    - Knex and Sequelize migrations without `down`, or with an empty one;
    - SQL migrations (Supabase, Prisma, Drizzle, plain `migrations/*.sql`) with no down file
      (`*.down.sql`, Prisma's `down.sql`), no `-- migrate:down`/`-- +goose Down` section and
      no written rollback: a comment in the file that starts with "rollback", or a rollback
      section in the README or `docs/`.

    A missing reverse is medium severity; it is high when the migration destroys data. When
    none of a forward-only framework's migrations (Supabase, Prisma, Drizzle, plain SQL) has
    a reverse, that is one finding, at the latest migration.

    ## Why is this bad?

    When a release goes wrong, rolling back the code is not enough if the database moved on:
    the old code crashes against the new schema. Without a reverse, the way back is to
    reconstruct by hand, under pressure, what the migration changed.

    ## Example

    ```python
    def upgrade():
        op.add_column("invoices", sa.Column("status", sa.String(), server_default="draft"))


    def downgrade():
        pass
    ```

    ## Use instead

    ```python
    def downgrade():
        op.drop_column("invoices", "status")
    ```

    For Supabase or Prisma migrations, which are forward-only, keep a down file next to each
    migration or document the rollback (a `## Rollback` section explaining how to restore).

    ## References

    - [Alembic: operation reference](https://alembic.sqlalchemy.org/en/latest/ops.html)
    - [Django: RunPython reverse_code](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython)
    - [Prisma: generating down migrations](https://www.prisma.io/docs/orm/prisma-migrate/workflows/generating-down-migrations)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-1059: Insufficient Technical Documentation](https://cwe.mitre.org/data/definitions/1059.html)
    """

    id = "RC501"
    name = "migration-without-reverse"
    category = Category.MIGRATIONS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A migration cannot be rolled back: no reverse, an empty one, or an irreversible step."
    owasp = ("A04:2021",)
    cwe = ("CWE-1059",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per migration without a reverse (at its downgrade, or its first
        statement), one per Django operation without a reverse, and one in all for a
        forward-only SQL framework none of whose migrations has a reverse."""
        items = migrations(ctx).items
        forward_only = _forward_only(items)
        for migration in items:
            severity = Severity.HIGH if migration.destructive else Severity.MEDIUM
            for gap in migration.gaps:
                yield ctx.finding(
                    path=migration.path,
                    line=gap.line,
                    message=(
                        f"{gap.what}: this migration cannot be rolled back "
                        "(`migrate` to an earlier migration raises IrreversibleError)."
                    ),
                    severity=severity,
                )
            what = _WHAT.get(migration.reverse_state)
            if what is None or migration.framework in forward_only:
                continue
            sql = migration.framework in SQL_FRAMEWORKS
            advice = (
                " Add a down file or write down how to roll it back."
                if sql
                else " Write the reverse, so a bad release can be rolled back."
            )
            yield ctx.finding(
                path=migration.path,
                line=migration.reverse_line or migration.line,
                message=f"This {migration.framework} migration {what}.{advice}",
                severity=severity,
                key=f"{migration.path} reverse",
            )
        for framework, group in forward_only.items():
            latest = group[-1]
            yield ctx.finding(
                path=latest.path,
                line=latest.line,
                message=(
                    f"None of the {len(group)} {framework} migrations has a down file, and the repository does not "
                    "say how to roll one back: add down files, or a rollback section to the README."
                ),
                severity=Severity.HIGH if any(m.destructive for m in group) else Severity.MEDIUM,
                key=f"{framework} forward-only",
            )


SQL_FRAMEWORKS = frozenset({"supabase", "prisma", "drizzle", "sql"})


def _forward_only(items: list[Migration]) -> dict[str, list[Migration]]:
    """SQL frameworks none of whose migrations has a reverse of any kind, with their
    migrations in path order (one finding for all of them, at the latest)."""
    groups: dict[str, list[Migration]] = {}
    for migration in items:
        if migration.framework in SQL_FRAMEWORKS:
            groups.setdefault(migration.framework, []).append(migration)
    return {
        framework: group
        for framework, group in groups.items()
        if all(m.reverse_state == ReverseState.MISSING for m in group)
    }
