"""Route helpers shared by the Python framework models: joining prefixes, route parameters,
and the constant string an expression stands for."""

from __future__ import annotations

import ast

from readycheck.analysis.python import PyModule, PythonProject, Symbol, dotted, string_value


def join_route(*parts: str) -> str:
    """Join route prefixes: ``("/api", "/invoices", "/{id}")`` → ``/api/invoices/{id}``; an
    empty result is ``/``."""
    route = ""
    for part in parts:
        if not part:
            continue
        route = route.rstrip("/") + "/" + part.lstrip("/") if route else part
    if not route.startswith("/"):
        route = "/" + route
    return route


def angle_params(route: str) -> list[str]:
    """Names of the ``<converter:name>`` segments of a Flask rule or Django path:
    ``/notes/<int:pk>/<slug>`` → ``["pk", "slug"]``."""
    return [part[1:-1].split(":")[-1] for part in route.split("/") if part.startswith("<") and part.endswith(">")]


def constant_string(project: PythonProject, module: PyModule, expr: ast.expr | None, depth: int = 0) -> str | None:
    """The string an expression stands for: a literal, an f-string or ``+`` of such parts, a
    module-level constant (followed through imports), or ``settings.NAME`` where exactly one
    class in the project declares ``NAME`` with a string default. A part that cannot be known
    is written ``{NAME}``."""
    if expr is None:
        return None
    literal = string_value(expr)
    if literal is not None:
        return literal
    if depth > 6:
        return None
    if isinstance(expr, ast.JoinedStr):
        parts: list[str] = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                inner = constant_string(project, module, value.value, depth + 1)
                parts.append(inner if inner is not None else "{" + (ast.unparse(value.value)[:30]) + "}")
        return "".join(parts)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left = constant_string(project, module, expr.left, depth + 1)
        right = constant_string(project, module, expr.right, depth + 1)
        if left is None or right is None:
            return None
        return left + right
    name = dotted(expr)
    if name is None:
        return None
    found = project.index.lookup(module, name)
    if isinstance(found, Symbol) and isinstance(found.node, ast.expr):
        value = found.node
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
        if isinstance(value, ast.JoinedStr | ast.BinOp):
            return constant_string(project, found.module, value, depth + 1)
    attr = name.rsplit(".", 1)[-1]
    values = _class_string_defaults(project, attr)
    if len(values) == 1:
        return next(iter(values))
    return "{" + attr + "}"


def _class_string_defaults(project: PythonProject, attr: str) -> set[str]:
    """The string defaults classes of the project give the attribute ``attr`` (settings
    classes), memoised per name; only modules that spell the name are read."""
    key = ("class_string_defaults", attr)
    cached = project.memo.get(key)
    if isinstance(cached, set):
        return cached
    found: set[str] = set()
    for other in project.index.by_path.values():
        if attr not in other.source.text:
            continue
        for node in ast.walk(other.tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for stmt in node.body:
                target = (
                    stmt.target
                    if isinstance(stmt, ast.AnnAssign)
                    else (stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None)
                )
                assigned = stmt.value if isinstance(stmt, ast.AnnAssign | ast.Assign) else None
                if isinstance(target, ast.Name) and target.id == attr and assigned is not None:
                    text = string_value(assigned)
                    if text is not None:
                        found.add(text)
    project.memo[key] = found
    return found
