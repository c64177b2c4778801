"""SQL migrations: statements read with the PostgreSQL parser (``pglast``) into
:class:`~readycheck.analysis.migrations.model.Operation` s, and the SQL migration folders of
Supabase CLI, Prisma, Drizzle, sqlx/golang-migrate (``.up.sql``/``.down.sql`` pairs),
dbmate (``-- migrate:up``/``-- migrate:down``) and goose (``-- +goose Up``/``Down``).

Folder conventions: Supabase https://supabase.com/docs/reference/cli/supabase-migration-new,
Prisma https://www.prisma.io/docs/orm/prisma-migrate/workflows/generating-down-migrations,
golang-migrate https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md,
dbmate https://github.com/amacneil/dbmate#creating-migrations,
goose https://pressly.github.io/goose/documentation/annotations/.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pglast
from pglast import ast as pg
from pglast.enums import AlterTableType, ConstrType, ObjectType
from pglast.parser import ParseError, scan

from readycheck.analysis.migrations.model import Migration, Operation, OpKind, ReverseState
from readycheck.analysis.migrations.types import ColumnType, narrowing
from readycheck.analysis.sql import split_statements
from readycheck.model import NotChecked
from readycheck.repository import SourceFile

MIGRATION_FOLDERS = frozenset({"migrations", "migration", "migrate", "db_migrations"})


@dataclass(kw_only=True)
class SqlRead:
    """What :func:`sql_operations` read: operations, the column types it saw declared
    (``(table, column) -> type``; see :mod:`.types`), the 1-based lines of statements that
    did not parse, and whether a statement could not be classified at all."""

    operations: list[Operation] = field(default_factory=list)
    types: dict[tuple[str, str], ColumnType] = field(default_factory=dict)
    bad_lines: list[int] = field(default_factory=list)


def _table(rel: pg.RangeVar | None) -> str | None:
    return str(rel.relname).lower() if rel is not None and rel.relname else None


def column_type(type_name: pg.TypeName | None) -> ColumnType | None:
    """The :class:`ColumnType` of a parsed ``TypeName`` (``varchar(50)`` → ``varchar``, (50,))."""
    if type_name is None or not type_name.names:
        return None
    name = str(type_name.names[-1].sval).lower()
    mods: list[int] = []
    for mod in type_name.typmods or ():
        value = getattr(getattr(mod, "val", None), "ival", None)
        if isinstance(value, int):
            mods.append(value)
    return ColumnType(name, tuple(mods))


def _constraint_kinds(column: pg.ColumnDef) -> set[ConstrType | None]:
    return {c.contype for c in column.constraints or () if isinstance(c, pg.Constraint)}


def _statement_ops(node: pg.Node, line: int, read: SqlRead) -> None:
    ops = read.operations
    if isinstance(node, pg.CreateStmt):
        table = _table(node.relation)
        ops.append(Operation(kind=OpKind.CREATE_TABLE, table=table, line=line))
        for element in node.tableElts or ():
            if isinstance(element, pg.ColumnDef) and table and element.colname:
                declared = column_type(element.typeName)
                if declared is not None:
                    read.types[(table, str(element.colname).lower())] = declared
    elif isinstance(node, pg.CreateTableAsStmt) and node.into is not None:
        ops.append(Operation(kind=OpKind.CREATE_TABLE, table=_table(node.into.rel), line=line))
    elif isinstance(node, pg.DropStmt):
        kind = OpKind.OTHER
        if node.removeType == ObjectType.OBJECT_TABLE:
            kind = OpKind.DROP_TABLE
        elif node.removeType == ObjectType.OBJECT_INDEX:
            kind = OpKind.DROP_INDEX
        for obj in node.objects or ():
            names = [str(n.sval).lower() for n in obj if isinstance(n, pg.String)]
            name = names[-1] if names else None
            if kind == OpKind.DROP_INDEX:
                ops.append(Operation(kind=kind, table=None, column=name, line=line, concurrently=bool(node.concurrent)))
            else:
                ops.append(Operation(kind=kind, table=name, line=line))
    elif isinstance(node, pg.AlterTableStmt):
        _alter_table(node, line, read)
    elif isinstance(node, pg.RenameStmt):
        table = _table(node.relation)
        if node.renameType == ObjectType.OBJECT_TABLE:
            ops.append(Operation(kind=OpKind.RENAME_TABLE, table=table, new_name=str(node.newname).lower(), line=line))
        elif node.renameType == ObjectType.OBJECT_COLUMN:
            ops.append(
                Operation(
                    kind=OpKind.RENAME_COLUMN,
                    table=table,
                    column=str(node.subname).lower(),
                    new_name=str(node.newname).lower(),
                    line=line,
                )
            )
        else:
            ops.append(Operation(kind=OpKind.OTHER, table=table, line=line))
    elif isinstance(node, pg.IndexStmt):
        ops.append(
            Operation(
                kind=OpKind.CREATE_INDEX,
                table=_table(node.relation),
                column=str(node.idxname).lower() if node.idxname else None,
                concurrently=bool(node.concurrent),
                line=line,
            )
        )
    elif isinstance(node, pg.TruncateStmt):
        for rel in node.relations or ():
            ops.append(Operation(kind=OpKind.TRUNCATE, table=_table(rel), line=line))
    elif isinstance(node, pg.DeleteStmt):
        ops.append(
            Operation(kind=OpKind.DELETE, table=_table(node.relation), filtered=node.whereClause is not None, line=line)
        )
    elif isinstance(node, pg.UpdateStmt):
        targets = tuple(str(t.name).lower() for t in node.targetList or () if isinstance(t, pg.ResTarget) and t.name)
        ops.append(
            Operation(
                kind=OpKind.UPDATE,
                table=_table(node.relation),
                filtered=node.whereClause is not None,
                set_columns=targets,
                line=line,
            )
        )
    elif isinstance(node, pg.InsertStmt):
        ops.append(Operation(kind=OpKind.INSERT, table=_table(node.relation), line=line))
    else:
        ops.append(Operation(kind=OpKind.OTHER, table=None, line=line))


def _alter_table(node: pg.AlterTableStmt, line: int, read: SqlRead) -> None:
    table = _table(node.relation)
    if node.objtype == ObjectType.OBJECT_INDEX:
        read.operations.append(Operation(kind=OpKind.OTHER, table=table, line=line))
        return
    for cmd in node.cmds or ():
        if not isinstance(cmd, pg.AlterTableCmd):
            continue
        column = str(cmd.name).lower() if cmd.name else None
        subtype = cmd.subtype
        if subtype == AlterTableType.AT_AddColumn and isinstance(cmd.def_, pg.ColumnDef):
            kinds = _constraint_kinds(cmd.def_)
            name = str(cmd.def_.colname).lower()
            declared = column_type(cmd.def_.typeName)
            if table and declared is not None:
                read.types[(table, name)] = declared
            read.operations.append(
                Operation(
                    kind=OpKind.ADD_COLUMN,
                    table=table,
                    column=name,
                    not_null=ConstrType.CONSTR_NOTNULL in kinds or bool(cmd.def_.is_not_null),
                    has_default=bool(kinds & {ConstrType.CONSTR_DEFAULT, ConstrType.CONSTR_IDENTITY})
                    or ConstrType.CONSTR_GENERATED in kinds,
                    generated=ConstrType.CONSTR_GENERATED in kinds,
                    line=line,
                )
            )
        elif subtype == AlterTableType.AT_DropColumn:
            read.operations.append(Operation(kind=OpKind.DROP_COLUMN, table=table, column=column, line=line))
        elif subtype == AlterTableType.AT_AlterColumnType and isinstance(cmd.def_, pg.ColumnDef):
            new = column_type(cmd.def_.typeName)
            old = read.types.get((table or "", column or ""))
            if table and column and new is not None:
                read.types[(table, column)] = new
            read.operations.append(
                Operation(kind=OpKind.ALTER_TYPE, table=table, column=column, narrowing=narrowing(old, new), line=line)
            )
        elif subtype == AlterTableType.AT_SetNotNull:
            read.operations.append(
                Operation(kind=OpKind.SET_NOT_NULL, table=table, column=column, not_null=True, line=line)
            )
        elif subtype == AlterTableType.AT_AddConstraint and isinstance(cmd.def_, pg.Constraint):
            read.operations.append(
                Operation(
                    kind=OpKind.ADD_CONSTRAINT,
                    table=table,
                    column=str(cmd.def_.conname).lower() if cmd.def_.conname else None,
                    not_valid=bool(cmd.def_.skip_validation),
                    line=line,
                )
            )
        elif subtype == AlterTableType.AT_DropConstraint:
            read.operations.append(Operation(kind=OpKind.DROP_CONSTRAINT, table=table, column=column, line=line))
        else:
            read.operations.append(Operation(kind=OpKind.OTHER, table=table, line=line))


def sql_operations(
    text: str, *, first_line: int = 1, types: dict[tuple[str, str], ColumnType] | None = None
) -> SqlRead:
    """Read SQL text into operations.

    Args:
        text: one or more SQL statements.
        first_line: the 1-based line of ``text`` in its file (for SQL embedded in Python).
        types: column types declared by earlier migrations, to detect narrowing; updated in
            place with what this text declares.

    Returns:
        The operations in order; statements that do not parse are listed in ``bad_lines``
        and become a :attr:`OpKind.RUN_CODE` operation (their effect is unknown). Never raises.
    """
    read = SqlRead(types=types if types is not None else {})
    try:
        spans = split_statements(text)
    except ParseError:
        read.bad_lines.append(first_line)
        read.operations.append(Operation(kind=OpKind.RUN_CODE, table=None, line=first_line))
        return read
    for start, end in spans:
        line = first_line + text.count("\n", 0, start)
        try:
            parsed = pglast.parse_sql(text[start:end])
        except ParseError:
            read.bad_lines.append(line)
            read.operations.append(Operation(kind=OpKind.RUN_CODE, table=None, line=line))
            continue
        for raw in parsed:
            if raw.stmt is not None:
                _statement_ops(raw.stmt, line, read)
    return read


def _sections(text: str) -> tuple[str, str | None, int]:
    """Split a dbmate/goose file at its markers: (up text, down text or None, line where the
    down section starts). Markers are SQL comments found with the PostgreSQL scanner."""
    try:
        tokens = list(scan(text))
    except ParseError:
        return text, None, 0
    up_start, down_start = 0, None
    for token in tokens:
        if token.name != "SQL_COMMENT":
            continue
        comment = text[token.start : token.end + 1].lstrip("-").strip().lower().replace(" ", "")
        if comment in {"migrate:up", "+gooseup"}:
            up_start = token.end + 1
        elif comment in {"migrate:down", "+goosedown"}:
            down_start = token.start
    if down_start is None:
        return text, None, 0
    return _only(text, up_start, down_start), _only(text, down_start, len(text)), text.count("\n", 0, down_start) + 1


def _only(text: str, start: int, end: int) -> str:
    """``text`` with everything outside ``[start, end)`` blanked, newlines kept (so statement
    lines stay those of the file)."""

    def blank(part: str) -> str:
        return "".join(c if c == "\n" else " " for c in part)

    return blank(text[:start]) + text[start:end] + blank(text[end:])


def _framework(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    lowered = [p.lower() for p in parts]
    if "supabase" in lowered and "migrations" in lowered:
        return "supabase"
    if "prisma" in lowered and "migrations" in lowered:
        return "prisma" if parts[-1] == "migration.sql" else None
    if "drizzle" in lowered:
        return "drizzle"
    if MIGRATION_FOLDERS & set(lowered[:-1]):
        return "sql"
    return None


def is_down_file(path: str) -> bool:
    """A reverse file: ``*.down.sql`` (golang-migrate, sqlx) or Prisma's ``down.sql``."""
    name = PurePosixPath(path).name.lower()
    return name.endswith(".down.sql") or name == "down.sql"


def _down_file_for(path: str, by_path: dict[str, SourceFile]) -> SourceFile | None:
    pure = PurePosixPath(path)
    if pure.name.lower().endswith(".up.sql"):
        return by_path.get(str(pure.with_name(pure.name[: -len(".up.sql")] + ".down.sql")))
    if pure.name == "migration.sql":
        return by_path.get(str(pure.with_name("down.sql")))
    return None


def documented_in_comments(text: str) -> bool:
    """True when a SQL comment of the file writes down its rollback (a comment that starts with
    ``rollback``, ``roll back``, ``down:`` or ``revert``)."""
    try:
        tokens = list(scan(text))
    except ParseError:
        return False
    for token in tokens:
        if token.name in {"SQL_COMMENT", "C_COMMENT"}:
            words = text[token.start : token.end + 1].strip("-/* \n\t").lower()
            if words.startswith(("rollback", "roll back", "down:", "down migration", "revert")):
                return True
    return False


def read_sql_migrations(
    files: Iterable[SourceFile],
    *,
    types: dict[tuple[str, str], ColumnType],
    rollback_documented: bool,
) -> tuple[list[Migration], list[NotChecked]]:
    """Every SQL migration among ``files`` (all ``.sql`` files of the repository, sorted).

    Args:
        types: column types seen so far (updated in place).
        rollback_documented: the repository documents how to roll back (a runbook section), so a
            forward-only migration counts as :attr:`ReverseState.DOCUMENTED`.

    Returns:
        Migrations in path order and notes for statements that did not parse.
    """
    sources = list(files)
    by_path = {s.path: s for s in sources}
    migrations: list[Migration] = []
    notes: list[NotChecked] = []
    for source in sources:
        framework = _framework(source.path)
        if framework is None or is_down_file(source.path):
            continue
        up_text, down_text, down_line = _sections(source.text)
        forward = sql_operations(up_text, types=types)
        first = forward.operations[0].line if forward.operations else 1
        migration = Migration(path=source.path, framework=framework, line=first, forward=forward.operations)
        for bad in forward.bad_lines:
            notes.append(NotChecked(path=source.path, reason=f"line {bad}: SQL statement could not be parsed"))
        down_file = _down_file_for(source.path, by_path)
        reverse_source: tuple[str, str, int] | None = None
        if down_text is not None:
            reverse_source = (source.path, down_text, down_line)
        elif down_file is not None:
            reverse_source = (down_file.path, down_file.text, 1)
        if reverse_source is not None:
            path, text, line = reverse_source
            reverse = sql_operations(text, types={})
            migration.reverse = reverse.operations
            migration.reverse_path, migration.reverse_line = path, line
            migration.reverse_opaque = bool(reverse.bad_lines)
            migration.reverse_state = ReverseState.PRESENT if reverse.operations else ReverseState.EMPTY
            for bad in reverse.bad_lines:
                notes.append(NotChecked(path=path, reason=f"line {bad}: SQL statement could not be parsed"))
        elif documented_in_comments(source.text) or rollback_documented:
            migration.reverse_state = ReverseState.DOCUMENTED
        migrations.append(migration)
    return migrations, notes


def is_sql_migration(path: str) -> bool:
    """True for a forward SQL migration file (Supabase, Prisma, Drizzle, ``migrations/*.sql``)."""
    return path.lower().endswith(".sql") and _framework(path) is not None and not is_down_file(path)
