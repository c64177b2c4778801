"""RC502 incomplete-reverse: a reverse step that does not undo what the migration did."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.migrations._common import migrations, unrestored
from readycheck.model import Category, Confidence, Finding, Severity


class IncompleteReverse(Check):
    """
    ## What it does

    Compares each migration's forward step with its written reverse (Alembic `downgrade()`,
    Knex/Sequelize `down`, a `.down.sql` file or a `-- migrate:down` section) and lists what
    the reverse leaves out: a dropped column or table never re-added, a created table or
    added column never dropped, a rename never renamed back, an index never dropped.

    Reverses that call helper functions or run SQL that cannot be parsed are not judged.
    Django migrations are left out: Django derives their reverse itself.

    ## Why is this bad?

    A rollback that only half-undoes a migration leaves the database in a state neither the
    old nor the new code expects: the old code selects a column that is no longer there, or
    the next upgrade fails because a table already exists.

    ## Example

    ```python
    def upgrade():
        op.drop_column("invoices", "legacy_notes")
        op.add_column("invoices", sa.Column("status", sa.String()))


    def downgrade():
        op.drop_column("invoices", "status")
    ```

    ## Use instead

    ```python
    def downgrade():
        op.drop_column("invoices", "status")
        op.add_column("invoices", sa.Column("legacy_notes", sa.Text()))
    ```

    The re-added column is empty: restore its data from the backup taken before the upgrade.

    ## References

    - [Alembic tutorial: running downgrades](https://alembic.sqlalchemy.org/en/latest/tutorial.html#downgrading)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-1068: Inconsistency Between Implementation and Documented Design](https://cwe.mitre.org/data/definitions/1068.html)
    """

    id = "RC502"
    name = "incomplete-reverse"
    category = Category.MIGRATIONS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A migration's reverse step does not undo everything the migration did."
    owasp = ("A04:2021",)
    cwe = ("CWE-1068",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per migration whose reverse misses something, at the reverse."""
        for migration in migrations(ctx).items:
            missing = unrestored(migration)
            if not missing:
                continue
            restores_data = any(item.startswith(("re-add", "re-create")) for item in missing)
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            path = migration.reverse_path or migration.path
            line = migration.reverse_line or migration.line
            if path != migration.path and migration.reverse:
                line = migration.reverse[0].line
            yield ctx.finding(
                path=path,
                line=line,
                message=f"The reverse of this migration does not {shown}.",
                severity=Severity.HIGH if restores_data else Severity.MEDIUM,
                key=f"{migration.path} incomplete reverse",
            )
