"""The database model of a Supabase/Postgres app, read from the repository's SQL files.

Every ``.sql`` file is split into statements with the PostgreSQL scanner and each statement is
parsed with the PostgreSQL parser itself (``pglast``, a binding of ``libpg_query``), in path
order (migration folders sort by timestamp). A statement that does not parse is recorded as
not checked with its file and line; the rest of the file is still read.

The model keeps what the ownership checks need: tables (and whether row-level security is on),
policies with the text of their ``USING``/``WITH CHECK`` expressions, ``SECURITY DEFINER``
functions, views, ``GRANT``/``REVOKE`` to the Supabase API roles, and storage buckets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pglast
from pglast import ast as pg
from pglast.enums import AlterTableType, ObjectType
from pglast.parser import ParseError, scan
from pglast.stream import RawStream

from readycheck.model import NotChecked
from readycheck.repository import SourceFile

# Roles PostgREST uses for requests signed with the anon key and with a user's JWT.
API_ROLES = frozenset({"anon", "authenticated", "public"})


@dataclass(kw_only=True)
class Policy:
    """A row-level security policy. ``command`` is ``all``/``select``/``insert``/``update``/
    ``delete``; ``roles`` lower-case role names (``public`` when none was given); ``using`` and
    ``check`` the deparsed expressions, None when absent."""

    name: str
    table: str
    command: str
    roles: tuple[str, ...]
    using: str | None
    check: str | None
    permissive: bool
    path: str
    line: int


@dataclass(kw_only=True)
class Table:
    """A table, by qualified name ``schema.name`` (``public`` when unqualified)."""

    name: str
    path: str
    line: int
    columns: tuple[str, ...] = ()
    rls: bool = False
    rls_line: int | None = None
    copied_from_query: bool = False
    policies: list[Policy] = field(default_factory=list)
    revoked_from_api: bool = False

    @property
    def schema(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def short_name(self) -> str:
        return self.name.split(".", 1)[1]


@dataclass(kw_only=True)
class Function:
    """A SQL function; ``security_definer`` as declared, ``api_callable`` false once
    ``EXECUTE`` was revoked from ``public``/``anon``/``authenticated``."""

    name: str
    path: str
    line: int
    security_definer: bool
    api_callable: bool = True


@dataclass(kw_only=True)
class View:
    """A view; ``security_invoker`` as declared (Postgres 15+ ``WITH (security_invoker)``)."""

    name: str
    path: str
    line: int
    security_invoker: bool
    api_callable: bool = True


@dataclass(kw_only=True)
class Bucket:
    """A Supabase storage bucket created by SQL (``insert into storage.buckets``)."""

    name: str
    public: bool
    path: str
    line: int


@dataclass(kw_only=True)
class Statement:
    """One parsed statement: its node, file, 1-based line and source text."""

    node: pg.Node
    path: str
    line: int
    text: str


@dataclass(kw_only=True)
class Database:
    """The schema as the SQL files leave it. ``statements`` keeps every parsed statement in
    order for other checks (migrations); ``not_checked`` lists what could not be parsed."""

    tables: dict[str, Table] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    buckets: dict[str, Bucket] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    uses_supabase_auth: bool = False

    def table(self, name: str) -> Table | None:
        """The table named ``name`` (``todos`` or ``public.todos``), or None."""
        return self.tables.get(name if "." in name else f"public.{name}")


def split_statements(text: str) -> list[tuple[int, int]]:
    """Split SQL text into statements with the PostgreSQL scanner (dollar quotes, comments and
    string literals are tokens, so a ``;`` inside them does not split).

    Returns:
        (start, end) character offsets of each statement, from its first token to its ``;``
        (exclusive), comments before the first token left out.

    Raises:
        pglast.parser.ParseError: the text cannot be tokenised (an unterminated quote).
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for token in scan(text):
        if token.name in {"SQL_COMMENT", "C_COMMENT"}:
            continue
        if token.name == "ASCII_59":
            if start is not None:
                spans.append((start, token.start))
            start = None
        elif start is None:
            start = token.start
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _qualified(rel: pg.RangeVar | None) -> str:
    if rel is None:
        return ""
    return f"{rel.schemaname or 'public'}.{rel.relname}"


def _deparse(node: pg.Node | None) -> str | None:
    if node is None:
        return None
    try:
        return str(RawStream()(node))
    except Exception:  # noqa: BLE001 - deparsing is for display; an odd node must not stop the model
        return "<expression>"


def _func_name(names: Iterable[pg.String] | None) -> str:
    parts = [str(n.sval) for n in names or ()]
    if len(parts) == 1:
        parts.insert(0, "public")
    return ".".join(parts)


def build_database(files: Iterable[SourceFile]) -> Database:
    """Read every SQL file (in the order given; pass them sorted by path) into one model.

    Statements that fail to parse are recorded in ``Database.not_checked``; nothing raises.
    """
    db = Database()
    for source in files:
        try:
            spans = split_statements(source.text)
        except ParseError:
            db.not_checked.append(
                NotChecked(path=source.path, reason="SQL could not be tokenised (unterminated quote?)")
            )
            continue
        for start, end in spans:
            text = source.text[start:end]
            line = _line_of(source.text, start)
            try:
                parsed = pglast.parse_sql(text)
            except ParseError:
                db.not_checked.append(
                    NotChecked(path=source.path, reason=f"line {line}: SQL statement could not be parsed")
                )
                continue
            for raw in parsed:
                if raw.stmt is None:
                    continue
                statement = Statement(node=raw.stmt, path=source.path, line=line, text=text)
                db.statements.append(statement)
                _apply(db, statement)
        if "auth.uid()" in source.text or "auth.users" in source.text or "auth.jwt()" in source.text:
            db.uses_supabase_auth = True
    return db


def _apply(db: Database, st: Statement) -> None:
    node = st.node
    if isinstance(node, pg.CreateStmt):
        name = _qualified(node.relation)
        if node.if_not_exists and name in db.tables:
            return  # CREATE TABLE IF NOT EXISTS on an existing table changes nothing
        columns = tuple(elt.colname for elt in (node.tableElts or ()) if isinstance(elt, pg.ColumnDef) and elt.colname)
        db.tables[name] = Table(name=name, columns=columns, path=st.path, line=st.line)
    elif isinstance(node, pg.CreateTableAsStmt) and node.objtype == ObjectType.OBJECT_TABLE and node.into is not None:
        name = _qualified(node.into.rel)
        db.tables[name] = Table(name=name, copied_from_query=True, path=st.path, line=st.line)
    elif isinstance(node, pg.AlterTableStmt):
        table = db.tables.get(_qualified(node.relation))
        if table is None:
            return
        for cmd in node.cmds or ():
            if not isinstance(cmd, pg.AlterTableCmd):
                continue
            if cmd.subtype in {AlterTableType.AT_EnableRowSecurity, AlterTableType.AT_ForceRowSecurity}:
                table.rls, table.rls_line = True, st.line
            elif cmd.subtype == AlterTableType.AT_DisableRowSecurity:
                table.rls, table.rls_line = False, st.line
            elif cmd.subtype == AlterTableType.AT_AddColumn and isinstance(cmd.def_, pg.ColumnDef):
                table.columns = (*table.columns, str(cmd.def_.colname))
    elif isinstance(node, pg.CreatePolicyStmt):
        name = _qualified(node.table)
        roles = tuple(str(r.rolename).lower() for r in (node.roles or ()) if r.rolename) or ("public",)
        policy = Policy(
            name=str(node.policy_name),
            table=name,
            command=node.cmd_name or "all",
            roles=roles,
            using=_deparse(node.qual),
            check=_deparse(node.with_check),
            permissive=bool(node.permissive),
            path=st.path,
            line=st.line,
        )
        if name in db.tables:
            db.tables[name].policies.append(policy)
    elif isinstance(node, pg.DropStmt) and node.removeType == ObjectType.OBJECT_POLICY:
        for obj in node.objects or ():
            names = [str(n.sval) for n in obj]
            if len(names) < 2:
                continue
            table = db.tables.get(".".join(names[:-1] if len(names) > 2 else ["public", names[0]]))
            if table is not None:
                table.policies = [p for p in table.policies if p.name != names[-1]]
    elif isinstance(node, pg.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
        for obj in node.objects or ():
            names = [str(n.sval) for n in obj]
            db.tables.pop(".".join(names if len(names) > 1 else ["public", *names]), None)
    elif isinstance(node, pg.CreateFunctionStmt):
        name = _func_name(node.funcname)
        definer = any(
            isinstance(opt, pg.DefElem) and opt.defname == "security" and bool(getattr(opt.arg, "boolval", False))
            for opt in node.options or ()
        )
        db.functions[name] = Function(name=name, security_definer=definer, path=st.path, line=st.line)
    elif isinstance(node, pg.ViewStmt):
        name = _qualified(node.view)
        invoker = any(
            isinstance(opt, pg.DefElem)
            and opt.defname == "security_invoker"
            and str(getattr(opt.arg, "sval", getattr(opt.arg, "boolval", "true"))).lower() in {"true", "on", "1"}
            for opt in node.options or ()
        )
        db.views[name] = View(name=name, security_invoker=invoker, path=st.path, line=st.line)
    elif isinstance(node, pg.GrantStmt) and not node.is_grant:
        revoked_roles = {r.rolename.lower() if r.rolename else "public" for r in node.grantees or ()}
        if not revoked_roles & API_ROLES:
            return
        for obj in node.objects or ():
            if node.objtype == ObjectType.OBJECT_FUNCTION and isinstance(obj, pg.ObjectWithArgs):
                function = db.functions.get(_func_name(obj.objname))
                if function is not None and {"public", "anon"} <= revoked_roles | {"public"}:
                    function.api_callable = False
            elif node.objtype == ObjectType.OBJECT_TABLE and isinstance(obj, pg.RangeVar):
                name = _qualified(obj)
                if name in db.tables:
                    db.tables[name].revoked_from_api = True
                if name in db.views:
                    db.views[name].api_callable = False
    elif isinstance(node, pg.InsertStmt) and _qualified(node.relation) == "storage.buckets":
        _read_buckets(db, node, st)


def _read_buckets(db: Database, node: pg.InsertStmt, st: Statement) -> None:
    columns = [c.name for c in node.cols or ()]
    select = node.selectStmt
    if not isinstance(select, pg.SelectStmt) or not select.valuesLists:
        return
    for row in select.valuesLists:
        values = dict(zip(columns, row, strict=False))
        name_node = values.get("id") or values.get("name")
        name = getattr(getattr(name_node, "val", None), "sval", None)
        public_node = values.get("public")
        public = bool(getattr(getattr(public_node, "val", None), "boolval", False))
        if public_node is not None and isinstance(public_node, pg.TypeCast):
            public = str(getattr(getattr(public_node.arg, "val", None), "sval", "")).lower() in {"t", "true"}
        if name:
            db.buckets[name] = Bucket(name=name, public=public, path=st.path, line=st.line)
