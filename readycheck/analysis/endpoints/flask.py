"""Flask endpoints: ``Flask`` apps and ``Blueprint`` objects, ``@x.route``/``@x.get`` decorators,
``add_url_rule`` (also with ``MethodView.as_view``), ``register_blueprint`` prefixes (nested
blueprints included), authentication decorators and ``before_request`` guards.

Source: Flask documentation, "Modular Applications with Blueprints" and "Class-based Views"
(https://flask.palletsprojects.com/en/stable/blueprints/).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from readycheck.analysis.endpoints.common import angle_params, constant_string, join_route
from readycheck.analysis.endpoints.python_handlers import Scope, python_endpoint
from readycheck.analysis.names import is_admin_name, is_auth_name
from readycheck.analysis.python import PyModule, PythonProject, dotted, keyword, last_name, names_in, string_value
from readycheck.model import Endpoint, Parameter

VIEW_METHODS = ("get", "post", "put", "patch", "delete")
Key = tuple[str, str]


@dataclass(kw_only=True)
class _Blueprint:
    prefix: str
    is_app: bool
    guarded: str | None = None


@dataclass(kw_only=True)
class _Route:
    owner: Key
    module: PyModule
    fn: ast.FunctionDef | ast.AsyncFunctionDef
    methods: tuple[str, ...]
    rule: str
    line: int
    decorators: list[ast.expr] = field(default_factory=list)


def _imports_flask(module: PyModule) -> bool:
    return any(t == "flask" or t.startswith(("flask.", "flask_")) for t in module.imports.values())


def _decorator_auth(decorators: list[ast.expr]) -> tuple[list[str], bool]:
    auth: list[str] = []
    admin = False
    for decorator in decorators:
        name = last_name(decorator) or ""
        full = dotted(decorator.func if isinstance(decorator, ast.Call) else decorator) or name
        args = [string_value(a) or "" for a in decorator.args] if isinstance(decorator, ast.Call) else []
        if name in {"route", *VIEW_METHODS}:
            continue
        if is_auth_name(name) or is_auth_name(full.replace(".", "_")):
            auth.append(f"@{full}")
            admin |= is_admin_name(name) or any(is_admin_name(a) for a in args)
    return auth, admin


def flask_endpoints(project: PythonProject) -> list[Endpoint]:
    """Every Flask endpoint of the project, one per (method, full rule)."""
    modules = [m for m in project.index.by_path.values() if _imports_flask(m)]
    owners: dict[Key, _Blueprint] = {}
    routes: list[_Route] = []
    registrations: list[tuple[Key, Key, str | None]] = []
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                kind = last_name(node.value.func)
                if kind in {"Flask", "Blueprint", "APIBlueprint"}:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            owners[(module.source.path, target.id)] = _Blueprint(
                                prefix=constant_string(project, module, keyword(node.value, "url_prefix")) or "",
                                is_app=kind == "Flask",
                            )
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    route = _route(module, node, decorator)
                    if route is not None:
                        routes.append(route)
                    elif (
                        isinstance(decorator, ast.Attribute)
                        and decorator.attr == "before_request"
                        and (module.source.path, dotted(decorator.value) or "") in owners
                        and _guards(node)
                    ):
                        owners[
                            (module.source.path, dotted(decorator.value) or "")
                        ].guarded = f"before_request {node.name}"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = dotted(node.func.value) or ""
                if node.func.attr == "register_blueprint" and node.args:
                    child = _resolve(project, module, node.args[0], owners)
                    if child is not None:
                        prefix = keyword(node, "url_prefix")
                        registrations.append(
                            (
                                (module.source.path, owner),
                                child,
                                constant_string(project, module, prefix) if prefix is not None else None,
                            )
                        )
                elif node.func.attr == "add_url_rule":
                    routes.extend(_url_rule(project, module, node, owner))
    prefixes = _prefixes(owners, registrations)
    endpoints: list[Endpoint] = []
    for route in routes:
        own = owners.get(route.owner, _Blueprint(prefix="", is_app=False))
        for route_prefix, guard in prefixes.get(route.owner, [(own.prefix, own.guarded)]):
            full = join_route(route_prefix, route.rule)
            for method in route.methods:
                endpoints.append(_endpoint(project, route, method, full, guard))
    return endpoints


def _guards(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A ``before_request`` hook that rejects callers: it aborts or redirects and reads the
    session, ``current_user``, ``g.user`` or a JWT."""
    names = names_in(fn)
    rejects = any(
        isinstance(n, ast.Call) and last_name(n.func) in {"abort", "redirect", "jsonify"} for n in ast.walk(fn)
    )
    reads = any(n.split(".")[0] in {"session", "current_user", "g"} or is_auth_name(n.split(".")[-1]) for n in names)
    return rejects and reads


def _route(module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr) -> _Route | None:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
        return None
    attr = decorator.func.attr
    if attr not in {"route", *VIEW_METHODS}:
        return None
    rule = string_value(decorator.args[0]) if decorator.args else string_value(keyword(decorator, "rule"))
    if rule is None:
        return None
    if attr == "route":
        methods_node = keyword(decorator, "methods")
        items = methods_node.elts if isinstance(methods_node, ast.List | ast.Tuple | ast.Set) else []
        methods = tuple((string_value(m) or "").upper() for m in items) or ("GET",)
    else:
        methods = (attr.upper(),)
    return _Route(
        owner=(module.source.path, dotted(decorator.func.value) or ""),
        module=module,
        fn=fn,
        methods=methods,
        rule=rule,
        line=fn.decorator_list[0].lineno,
        decorators=[d for d in fn.decorator_list if d is not decorator],
    )


def _url_rule(project: PythonProject, module: PyModule, call: ast.Call, owner: str) -> list[_Route]:
    rule = string_value(call.args[0]) if call.args else string_value(keyword(call, "rule"))
    view = keyword(call, "view_func") or (call.args[2] if len(call.args) >= 3 else None)
    if rule is None or view is None:
        return []
    target = (
        view.func.value
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"
        else view
    )
    resolved = project.index.resolve(module, dotted(target) or "")
    if resolved is None:
        return []
    defining, name = resolved
    node = defining.top_level(name)
    routes: list[_Route] = []
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        methods_node = keyword(call, "methods")
        items = methods_node.elts if isinstance(methods_node, ast.List | ast.Tuple) else []
        methods = tuple((string_value(m) or "").upper() for m in items) or ("GET",)
        routes.append(
            _Route(
                owner=(module.source.path, owner),
                module=defining,
                fn=node,
                methods=methods,
                rule=rule,
                line=call.lineno,
                decorators=list(node.decorator_list),
            )
        )
    elif isinstance(node, ast.ClassDef):
        class_decorators: list[ast.expr] = []
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "decorators" for t in stmt.targets
            ):
                class_decorators = list(stmt.value.elts) if isinstance(stmt.value, ast.List | ast.Tuple) else []
        for stmt in node.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in VIEW_METHODS:
                routes.append(
                    _Route(
                        owner=(module.source.path, owner),
                        module=defining,
                        fn=stmt,
                        methods=(stmt.name.upper(),),
                        rule=rule,
                        line=call.lineno,
                        decorators=[*class_decorators, *stmt.decorator_list],
                    )
                )
    return routes


def _resolve(project: PythonProject, module: PyModule, expr: ast.expr, owners: dict[Key, _Blueprint]) -> Key | None:
    name = dotted(expr)
    if name is None:
        return None
    if (module.source.path, name) in owners:
        return (module.source.path, name)
    resolved = project.index.resolve(module, name)
    if resolved is not None and (resolved[0].source.path, resolved[1]) in owners:
        return (resolved[0].source.path, resolved[1])
    return None


def _prefixes(
    owners: dict[Key, _Blueprint], registrations: list[tuple[Key, Key, str | None]]
) -> dict[Key, list[tuple[str, str | None]]]:
    children: dict[Key, list[tuple[Key, str | None]]] = {}
    for parent, child, prefix in registrations:
        children.setdefault(parent, []).append((child, prefix))
    result: dict[Key, list[tuple[str, str | None]]] = {}

    def visit(key: Key, prefix: str, guard: str | None, depth: int) -> None:
        result.setdefault(key, []).append((prefix, guard))
        if depth > 8:
            return
        for child, override in children.get(key, []):
            info = owners.get(child, _Blueprint(prefix="", is_app=False))
            own = override if override is not None else info.prefix
            visit(child, join_route(prefix, own) if (prefix or own) else "", info.guarded or guard, depth + 1)

    registered = {c for _, c, _ in registrations}
    for key, info in owners.items():
        if key not in registered:
            visit(key, info.prefix, info.guarded, 0)
    return result


def _endpoint(project: PythonProject, route: _Route, method: str, full: str, guard: str | None) -> Endpoint:
    fn = route.fn
    auth, admin = _decorator_auth(route.decorators)
    if guard:
        auth.append(guard)
    scope = Scope(
        request_names={"request"}, flask_session=any(t == "flask.session" for t in route.module.imports.values())
    )
    rule_params = angle_params(full)
    parameters = [Parameter(name=p, source="path") for p in rule_params]
    scope.inputs.update(rule_params)
    if any(a.arg == "self" for a in fn.args.args):
        scope.inputs.update(a.arg for a in fn.args.args if a.arg != "self")
    if "flask_login.current_user" in route.module.imports.values() or "current_user" in route.module.imports:
        scope.callers.add("current_user")
    return python_endpoint(
        project,
        route.module,
        fn,
        method=method,
        route=full,
        line=route.line,
        framework="flask",
        scope=scope,
        auth=auth,
        admin=admin,
        parameters=parameters,
    )
