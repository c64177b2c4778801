"""What an endpoint's handler body calls, for rules that look for one step inside it (a
webhook's signature check). Read from the program models, never from the files again.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.endpoints.javascript import FUNCTION_KINDS, find_function
from readycheck.analysis.js import JsModule, JsProject, callee_name, end_line_of, find_kind, line_of
from readycheck.analysis.python import PyModule, PythonProject, calls_in
from readycheck.model import Endpoint, EndpointRef

PyFunction = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True, kw_only=True)
class Handler:
    """Where an endpoint's handler lives: ``path``, first and last line (1-based, the first line
    is the ``def``/``class``/function line, after decorators), and its syntax node: an ``ast``
    function or class (``python``) or an ast-grep node (``js``); exactly one of them is set."""

    path: str
    start: int
    end: int
    python: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None = None
    js: SgNode | None = None


class HandlerIndex:
    """The handlers of a set of endpoints, located once per scan: by endpoint (:meth:`of`), all of
    them (:attr:`items`), and the endpoint a ``path:line`` is inside (:meth:`at`)."""

    def __init__(self, python: PythonProject, js: JsProject, endpoints: Iterable[Endpoint]) -> None:
        self._by_key: dict[tuple[str, str, str, int], Handler] = {}
        self.items: list[tuple[Endpoint, Handler]] = []
        self._by_path: dict[str, list[tuple[Endpoint, Handler]]] = {}
        for endpoint in endpoints:
            handler = locate_handler(python, js, endpoint)
            if handler is not None:
                self._by_key[endpoint.key] = handler
                self.items.append((endpoint, handler))
                self._by_path.setdefault(handler.path, []).append((endpoint, handler))

    def of(self, endpoint: Endpoint) -> Handler | None:
        """The handler of ``endpoint`` (None when it could not be located)."""
        return self._by_key.get(endpoint.key)

    def at(self, path: str, line: int) -> EndpointRef | None:
        """The innermost endpoint whose handler spans ``path:line`` (the first by method when a
        handler serves several)."""
        best: tuple[int, Endpoint] | None = None
        for endpoint, handler in self._by_path.get(path, []):
            if handler.start <= line <= handler.end:
                size = handler.end - handler.start
                if best is None or size < best[0]:
                    best = (size, endpoint)
        return best[1].ref if best else None


def locate_handler(python: PythonProject, js: JsProject, endpoint: Endpoint) -> Handler | None:
    """The handler of ``endpoint``: its function, or for a Django/DRF view action inherited
    from a generic class (``TaskViewSet.list``) the view class. None when its file did not
    parse or the handler is a package's function."""
    path = endpoint.body_path
    module = python.index.by_path.get(path)
    if module is not None:
        fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None = _python_function(module, endpoint)
        if fn is None and endpoint.handler:
            owner = module.top_level(endpoint.handler.split(".", 1)[0])
            fn = owner if isinstance(owner, ast.ClassDef) else None
        if fn is None:
            return None
        return Handler(path=path, start=fn.lineno, end=fn.end_lineno or fn.lineno, python=fn)
    js_module = js.modules.get(path)
    node = _js_function(js_module, endpoint) if js_module is not None else None
    if node is None:
        return None
    return Handler(path=path, start=line_of(node), end=end_line_of(node), js=node)


def handler_calls(python: PythonProject, js: JsProject, endpoint: Endpoint) -> frozenset[str] | None:
    """Names of the calls the endpoint's handler makes (dotted and last names for Python,
    callee text and last names for JS/TS), plus the calls of functions of the same file or
    of the repository it calls by name, one level deep. None when the handler body could not
    be located (a file that did not parse)."""
    path = endpoint.body_path
    module = python.index.by_path.get(path)
    if module is not None:
        fn = _python_function(module, endpoint)
        if fn is None:
            return None
        names = set(calls_in(fn))
        for name in list(names):
            resolved = python.index.resolve(module, name) if "." not in name else None
            target = resolved[0].top_level(resolved[1]) if resolved else None
            if isinstance(target, ast.FunctionDef | ast.AsyncFunctionDef) and target is not fn:
                names |= calls_in(target)
        return frozenset(names)
    js_module = js.modules.get(path)
    if js_module is None:
        return None
    node = _js_function(js_module, endpoint)
    if node is None:
        return None
    names = _js_calls(node)
    for name in [n for n in names if "." not in n]:
        helper = find_function(js_module, name)
        if helper is not None:
            names |= _js_calls(helper)
    return frozenset(names)


def _python_function(module: PyModule, endpoint: Endpoint) -> PyFunction | None:
    best: PyFunction | None = None
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.end_lineno != endpoint.end_line:
            continue
        if endpoint.handler and node.name != endpoint.handler.rsplit(".", 1)[-1]:
            continue
        if best is None or node.lineno > best.lineno:
            best = node
    return best


def _js_function(module: JsModule, endpoint: Endpoint) -> SgNode | None:
    best: SgNode | None = None
    for kind in FUNCTION_KINDS:
        for node in find_kind(module.root, kind):
            if end_line_of(node) != endpoint.end_line:
                continue
            if best is None or line_of(node) > line_of(best):
                best = node
    if best is None and endpoint.end_line == 0:
        return module.root
    return best


def _js_calls(node: SgNode) -> set[str]:
    names: set[str] = set()
    for call in node.find_all(kind="call_expression"):
        function = call.field("function")
        text = function.text() if function is not None else ""
        if len(text) <= 120 and "\n" not in text:
            names.add(text.replace("?.", "."))
        last = callee_name(call)
        if last:
            names.add(last)
    for new in node.find_all(kind="new_expression"):
        constructor = new.field("constructor")
        if constructor is not None:
            names.add(constructor.text().split(".")[-1])
    return names
