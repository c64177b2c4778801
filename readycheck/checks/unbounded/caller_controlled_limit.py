"""RC302 caller-controlled-limit: the caller chooses how many rows a query returns, with no
maximum."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import clamped, js_caller_values, js_calls, js_value_from_caller, python_caller_values
from readycheck.analysis.python import dotted, keyword, names_in
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.unbounded._common import server_modules, where
from readycheck.model import Category, Confidence, Finding, Severity

_LIMIT_CALLS = frozenset({"limit", "fetchmany", "paginate", "range", "take", "top"})
_LIMIT_OPTIONS = frozenset({"take", "limit", "per_page", "page_size", "first"})
_MARKERS = frozenset({"Query", "Field", "Path", "Body", "Form", "conint"})


class CallerControlledLimit(Check):
    """
    ## What it does

    Finds page sizes and limits taken from the request with no maximum:

    - Python handlers passing a query or body parameter to `.limit()`, `.paginate(per_page=)`,
      `fetchmany()` or a slice, when the parameter has no upper bound (FastAPI
      `Query(le=...)`/`lt=`, Pydantic `Field(le=...)`, `conint(le=...)`) and is not clamped
      with `min(...)`;
    - JavaScript/TypeScript handlers passing `req.query.limit`, `searchParams.get("limit")` or
      a value from the request body to `.limit()`, `.range()`, `take:` or `limit:` without
      `Math.min`;
    - DRF pagination classes with `page_size_query_param` and no `max_page_size`.

    ## Why is this bad?

    A limit the caller sets is not a limit: `?limit=10000000` returns the whole table, with the
    same memory and database cost as no pagination at all.

    ## Example

    ```typescript
    const limit = Number(req.nextUrl.searchParams.get("limit") ?? 50);
    const { data } = await supabase.from("projects").select("*").limit(limit);
    ```

    ## Use instead

    ```typescript
    const limit = Math.min(Number(req.nextUrl.searchParams.get("limit") ?? 50), 100);
    ```

    ```python
    def list_items(limit: int = Query(50, ge=1, le=100)): ...
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-770: Allocation of Resources Without Limits or Throttling](https://cwe.mitre.org/data/definitions/770.html)
    """

    id = "RC302"
    name = "caller-controlled-limit"
    category = Category.UNBOUNDED_ENDPOINTS
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "The caller chooses the page size or limit of a query, with no maximum."
    owasp = ("API4:2023",)
    cwe = ("CWE-770",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per limit argument taken from the request unclamped, and per DRF
        pagination class without ``max_page_size``."""
        try:
            has_endpoints = bool(endpoints(ctx))  # notes; incomplete for unmodelled frameworks
        except NotApplicable:
            has_endpoints = False  # DRF pagination classes are still read below
        handlers = ctx.models.handlers
        for endpoint, handler in handlers.items:
            if isinstance(handler.python, ast.FunctionDef | ast.AsyncFunctionDef):
                inputs = {p.name for p in endpoint.parameters if p.source in {"query", "body", "form", "unknown"}}
                problems = list(_python_limits(handler.python, inputs - _bounded_params(handler.python)))
            elif handler.js is not None:
                problems = list(_js_limits(handler.js))
            else:
                problems = []
            for line, what in problems:
                ref = endpoint.ref
                yield ctx.finding(
                    path=handler.path,
                    line=line,
                    message=f"{what} comes from the request with no maximum{where(ref)}.",
                    endpoint=ref,
                )
        found_pagination = False
        for module in server_modules(ctx):
            if module.python is None:
                continue
            for node in ast.walk(module.python):
                if isinstance(node, ast.ClassDef):
                    attrs = {
                        t.id: s.value
                        for s in node.body
                        if isinstance(s, ast.Assign)
                        for t in s.targets
                        if isinstance(t, ast.Name)
                    }
                    if "page_size_query_param" in attrs or "max_page_size" in attrs:
                        found_pagination = True
                    query_param = attrs.get("page_size_query_param")
                    if query_param is not None and not (
                        isinstance(query_param, ast.Constant) and query_param.value is None
                    ):
                        max_size = attrs.get("max_page_size")
                        if max_size is None or (isinstance(max_size, ast.Constant) and max_size.value is None):
                            yield ctx.finding(
                                path=module.path,
                                line=node.lineno,
                                message=(
                                    f"{node.name} lets the caller set the page size (page_size_query_param) "
                                    "with no max_page_size."
                                ),
                            )
        if not has_endpoints and not found_pagination:
            raise NotApplicable("no HTTP endpoints found")


def _bounded_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Parameters declared with an upper bound: ``Query(50, le=100)``, ``Annotated[int,
    Query(lt=101)]``, ``conint(le=100)``."""
    bounded: set[str] = set()
    args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    defaults = [None] * (len(fn.args.posonlyargs) + len(fn.args.args) - len(fn.args.defaults)) + list(fn.args.defaults)
    defaults += list(fn.args.kw_defaults)
    for arg, default in zip(args, defaults, strict=False):
        for node in [default, arg.annotation]:
            if node is None:
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and (dotted(inner.func) or "").rsplit(".", 1)[-1] in _MARKERS:
                    if keyword(inner, "le") is not None or keyword(inner, "lt") is not None:
                        bounded.add(arg.arg)
    return bounded


def _python_limits(fn: ast.FunctionDef | ast.AsyncFunctionDef, inputs: set[str]) -> Iterable[tuple[int, str]]:
    tainted = python_caller_values(fn, inputs)
    if not tainted:
        return
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = (dotted(node.func) or "").rsplit(".", 1)[-1]
            values = list(node.args) if name in _LIMIT_CALLS else []
            values += [kw.value for kw in node.keywords if kw.arg in _LIMIT_OPTIONS]
            for value in values:
                if names_in(value) & tainted and not clamped(value):
                    yield node.lineno, f"the limit of {name}()"
                    break
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            upper = node.slice.upper
            if upper is not None and names_in(upper) & tainted and not clamped(upper):
                yield node.lineno, "the slice end"


def _js_limits(fn: SgNode) -> Iterable[tuple[int, str]]:
    tainted = js_caller_values(fn)
    for call in js_calls(fn):
        node = call.node
        assert isinstance(node, SgNode)
        if call.name in {"limit", "range", "take"} and "." in call.callee:
            args = node.field("arguments")
            items = [a for a in (args.named_children() if args is not None else []) if a.kind() != "comment"]
            for value in items[-1:]:
                if js_value_from_caller(value, tainted):
                    yield call.line, f"the limit of {call.name}()"
        for option in ("take", "limit", "first", "pageSize", "perPage"):
            if option in call.options and js_value_from_caller(call.options[option], tainted):
                yield call.line, f"the {option} option of {call.name}()"
