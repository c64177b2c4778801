"""FastAPI endpoints: ``FastAPI``/``APIRouter`` objects, route decorators, ``add_api_route``,
``include_router`` prefixes and dependencies, and ``Depends``/``Security`` chains (also through
``Annotated`` aliases such as ``CurrentUser = Annotated[User, Depends(get_current_user)]``).

Source: FastAPI documentation, "Bigger Applications - Multiple Files" and "Dependencies"
(https://fastapi.tiangolo.com/tutorial/bigger-applications/).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from readycheck.analysis.endpoints.python_handlers import Scope, python_endpoint
from readycheck.analysis.names import is_admin_name, is_auth_name, is_limiter_name
from readycheck.analysis.python import PyModule, PythonProject, dotted, keyword, last_name, string_value
from readycheck.model import Endpoint, Parameter

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "options", "head", "trace")
SECURITY_SCHEMES = frozenset(
    {
        "OAuth2PasswordBearer",
        "OAuth2AuthorizationCodeBearer",
        "HTTPBearer",
        "HTTPBasic",
        "HTTPDigest",
        "APIKeyHeader",
        "APIKeyCookie",
        "APIKeyQuery",
        "OpenIdConnect",
    }
)
NON_INPUT_TYPES = frozenset(
    {
        "Request",
        "Response",
        "BackgroundTasks",
        "WebSocket",
        "Session",
        "AsyncSession",
        "HTTPConnection",
        "SecurityScopes",
    }
)
SOURCE_BY_MARKER = {
    "Query": "query",
    "Path": "path",
    "Body": "body",
    "Form": "form",
    "File": "form",
    "Header": "header",
    "Cookie": "header",
    "UploadFile": "form",
}

RouterKey = tuple[str, str]


@dataclass(kw_only=True)
class _Router:
    module: PyModule
    name: str
    is_app: bool
    prefix: str
    dependencies: list[ast.expr]


@dataclass(kw_only=True)
class _Include:
    parent: RouterKey
    child: RouterKey
    prefix: str
    dependencies: list[ast.expr]


@dataclass(kw_only=True)
class _Route:
    router: RouterKey
    module: PyModule
    fn: ast.FunctionDef | ast.AsyncFunctionDef
    methods: tuple[str, ...]
    path: str
    dependencies: list[ast.expr]
    line: int


@dataclass(kw_only=True)
class _Found:
    routers: dict[RouterKey, _Router] = field(default_factory=dict)
    includes: list[_Include] = field(default_factory=list)
    routes: list[_Route] = field(default_factory=list)


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


def _list_items(node: ast.expr | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.List | ast.Tuple) else []


def _imports_fastapi(module: PyModule) -> bool:
    return any(target == "fastapi" or target.startswith("fastapi.") for target in module.imports.values())


def _collect(project: PythonProject) -> _Found:
    found = _Found()
    modules = [m for m in project.index.by_path.values() if _imports_fastapi(m)]
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                kind = last_name(node.value.func)
                if kind in {"FastAPI", "APIRouter"}:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            found.routers[(module.source.path, target.id)] = _Router(
                                module=module,
                                name=target.id,
                                is_app=kind == "FastAPI",
                                prefix=constant_string(project, module, keyword(node.value, "prefix")) or "",
                                dependencies=_list_items(keyword(node.value, "dependencies")),
                            )
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    route = _route_decorator(module, node, decorator)
                    if route is not None:
                        found.routes.append(route)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = dotted(node.func.value)
                if owner is None:
                    continue
                if node.func.attr == "include_router" and node.args:
                    child = _resolve_router(project, module, node.args[0], found)
                    if child is not None:
                        found.includes.append(
                            _Include(
                                parent=(module.source.path, owner),
                                child=child,
                                prefix=constant_string(project, module, keyword(node, "prefix")) or "",
                                dependencies=_list_items(keyword(node, "dependencies")),
                            )
                        )
                elif node.func.attr == "add_api_route" and len(node.args) >= 2:
                    fn = _resolve_function(project, module, node.args[1])
                    path = string_value(node.args[0])
                    if fn is not None and path is not None:
                        methods = tuple(
                            (string_value(m) or "").upper() for m in _list_items(keyword(node, "methods"))
                        ) or ("GET",)
                        found.routes.append(
                            _Route(
                                router=(module.source.path, owner),
                                module=fn[0],
                                fn=fn[1],
                                methods=methods,
                                path=path,
                                dependencies=_list_items(keyword(node, "dependencies")),
                                line=node.lineno,
                            )
                        )
    return found


def _route_decorator(
    module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr
) -> _Route | None:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
        return None
    attr = decorator.func.attr
    owner = dotted(decorator.func.value)
    if owner is None or attr not in (*HTTP_METHODS, "api_route"):
        return None
    path = string_value(decorator.args[0]) if decorator.args else string_value(keyword(decorator, "path"))
    if path is None:
        return None
    if attr == "api_route":
        methods = tuple((string_value(m) or "").upper() for m in _list_items(keyword(decorator, "methods"))) or ("GET",)
    else:
        methods = (attr.upper(),)
    return _Route(
        router=(module.source.path, owner),
        module=module,
        fn=fn,
        methods=methods,
        path=path,
        dependencies=_list_items(keyword(decorator, "dependencies")),
        line=fn.decorator_list[0].lineno if fn.decorator_list else fn.lineno,
    )


def _resolve_router(project: PythonProject, module: PyModule, expr: ast.expr, found: _Found) -> RouterKey | None:
    name = dotted(expr)
    if name is None:
        return None
    if (module.source.path, name) in found.routers:
        return (module.source.path, name)
    resolved = project.index.resolve(module, name)
    if resolved is None:
        return None
    owner, attr = resolved
    if (owner.source.path, attr) in found.routers:
        return (owner.source.path, attr)
    return None


def _resolve_function(
    project: PythonProject, module: PyModule, expr: ast.expr
) -> tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    name = dotted(expr)
    if name is None:
        return None
    resolved = project.index.resolve(module, name)
    if resolved is None:
        return None
    owner, attr = resolved
    node = owner.top_level(attr)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return owner, node
    return None


def _prefixes(found: _Found) -> dict[RouterKey, list[tuple[str, list[ast.expr]]]]:
    """Every (full prefix, inherited dependencies) a router is reachable with from an app; a
    router no app includes keeps its own prefix."""
    children: dict[RouterKey, list[_Include]] = {}
    for include in found.includes:
        children.setdefault(include.parent, []).append(include)
    result: dict[RouterKey, list[tuple[str, list[ast.expr]]]] = {}

    def visit(key: RouterKey, prefix: str, deps: list[ast.expr], depth: int) -> None:
        router = found.routers.get(key)
        own_prefix = router.prefix if router else ""
        own_deps = router.dependencies if router else []
        full = join_route(prefix, own_prefix) if (prefix or own_prefix) else ""
        total = [*deps, *own_deps]
        result.setdefault(key, []).append((full, total))
        if depth > 10:
            return
        for include in children.get(key, []):
            visit(
                include.child,
                join_route(full, include.prefix) if (full or include.prefix) else "",
                [*total, *include.dependencies],
                depth + 1,
            )

    included = {i.child for i in found.includes}
    roots = [k for k, r in found.routers.items() if r.is_app or k not in included]
    roots += [i.parent for i in found.includes if i.parent not in found.routers and i.parent not in included]
    for root in dict.fromkeys(roots):
        visit(root, "", [], 0)
    return result


def _depends_target(node: ast.AST | None) -> ast.expr | None:
    """The dependency callable of ``Depends(x)``/``Security(x)``, or None."""
    if isinstance(node, ast.Call) and last_name(node.func) in {"Depends", "Security"}:
        if node.args:
            return node.args[0]
        return keyword(node, "dependency") or ast.Constant(value=None)
    return None


def _annotated_depends(project: PythonProject, module: PyModule, annotation: ast.expr | None) -> ast.expr | None:
    """``Annotated[User, Depends(f)]`` (directly or through a module-level alias) → ``f``."""
    for _ in range(3):
        if annotation is None:
            return None
        if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
            items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
            for item in items[1:]:
                target = _depends_target(item)
                if target is not None:
                    return target
            return None
        name = dotted(annotation)
        if name is None:
            return None
        resolved = project.index.resolve(module, name)
        if resolved is None:
            return None
        module, attr = resolved
        value = module.top_level(attr)
        annotation = value if isinstance(value, ast.expr) else None
    return None


@dataclass(kw_only=True)
class _DepInfo:
    auth: bool = False
    admin: bool = False


def _classify_dependency(project: PythonProject, module: PyModule, target: ast.expr, depth: int = 0) -> _DepInfo:
    """Whether a dependency authenticates the caller (by name, or because it depends on a
    security scheme such as ``OAuth2PasswordBearer``) and whether it requires an admin.
    Memoised per (module, dependency expression) on the project."""
    key = (module.source.path, ast.dump(target), depth)
    cached = project.memo.get(key)
    if isinstance(cached, _DepInfo):
        return cached
    info = _classify(project, module, target, depth)
    project.memo[key] = info
    return info


def _classify(project: PythonProject, module: PyModule, target: ast.expr, depth: int) -> _DepInfo:
    info = _DepInfo()
    name = last_name(target) or ""
    if isinstance(target, ast.Call):  # Depends(require_role("admin"))
        args = [string_value(a) or "" for a in target.args]
        if any(is_admin_name(a) for a in args):
            info.admin = True
    if is_auth_name(name):
        info.auth = True
    if is_admin_name(name):
        info.admin = True
    if depth > 3:
        return info
    resolved = _resolve_function(project, module, target.func if isinstance(target, ast.Call) else target)
    if resolved is None:
        scheme = project.index.resolve(module, dotted(target) or "")
        if scheme is not None:
            value = scheme[0].top_level(scheme[1])
            if isinstance(value, ast.Call) and last_name(value.func) in SECURITY_SCHEMES:
                info.auth = True
        return info
    owner, fn = resolved
    for arg, default in _params_with_defaults(fn):
        inner = _depends_target(default) or _annotated_depends(project, owner, arg.annotation)
        if inner is None:
            continue
        nested = _classify_dependency(project, owner, inner, depth + 1)
        info.auth |= nested.auth
        info.admin |= nested.admin
    for node in ast.walk(fn):
        if isinstance(node, ast.Attribute) and node.attr in {"is_superuser", "is_admin", "is_staff"}:
            parent_raises = any(isinstance(s, ast.Raise) for s in ast.walk(fn))
            if parent_raises and not info.admin and is_admin_name(name):
                info.admin = True
    return info


def _params_with_defaults(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.arg, ast.expr | None]]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    return pairs


def _unresolved(project: PythonProject, module: PyModule, annotation: ast.expr | None) -> bool:
    name = dotted(annotation) if annotation is not None else None
    return name is not None and project.index.resolve(module, name) is None


def constant_string(project: PythonProject, module: PyModule, expr: ast.expr | None) -> str | None:
    """The string an expression stands for: a literal, a module-level constant (followed
    through imports), or ``settings.NAME`` where exactly one class in the project declares
    ``NAME`` with a string default. ``{NAME}`` when it cannot be known."""
    if expr is None:
        return None
    literal = string_value(expr)
    if literal is not None:
        return literal
    name = dotted(expr)
    if name is None:
        return None
    resolved = project.index.resolve(module, name)
    if resolved is not None:
        found = resolved[0].top_level(resolved[1])
        if isinstance(found, ast.Constant) and isinstance(found.value, str):
            return found.value
    attr = name.rsplit(".", 1)[-1]
    values: set[str] = set()
    for other in project.index.by_path.values():
        for node in ast.walk(other.tree):
            if isinstance(node, ast.ClassDef):
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
                            values.add(text)
    if len(values) == 1:
        return values.pop()
    return "{" + attr + "}"


def fastapi_endpoints(project: PythonProject) -> list[Endpoint]:
    """Every FastAPI endpoint of the project, one per (method, full route)."""
    found = _collect(project)
    if not found.routes:
        return []
    prefixes = _prefixes(found)
    endpoints: list[Endpoint] = []
    for route in found.routes:
        for prefix, inherited in prefixes.get(route.router, [("", [])]):
            full = join_route(prefix, route.path)
            for method in route.methods:
                endpoints.append(_endpoint(project, route, method, full, [*inherited, *route.dependencies]))
    return endpoints


def _is_rate_limiter(target: ast.expr) -> bool:
    """fastapi-limiter's ``RateLimiter(times=..., seconds=...)`` or a dependency named like a
    limiter (``rate_limit``, ``throttle``)."""
    name = last_name(target)
    return name is not None and is_limiter_name(name)


def _endpoint(project: PythonProject, route: _Route, method: str, full: str, deps: list[ast.expr]) -> Endpoint:
    module, fn = route.module, route.fn
    scope = Scope()
    parameters: list[Parameter] = []
    auth: list[str] = []
    admin = False
    path_names = {part.strip("{}").split(":")[0] for part in full.split("/") if part.startswith("{")}
    limits: list[str] = []
    for dep in deps:
        target = _depends_target(dep)
        if target is None:
            continue
        if _is_rate_limiter(target):
            limits.append(f"Depends({last_name(target)}(...))")
            continue
        info = _classify_dependency(project, module, target)
        if info.auth:
            auth.append(f"Depends({last_name(target)})")
        admin |= info.admin
    for arg, default in _params_with_defaults(fn):
        annotation_name = last_name(
            arg.annotation.value if isinstance(arg.annotation, ast.Subscript) else arg.annotation
        )
        target = _depends_target(default) or _annotated_depends(project, module, arg.annotation)
        if target is not None and _is_rate_limiter(target):
            limits.append(f"Depends({last_name(target)}(...))")
            continue
        if target is not None:
            info = _classify_dependency(project, module, target)
            if info.auth:
                auth.append(f"Depends({last_name(target) or arg.arg})")
                scope.callers.add(arg.arg)
            admin |= info.admin
            continue
        by_name = annotation_name is not None and annotation_name not in project.schema_fields
        if (
            by_name
            and annotation_name is not None
            and (
                annotation_name.endswith(("Dep", "Session"))
                or (is_auth_name(annotation_name) and _unresolved(project, module, arg.annotation))
            )
        ):
            # an ``Annotated`` alias defined in a file that did not parse: judge it by its name
            if is_auth_name(annotation_name) and not annotation_name.endswith("Session"):
                auth.append(f"{annotation_name} (by name)")
                scope.callers.add(arg.arg)
                admin |= is_admin_name(annotation_name)
            continue
        if annotation_name in NON_INPUT_TYPES or arg.arg in {"self", "cls"}:
            if annotation_name in {"Request", "WebSocket", "HTTPConnection"}:
                scope.request_names.add(arg.arg)
            continue
        marker = last_name(default) if isinstance(default, ast.Call) else None
        if arg.arg in path_names:
            source = "path"
        elif marker in SOURCE_BY_MARKER:
            source = SOURCE_BY_MARKER[marker]
        elif annotation_name in SOURCE_BY_MARKER:
            source = SOURCE_BY_MARKER[annotation_name]
        elif annotation_name in project.schema_fields:
            source = "body"
            scope.body_types[arg.arg] = annotation_name
        elif annotation_name in project.model_fields:
            source = "body"
            scope.body_types[arg.arg] = annotation_name
        else:
            source = "query"
        parameters.append(Parameter(name=arg.arg, source=source))
        scope.inputs.add(arg.arg)
    return python_endpoint(
        project,
        module,
        fn,
        method=method,
        route=full,
        line=route.line,
        framework="fastapi",
        scope=scope,
        auth=auth,
        admin=admin,
        parameters=parameters,
        rate_limit=", ".join(limits) or None,
    )
