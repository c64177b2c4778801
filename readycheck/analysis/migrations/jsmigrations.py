"""Knex and Sequelize migrations (JavaScript/TypeScript) read with ``ast-grep-py``: the ``up``
and ``down`` functions (``exports.up = ...``, ``export async function up``,
``module.exports = { up, down }``) and the schema calls inside them.

Knex schema builder: https://knexjs.org/guide/schema-builder.html; Sequelize query interface:
https://sequelize.org/docs/v6/other-topics/query-interface/. SQL passed to ``knex.raw`` or
``queryInterface.sequelize.query`` is read with the SQL reader.
"""

from __future__ import annotations

from ast_grep_py import SgNode

from readycheck.analysis.endpoints.javascript import FUNCTION_KINDS
from readycheck.analysis.js import (
    JsModule,
    arguments,
    callee_name,
    chain,
    line_of,
    object_entries,
    parameters,
    string_value,
)
from readycheck.analysis.migrations.model import Migration, Operation, OpKind, ReverseState
from readycheck.analysis.migrations.sqlfiles import MIGRATION_FOLDERS, sql_operations
from readycheck.analysis.migrations.types import ColumnType

_TABLE_CALLS = {
    "createTable": OpKind.CREATE_TABLE,
    "createTableIfNotExists": OpKind.CREATE_TABLE,
    "createTableLike": OpKind.CREATE_TABLE,
    "dropTable": OpKind.DROP_TABLE,
    "dropTableIfExists": OpKind.DROP_TABLE,
    "renameTable": OpKind.RENAME_TABLE,
}
# Sequelize queryInterface methods whose first argument is the table.
_SEQUELIZE = {
    "addColumn": OpKind.ADD_COLUMN,
    "removeColumn": OpKind.DROP_COLUMN,
    "renameColumn": OpKind.RENAME_COLUMN,
    "changeColumn": OpKind.ALTER_TYPE,
    "addIndex": OpKind.CREATE_INDEX,
    "removeIndex": OpKind.DROP_INDEX,
    "addConstraint": OpKind.ADD_CONSTRAINT,
    "removeConstraint": OpKind.DROP_CONSTRAINT,
    "bulkDelete": OpKind.DELETE,
    "bulkUpdate": OpKind.UPDATE,
    "bulkInsert": OpKind.INSERT,
}
# Knex table-builder methods (inside alterTable/table callbacks).
_KNEX_BUILDER = {
    "dropColumn": OpKind.DROP_COLUMN,
    "dropColumns": OpKind.DROP_COLUMN,
    "renameColumn": OpKind.RENAME_COLUMN,
    "index": OpKind.CREATE_INDEX,
    "unique": OpKind.ADD_CONSTRAINT,
    "foreign": OpKind.ADD_CONSTRAINT,
    "dropIndex": OpKind.DROP_INDEX,
    "dropForeign": OpKind.DROP_CONSTRAINT,
    "dropUnique": OpKind.DROP_CONSTRAINT,
}
_KNEX_COLUMN_TYPES = frozenset(
    {
        "string",
        "text",
        "integer",
        "bigInteger",
        "bigint",
        "boolean",
        "date",
        "datetime",
        "timestamp",
        "decimal",
        "float",
        "double",
        "json",
        "jsonb",
        "uuid",
        "enu",
        "enum",
        "specificType",
        "binary",
        "tinyint",
        "smallint",
        "mediumint",
        "time",
    }
)


def is_js_migration_path(path: str) -> bool:
    """A JS/TS file inside a migrations folder (``migrations/``, ``db/migrate/``)."""
    return bool(MIGRATION_FOLDERS & {p.lower() for p in path.split("/")[:-1]})


def _functions(module: JsModule) -> dict[str, SgNode]:
    """``up``/``down`` function nodes of a migration module."""
    found: dict[str, SgNode] = {}
    root = module.root
    for assignment in root.find_all(kind="assignment_expression"):
        left, right = assignment.field("left"), assignment.field("right")
        if left is None or right is None:
            continue
        name = left.text().replace(" ", "")
        if name in {"exports.up", "module.exports.up", "exports.down", "module.exports.down"}:
            if right.kind() in FUNCTION_KINDS:
                found[name.rsplit(".", 1)[1]] = right
        elif name == "module.exports" and right.kind() == "object":
            _object_functions(right, found)
    for statement in root.find_all(kind="export_statement"):
        for child in statement.named_children():
            if child.kind() == "function_declaration":
                ident = child.field("name")
                if ident is not None and ident.text() in {"up", "down"}:
                    found[ident.text()] = child
            elif child.kind() == "lexical_declaration":
                for declarator in child.find_all(kind="variable_declarator"):
                    ident, value = declarator.field("name"), declarator.field("value")
                    if ident is not None and value is not None and ident.text() in {"up", "down"}:
                        if value.kind() in FUNCTION_KINDS:
                            found[ident.text()] = value
            elif child.kind() == "object":
                _object_functions(child, found)
    return found


def _object_functions(obj: SgNode, found: dict[str, SgNode]) -> None:
    for member in obj.named_children():
        if member.kind() == "method_definition":
            ident = member.field("name")
            if ident is not None and ident.text() in {"up", "down"}:
                found[ident.text()] = member
        elif member.kind() == "pair":
            key, value = member.field("key"), member.field("value")
            if (
                key is not None
                and value is not None
                and key.text() in {"up", "down"}
                and value.kind() in FUNCTION_KINDS
            ):
                found[key.text()] = value


def _body_statements(function: SgNode) -> list[SgNode]:
    body = function.field("body")
    if body is None:
        return []
    if body.kind() != "statement_block":
        return [body]  # arrow function with an expression body
    return [s for s in body.named_children() if s.kind() != "comment"]


class _Reader:
    def __init__(self) -> None:
        self.opaque = False
        self.types: dict[tuple[str, str], ColumnType] = {}

    def read(self, function: SgNode) -> list[Operation]:
        ops: list[Operation] = []
        for call in function.find_all(kind="call_expression"):
            self._call(call, ops)
        ops.sort(key=lambda o: o.line)
        return ops

    def _call(self, call: SgNode, ops: list[Operation]) -> None:
        name = callee_name(call)
        args = arguments(call)
        first = string_value(args[0]) if args else None
        table = first.lower() if first else None
        line = line_of(call)
        if name in _TABLE_CALLS and _is_schema_call(call):
            second = string_value(args[1]) if len(args) > 1 else None
            new = second.lower() if second else None
            ops.append(Operation(kind=_TABLE_CALLS[name], table=table, new_name=new, line=line))
        elif name in {"alterTable", "table"} and _is_schema_call(call):
            return  # the builder calls inside the callback are read on their own
        elif name in {"raw", "query"}:
            text = first
            if text is None:
                if name == "raw":
                    self.opaque = True
                    ops.append(Operation(kind=OpKind.RUN_CODE, table=None, line=line))
                return
            read = sql_operations(text, first_line=line, types=self.types)
            self.opaque = self.opaque or bool(read.bad_lines)
            ops.extend(read.operations)
        elif name in _SEQUELIZE and len(args) >= 1 and _receiver(call) not in {"table", "t"}:
            self._sequelize(name, args, table, line, ops)
        elif name in _KNEX_BUILDER and _builder_table(call) is not None:
            names = [string_value(a) for a in args] if name == "dropColumns" else [first]
            for column in names or [None]:
                ops.append(
                    Operation(
                        kind=_KNEX_BUILDER[name],
                        table=_builder_table(call),
                        column=column.lower() if column else None,
                        line=line,
                    )
                )
        elif name in _KNEX_COLUMN_TYPES and _builder_table(call) is not None and first:
            self._knex_column(call, first.lower(), line, ops)

    def _sequelize(self, name: str, args: list[SgNode], table: str | None, line: int, ops: list[Operation]) -> None:
        kind = _SEQUELIZE[name]
        column_arg = string_value(args[1]) if len(args) > 1 else None
        column = column_arg.lower() if column_arg else None
        options = args[2] if len(args) > 2 else None
        settings = object_entries(options)
        if kind == OpKind.ADD_COLUMN:
            ops.append(
                Operation(
                    kind=kind,
                    table=table,
                    column=column,
                    not_null=_is_literal(settings.get("allowNull"), "false"),
                    has_default="defaultValue" in settings,
                    line=line,
                )
            )
        elif kind == OpKind.CREATE_INDEX:
            ops.append(
                Operation(
                    kind=kind, table=table, concurrently=_is_literal(settings.get("concurrently"), "true"), line=line
                )
            )
        elif kind == OpKind.RENAME_COLUMN:
            new = string_value(args[2]) if len(args) > 2 else None
            ops.append(
                Operation(kind=kind, table=table, column=column, new_name=new.lower() if new else None, line=line)
            )
        elif kind in {OpKind.DELETE, OpKind.UPDATE}:
            where = args[2 if kind == OpKind.UPDATE else 1] if len(args) > (2 if kind == OpKind.UPDATE else 1) else None
            filtered = where is not None and where.text().replace(" ", "") not in {"{}", "null", "undefined"}
            ops.append(Operation(kind=kind, table=table, filtered=filtered, line=line))
        else:
            ops.append(Operation(kind=kind, table=table, column=column, line=line))

    def _knex_column(self, call: SgNode, column: str, line: int, ops: list[Operation]) -> None:
        _, links = chain(_outermost_chain(call))
        names = {link.name for link in links}
        table = _builder_table(call)
        if "alter" in names:
            kind = OpKind.SET_NOT_NULL if "notNullable" in names else OpKind.ALTER_TYPE
            ops.append(Operation(kind=kind, table=table, column=column, not_null="notNullable" in names, line=line))
        elif _inside_create(call):
            return
        else:
            ops.append(
                Operation(
                    kind=OpKind.ADD_COLUMN,
                    table=table,
                    column=column,
                    not_null="notNullable" in names,
                    has_default="defaultTo" in names,
                    line=line,
                )
            )


def _is_literal(node: SgNode | None, literal: str) -> bool:
    return node is not None and node.kind() in {"true", "false"} and node.text() == literal


def _receiver(call: SgNode) -> str:
    function = call.field("function")
    obj = function.field("object") if function is not None and function.kind() == "member_expression" else None
    return obj.text() if obj is not None and obj.kind() == "identifier" else ""


def _is_schema_call(call: SgNode) -> bool:
    """``knex.schema.createTable``, ``queryInterface.createTable``, ``this.schema...``."""
    function = call.field("function")
    return function is not None and function.kind() == "member_expression"


def _enclosing_schema_call(call: SgNode) -> SgNode | None:
    """The ``createTable``/``alterTable``/``table`` call whose callback holds ``call``."""
    node = call.parent()
    while node is not None:
        if node.kind() in FUNCTION_KINDS:
            outer = node.parent()
            outer = outer.parent() if outer is not None and outer.kind() == "arguments" else None
            if outer is not None and outer.kind() == "call_expression":
                return outer
            return None
        node = node.parent()
    return None


def _builder_table(call: SgNode) -> str | None:
    outer = _enclosing_schema_call(call)
    if outer is None or callee_name(outer) not in {"alterTable", "table", "createTable", "createTableIfNotExists"}:
        return None
    args = arguments(outer)
    name = string_value(args[0]) if args else None
    return name.lower() if name else None


def _inside_create(call: SgNode) -> bool:
    outer = _enclosing_schema_call(call)
    return outer is not None and callee_name(outer) in {"createTable", "createTableIfNotExists"}


def _outermost_chain(call: SgNode) -> SgNode:
    node = call
    while True:
        parent = node.parent()
        if parent is None or parent.kind() != "member_expression":
            return node
        grand = parent.parent()
        if grand is None or grand.kind() != "call_expression":
            return node
        node = grand


def _reverse_state(function: SgNode) -> ReverseState:
    statements = _body_statements(function)
    if not statements:
        return ReverseState.EMPTY
    if statements[0].kind() == "throw_statement":
        return ReverseState.IRREVERSIBLE
    if len(statements) == 1 and statements[0].kind() == "return_statement" and not statements[0].named_children():
        return ReverseState.EMPTY
    if len(statements) == 1 and statements[0].text().strip().rstrip(";") in {
        "return Promise.resolve()",
        "Promise.resolve()",
    }:
        return ReverseState.EMPTY
    return ReverseState.PRESENT


def read_js_migration(module: JsModule) -> Migration | None:
    """The migration of a Knex/Sequelize module, or None when it has no ``up`` function."""
    functions = _functions(module)
    up = functions.get("up")
    if up is None:
        return None
    params = [p.text().split(":")[0].strip() for p in parameters(up)]
    framework = "sequelize" if {"queryInterface", "Sequelize", "qi"} & set(params) else "knex"
    reader = _Reader()
    migration = Migration(path=module.source.path, framework=framework, line=line_of(up), forward=reader.read(up))
    down = functions.get("down")
    if down is not None:
        back = _Reader()
        migration.reverse = back.read(down)
        migration.reverse_opaque = back.opaque
        migration.reverse_state = _reverse_state(down)
        migration.reverse_path, migration.reverse_line = module.source.path, line_of(down)
    return migration
