"""Python migrations read with the stdlib ``ast``: Alembic revision files (``upgrade`` /
``downgrade`` and their ``op.*`` calls, https://alembic.sqlalchemy.org/en/latest/ops.html)
and Django migration modules (``Migration.operations``,
https://docs.djangoproject.com/en/stable/ref/migration-operations/). SQL passed to
``op.execute``, ``RunSQL`` is read with the SQL reader.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from readycheck.analysis.migrations.model import Gap, Migration, Operation, OpKind, ReverseState
from readycheck.analysis.migrations.sqlfiles import sql_operations
from readycheck.analysis.migrations.types import SQLALCHEMY_TYPES, ColumnType, narrowing
from readycheck.analysis.python import PyModule, dotted, keyword, last_name, string_value

PyFunction = ast.FunctionDef | ast.AsyncFunctionDef
Types = dict[tuple[str, str], ColumnType]


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _arg(call: ast.Call, index: int, name: str) -> ast.expr | None:
    """Positional argument ``index`` or keyword ``name``."""
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return keyword(call, name)


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def sqlalchemy_type(node: ast.expr | None) -> ColumnType | None:
    """``sa.String(200)`` → ``varchar(200)``; ``sa.Text()``/``sa.Text`` → ``text``; else None."""
    name = last_name(node)
    pg_name = SQLALCHEMY_TYPES.get(name or "")
    if pg_name is None:
        return None
    mods = tuple(a.value for a in (node.args if isinstance(node, ast.Call) else []) if isinstance(a, ast.Constant))
    return ColumnType(pg_name, tuple(m for m in mods if isinstance(m, int) and not isinstance(m, bool)))


def _column(call: ast.expr | None) -> tuple[str | None, ColumnType | None, bool, bool]:
    """(name, type, not_null, has_default) of an ``sa.Column(...)`` expression."""
    if not isinstance(call, ast.Call):
        return None, None, False, False
    name = string_value(call.args[0]) if call.args else None
    type_node = call.args[1] if len(call.args) > 1 else keyword(call, "type_")
    primary = _is_true(keyword(call, "primary_key"))
    not_null = _is_false(keyword(call, "nullable")) or primary
    has_default = keyword(call, "server_default") is not None or primary
    return _lower(name), sqlalchemy_type(type_node), not_null, has_default


# ---------------------------------------------------------------------- Alembic


def is_alembic(module: PyModule) -> bool:
    """A module is an Alembic revision when it defines ``upgrade`` and imports ``alembic``."""
    return isinstance(module.top_level("upgrade"), PyFunction) and any(
        target.split(".")[0] == "alembic" for target in module.imports.values()
    )


_NAME_FIRST = frozenset(
    {
        "create_index",
        "drop_index",
        "create_foreign_key",
        "create_unique_constraint",
        "create_check_constraint",
        "create_primary_key",
        "drop_constraint",
    }
)


def _revision_ids(module: PyModule, name: str) -> tuple[str, ...]:
    """The revision ids a module-level ``revision``/``down_revision`` assignment holds (a
    merge revision's ``down_revision`` is a tuple)."""
    value = module.top_level(name)  # the assigned value
    items = value.elts if isinstance(value, ast.Tuple | ast.List) else [value]
    return tuple(v for v in (string_value(item) for item in items) if v)


def alembic_order(modules: list[PyModule]) -> list[PyModule]:
    """Alembic revision modules in the order ``alembic upgrade`` applies them: parents before
    children along ``down_revision`` (file names are random hex ids, so path order means
    nothing); ties and revisions whose parent is not in the tree keep path order."""
    by_id = {ids[0]: m for m in modules if (ids := _revision_ids(m, "revision"))}
    parents = {m.source.path: [p for p in _revision_ids(m, "down_revision") if p in by_id] for m in modules}
    ordered: list[PyModule] = []
    done: set[str] = set()
    remaining = sorted(modules, key=lambda m: m.source.path)
    while remaining:
        ready = [m for m in remaining if all(by_id[p].source.path in done for p in parents[m.source.path])]
        if not ready:  # a cycle: keep the rest in path order
            ready = remaining
        for module in ready:
            ordered.append(module)
            done.add(module.source.path)
        remaining = [m for m in remaining if m.source.path not in done]
    return ordered


class _AlembicReader:
    def __init__(self, types: Types) -> None:
        self.types = types
        self.opaque = False

    def read(self, function: PyFunction) -> list[Operation]:
        ops: list[Operation] = []
        self._block(function.body, ops, {})
        return ops

    def _block(self, body: Iterable[ast.stmt], ops: list[Operation], batches: dict[str, str | None]) -> None:
        for statement in body:
            if isinstance(statement, ast.With):
                inner = dict(batches)
                for item in statement.items:
                    call = item.context_expr
                    if (
                        isinstance(call, ast.Call)
                        and last_name(call.func) == "batch_alter_table"
                        and isinstance(item.optional_vars, ast.Name)
                    ):
                        inner[item.optional_vars.id] = _lower(string_value(_arg(call, 0, "table_name")))
                self._block(statement.body, ops, inner)
                continue
            if isinstance(statement, ast.If | ast.For | ast.Try):
                self._block(statement.body, ops, batches)
                self._block(getattr(statement, "orelse", []), ops, batches)
                continue
            if (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Call)
                and isinstance(statement.value.func, ast.Name)
            ):
                self.opaque = True  # a helper function does (part of) the work
            for node in ast.walk(statement):
                if isinstance(node, ast.Call):
                    self._call(node, ops, batches)

    def _call(self, call: ast.Call, ops: list[Operation], batches: dict[str, str | None]) -> None:
        func = call.func
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
            return
        owner, method, line = func.value.id, func.attr, call.lineno
        if owner in batches:
            # batch_op.x(...) is op.x(table, ...); methods that take a name first take the table second
            table: ast.expr = ast.Constant(value=batches[owner])
            position = 1 if method in _NAME_FIRST else 0
            args = [*call.args[:position], table, *call.args[position:]]
            call = ast.Call(func=func, args=args, keywords=call.keywords, lineno=line, col_offset=0)
        elif owner != "op":
            return
        self._op(method, call, line, ops)

    def _op(self, method: str, call: ast.Call, line: int, ops: list[Operation]) -> None:
        table = _lower(string_value(_arg(call, 0, "table_name")))
        if method == "create_table":
            ops.append(Operation(kind=OpKind.CREATE_TABLE, table=table, line=line))
            for argument in call.args[1:]:
                added, declared, _, _ = _column(argument)
                if table and added and declared:
                    self.types[(table, added)] = declared
        elif method == "drop_table":
            ops.append(Operation(kind=OpKind.DROP_TABLE, table=table, line=line))
        elif method == "rename_table":
            new = _lower(string_value(_arg(call, 1, "new_table_name")))
            ops.append(Operation(kind=OpKind.RENAME_TABLE, table=table, new_name=new, line=line))
        elif method == "add_column":
            name, declared, not_null, has_default = _column(_arg(call, 1, "column"))
            if table and name and declared:
                self.types[(table, name)] = declared
            ops.append(
                Operation(
                    kind=OpKind.ADD_COLUMN,
                    table=table,
                    column=name,
                    not_null=not_null,
                    has_default=has_default,
                    line=line,
                )
            )
        elif method == "drop_column":
            column = _lower(string_value(_arg(call, 1, "column_name")))
            ops.append(Operation(kind=OpKind.DROP_COLUMN, table=table, column=column, line=line))
        elif method == "alter_column":
            self._alter(call, table, line, ops)
        elif method == "create_index":
            index = _lower(string_value(_arg(call, 0, "index_name")))
            on = _lower(string_value(_arg(call, 1, "table_name")))
            concurrently = _is_true(keyword(call, "postgresql_concurrently"))
            ops.append(
                Operation(kind=OpKind.CREATE_INDEX, table=on, column=index, concurrently=concurrently, line=line)
            )
        elif method == "drop_index":
            index = _lower(string_value(_arg(call, 0, "index_name")))
            on = _lower(string_value(_arg(call, 1, "table_name")))
            ops.append(Operation(kind=OpKind.DROP_INDEX, table=on, column=index, line=line))
        elif method in {
            "create_foreign_key",
            "create_unique_constraint",
            "create_check_constraint",
            "create_primary_key",
        }:
            name = _lower(string_value(_arg(call, 0, "constraint_name")))
            on = _lower(string_value(_arg(call, 1, "source_table" if "foreign" in method else "table_name")))
            ops.append(Operation(kind=OpKind.ADD_CONSTRAINT, table=on, column=name, line=line))
        elif method == "drop_constraint":
            name = _lower(string_value(_arg(call, 0, "constraint_name")))
            on = _lower(string_value(_arg(call, 1, "table_name")))
            ops.append(Operation(kind=OpKind.DROP_CONSTRAINT, table=on, column=name, line=line))
        elif method == "execute":
            self._execute(call, line, ops)
        elif method == "bulk_insert":
            ops.append(Operation(kind=OpKind.INSERT, table=_lower(last_name(_arg(call, 0, "table"))), line=line))
        elif method not in {"get_bind", "f", "inline_literal", "get_context"}:
            ops.append(Operation(kind=OpKind.OTHER, table=table, line=line))

    def _alter(self, call: ast.Call, table: str | None, line: int, ops: list[Operation]) -> None:
        column = _lower(string_value(_arg(call, 1, "column_name")))
        new_type = sqlalchemy_type(keyword(call, "type_"))
        if keyword(call, "type_") is not None:
            old = sqlalchemy_type(keyword(call, "existing_type")) or self.types.get((table or "", column or ""))
            if table and column and new_type:
                self.types[(table, column)] = new_type
            ops.append(
                Operation(
                    kind=OpKind.ALTER_TYPE, table=table, column=column, narrowing=narrowing(old, new_type), line=line
                )
            )
        if _is_false(keyword(call, "nullable")) and not _is_false(keyword(call, "existing_nullable")):
            has_default = keyword(call, "server_default") is not None
            ops.append(
                Operation(
                    kind=OpKind.SET_NOT_NULL,
                    table=table,
                    column=column,
                    not_null=True,
                    has_default=has_default,
                    line=line,
                )
            )
        new_name = _lower(string_value(keyword(call, "new_column_name")))
        if new_name:
            ops.append(Operation(kind=OpKind.RENAME_COLUMN, table=table, column=column, new_name=new_name, line=line))

    def _execute(self, call: ast.Call, line: int, ops: list[Operation]) -> None:
        argument = _arg(call, 0, "sqltext")
        if isinstance(argument, ast.Call) and last_name(argument.func) == "text" and argument.args:
            argument = argument.args[0]
        text = string_value(argument)
        if text is None:
            self.opaque = True
            ops.append(Operation(kind=OpKind.RUN_CODE, table=None, line=line))
            return
        read = sql_operations(text, first_line=getattr(argument, "lineno", line), types=self.types)
        if read.bad_lines:
            self.opaque = True
        ops.extend(read.operations)


def _reverse_state(function: PyFunction) -> ReverseState:
    body = [
        s
        for s in function.body
        if not (isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)))
    ]
    if not body:
        return ReverseState.EMPTY
    if isinstance(body[0], ast.Raise):
        return ReverseState.IRREVERSIBLE
    return ReverseState.PRESENT


def read_alembic(module: PyModule, types: Types) -> Migration:
    """The migration of an Alembic revision module (:func:`is_alembic` must hold)."""
    upgrade = module.top_level("upgrade")
    assert isinstance(upgrade, PyFunction)
    reader = _AlembicReader(types)
    migration = Migration(
        path=module.source.path, framework="alembic", line=upgrade.lineno, forward=reader.read(upgrade)
    )
    downgrade = module.top_level("downgrade")
    if isinstance(downgrade, PyFunction):
        migration.reverse_line = downgrade.lineno
        migration.reverse_path = module.source.path
        migration.reverse_state = _reverse_state(downgrade)
        back = _AlembicReader({})
        migration.reverse = back.read(downgrade)
        migration.reverse_opaque = back.opaque
    return migration


# ---------------------------------------------------------------------- Django


def _migration_class(module: PyModule) -> ast.ClassDef | None:
    for node in module.tree.body:
        if isinstance(node, ast.ClassDef) and any((dotted(b) or "").endswith("Migration") for b in node.bases):
            return node
    return None


def is_django(module: PyModule) -> bool:
    """A Django migration: a module in a ``migrations`` package with a ``Migration`` class."""
    return "/migrations/" in f"/{module.source.path}" and _migration_class(module) is not None


def _field_flags(field: ast.expr | None) -> tuple[bool, bool]:
    """(not_null, has_default) of a Django model field expression."""
    if not isinstance(field, ast.Call):
        return False, False
    nullable = _is_true(keyword(field, "null"))
    has_default = keyword(field, "default") is not None or keyword(field, "db_default") is not None
    return not nullable, has_default


def _is_noop(node: ast.expr | None) -> bool:
    return node is not None and not (isinstance(node, ast.Constant) and node.value is None)


def _django_op(call: ast.Call, ops: list[Operation], gaps: list[Gap], types: Types) -> None:
    name = last_name(call.func)
    line = call.lineno
    model = _lower(string_value(_arg(call, 0, "model_name")))
    field = _lower(string_value(_arg(call, 1, "name")))
    if name == "CreateModel":
        ops.append(Operation(kind=OpKind.CREATE_TABLE, table=_lower(string_value(_arg(call, 0, "name"))), line=line))
    elif name == "DeleteModel":
        ops.append(Operation(kind=OpKind.DROP_TABLE, table=_lower(string_value(_arg(call, 0, "name"))), line=line))
    elif name == "RenameModel":
        old = _lower(string_value(_arg(call, 0, "old_name")))
        ops.append(
            Operation(
                kind=OpKind.RENAME_TABLE, table=old, new_name=_lower(string_value(_arg(call, 1, "new_name"))), line=line
            )
        )
    elif name == "AddField":
        field_node = _arg(call, 2, "field")
        if last_name(field_node) == "ManyToManyField":
            ops.append(Operation(kind=OpKind.CREATE_TABLE, table=f"{model}_{field}", line=line))
            return
        not_null, has_default = _field_flags(field_node)
        ops.append(
            Operation(
                kind=OpKind.ADD_COLUMN, table=model, column=field, not_null=not_null, has_default=has_default, line=line
            )
        )
    elif name == "RemoveField":
        ops.append(Operation(kind=OpKind.DROP_COLUMN, table=model, column=field, line=line))
    elif name == "RenameField":
        old = _lower(string_value(_arg(call, 1, "old_name")))
        new = _lower(string_value(_arg(call, 2, "new_name")))
        ops.append(Operation(kind=OpKind.RENAME_COLUMN, table=model, column=old, new_name=new, line=line))
    elif name in {"AddIndex", "AddIndexConcurrently"}:
        ops.append(
            Operation(kind=OpKind.CREATE_INDEX, table=model, concurrently=name.endswith("Concurrently"), line=line)
        )
    elif name in {"RemoveIndex", "RemoveIndexConcurrently"}:
        ops.append(Operation(kind=OpKind.DROP_INDEX, table=model, column=field, line=line))
    elif name == "AddConstraint":
        ops.append(Operation(kind=OpKind.ADD_CONSTRAINT, table=model, line=line))
    elif name == "RemoveConstraint":
        ops.append(Operation(kind=OpKind.DROP_CONSTRAINT, table=model, column=field, line=line))
    elif name == "RunPython":
        ops.append(Operation(kind=OpKind.RUN_CODE, table=None, line=line))
        if not _is_noop(_arg(call, 1, "reverse_code")):
            gaps.append(Gap(line=line, what="RunPython without reverse_code"))
    elif name == "RunSQL":
        sql = _arg(call, 0, "sql")
        parts = sql.elts if isinstance(sql, ast.List | ast.Tuple) else [sql]
        for part in parts:
            text = string_value(part)
            if text is None:
                ops.append(Operation(kind=OpKind.RUN_CODE, table=None, line=line))
            else:
                ops.extend(sql_operations(text, first_line=getattr(part, "lineno", line), types=types).operations)
        if not _is_noop(_arg(call, 1, "reverse_sql")):
            gaps.append(Gap(line=line, what="RunSQL without reverse_sql"))
    elif name == "SeparateDatabaseAndState":
        inner = keyword(call, "database_operations")
        for element in inner.elts if isinstance(inner, ast.List | ast.Tuple) else []:
            if isinstance(element, ast.Call):
                _django_op(element, ops, gaps, types)
    else:
        ops.append(Operation(kind=OpKind.OTHER, table=model, line=line))


def read_django(module: PyModule, types: Types) -> Migration:
    """The migration of a Django migration module (:func:`is_django` must hold). Django builds
    the reverse of schema operations itself, so ``reverse_state`` is PRESENT and ``gaps``
    lists the operations that make the migration irreversible."""
    cls = _migration_class(module)
    assert cls is not None
    migration = Migration(
        path=module.source.path, framework="django", line=cls.lineno, reverse_state=ReverseState.PRESENT
    )
    for statement in cls.body:
        if (
            isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "operations" for t in statement.targets)
            and isinstance(statement.value, ast.List | ast.Tuple)
        ):
            migration.line = statement.lineno
            for element in statement.value.elts:
                if isinstance(element, ast.Call):
                    _django_op(element, migration.forward, migration.gaps, types)
    return migration
