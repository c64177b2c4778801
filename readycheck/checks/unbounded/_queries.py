"""Database queries inside endpoint handlers, for the list and page-size rules: the methods of
a query's chain, and whether something bounds the number of rows."""

from __future__ import annotations

import ast

from ast_grep_py import SgNode

from readycheck.analysis.js import callee_name, chain_top

# Calls that bound the rows a query returns (SQLAlchemy, Django, Mongo, Flask-SQLAlchemy,
# Supabase/PostgREST, Drizzle, Prisma, Knex).
BOUNDING = frozenset(
    {
        "limit",
        "slice",
        "paginate",
        "first",
        "one",
        "one_or_none",
        "get",
        "fetchone",
        "fetchmany",
        "scalar",
        "scalar_one",
        "scalar_one_or_none",
        "count",
        "exists",
        "aggregate",
        "range",
        "single",
        "maybeSingle",
        "take",
        "findFirst",
        "findUnique",
        "top",
        "page",
        "latest",
        "earliest",
    }
)


def parents(tree: ast.AST) -> dict[int, ast.AST]:
    """id(child) → parent for every node under ``tree``."""
    found: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            found[id(child)] = node
    return found


def python_call_names(node: ast.AST) -> set[str]:
    """Last names of every call inside ``node``."""
    names: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            func = inner.func
            if isinstance(func, ast.Attribute):
                names.add(func.attr)
            elif isinstance(func, ast.Name):
                names.add(func.id)
    return names


def is_sliced(node: ast.AST, parent_of: dict[int, ast.AST]) -> bool:
    """``qs[:20]``: the expression is subscripted with a slice."""
    parent = parent_of.get(id(node))
    return isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.slice, ast.Slice)


def js_chain(call: SgNode) -> tuple[SgNode, list[str]]:
    """The outermost call of the method chain ``call`` starts or sits in, and the method names
    of the whole chain (``supabase.from("t").select("*").eq("a", 1)`` → ``from, select, eq``)."""
    top = chain_top(call)
    names: list[str] = []
    current: SgNode | None = top
    while current is not None and current.kind() == "call_expression":
        names.append(callee_name(current))
        function = current.field("function")
        current = function.field("object") if function is not None and function.kind() == "member_expression" else None
        if current is not None and current.kind() == "await_expression":
            break
    return top, list(reversed(names))
