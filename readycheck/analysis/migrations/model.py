"""The framework-neutral shape of a schema migration: what its forward step does, what its
reverse step does, and whether a reverse exists at all.

Every framework reader (:mod:`.alembic`, :mod:`.django`, :mod:`.sqlfiles`, :mod:`.knex`) turns
its files into :class:`Migration` objects made of :class:`Operation` s, so the migration rules
never look at a framework's syntax.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from readycheck.model import NotChecked


class OpKind(enum.StrEnum):
    """What one schema or data operation does."""

    CREATE_TABLE = "create-table"
    DROP_TABLE = "drop-table"
    RENAME_TABLE = "rename-table"
    ADD_COLUMN = "add-column"
    DROP_COLUMN = "drop-column"
    RENAME_COLUMN = "rename-column"
    ALTER_TYPE = "alter-type"
    SET_NOT_NULL = "set-not-null"
    CREATE_INDEX = "create-index"
    DROP_INDEX = "drop-index"
    ADD_CONSTRAINT = "add-constraint"
    DROP_CONSTRAINT = "drop-constraint"
    TRUNCATE = "truncate"
    DELETE = "delete"
    UPDATE = "update"
    INSERT = "insert"
    RUN_CODE = "run-code"  # RunPython, a data-migration function, SQL that could not be read
    OTHER = "other"


# Operations that destroy stored data when they run (a reverse restores the schema, not the rows).
DATA_LOSING = frozenset({OpKind.DROP_TABLE, OpKind.DROP_COLUMN, OpKind.TRUNCATE, OpKind.DELETE, OpKind.UPDATE})


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One operation of a migration step.

    Attributes:
        kind: what it does.
        table: the table, lower-case and without schema (``invoices``); None when unknown.
        column: the column for column operations; the index or constraint name for those.
        line: 1-based line in ``Migration.path`` (or ``Migration.reverse_path``).
        new_name: the new name of a rename.
        concurrently: an index built or dropped without blocking writes.
        not_null: a column added or altered to ``NOT NULL``.
        has_default: the added column has a default (so existing rows get a value).
        narrowing: an ``ALTER ... TYPE`` that can truncate or reject existing values, as
            ``"varchar(200) -> varchar(50)"``; empty when not narrowing or unknown.
        filtered: a ``DELETE``/``UPDATE`` with a ``WHERE`` clause.
        not_valid: a constraint added ``NOT VALID`` (validated later without a long lock).
        set_columns: the columns an ``UPDATE`` assigns (lower-case; empty when unknown).
        generated: the added column is ``GENERATED ALWAYS AS (...) STORED`` (derived data).
    """

    kind: OpKind
    table: str | None
    line: int
    column: str | None = None
    new_name: str | None = None
    concurrently: bool = False
    not_null: bool = False
    has_default: bool = False
    narrowing: str = ""
    filtered: bool = False
    not_valid: bool = False
    set_columns: tuple[str, ...] = ()
    generated: bool = False

    @property
    def target(self) -> str:
        """``table.column`` or ``table`` for messages."""
        if self.table and self.column:
            return f"{self.table}.{self.column}"
        return self.table or self.column or "?"


class ReverseState(enum.StrEnum):
    """Whether a migration can be rolled back."""

    PRESENT = "present"  # a reverse step with operations (or a framework-generated one)
    EMPTY = "empty"  # a downgrade that does nothing: pass, ..., a docstring
    IRREVERSIBLE = "irreversible"  # the reverse raises (NotImplementedError, IrreversibleError)
    MISSING = "missing"  # no downgrade, no down file, RunPython without reverse_code
    DOCUMENTED = "documented"  # forward-only, with a rollback written down (comment or runbook)


@dataclass(frozen=True, kw_only=True)
class Gap:
    """One forward operation the framework cannot reverse (Django ``RunPython`` without
    ``reverse_code``): its 1-based line and what it is."""

    line: int
    what: str


@dataclass(kw_only=True)
class Migration:
    """One migration.

    Attributes:
        path: repo-relative path of the forward step.
        framework: ``alembic``, ``django``, ``prisma``, ``supabase``, ``drizzle``, ``sql``,
            ``knex`` or ``sequelize``.
        line: 1-based line of the forward step (the ``def upgrade``, the ``operations`` list,
            the first statement).
        forward / reverse: operations in source order; ``reverse`` is empty unless the reverse
            is written in the repository (Django's automatic reverse is not listed).
        reverse_state: see :class:`ReverseState`.
        reverse_path / reverse_line: where the reverse is (a ``.down.sql`` file, the
            ``def downgrade`` line), when there is one.
        reverse_opaque: the reverse contains steps that could not be read (raw SQL through a
            variable, a called helper), so what it undoes is unknown.
        gaps: forward operations the framework cannot reverse even though the migration has a
            reverse (Django).
    """

    path: str
    framework: str
    line: int
    forward: list[Operation] = field(default_factory=list)
    reverse: list[Operation] = field(default_factory=list)
    reverse_state: ReverseState = ReverseState.MISSING
    reverse_path: str | None = None
    reverse_line: int | None = None
    reverse_opaque: bool = False
    gaps: list[Gap] = field(default_factory=list)

    @property
    def destructive(self) -> bool:
        """True when a forward operation destroys stored data (:data:`DATA_LOSING`; a filtered
        ``DELETE``/``UPDATE`` counts too)."""
        return any(op.kind in DATA_LOSING for op in self.forward)

    def added_columns(self) -> frozenset[tuple[str | None, str | None]]:
        """``(table, column)`` of columns this migration's forward step adds."""
        return frozenset((op.table, op.column) for op in self.forward if op.kind == OpKind.ADD_COLUMN)

    def renamed_later(self, index: int) -> bool:
        """True when the column added or created by forward operation ``index`` is renamed
        later in the same step (the swap of expand/contract: add ``new_id``, copy, drop ``id``,
        rename ``new_id`` to ``id``)."""
        op = self.forward[index]
        return any(
            later.kind == OpKind.RENAME_COLUMN and later.table == op.table and later.column == op.column
            for later in self.forward[index + 1 :]
        )

    @property
    def created_tables(self) -> frozenset[str]:
        """Tables this migration's forward step creates."""
        return frozenset(op.table for op in self.forward if op.kind == OpKind.CREATE_TABLE and op.table)


@dataclass(kw_only=True)
class Migrations:
    """Every migration of the repository, sorted by path, and the files that could not be read."""

    items: list[Migration] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)

    @property
    def frameworks(self) -> frozenset[str]:
        """The migration frameworks in use."""
        return frozenset(m.framework for m in self.items)
