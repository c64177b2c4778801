"""What makes an endpoint an administrator's function, and role decisions taken on what the
caller sends: the facts behind function-level authorization (OWASP API5:2023, "Broken
Function Level Authorization": administrative endpoints reachable by ordinary users, and
roles read from the request).

Three kinds of fact, each with the line that shows it:

- an **admin route**: a route segment that names an administrative area (``/admin/...``,
  ``/internal/...``, ``/superuser/...``, ``/backoffice/...``, ``/staff/...``);
- a **wholesale operation** in the handler body: one call that drops, truncates or empties a
  whole table or database (SQLAlchemy ``metadata.drop_all``, ``session.query(User).delete()``
  with no filter, Django ``User.objects.all().delete()``, PyMongo/Mongoose ``delete_many({})``
  / ``deleteMany({})``, Sequelize ``sync({ force: true })`` or ``destroy({ truncate: true })``,
  ``dropDatabase()``, Redis ``flushall``), or an SQL string that parses (with ``pglast``, the
  PostgreSQL parser) to ``DROP``, ``TRUNCATE`` or a ``DELETE``/``UPDATE`` without ``WHERE``;
- a **role read from the request**: a condition that tests a role or admin flag taken from
  the body, query string or headers (``if body.role == "admin"``, ``req.headers["x-admin"]``,
  ``if (req.body.isAdmin)``), so the caller decides whether it is an administrator
  (CWE-807, reliance on untrusted inputs in a security decision). A condition that also reads
  the signed-in caller (``body.role == "admin" and not current_user.is_superuser``) is a
  check of what the caller asks for, not a decision on its word, and is left out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import pglast
from ast_grep_py import SgNode
from pglast import ast as pg
from pglast.parser import ParseError

from readycheck.analysis.authz import ADMIN_ATTRIBUTES, CALLER_EXPRESSIONS, checks_role
from readycheck.analysis.js import JsModule, arguments, callee_name, line_of, string_value
from readycheck.analysis.jsauthz import refuses_by_role
from readycheck.analysis.jssymbols import FUNCTION_KINDS, JsSymbols, JsValue, object_property, unwrap
from readycheck.analysis.names import is_admin_name
from readycheck.analysis.pycalls import CallGraph
from readycheck.analysis.python import PyModule, dotted, last_name
from readycheck.analysis.python import string_value as py_string
from readycheck.model import Endpoint, Hop

# Route segments of an administrative area.
ADMIN_SEGMENTS = frozenset(
    {"admin", "admins", "administrator", "superuser", "superadmin", "internal", "backoffice", "back-office", "staff"}
    | {"sudo", "_admin", "admin-api", "adminapi", "dashboard-admin"}
)
# Fields of a request that carry a role or an admin flag.
ROLE_FIELDS = ADMIN_ATTRIBUTES | {"role", "roles", "isadmin", "is_admin", "user_type", "usertype", "account_type"}
# Request objects and their parts a Python handler reads caller input from.
PY_REQUEST_PARTS = frozenset(
    {"json", "get_json", "form", "args", "values", "headers", "data", "query_params", "GET", "POST", "cookies"}
)
JS_REQUEST_PARTS = frozenset({"body", "query", "params", "headers", "cookies"})
JS_CALLERS = ("req.user", "req.auth", "request.user", "req.session", "res.locals", "ctx.state.user", "request.auth")


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One fact about an endpoint's handler: its ``line`` (1-based) and a short ``note`` for
    the report (``"metadata.drop_all() drops every table"``)."""

    line: int
    note: str


def admin_segment(endpoint: Endpoint) -> str | None:
    """The route segment of ``endpoint`` that names an administrative area (``admin`` of
    ``/api/admin/users``), None when it has none."""
    for segment in endpoint.route.lower().split("/"):
        if segment in ADMIN_SEGMENTS:
            return segment
    return None


def is_role_field(name: str) -> bool:
    """True for a request field that carries a role or admin flag (``role``, ``isAdmin``,
    ``is_superuser``, ``x-user-role``, ``X-Admin``)."""
    lowered = name.lower().removeprefix("x-").replace("-", "_")
    return lowered in ROLE_FIELDS or lowered.endswith("_role") or lowered in {"admin", "user_role"}


# -- SQL ------------------------------------------------------------------------------------


def wholesale_sql(text: str) -> str | None:
    """What an SQL string does to a whole table, or None: ``"DROP TABLE"``, ``"TRUNCATE"``,
    ``"DELETE without WHERE"``, ``"UPDATE without WHERE"``. Text that does not parse as
    PostgreSQL is None (a fragment or a template with placeholders)."""
    stripped = text.strip()
    if not stripped or stripped.split(None, 1)[0].upper() not in {"DROP", "TRUNCATE", "DELETE", "UPDATE"}:
        return None
    try:
        statements = pglast.parse_sql(stripped)
    except ParseError:
        return None
    for raw in statements:
        stmt = raw.stmt
        if isinstance(stmt, pg.DropStmt):
            return "DROP"
        if isinstance(stmt, pg.TruncateStmt):
            return "TRUNCATE"
        if isinstance(stmt, pg.DeleteStmt) and stmt.whereClause is None:
            return "DELETE without WHERE"
        if isinstance(stmt, pg.UpdateStmt) and stmt.whereClause is None:
            return "UPDATE without WHERE"
    return None


# -- Python ---------------------------------------------------------------------------------

_PY_DROPS = frozenset({"drop_all", "drop_tables", "drop_table", "drop_database", "drop_collection", "flushall"})
_PY_DROPS |= {"flushdb", "truncate", "truncate_table", "reset_db", "drop_db"}


def python_wholesale(fn: ast.AST) -> list[Fact]:
    """The wholesale operations of a Python handler body (see the module docstring)."""
    facts: list[Fact] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = last_name(node.func) or ""
            passed = next((a for a in node.args if (last_name(a) or "") in _PY_DROPS), None)
            if name in _PY_DROPS:
                facts.append(Fact(line=node.lineno, note=f"{dotted(node.func) or name}() drops or empties data"))
            elif passed is not None:  # ``conn.run_sync(Base.metadata.drop_all)``
                facts.append(Fact(line=node.lineno, note=f"{dotted(passed)} drops or empties data"))
            elif name in {"delete", "update"} and _unfiltered_query(node):
                facts.append(Fact(line=node.lineno, note=f"{_short(node)} changes every row"))
            elif name in {"delete_many", "deleteMany"} and node.args and _empty_filter(node.args[0]):
                facts.append(Fact(line=node.lineno, note=f"{_short(node)} deletes every document"))
            elif name in {"execute", "executescript", "raw", "text", "exec_driver_sql"} and node.args:
                sql = py_string(node.args[0])
                what = wholesale_sql(sql) if sql else None
                if what:
                    facts.append(Fact(line=node.lineno, note=f"runs SQL {what}"))
    return facts


def _unfiltered_query(call: ast.Call) -> bool:
    """A delete or update of a whole table: SQLAlchemy ``session.query(Model).delete()`` and
    ``Model.query.delete()``, Django ``Model.objects.all().delete()`` and
    ``Model.objects.update(...)``; not a related manager of one object
    (``instance.tags.all().delete()``) and not a filtered query."""
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = call.func.value
    if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute):
        inner = receiver.func
        if inner.attr == "query" and receiver.args:  # session.query(Model).delete()
            return True
        if inner.attr == "all" and not receiver.args:  # Model.objects.all().delete()
            return _model_manager(inner.value)
        return False
    if isinstance(receiver, ast.Attribute) and receiver.attr == "query":  # Model.query.delete()
        return isinstance(receiver.value, ast.Name) and receiver.value.id[:1].isupper()
    return _model_manager(receiver)  # Model.objects.update(...)


def _model_manager(node: ast.expr) -> bool:
    """``Model.objects`` with a capitalised model name."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id[:1].isupper()
    )


def _empty_filter(node: ast.expr) -> bool:
    return isinstance(node, ast.Dict) and not node.keys


def python_request_roles(fn: ast.AST, body_params: frozenset[str]) -> list[Fact]:
    """Conditions of a Python handler that decide on a role or admin flag the caller sends
    (``body_params`` are the handler's body, query and header parameters by name)."""
    facts: list[Fact] = []
    for node in ast.walk(fn):
        test = node.test if isinstance(node, ast.If | ast.IfExp | ast.While | ast.Assert) else None
        if test is None:
            continue
        names = [dotted(n) or "" for n in ast.walk(test) if isinstance(n, ast.Attribute | ast.Name)]
        if any(n in CALLER_EXPRESSIONS or n.startswith(tuple(e + "." for e in CALLER_EXPRESSIONS)) for n in names):
            continue
        if _python_server_role(test, body_params):
            continue  # ``not self.user.admin and new_data.admin``: the caller's own role is checked
        read = _python_role_read(test, body_params)
        if read is not None:
            facts.append(Fact(line=test.lineno, note=f"decides on {read}, which the caller sends"))
    return facts


def _python_server_role(test: ast.expr, body_params: frozenset[str]) -> bool:
    """Whether ``test`` also reads a role of something that is not request input (the
    signed-in user loaded on the server)."""
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and is_role_field(node.attr):
            root = dotted(node.value) or ""
            if root and root.split(".")[0] not in body_params and not _python_request_part(root):
                return True
    return False


def _python_role_read(test: ast.expr, body_params: frozenset[str]) -> str | None:
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and is_role_field(node.attr):
            root = dotted(node.value) or ""
            if root.split(".")[0] in body_params or _python_request_part(root):
                return ast.unparse(node)
        if isinstance(node, ast.Subscript):
            key = py_string(node.slice)
            root = dotted(node.value) or ""
            if key and is_role_field(key) and (root.split(".")[0] in body_params or _python_request_part(root)):
                return ast.unparse(node)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
        ):
            key = py_string(node.args[0])
            owner = node.func.value
            root = (dotted(owner.func) if isinstance(owner, ast.Call) else dotted(owner)) or ""
            if key and is_role_field(key) and (root.split(".")[0] in body_params or _python_request_part(root)):
                return ast.unparse(node)
    return None


def _python_request_part(root: str) -> bool:
    parts = root.split(".")
    return len(parts) >= 2 and parts[-2] in {"request", "req"} and parts[-1] in PY_REQUEST_PARTS


def _short(node: ast.AST) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


# -- JavaScript / TypeScript ----------------------------------------------------------------

_JS_DROPS = frozenset({"dropDatabase", "dropCollection", "flushall", "flushAll", "flushdb", "flushDb", "truncate"})


def js_wholesale(fn: SgNode) -> list[Fact]:
    """The wholesale operations of a JS/TS handler body (see the module docstring)."""
    facts: list[Fact] = []
    for call in fn.find_all(kind="call_expression"):
        name = callee_name(call) or ""
        args = arguments(call)
        function = call.field("function")
        text = function.text() if function is not None else ""
        if name in _JS_DROPS or (name == "drop" and text.endswith(".collection.drop")):
            facts.append(Fact(line=line_of(call), note=f"{text}() drops or empties data"))
        elif name in {"deleteMany", "delete_many", "updateMany"} and (not args or _js_empty_object(args[0])):
            if name == "updateMany" and not args:
                continue
            facts.append(Fact(line=line_of(call), note=f"{_js_short(call)} changes every document"))
        elif name == "destroy" and args and _js_object_flag(args[0], "truncate"):
            facts.append(Fact(line=line_of(call), note=f"{_js_short(call)} empties the table"))
        elif name == "destroy" and args and _js_empty_where(args[0]):
            facts.append(Fact(line=line_of(call), note=f"{_js_short(call)} deletes every row"))
        elif name == "sync" and args and _js_object_flag(args[0], "force"):
            facts.append(Fact(line=line_of(call), note=f"{_js_short(call)} drops and recreates every table"))
        elif name in {"query", "execute", "$executeRawUnsafe", "$executeRaw", "raw", "exec"} and args:
            sql = string_value(args[0])
            what = wholesale_sql(sql) if sql else None
            if what:
                facts.append(Fact(line=line_of(call), note=f"runs SQL {what}"))
    return facts


def _js_empty_object(node: SgNode) -> bool:
    return node.kind() == "object" and not [c for c in node.named_children() if c.kind() != "comment"]


def _js_object_flag(node: SgNode, flag: str) -> bool:
    value = object_property(node, flag) if node.kind() == "object" else None
    return value is not None and value.text() == "true"


def _js_empty_where(node: SgNode) -> bool:
    value = object_property(node, "where") if node.kind() == "object" else None
    return value is not None and _js_empty_object(value)


def _js_short(node: SgNode) -> str:
    text = " ".join(node.text().split())
    return text if len(text) <= 60 else text[:57] + "..."


def js_request_roles(fn: SgNode) -> list[Fact]:
    """Conditions of a JS/TS handler (``if``, ternary, ``&&``/``||`` guards) that decide on a
    role or admin flag from ``req.body``, ``req.query``, ``req.params`` or ``req.headers``."""
    facts: list[Fact] = []
    seen: set[int] = set()
    for kind in ("if_statement", "ternary_expression"):
        for node in fn.find_all(kind=kind):
            test = node.field("condition")
            if test is None:
                continue
            text = test.text().replace("?.", ".")
            if any(caller in text for caller in JS_CALLERS):
                continue
            if _js_server_role(test):
                continue  # ``user.role !== "admin" && req.body.role``: the caller's own role is checked
            read = _js_role_read(test)
            if read is not None and line_of(test) not in seen:
                seen.add(line_of(test))
                facts.append(Fact(line=line_of(test), note=f"decides on {read}, which the caller sends"))
    return facts


def _js_server_role(test: SgNode) -> bool:
    """Whether ``test`` also reads a role of something that is not request input."""
    for node in test.find_all(kind="member_expression"):
        prop, obj = node.field("property"), node.field("object")
        if prop is not None and obj is not None and is_role_field(prop.text()) and not _js_request_part(obj):
            return not obj.text().replace("?.", ".").startswith(("req.", "request.", "ctx.request."))
    return False


def _js_role_read(test: SgNode) -> str | None:
    candidates = [test, *test.find_all(kind="member_expression"), *test.find_all(kind="subscript_expression")]
    for node in candidates:
        if node.kind() == "member_expression":
            prop = node.field("property")
            obj = node.field("object")
            if prop is not None and obj is not None and is_role_field(prop.text()) and _js_request_part(obj):
                return node.text()
        elif node.kind() == "subscript_expression":
            index = node.field("index")
            obj = node.field("object")
            key = string_value(index) if index is not None else None
            if key and obj is not None and is_role_field(key) and _js_request_part(obj):
                return node.text()
    for call in test.find_all(kind="call_expression"):
        # ``req.get("x-admin")`` / ``req.header("X-Role")`` / ``headers.get("x-role")``
        name = callee_name(call) or ""
        args = arguments(call)
        key = string_value(args[0]) if args else None
        function = call.field("function")
        if name in {"get", "header"} and key and is_role_field(key) and function is not None:
            if function.text().replace("?.", ".").startswith(("req.", "request.", "c.req.", "ctx.")):
                return call.text()
    return None


def _js_request_part(node: SgNode) -> bool:
    text = node.text().replace("?.", ".")
    parts = text.split(".")
    return len(parts) >= 2 and parts[0] in {"req", "request", "ctx", "event"} and parts[-1] in JS_REQUEST_PARTS


# How many helper calls deep a handler's role check is looked for.
ROLE_CHECK_DEPTH = 3


def python_role_check(calls: CallGraph, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Hop | None:
    """Where a Python handler, or a repository function it calls (up to
    :data:`ROLE_CHECK_DEPTH` calls deep), refuses a caller without the right role
    (:func:`readycheck.analysis.authz.checks_role`); None when nothing does. Roles the caller
    sends do not count (see :func:`python_request_roles`)."""
    line = checks_role(fn)
    if line is not None:
        return Hop(path=module.source.path, line=line, note=f"{fn.name}() checks the caller's role")
    seen: set[tuple[str, int]] = set()
    frontier = [calls.function_symbol(module, fn)]
    for _ in range(ROLE_CHECK_DEPTH):
        following = []
        for symbol in frontier:
            for edge in calls.edges(symbol):
                callee = edge.callee
                if (callee.path, callee.line) in seen or callee.function is None:
                    continue
                seen.add((callee.path, callee.line))
                found = checks_role(callee.function)
                if found is not None:
                    return Hop(path=callee.path, line=found, note=f"{callee.short}() checks the caller's role")
                following.append(callee)
        frontier = following
    return None


def js_role_check(symbols: JsSymbols, module: JsModule, fn: SgNode) -> Hop | None:
    """Where a JS/TS handler, or a repository function it calls (up to
    :data:`ROLE_CHECK_DEPTH` calls deep), refuses a caller without the right role
    (:func:`readycheck.analysis.jsauthz.refuses_by_role`: ``assertIsAdmin(user)`` that throws
    ``ForbiddenException`` when ``user.role !== "admin"``); None when nothing does."""
    line = refuses_by_role(fn)
    if line is not None:
        return Hop(path=module.source.path, line=line, note="the handler checks the caller's role")
    seen: set[tuple[str, int]] = set()
    frontier = [(module, fn)]
    for _ in range(ROLE_CHECK_DEPTH):
        following = []
        for current_module, current in frontier:
            for call in current.find_all(kind="call_expression"):
                function = call.field("function")
                if function is None or function.kind() not in {"identifier", "member_expression"}:
                    continue
                target = symbols.callable(symbols.expr(current_module, function))
                if not isinstance(target, JsValue) or unwrap(target.node).kind() not in FUNCTION_KINDS:
                    continue
                node = unwrap(target.node)
                marker = (target.path, node.range().start.index)
                if marker in seen:
                    continue
                seen.add(marker)
                found = refuses_by_role(node)
                if found is not None:
                    return Hop(path=target.path, line=found, note=f"{callee_name(call)}() checks the caller's role")
                following.append((target.module, node))
        frontier = following
    return None


def admin_handler_name(endpoint: Endpoint) -> bool:
    """True when the handler's own name says it is an administrator's function
    (``admin_delete_user``, ``adminDashboard``)."""
    short = endpoint.handler.rsplit(".", 1)[-1]
    return bool(short) and short != "<anonymous>" and is_admin_name(short)
