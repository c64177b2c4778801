"""Ownership through helpers (DESIGN.md section 1): whether an object a handler loads is scoped
to the caller somewhere other than the handler's own body.

Two questions, both answered through the code index and its call graph:

- **Is the receiver scoped?** ``self.repos.users.get_one(id)`` is safe when ``self.repos`` is
  built as ``AllRepositories(session, group_id=self.group_id)`` from the signed-in caller and
  the repository class reads that attribute; ``ItemService(db, owner_id=user.id).get(id)``
  likewise. :meth:`Tracer.scoped_receiver` follows attributes, properties, ``__init__``
  assignments and locals back to the constructor calls, and returns the hops when one of them
  passes the caller (or the caller's tenant) under an owner or tenant name.
- **What does a helper do?** A handler that calls ``crud.get_item(db, item_id, user.id)``
  delegates the lookup; :meth:`Tracer.follow` analyses the helper with its parameters bound to
  what the call passes (inputs, the caller), to a bounded depth, and lifts its lookups to the
  call site with the chain of hops.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from readycheck.analysis.names import words
from readycheck.analysis.python import PythonProject, Symbol, dotted, names_in
from readycheck.model import Hop

MAX_DEPTH = 3
# Words of an argument or attribute that scopes data to an owner or tenant.
TENANT_WORDS = frozenset(
    {
        "user",
        "owner",
        "tenant",
        "group",
        "household",
        "org",
        "organization",
        "organisation",
        "account",
        "workspace",
        "team",
        "company",
        "customer",
        "member",
        "author",
        "creator",
        "principal",
        "caller",
        "current",
    }
)


def is_tenant_name(name: str) -> bool:
    """True for an argument or attribute that names an owner or tenant: ``group_id``,
    ``owner``, ``tenant_id``, ``user``, ``current_user``, ``org_id``."""
    return bool(words(name) & TENANT_WORDS)


@dataclass(frozen=True, kw_only=True)
class Scoping:
    """A receiver scoped to the caller: the hops from the handler's expression to the
    constructor call that passes the caller, and a short description for the report."""

    chain: tuple[Hop, ...]
    description: str


class Tracer:
    """Ownership tracing over one project's code index, memoised per (function, expression)."""

    def __init__(self, project: PythonProject) -> None:
        self.project = project
        self.index = project.index
        self.calls = project.calls
        self._memo: dict[tuple[str, int, str, frozenset[str]], Scoping | None] = {}

    def scoped_receiver(self, fn: Symbol, expr: ast.expr, callers: set[str]) -> Scoping | None:
        """How ``expr`` (evaluated in ``fn``, whose caller-holding names are ``callers``) is
        scoped to the caller, or None when no constructor on its way receives the caller."""
        key = (fn.path, fn.line, ast.dump(expr), frozenset(callers))
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None
        found = self._scoped(fn, expr, callers, 0, ())
        self._memo[key] = found
        return found

    def _scoped(
        self, fn: Symbol, expr: ast.expr, callers: set[str], depth: int, trail: tuple[Hop, ...]
    ) -> Scoping | None:
        if depth > 6:
            return None
        if isinstance(expr, ast.Await):
            return self._scoped(fn, expr.value, callers, depth + 1, trail)
        if isinstance(expr, ast.Call):
            direct = self._call_scopes(fn, expr, callers, trail)
            if direct is not None:
                return direct
            for arg in [*expr.args, *(k.value for k in expr.keywords)]:
                inner = self._scoped(fn, arg, callers, depth + 1, trail)
                if inner is not None:
                    return inner
            if isinstance(expr.func, ast.Attribute):  # ``self.repos.users.by_group(...)``
                return self._scoped(fn, expr.func.value, callers, depth + 1, trail)
            return None
        if isinstance(expr, ast.Subscript):
            return self._scoped(fn, expr.value, callers, depth + 1, trail)
        if isinstance(expr, ast.Attribute):
            inner = self._scoped(fn, expr.value, callers, depth + 1, trail)
            if inner is not None:
                return inner
            return self._attribute(fn, expr, callers, depth, trail)
        if isinstance(expr, ast.Name):
            node = fn.function
            if node is None:
                return None
            for value in _local_values(node, expr.id):
                found = self._scoped(
                    fn, value, callers, depth + 1, (*trail, _hop(fn, value, f"{expr.id} = {_short(value)}"))
                )
                if found is not None:
                    return found
        return None

    def _attribute(
        self, fn: Symbol, expr: ast.Attribute, callers: set[str], depth: int, trail: tuple[Hop, ...]
    ) -> Scoping | None:
        """``self.x``: the property, class attribute or ``__init__`` assignment that gives x."""
        if not (isinstance(expr.value, ast.Name) and expr.value.id == "self" and fn.owner is not None):
            return None
        member = self.index.member(fn.owner, expr.attr)
        if not isinstance(member, Symbol):
            return None
        node = member.node
        method_owner = member.owner or fn.owner
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            prop = Symbol(module=member.module, name=member.name, node=node, line=node.lineno, owner=fn.owner)
            here = (
                *trail,
                Hop(path=member.path, line=node.lineno, note=f"self.{expr.attr} is {method_owner.name}.{expr.attr}"),
            )
            for value in _returned_values(node):
                found = self._scoped(prop, value, callers, depth + 1, here)
                if found is not None:
                    return found
            return None
        if isinstance(node, ast.expr) and not isinstance(node, ast.Constant):
            here = (*trail, Hop(path=member.path, line=member.line, note=f"self.{expr.attr} = {_short(node)}"))
            return self._scoped(fn, node, callers, depth + 1, here)
        return None

    def _call_scopes(self, fn: Symbol, call: ast.Call, callers: set[str], trail: tuple[Hop, ...]) -> Scoping | None:
        """A constructor or factory call that passes the caller under an owner or tenant name
        (keyword, or positional bound to such a parameter)."""
        pairs: list[tuple[str, ast.expr]] = [(k.arg, k.value) for k in call.keywords if k.arg]
        target = self.calls.resolve_callable(fn, call.func)
        init = None
        if isinstance(target, Symbol) and target.cls is not None:
            init = self.index.member(target, "__init__")
        elif isinstance(target, Symbol) and target.function is not None:
            init = target
        params: list[str] = []
        if isinstance(init, Symbol) and init.function is not None:
            params = [a.arg for a in [*init.function.args.posonlyargs, *init.function.args.args]]
            if params and params[0] in {"self", "cls"} and init.owner is not None:
                params = params[1:]
        pairs += [(params[i], arg) for i, arg in enumerate(call.args) if i < len(params)]
        for name, value in pairs:
            if not is_tenant_name(name):
                continue
            if self._holds_caller(value, callers):
                what = dotted(call.func) or "a constructor"
                uses = self._class_reads(target, name) if isinstance(target, Symbol) else None
                if isinstance(target, Symbol) and target.cls is not None and uses is None:
                    continue  # the class never reads what it is given
                hop = _hop(fn, call, f"{what}({name}={_short(value)}) scopes it to the caller")
                chain = (*trail, hop) + ((uses,) if uses else ())
                return Scoping(chain=chain, description=f"scoped by {what}({name}={_short(value)})")
        return None

    def _holds_caller(self, value: ast.expr, callers: set[str]) -> bool:
        for name in names_in(value):
            if name in callers or name.split(".", 1)[0] in callers:
                return True
            if any(name == c or name.startswith(c + ".") for c in callers):
                return True
            if name.startswith(("current_user", "request.user", "self.request.user", "g.user")):
                return True
        return False

    def _class_reads(self, cls: Symbol, attribute: str) -> Hop | None:
        """Where class ``cls`` (or an ancestor) reads ``self.<attribute>`` (or ``self._<attribute>``)
        in a method: evidence that it uses the scope it is given."""
        for ancestor in self.index.mro(cls):
            node = getattr(ancestor, "cls", None)
            if node is None:
                continue
            for stmt in node.body:
                if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) or stmt.name == "__init__":
                    continue
                for sub in ast.walk(stmt):
                    if (
                        isinstance(sub, ast.Attribute)
                        and isinstance(sub.value, ast.Name)
                        and sub.value.id == "self"
                        and sub.attr in {attribute, f"_{attribute}"}
                        and isinstance(sub.ctx, ast.Load)
                    ):
                        return Hop(
                            path=ancestor.path,  # type: ignore[union-attr]
                            line=sub.lineno,
                            note=f"{node.name}.{stmt.name} reads self.{sub.attr}",
                        )
        return None


_ALL_LOCALS = "_readycheck_all_locals"


def _local_values(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> Iterator[ast.expr]:
    """Every value assigned to local ``name`` in ``fn`` (memoised per function)."""
    table: dict[str, list[ast.expr]] | None = getattr(fn, _ALL_LOCALS, None)
    if table is None:
        table = {}
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        table.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                table.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
                table.setdefault(node.optional_vars.id, []).append(node.context_expr)
        setattr(fn, _ALL_LOCALS, table)
    yield from table.get(name, [])


def _returned_values(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and node.value is not None:
            yield node.value
    for node in ast.walk(fn):  # ``if not self._x: self._x = Cls(...)``; ``return self._x``
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            yield node.value


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _hop(fn: Symbol, node: ast.AST, note: str) -> Hop:
    return Hop(path=fn.path, line=getattr(node, "lineno", fn.line), note=note)
