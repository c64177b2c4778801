"""RC301 unbounded-list-query: an endpoint returns every row of a table or collection."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import js_calls
from readycheck.analysis.js import arguments, string_value
from readycheck.analysis.python import call_chain, dotted, keyword
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.unbounded._common import where
from readycheck.checks.unbounded._queries import BOUNDING, is_sliced, js_chain, parents, python_call_names
from readycheck.model import Category, Confidence, Finding, Severity

_DJANGO_QS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "values",
        "values_list",
        "order_by",
        "select_related",
        "prefetch_related",
        "only",
        "defer",
        "annotate",
        "distinct",
    }
)
_CONSUMERS = frozenset({"list", "JsonResponse", "Response", "jsonify", "tuple", "dumps"})


class UnboundedListQuery(Check):
    """
    ## What it does

    Finds endpoints that load a whole table or collection into one response:

    - SQLAlchemy `.all()` on a query or `select()` with no `.limit()`/`.paginate()`;
    - Django querysets returned, serialized with `many=True` or passed to `list()`/
      `JsonResponse` without a slice (`[:50]`), and DRF list views (`ListAPIView`,
      `ModelViewSet`) with no pagination class and no `DEFAULT_PAGINATION_CLASS` + `PAGE_SIZE`;
    - MongoDB `find()` without `.limit()` (pymongo, Motor, Mongoose);
    - Prisma `findMany` without `take`, Drizzle `select().from()` without `.limit()`,
      Supabase `.from(t).select()` without `.range()`/`.limit()`/`.single()`.

    Only endpoint handlers are read; each finding names the endpoint.

    ## Why is this bad?

    It works with ten rows. With a hundred thousand, every call loads them all into memory,
    serializes megabytes of JSON and holds a database connection for seconds; a few parallel
    calls take the app down, and anyone can make them. OWASP API4:2023 lists "maximum number
    of records per page" among the limits every API needs.

    ## Example

    ```python
    @router.get("/invoices")
    def list_invoices(db: Session = Depends(get_db)):
        return db.query(Invoice).all()
    ```

    ## Use instead

    ```python
    @router.get("/invoices")
    def list_invoices(offset: int = 0, limit: int = Query(50, le=100), db: Session = Depends(get_db)):
        return db.query(Invoice).order_by(Invoice.id).offset(offset).limit(limit).all()
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-770: Allocation of Resources Without Limits or Throttling](https://cwe.mitre.org/data/definitions/770.html)
    - [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
    """

    id = "RC301"
    name = "unbounded-list-query"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "An endpoint returns every row of a table or collection, with no limit or pagination."
    owasp = ("API4:2023",)
    cwe = ("CWE-770", "CWE-400")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per unbounded query in a handler (or per unpaginated DRF list view)."""
        endpoints(ctx)  # not-checked notes; incomplete for unmodelled frameworks; NotApplicable without endpoints
        handlers = ctx.models.handlers
        paginated = _drf_default_pagination(ctx)
        seen: set[tuple[str, int]] = set()
        for endpoint, handler in handlers.items:
            if handler.python is not None:
                if isinstance(handler.python, ast.ClassDef):
                    if endpoint.handler.endswith(".list") and not paginated and not _has_pagination(handler.python):
                        problems = [(handler.start, f"DRF list view {handler.python.name} has no pagination class")]
                    else:
                        problems = []
                else:
                    problems = list(_python_queries(handler.python))
            else:
                assert handler.js is not None
                problems = list(_js_queries(handler.js))
            for line, what in problems:
                if (handler.path, line) in seen:
                    continue
                seen.add((handler.path, line))
                ref = endpoint.ref
                yield ctx.finding(
                    path=handler.path,
                    line=line,
                    message=f"{what}: it returns every row{where(ref)}.",
                    endpoint=ref,
                )


def _drf_default_pagination(ctx: CheckContext) -> bool:
    """``REST_FRAMEWORK`` sets both ``DEFAULT_PAGINATION_CLASS`` and ``PAGE_SIZE`` (DRF paginates
    nothing without a page size)."""
    for module in ctx.models.python.index.by_path.values():
        if "DEFAULT_PAGINATION_CLASS" not in module.source.text:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Dict):
                keys = {
                    k.value
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and not (isinstance(v, ast.Constant) and v.value is None)
                }
                if {"DEFAULT_PAGINATION_CLASS", "PAGE_SIZE"} <= keys:
                    return True
    return False


def _has_pagination(cls: ast.ClassDef) -> bool:
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pagination_class" for t in statement.targets
        ):
            return not (isinstance(statement.value, ast.Constant) and statement.value.value is None)
    return False


def _python_queries(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterable[tuple[int, str]]:
    parent_of = parents(fn)
    limited_names = {
        target.id
        for node in ast.walk(fn)
        if isinstance(node, ast.Assign) and python_call_names(node.value) & BOUNDING
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        calls = _chain_names(node)
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if calls & BOUNDING or names & limited_names:
            continue
        if (
            method == "all"
            and not node.args
            and calls & {"query", "select", "execute", "scalars", "filter", "filter_by", "where"}
        ):
            yield node.lineno, f"{_short(node)} has no limit"
        elif method in _DJANGO_QS and ".objects" in (dotted(node.func) or "") and _consumed(node, parent_of):
            if not is_sliced(node, parent_of) and not _outer_bounded(node, parent_of):
                yield node.lineno, f"{_short(node)} is not sliced or paginated"
        elif method == "find" and _consumed(node, parent_of) and not _outer_bounded(node, parent_of):
            yield node.lineno, f"{_short(node)} has no limit"


def _chain_names(node: ast.Call) -> set[str]:
    """Method names along the query chain, plus the calls inside ``execute(...)``/``scalars(...)``
    arguments (``execute(select(A).limit(10))``)."""
    names: set[str] = set()
    for call in call_chain(node):
        name = (dotted(call.func) or "").rsplit(".", 1)[-1].removesuffix("()")
        names.add(name)
        if name in {"execute", "scalars", "select", "query"}:
            for arg in call.args:
                names |= python_call_names(arg)
    return names


def _short(node: ast.Call) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _outer_bounded(node: ast.AST, parent_of: dict[int, ast.AST]) -> bool:
    """A call further out in the chain bounds it (``qs.filter(...)[:10]``, ``.first()``)."""
    current = node
    while True:
        parent = parent_of.get(id(current))
        if isinstance(parent, ast.Attribute):
            grand = parent_of.get(id(parent))
            if isinstance(grand, ast.Call) and parent.attr in BOUNDING | {"delete", "update", "iterator"}:
                return True
            current = grand if isinstance(grand, ast.Call) else parent
            continue
        return isinstance(parent, ast.Subscript) and parent.value is current


def _consumed(node: ast.AST, parent_of: dict[int, ast.AST]) -> bool:
    """The queryset reaches the response whole: returned, passed to ``list()``/``JsonResponse``,
    or serialized with ``many=True``."""
    current = node
    while True:
        parent = parent_of.get(id(current))
        if isinstance(parent, ast.Attribute):
            current = parent_of.get(id(parent)) or parent
            continue
        break
    parent = parent_of.get(id(current))
    if isinstance(parent, ast.Return):
        return True
    if isinstance(parent, ast.Call) and current in parent.args:
        name = (dotted(parent.func) or "").rsplit(".", 1)[-1]
        many = keyword(parent, "many")
        return name in _CONSUMERS or (isinstance(many, ast.Constant) and many.value is True)
    return isinstance(parent, ast.comprehension) and parent.iter is current


def _js_queries(fn: SgNode) -> Iterable[tuple[int, str]]:
    done: set[int] = set()
    for call in js_calls(fn):
        node = call.node
        assert isinstance(node, SgNode)
        if call.name == "findMany":
            if (
                "take" not in call.options
                and "limit" not in call.options
                and not call.open_options
                and not call.opaque_arg(0)
            ):
                yield call.line, f"{call.callee}() has no take"
            continue
        if call.name not in {"select", "from", "find"}:
            continue
        top, methods = js_chain(node)
        key = top.range().start.index
        if key in done:
            continue
        done.add(key)
        if set(methods) & BOUNDING or "findOne" in methods:
            continue
        if any(m in {"insert", "update", "upsert", "delete"} for m in methods):
            continue
        if "from" in methods and "select" in methods:
            if methods.index("from") < methods.index("select"):  # Supabase .from(t).select()
                select = _nth_call(top, methods, "select")
                if select is not None and _supabase_single(top, select):
                    continue
                yield call.line, f"{_table(top)} select has no range or limit"
            else:  # Drizzle db.select().from(t)
                yield call.line, "select().from() has no limit"
        elif (methods and methods[-1] == "find") or ("find" in methods and "toArray" in methods):
            args = arguments(node) if call.name == "find" else []
            if args and args[0].kind() in {"arrow_function", "function_expression", "identifier"}:
                continue  # Array.prototype.find(callback)
            if call.name == "find" and "." in call.callee:
                yield call.line, f"{call.callee}() has no limit"


def _nth_call(top: SgNode, methods: list[str], name: str) -> SgNode | None:
    current: SgNode | None = top
    while current is not None and current.kind() == "call_expression":
        function = current.field("function")
        if function is not None and function.kind() == "member_expression":
            prop = function.field("property")
            if prop is not None and prop.text() == name:
                return current
            current = function.field("object")
        else:
            return None
    return None


def _supabase_single(top: SgNode, select: SgNode) -> bool:
    """``select(..., {head: true})`` counts only; ``.eq("id", x)`` reads one row."""
    if "head" in select.text() and "true" in select.text():
        return True
    for inner in top.find_all(kind="call_expression"):
        function = inner.field("function")
        if function is None or function.kind() != "member_expression":
            continue
        prop = function.field("property")
        args = arguments(inner)
        if (
            prop is not None
            and prop.text() in {"eq", "match"}
            and args
            and string_value(args[0]) in {"id", "uuid", "slug"}
        ):
            return True
    return False


def _table(top: SgNode) -> str:
    for inner in top.find_all(kind="call_expression"):
        function = inner.field("function")
        if function is not None and function.kind() == "member_expression":
            prop = function.field("property")
            args = arguments(inner)
            if prop is not None and prop.text() == "from" and args:
                name = string_value(args[0])
                if name:
                    return f'from("{name}")'
    return "from()"
