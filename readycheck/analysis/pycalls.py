"""A bounded call graph over the Python code index (DESIGN.md section 1): which function of the
repository a call reaches, through module functions, imported names, methods (``self.m()``
through the class's ancestors), properties, constructors and attributes whose class the code
states (a parameter annotation, ``self.x = Cls(...)``, a property returning ``Cls(...)``).

It answers the helper-following questions of the authorization analysis and the checks ("does
``get_current_user`` end in a token check?", "which query does ``self.repos.users.get_one(id)``
run?") to a fixed depth (3 calls by default). What it cannot resolve it reports as None; the
caller decides that an unresolved hop is "unknown", never a pass.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from readycheck.analysis.python import External, ModuleIndex, ModuleRef, PyModule, Resolved, Symbol, dotted

PyFunction = ast.FunctionDef | ast.AsyncFunctionDef
DEFAULT_DEPTH = 3
PROPERTY_DECORATORS = frozenset({"property", "cached_property", "functools.cached_property"})


@dataclass(frozen=True, kw_only=True)
class Edge:
    """One call from a function to a function of the repository: the call node, the callee and
    the line of the call (1-based)."""

    call: ast.Call
    callee: Symbol
    line: int


class CallGraph:
    """Call resolution over a :class:`~readycheck.analysis.python.ModuleIndex`, memoised per
    function. Not thread-safe on its own: the program models build and share it under their
    lock, and its memo only ever grows with identical values."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self._edges: dict[tuple[str, str, int], list[Edge]] = {}
        self._methods: dict[int, Symbol | None] = {}
        self._by_name: dict[str, list[tuple[PyModule, str | None, ast.Call]]] | None = None

    def call_sites(self, target: Symbol) -> list[tuple[PyModule, str | None, ast.Call]]:
        """Every call of the module-level function ``target`` in the repository: (calling
        module, name of the module-level function the call is in or None, call node). Calls
        are matched by name, then resolved through the index."""
        if self._by_name is None:
            self._by_name = {}
        name = target.short
        if name not in self._by_name:
            sites: list[tuple[PyModule, str | None, ast.Call]] = []
            for module in self.index.by_path.values():
                if name not in module.source.text:
                    continue  # cheap: a module that never spells the name cannot call it
                for scope, node in walk_with_scope(module.tree):
                    if isinstance(node, ast.Call):
                        func = node.func
                        called = (
                            func.id
                            if isinstance(func, ast.Name)
                            else func.attr
                            if isinstance(func, ast.Attribute)
                            else None
                        )
                        if called == name:
                            sites.append((module, scope, node))
            self._by_name[name] = sites
        found: list[tuple[PyModule, str | None, ast.Call]] = []
        for module, scope, call in self._by_name[name]:
            callee = dotted(call.func)
            resolved = self.index.lookup(module, callee) if callee else None
            if isinstance(resolved, Symbol) and resolved.key == target.key:
                found.append((module, scope, call))
        return found

    # -- symbols --------------------------------------------------------------------------

    def function_symbol(self, module: PyModule, fn: PyFunction) -> Symbol:
        """The symbol of a module-level function or a method of a module-level class."""
        cls = self._class_of(module, fn)
        if cls is not None:
            return Symbol(module=module, name=f"{cls.name}.{fn.name}", node=fn, line=fn.lineno, owner=cls)
        return Symbol(module=module, name=fn.name, node=fn, line=fn.lineno)

    def _class_of(self, module: PyModule, fn: PyFunction) -> Symbol | None:
        key = id(fn)
        if key not in self._methods:
            self._methods[key] = self.index.enclosing_class(module, fn)
        return self._methods[key]

    # -- types ----------------------------------------------------------------------------

    def class_of(self, value: Resolved | None) -> Symbol | None:
        """The class a resolved name stands for, when it is a class of the repository."""
        return value if isinstance(value, Symbol) and value.cls is not None else None

    def annotation_class(self, module: PyModule, annotation: ast.expr | None) -> Symbol | None:
        """The repository class an annotation names: ``Repo``, ``Optional[Repo]``, ``Repo | None``,
        ``Annotated[Repo, ...]``, ``"Repo"``."""
        for _ in range(4):
            if annotation is None:
                return None
            if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
                try:
                    annotation = ast.parse(annotation.value, mode="eval").body
                except SyntaxError:
                    return None
                continue
            if isinstance(annotation, ast.BinOp):  # X | None
                left = self.annotation_class(module, annotation.left)
                return left or self.annotation_class(module, annotation.right)
            if isinstance(annotation, ast.Subscript):
                head = dotted(annotation.value) or ""
                inner = annotation.slice
                if head.rsplit(".", 1)[-1] in {"Optional", "Annotated", "Union", "ClassVar", "Final"}:
                    annotation = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
                    continue
                annotation = annotation.value  # Generic[...]: the class itself
                continue
            name = dotted(annotation)
            return self.class_of(self.index.lookup(module, name)) if name else None
        return None

    def type_of(self, fn: Symbol, expr: ast.expr, depth: int = 0) -> Symbol | None:
        """The repository class of ``expr`` evaluated inside function ``fn``, as far as the code
        states it: ``self``, annotated parameters, locals assigned a constructor call, attributes
        and properties of known classes, and calls of functions annotated with a return class.
        None when it cannot be known."""
        if depth > 6:
            return None
        node = fn.function
        module = fn.module
        if isinstance(expr, ast.Await):
            return self.type_of(fn, expr.value, depth + 1)
        if isinstance(expr, ast.Name):
            if node is not None:
                params = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                if params and expr.id == params[0].arg and fn.owner is not None and expr.id in {"self", "cls"}:
                    return fn.owner
                for arg in params:
                    if arg.arg == expr.id:
                        return self.annotation_class(module, arg.annotation)
                assigned = _local_assignment(node, expr.id)
                if assigned is not None:
                    if isinstance(assigned, ast.expr):
                        return self.type_of(fn, assigned, depth + 1)
                    return self.annotation_class(module, assigned.annotation)
            return self.class_of(self.index.lookup(module, expr.id))
        if isinstance(expr, ast.Call):
            target = self.resolve_callable(fn, expr.func, depth + 1)
            if isinstance(target, Symbol):
                if target.cls is not None:
                    return target
                called = target.function
                if called is not None:
                    return self.annotation_class(target.module, called.returns)
            return None
        if isinstance(expr, ast.Subscript):  # HttpRepo[A, B](...) is handled by Call; this is x[...]
            return None
        if isinstance(expr, ast.Attribute):
            owner = self.type_of(fn, expr.value, depth + 1)
            if owner is None:
                return None
            return self._attribute_type(owner, expr.attr, depth + 1)
        return None

    def _attribute_type(self, cls: Symbol, name: str, depth: int) -> Symbol | None:
        member = self.index.member(cls, name)
        if not isinstance(member, Symbol):
            return self._init_assigned_type(cls, name, depth)
        node = member.node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not _is_property(node):
                return None
            declared = self.annotation_class(member.module, node.returns)
            if declared is not None:
                return declared
            for ret in _returns(node):
                found = self.type_of(
                    Symbol(module=member.module, name=member.name, node=node, line=node.lineno, owner=member.owner),
                    ret,
                    depth + 1,
                )
                if found is not None:
                    return found
            return None
        stmt = _class_statement(member)
        if isinstance(stmt, ast.AnnAssign):
            return self.annotation_class(member.module, stmt.annotation)
        if isinstance(node, ast.Call) and member.owner is not None:
            return self.type_of(self._pseudo_method(member.owner), node, depth + 1)
        return self._init_assigned_type(cls, name, depth)

    def _init_assigned_type(self, cls: Symbol, name: str, depth: int) -> Symbol | None:
        init = self.index.member(cls, "__init__")
        if not isinstance(init, Symbol) or init.function is None:
            return None
        for node in ast.walk(init.function):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if dotted(target) == f"self.{name}":
                        if isinstance(node, ast.AnnAssign):
                            found = self.annotation_class(init.module, node.annotation)
                            if found is not None:
                                return found
                        if node.value is not None:
                            return self.type_of(init, node.value, depth + 1)
        return None

    def _pseudo_method(self, cls: Symbol) -> Symbol:
        node = ast.FunctionDef(
            name="<class body>",
            args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=[],
            decorator_list=[],
        )
        return Symbol(module=cls.module, name=f"{cls.name}.<body>", node=node, line=cls.line, owner=cls)

    # -- calls ----------------------------------------------------------------------------

    def resolve_callable(self, fn: Symbol, func: ast.expr, depth: int = 0) -> Resolved | None:
        """What the callee expression of a call inside ``fn`` refers to: a function, method or
        class :class:`Symbol`, an :class:`External`, or None."""
        if isinstance(func, ast.Subscript):  # Generic alias call: Repo[A](...)
            func = func.value
        if isinstance(func, ast.Name):
            node = fn.function
            if node is not None:
                nested = _nested_function(node, func.id)
                if nested is not None:
                    return Symbol(module=fn.module, name=f"{fn.name}.{func.id}", node=nested, line=nested.lineno)
                if _local_assignment(node, func.id) is not None:
                    return None  # a local variable or parameter: not a module-level name
            return self.index.lookup(fn.module, func.id)
        if isinstance(func, ast.Attribute):
            owner_type = self.type_of(fn, func.value, depth + 1)
            if owner_type is not None:
                member = self.index.member(owner_type, func.attr)
                return member
            name = dotted(func)
            if name is None:
                return None
            root = name.split(".", 1)[0]
            node = fn.function
            if node is not None and (
                any(a.arg == root for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs])
                or _local_assignment(node, root) is not None
            ):
                return None
            found = self.index.lookup(fn.module, name)
            return found
        return None

    def callee(self, fn: Symbol, call: ast.Call) -> Symbol | None:
        """The function of the repository that ``call`` (inside ``fn``) runs: a function, a
        method, or a class's ``__init__``/``__call__``. None for library calls and calls the
        index cannot resolve."""
        target = self.resolve_callable(fn, call.func)
        if isinstance(target, Symbol):
            if target.cls is not None:
                init = self.index.member(target, "__init__")
                return init if isinstance(init, Symbol) and init.function is not None else None
            if target.function is not None:
                return target
            if isinstance(target.node, ast.Call):  # checker = RoleChecker(...); checker(...)
                cls = self.type_of(fn, target.node)
                if cls is not None:
                    method = self.index.member(cls, "__call__")
                    return method if isinstance(method, Symbol) and method.function is not None else None
        return None

    def edges(self, fn: Symbol) -> list[Edge]:
        """Every call of ``fn`` that reaches a function of the repository, in source order."""
        key = (fn.path, fn.name, fn.line)
        if key in self._edges:
            return self._edges[key]
        self._edges[key] = []  # recursion guard
        found: list[Edge] = []
        node = fn.function
        if node is not None:
            for call in _calls(node):
                target = self.callee(fn, call)
                if target is not None and target.key != fn.key:
                    found.append(Edge(call=call, callee=target, line=call.lineno))
        self._edges[key] = found
        return found

    def reachable(self, fn: Symbol, depth: int = DEFAULT_DEPTH) -> Iterator[tuple[Symbol, tuple[Edge, ...]]]:
        """Functions reachable from ``fn`` within ``depth`` calls, breadth first, each once,
        with the path of calls that reaches it (``fn`` itself first, with an empty path)."""
        seen = {fn.key}
        frontier: list[tuple[Symbol, tuple[Edge, ...]]] = [(fn, ())]
        yield fn, ()
        for _ in range(depth):
            following: list[tuple[Symbol, tuple[Edge, ...]]] = []
            for current, path in frontier:
                for edge in self.edges(current):
                    if edge.callee.key in seen:
                        continue
                    seen.add(edge.callee.key)
                    item = (edge.callee, (*path, edge))
                    following.append(item)
                    yield item
            frontier = following


_SCOPED = "_readycheck_scoped_nodes"


def walk_with_scope(tree: ast.Module) -> list[tuple[str | None, ast.AST]]:
    """Every node of a module with the name of the module-level function it is in (None at
    module level and in class bodies), in source order. Computed once per tree (the trees
    are readycheck's own parses, so the memo attribute never leaks)."""
    cached: list[tuple[str | None, ast.AST]] | None = getattr(tree, _SCOPED, None)
    if cached is not None:
        return cached
    found: list[tuple[str | None, ast.AST]] = []
    stack: list[tuple[str | None, ast.AST]] = [(None, child) for child in reversed(tree.body)]
    while stack:
        scope, node = stack.pop()
        found.append((scope, node))
        inner = scope
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and scope is None:
            inner = node.name
        stack.extend((inner, child) for child in reversed(list(ast.iter_child_nodes(node))))
    setattr(tree, _SCOPED, found)
    return found


def argument_for(fn: PyFunction, call: ast.Call, name: str) -> ast.expr | None:
    """The expression ``call`` passes for parameter ``name`` of ``fn`` (by position or keyword)."""
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if name in params:
        index = params.index(name)
        if index < len(call.args) and not isinstance(call.args[index], ast.Starred):
            return call.args[index]
    return None


def _calls(fn: PyFunction) -> Iterator[ast.Call]:
    """Calls in the body of ``fn``, not inside nested functions or classes."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop(0)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _is_property(fn: PyFunction) -> bool:
    return any((dotted(d) or "") in PROPERTY_DECORATORS for d in fn.decorator_list)


def _returns(fn: PyFunction) -> Iterator[ast.expr]:
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and node.value is not None:
            yield node.value
    # ``if not self._x: self._x = Cls(...)`` then ``return self._x``: the assignment says the type
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            yield node.value


def _class_statement(member: Symbol) -> ast.stmt | None:
    owner = member.owner
    if owner is None or owner.cls is None:
        return None
    short = member.short
    for stmt in owner.cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == short:
            return stmt
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == short for t in stmt.targets):
            return stmt
    return None


_LOCALS = "_readycheck_locals"


def _locals(fn: PyFunction) -> tuple[dict[str, ast.expr | ast.arg], dict[str, PyFunction]]:
    """(local name → last value assigned or the parameter, nested function name → def) of
    ``fn``, computed once per function node."""
    cached: tuple[dict[str, ast.expr | ast.arg], dict[str, PyFunction]] | None = getattr(fn, _LOCALS, None)
    if cached is not None:
        return cached
    values: dict[str, ast.expr | ast.arg] = {}
    nested: dict[str, PyFunction] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and node.value is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            values[node.target.id] = node.value if node.value is not None else node.annotation
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            values[node.optional_vars.id] = node.context_expr
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node is not fn:
            nested.setdefault(node.name, node)
    for arg in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]:
        values[arg.arg] = arg
    setattr(fn, _LOCALS, (values, nested))
    return values, nested


def _local_assignment(fn: PyFunction, name: str) -> ast.expr | ast.arg | None:
    """The value last assigned to local ``name`` in ``fn`` (an expression), the parameter
    named ``name`` (an ``arg``), or None."""
    return _locals(fn)[0].get(name)


def _nested_function(fn: PyFunction, name: str) -> PyFunction | None:
    return _locals(fn)[1].get(name)


__all__ = ["CallGraph", "Edge", "External", "ModuleRef", "Symbol", "argument_for", "walk_with_scope"]
