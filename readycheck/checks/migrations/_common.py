"""What the migration checks share: the model with its not-checked notes, and whether the
repository backs up the database before migrations run."""

from __future__ import annotations

from readycheck.analysis.commands import Role
from readycheck.analysis.migrations import Migration, Migrations, OpKind, ReverseState
from readycheck.checks.base import CheckContext, NotApplicable


def migrations(ctx: CheckContext) -> Migrations:
    """The migration model; its unreadable files become this run's not-checked notes.

    Raises:
        NotApplicable: the repository has no migrations (and none failed to parse).
    """
    model = ctx.models.migrations
    ctx.note_unchecked(model.not_checked)
    if not model.items and not model.not_checked:
        raise NotApplicable("no schema migrations (Alembic, Django, Prisma, Supabase, SQL, Knex, Sequelize)")
    return model


def has_backup_step(ctx: CheckContext) -> bool:
    """True when a CI step, release command or script the repository runs backs up the
    database (``pg_dump``, ``supabase db dump``, a provider snapshot), or the policy declares
    a backup taken outside the repository (``backups:``)."""
    if ctx.policy.backups:
        return True
    delivery = ctx.models.delivery
    if any(Role.BACKUP in step.roles for _, _, _, step in delivery.steps()):
        return True
    return any(Role.BACKUP in command.order for command in delivery.commands)


def unrestored(migration: Migration) -> list[str]:
    """What the written reverse of ``migration`` does not undo, as short phrases
    (``"re-add column invoices.legacy_notes"``); empty when it undoes everything it can be
    checked for, or when the reverse cannot be read."""
    if migration.reverse_state != ReverseState.PRESENT or migration.reverse_opaque or migration.framework == "django":
        return []
    back = migration.reverse
    dropped_tables = {op.table for op in back if op.kind == OpKind.DROP_TABLE}
    created_tables = {op.table for op in back if op.kind == OpKind.CREATE_TABLE}
    added = {(op.table, op.column) for op in back if op.kind == OpKind.ADD_COLUMN}
    dropped = {(op.table, op.column) for op in back if op.kind == OpKind.DROP_COLUMN}
    dropped_indexes = {op.column for op in back if op.kind == OpKind.DROP_INDEX}
    renamed = {
        (op.table, op.column, op.new_name) for op in back if op.kind in {OpKind.RENAME_TABLE, OpKind.RENAME_COLUMN}
    }
    renamed_to = {(op.table, op.new_name) for op in back if op.kind == OpKind.RENAME_COLUMN}
    missing: list[str] = []
    created_here = migration.created_tables
    added_here = migration.added_columns()
    for index, op in enumerate(migration.forward):
        if migration.renamed_later(index) or (op.kind == OpKind.RENAME_COLUMN and (op.table, op.column) in added_here):
            continue  # a swap (add new_id, drop id, rename new_id to id): judged by the drop
        if (
            op.kind == OpKind.DROP_COLUMN
            and (op.table, op.column) not in added
            and (op.table, op.column) not in renamed_to
            and op.table not in created_tables
        ):
            missing.append(f"re-add column {op.target}")
        elif op.kind == OpKind.DROP_TABLE and op.table not in created_tables and op.table not in created_here:
            missing.append(f"re-create table {op.table}")
        elif op.kind == OpKind.CREATE_TABLE and op.table not in dropped_tables:
            missing.append(f"drop table {op.table}")
        elif (
            op.kind == OpKind.ADD_COLUMN
            and op.table not in created_here
            and (op.table, op.column) not in dropped
            and op.table not in dropped_tables
        ):
            missing.append(f"drop column {op.target}")
        elif op.kind == OpKind.RENAME_TABLE and (op.new_name, None, op.table) not in renamed:
            missing.append(f"rename table {op.new_name} back to {op.table}")
        elif op.kind == OpKind.RENAME_COLUMN and (op.table, op.new_name, op.column) not in renamed:
            missing.append(f"rename column {op.table}.{op.new_name} back to {op.column}")
        elif (
            op.kind == OpKind.CREATE_INDEX
            and op.column
            and op.column not in dropped_indexes
            and op.table not in dropped_tables
        ):
            missing.append(f"drop index {op.column}")
    return missing


def can_reverse(migration: Migration) -> bool:
    """True when the migration has a reverse that restores the schema it removes."""
    if migration.gaps:
        return False
    if migration.reverse_state not in {ReverseState.PRESENT, ReverseState.DOCUMENTED}:
        return False
    return not any(item.startswith(("re-add", "re-create")) for item in unrestored(migration))
