"""FastAPI endpoints and who may call them.

Routes: ``FastAPI``/``APIRouter`` objects (and the repository's subclasses of them, whose
``__init__`` may add a prefix or dependencies), route decorators on functions and on methods
of class-based views (fastapi-utils/fastapi-restful ``@cbv(router)`` or a project's own
``@controller(router)``), ``add_api_route``, ``include_router`` prefixes (also in loops over
a literal list of routers) and ``mount`` of sub-applications, across files through the code
index. App factories (``def create_app(): app = FastAPI(); app.include_router(...)``) count.

Authentication is followed to where it is declared: ``FastAPI(dependencies=...)``,
``APIRouter(dependencies=...)``, a router subclass's ``super().__init__(dependencies=...)``,
``include_router(..., dependencies=...)``, route ``dependencies=``, ``Depends``/``Security``
parameters and ``Annotated[..., Depends(...)]`` aliases, class attributes
``user: User = Depends(get_current_user)`` of a class-based view and its base classes,
dependency chains (a dependency that depends on ``get_current_user``, a security scheme such
as ``OAuth2PasswordBearer``, or decodes a token and raises 401) and HTTP middleware that refuses
unauthenticated requests. Each endpoint's decision carries the hops that led to it.

Sources: FastAPI documentation, "Bigger Applications - Multiple Files", "Dependencies",
"Security" and "Sub Applications - Mounts" (https://fastapi.tiangolo.com/tutorial/);
fastapi-utils "Class Based Views" (https://fastapi-utils.davidmontague.xyz/user-guide/class-based-views/).
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field

from readycheck.analysis.authz import (
    AuthFacts,
    Guard,
    checks_role,
    denies,
    hop,
    is_guard_name,
    reads_caller,
    role_arguments,
)
from readycheck.analysis.endpoints.common import angle_params, constant_string, join_route
from readycheck.analysis.endpoints.python_handlers import Scope, python_endpoint
from readycheck.analysis.names import is_admin_name, is_limiter_name, is_role_name
from readycheck.analysis.pycalls import argument_for, walk_with_scope
from readycheck.analysis.python import (
    External,
    ModuleRef,
    Opaque,
    PyModule,
    PythonProject,
    Symbol,
    dotted,
    keyword,
    last_name,
    qualname_matches,
    string_value,
)
from readycheck.model import Endpoint, Hop, Parameter

__all__ = ["angle_params", "constant_string", "fastapi_endpoints", "join_route"]

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "options", "head", "trace")
ROUTER_CLASSES = (
    "fastapi.APIRouter",
    "fastapi.routing.APIRouter",
    "fastapi.FastAPI",
    "fastapi.applications.FastAPI",
    "*.InferringRouter",
)
APP_CLASSES = ("fastapi.FastAPI", "fastapi.applications.FastAPI")
SECURITY_SCHEMES = frozenset(
    {
        "OAuth2PasswordBearer",
        "OAuth2AuthorizationCodeBearer",
        "OAuth2",
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
# Properties of a class-based view that, when the view authenticates, stand for the caller or
# the caller's tenant (``self.group_id`` returning ``self.user.group_id``).
CALLER_PROPERTIES = frozenset(
    {
        "user",
        "current_user",
        "group",
        "group_id",
        "household",
        "household_id",
        "tenant",
        "tenant_id",
        "org",
        "org_id",
        "organization",
        "organization_id",
        "account",
        "account_id",
        "workspace",
        "workspace_id",
        "team",
        "team_id",
    }
)


@dataclass(kw_only=True)
class _Router:
    key: RouterKey
    module: PyModule
    is_app: bool
    prefix: str
    dependencies: list[tuple[PyModule, ast.expr]]
    created: Hop


@dataclass(kw_only=True)
class _Include:
    parent: RouterKey
    child: RouterKey
    prefix: str
    dependencies: list[tuple[PyModule, ast.expr]]
    at: Hop
    mount: bool = False


@dataclass(kw_only=True)
class _Route:
    router: RouterKey | None
    owner: str
    module: PyModule
    fn: ast.FunctionDef | ast.AsyncFunctionDef
    methods: tuple[str, ...]
    path: str
    dependencies: list[tuple[PyModule, ast.expr]]
    line: int


@dataclass(kw_only=True)
class _Middleware:
    app: RouterKey
    guard: Guard | None
    unknown: Hop | None
    exempt: tuple[str, ...]
    at: Hop


@dataclass(kw_only=True)
class _Found:
    routers: dict[RouterKey, _Router] = field(default_factory=dict)
    includes: list[_Include] = field(default_factory=list)
    routes: list[_Route] = field(default_factory=list)
    middleware: list[_Middleware] = field(default_factory=list)
    unresolved_includes: list[Hop] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class _Reach:
    """One way a router is reached from an app: full prefix, the dependencies added on the
    way (with the module each is written in), the hops of the way, and the app at its root
    (None when no app includes the router)."""

    prefix: str
    dependencies: tuple[tuple[PyModule, ast.expr, Hop], ...]
    hops: tuple[Hop, ...]
    app: RouterKey | None


def _list_items(node: ast.expr | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.List | ast.Tuple) else []


class _Model:
    """The FastAPI model of one project."""

    def __init__(self, project: PythonProject) -> None:
        self.project = project
        self.index = project.index
        self.found = _Found()
        self._router_class_memo: dict[tuple[str, str], tuple[bool, bool] | None] = {}

    # -- routers ------------------------------------------------------------------------

    def _router_kind(self, module: PyModule, call: ast.Call) -> tuple[bool, Symbol | None] | None:
        """(is an app, the repository router class) when ``call`` constructs a router or app."""
        name = dotted(call.func)
        if name is None:
            return None
        target = self.index.lookup(module, name)
        if isinstance(target, External):
            if qualname_matches(target.qualname, ROUTER_CLASSES):
                return qualname_matches(target.qualname, APP_CLASSES), None
            return None
        if isinstance(target, Symbol) and target.cls is not None:
            key = target.key
            if key not in self._router_class_memo:
                if self.index.is_subclass(target, *ROUTER_CLASSES):
                    self._router_class_memo[key] = (self.index.is_subclass(target, *APP_CLASSES), True)
                else:
                    self._router_class_memo[key] = None
            kind = self._router_class_memo[key]
            return (kind[0], target) if kind else None
        return None

    def _subclass_defaults(self, cls: Symbol) -> tuple[str | None, list[tuple[PyModule, ast.expr]], list[Hop]]:
        """(prefix, dependencies, hops) a router subclass's ``__init__`` passes to
        ``super().__init__``."""
        init = self.index.member(cls, "__init__")
        if not isinstance(init, Symbol) or init.function is None:
            return None, [], []
        prefix: str | None = None
        deps: list[tuple[PyModule, ast.expr]] = []
        hops: list[Hop] = []
        for node in ast.walk(init.function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
                items = _list_items(keyword(node, "dependencies"))
                deps.extend((init.module, d) for d in items)
                literal = string_value(keyword(node, "prefix"))
                if literal is not None:
                    prefix = literal
                if items:
                    hops.append(hop(init.module, node, f"{cls.name}.__init__ adds dependencies"))
        return prefix, deps, hops

    def collect(self) -> None:
        for module in self.index.by_path.values():
            if _may_hold_routers(module):
                self._collect_routers(module)
        for module in self.index.by_path.values():
            if not self._relevant(module):
                continue
            self._collect_calls(module)

    def _relevant(self, module: PyModule) -> bool:
        if any(t == "fastapi" or t.startswith("fastapi.") for t in module.imports.values()):
            return True
        return any(key[0] == module.source.path for key in self.found.routers) or bool(self._imported_routers(module))

    def _imported_routers(self, module: PyModule) -> bool:
        for name in module.bindings:
            found = self.index.lookup(module, name)
            if isinstance(found, Symbol) and found.key in self.found.routers:
                return True
            if isinstance(found, ModuleRef) and any(k[0] == found.module.source.path for k in self.found.routers):
                return True
            if isinstance(found, Symbol) and found.cls is not None and found.key in self._router_class_memo:
                return True
        return False

    def _collect_routers(self, module: PyModule) -> None:
        if not (module.imports or module.bindings):
            return
        for scope_name, stmt in _assignments(module.tree):
            if not isinstance(stmt.value, ast.Call):
                continue
            kind = self._router_kind(module, stmt.value)
            if kind is None:
                continue
            is_app, cls = kind
            call = stmt.value
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if not isinstance(target, ast.Name):
                    continue
                name = f"{scope_name}.<locals>.{target.id}" if scope_name else target.id
                prefix = constant_string(self.project, module, keyword(call, "prefix"))
                deps = [(module, d) for d in _list_items(keyword(call, "dependencies"))]
                created_note = f"{target.id} = {dotted(call.func)}(" + (f"prefix={prefix!r}" if prefix else "") + ")"
                if cls is not None:
                    own_prefix, own_deps, _hops = self._subclass_defaults(cls)
                    if prefix is None and own_prefix is not None:
                        prefix = own_prefix
                    deps = [*own_deps, *deps]
                    if own_deps:
                        created_note += f"; {cls.name}.__init__ adds dependencies ({cls.where})"
                key = (module.source.path, name)
                self.found.routers[key] = _Router(
                    key=key,
                    module=module,
                    is_app=is_app,
                    prefix=prefix or "",
                    dependencies=deps,
                    created=hop(module, stmt, created_note),
                )

    def router_ref(self, module: PyModule, expr: ast.expr, scope: str | None, depth: int = 0) -> RouterKey | None:
        """The router an expression names in ``module`` (inside function ``scope``); a
        parameter of that function is followed to what its callers pass."""
        name = dotted(expr)
        if name is None:
            return None
        if scope:
            local = (module.source.path, f"{scope}.<locals>.{name}")
            if local in self.found.routers:
                return local
        if (module.source.path, name) in self.found.routers:
            return (module.source.path, name)
        if scope and isinstance(expr, ast.Name) and depth < 3:
            fn = module.top_level(scope)
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and expr.id in [
                a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
            ]:
                symbol = Symbol(module=module, name=scope, node=fn, line=fn.lineno)
                for caller, caller_scope, call in self.project.calls.call_sites(symbol):
                    argument = argument_for(fn, call, expr.id)
                    if argument is not None:
                        key = self.router_ref(caller, argument, caller_scope, depth + 1)
                        if key is not None:
                            return key
                return None
        found = self.index.lookup(module, name)
        if isinstance(found, Symbol) and found.key in self.found.routers:
            return found.key
        if isinstance(found, Symbol) and found.owner is None and isinstance(found.node, ast.Name):
            # ``router = other_router`` aliases
            return self.router_ref(found.module, found.node, None)
        return None

    # -- routes, includes, middleware ---------------------------------------------------

    def _collect_calls(self, module: PyModule) -> None:
        for scope_name, node in walk_with_scope(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    route = self._route_decorator(module, node, decorator, scope_name)
                    if route is not None:
                        self.found.routes.append(route)
                    middleware = self._middleware_decorator(module, node, decorator, scope_name)
                    if middleware is not None:
                        self.found.middleware.append(middleware)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                self._call(module, node, scope_name)
            elif isinstance(node, ast.For):
                self._loop_includes(module, node, scope_name)

    def _call(self, module: PyModule, node: ast.Call, scope: str | None) -> None:
        assert isinstance(node.func, ast.Attribute)
        attr = node.func.attr
        if attr not in {"include_router", "add_api_route", "mount", "add_middleware", "api_route"}:
            return
        parent = self.router_ref(module, node.func.value, scope)
        if parent is None:
            if attr == "include_router" and (_owner_is_module_level(module, node.func.value, scope)):
                self.found.unresolved_includes.append(
                    hop(
                        module,
                        node,
                        f"{dotted(node.func.value)}.include_router(...) on a router readycheck cannot resolve",
                    )
                )
            return
        if attr == "include_router" and node.args:
            child_expr = node.args[0]
            if isinstance(child_expr, ast.Name) and _loop_variable(module, node, child_expr.id):
                return  # handled by _loop_includes
            child = self.router_ref(module, child_expr, scope)
            if child is None:
                self.found.unresolved_includes.append(
                    hop(
                        module,
                        node,
                        f"include_router({ast.unparse(child_expr)[:60]}) names a router readycheck cannot resolve",
                    )
                )
                return
            prefix = constant_string(self.project, module, keyword(node, "prefix")) or ""
            self.found.includes.append(
                _Include(
                    parent=parent,
                    child=child,
                    prefix=prefix,
                    dependencies=[(module, d) for d in _list_items(keyword(node, "dependencies"))],
                    at=hop(
                        module,
                        node,
                        f"include_router({ast.unparse(child_expr)[:60]}"
                        + (f", prefix={prefix!r}" if prefix else "")
                        + ")",
                    ),
                )
            )
        elif attr == "mount" and len(node.args) >= 2:
            child = self.router_ref(module, node.args[1], scope)
            path = string_value(node.args[0]) or ""
            if child is not None:
                self.found.includes.append(
                    _Include(
                        parent=parent,
                        child=child,
                        prefix=path,
                        dependencies=[],
                        at=hop(module, node, f"mount({path!r}, {ast.unparse(node.args[1])[:40]})"),
                        mount=True,
                    )
                )
        elif attr == "add_api_route" and len(node.args) >= 2:
            fn = self._function(module, node.args[1])
            route_path = string_value(node.args[0])
            if fn is not None and route_path is not None:
                methods = tuple((string_value(m) or "").upper() for m in _list_items(keyword(node, "methods"))) or (
                    "GET",
                )
                self.found.routes.append(
                    _Route(
                        router=parent,
                        owner=dotted(node.func.value) or "",
                        module=fn[0],
                        fn=fn[1],
                        methods=methods,
                        path=route_path,
                        dependencies=[(module, d) for d in _list_items(keyword(node, "dependencies"))],
                        line=node.lineno,
                    )
                )
        elif attr == "add_middleware" and node.args:
            self.found.middleware.append(self._middleware_class(module, parent, node))

    def _loop_includes(self, module: PyModule, loop: ast.For, scope: str | None) -> None:
        """``for r in [a.router, b.router]: app.include_router(r)`` (or over a module-level
        list or tuple)."""
        if not isinstance(loop.target, ast.Name):
            return
        variable = loop.target.id
        items: list[ast.expr] = _list_items(loop.iter)
        if not items and isinstance(loop.iter, ast.Name):
            value = module.top_level(loop.iter.id)
            items = _list_items(value) if isinstance(value, ast.expr) else []
        for node in ast.walk(loop):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "include_router"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == variable
            ):
                continue
            parent = self.router_ref(module, node.func.value, scope)
            if parent is None:
                continue
            if not items:
                self.found.unresolved_includes.append(
                    hop(module, node, f"include_router({variable}) in a loop over values readycheck cannot list")
                )
                continue
            for item in items:
                element = item.elts[0] if isinstance(item, ast.Tuple) and item.elts else item
                child = self.router_ref(module, element, scope)
                if child is None:
                    self.found.unresolved_includes.append(
                        hop(
                            module,
                            item,
                            f"include_router({ast.unparse(element)[:60]}) in a loop names an unknown router",
                        )
                    )
                    continue
                self.found.includes.append(
                    _Include(
                        parent=parent,
                        child=child,
                        prefix=constant_string(self.project, module, keyword(node, "prefix")) or "",
                        dependencies=[(module, d) for d in _list_items(keyword(node, "dependencies"))],
                        at=hop(module, item, f"include_router({ast.unparse(element)[:60]}) in a loop"),
                    )
                )

    def _route_decorator(
        self, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr, scope: str | None
    ) -> _Route | None:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            return None
        attr = decorator.func.attr
        owner = dotted(decorator.func.value)
        if owner is None or attr not in (*HTTP_METHODS, "api_route", "websocket"):
            return None
        path = string_value(decorator.args[0]) if decorator.args else string_value(keyword(decorator, "path"))
        if path is None:
            return None
        router = self.router_ref(module, decorator.func.value, scope)
        if router is None and not any(t.startswith("fastapi") for t in module.imports.values()):
            return None
        if attr == "api_route":
            methods = tuple((string_value(m) or "").upper() for m in _list_items(keyword(decorator, "methods"))) or (
                "GET",
            )
        elif attr == "websocket":
            methods = ("GET",)
        else:
            methods = (attr.upper(),)
        return _Route(
            router=router,
            owner=owner,
            module=module,
            fn=fn,
            methods=methods,
            path=path,
            dependencies=[(module, d) for d in _list_items(keyword(decorator, "dependencies"))],
            line=fn.decorator_list[0].lineno if fn.decorator_list else fn.lineno,
        )

    def _function(
        self, module: PyModule, expr: ast.expr
    ) -> tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        name = dotted(expr)
        found = self.index.lookup(module, name) if name else None
        if isinstance(found, Symbol) and found.function is not None:
            return found.module, found.function
        return None

    def _middleware_decorator(
        self, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr, scope: str | None
    ) -> _Middleware | None:
        if not (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "middleware"
        ):
            return None
        app = self.router_ref(module, decorator.func.value, scope)
        if app is None:
            return None
        symbol = self.project.calls.function_symbol(module, fn)
        guard = self.project.guards.function(symbol)
        at = hop(module, decorator, f"@{dotted(decorator.func.value)}.middleware('http') {fn.name}")
        if guard is None and (denies(fn) is None or reads_caller(fn) is None):
            guard = _token_middleware(module, fn, fn.name)
        return _Middleware(
            app=app,
            guard=_prefix_guard(guard, at),
            unknown=None,
            exempt=_exempt_paths(fn) if guard else (),
            at=at,
        )

    def _middleware_class(self, module: PyModule, app: RouterKey, call: ast.Call) -> _Middleware:
        name = dotted(call.args[0]) or ast.unparse(call.args[0])[:40]
        at = hop(module, call, f"add_middleware({name})")
        found = self.index.lookup(module, name)
        if isinstance(found, Symbol) and found.cls is not None:
            for method in ("dispatch", "__call__"):
                member = self.index.member(found, method)
                if isinstance(member, Symbol) and member.function is not None:
                    guard = self.project.guards.function(member, label=found.name)
                    if guard is None:
                        guard = _token_middleware(member.module, member.function, found.name)
                    return _Middleware(
                        app=app,
                        guard=_prefix_guard(guard, at),
                        unknown=None,
                        exempt=_exempt_paths(member.function) if guard else (),
                        at=at,
                    )
            return _Middleware(app=app, guard=None, unknown=None, exempt=(), at=at)
        if isinstance(found, External) and is_guard_name(found.last) and "Authentication" not in found.last:
            guard = self.project.guards.external(found, at, label=found.last)
            return _Middleware(app=app, guard=guard, unknown=None, exempt=(), at=at)
        return _Middleware(app=app, guard=None, unknown=None, exempt=(), at=at)

    # -- reach --------------------------------------------------------------------------

    def reaches(self) -> dict[RouterKey, list[_Reach]]:
        """Every (full prefix, dependencies, hops, app) a router is reachable with; a router no
        app reaches gets one reach with ``app=None``."""
        children: dict[RouterKey, list[_Include]] = {}
        for include in self.found.includes:
            children.setdefault(include.parent, []).append(include)
        result: dict[RouterKey, list[_Reach]] = {}

        def visit(key: RouterKey, reach: _Reach, depth: int, trail: frozenset[RouterKey]) -> None:
            router = self.found.routers.get(key)
            own_prefix = router.prefix if router else ""
            own_deps = tuple((m, d, router.created) for m, d in router.dependencies) if router else ()
            full = join_route(reach.prefix, own_prefix) if (reach.prefix or own_prefix) else ""
            here = _Reach(
                prefix=full,
                dependencies=(*reach.dependencies, *own_deps),
                hops=(*reach.hops, router.created) if router else reach.hops,
                app=reach.app,
            )
            result.setdefault(key, []).append(here)
            if depth > 12:
                return
            for include in children.get(key, []):
                if include.child in trail:
                    continue
                visit(
                    include.child,
                    _Reach(
                        prefix=join_route(full, include.prefix) if (full or include.prefix) else "",
                        dependencies=(*here.dependencies, *((m, d, include.at) for m, d in include.dependencies)),
                        hops=(*here.hops, include.at),
                        app=here.app,
                    ),
                    depth + 1,
                    trail | {include.child},
                )

        included = {i.child for i in self.found.includes}
        apps = [k for k, r in self.found.routers.items() if r.is_app and k not in included]
        for app in apps:
            visit(app, _Reach(prefix="", dependencies=(), hops=(), app=app), 0, frozenset({app}))
        for key in self.found.routers:
            if key not in result:
                visit(key, _Reach(prefix="", dependencies=(), hops=(), app=None), 0, frozenset({key}))
        return result

    # -- endpoints ----------------------------------------------------------------------

    def endpoints(self) -> list[Endpoint]:
        reaches = self.reaches()
        endpoints: list[Endpoint] = []
        cbv_memo: dict[int, tuple[list[str], list[tuple[PyModule, ast.expr, Hop, str]]]] = {}
        for route in self.found.routes:
            ways = reaches.get(route.router, []) if route.router else []
            if not ways:
                ways = [_Reach(prefix="", dependencies=(), hops=(), app=None)]
            verb = route.methods[0].lower() if len(route.methods) == 1 else "api_route"
            registration = hop(route.module, route.line, f"@{route.owner}.{verb}({route.path!r})")
            class_deps = cbv_memo.get(id(route.fn))
            if class_deps is None:
                class_deps = self._class_dependencies(route.module, route.fn)
                cbv_memo[id(route.fn)] = class_deps
            seen: set[tuple[str, str]] = set()
            for way in ways:
                full = join_route(way.prefix, route.path)
                for method in route.methods:
                    if (method, full) in seen:
                        continue
                    seen.add((method, full))
                    endpoints.append(self._endpoint(route, method, full, way, registration, class_deps))
        return endpoints

    def _class_dependencies(
        self, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[list[str], list[tuple[PyModule, ast.expr, Hop, str]]]:
        """The class attributes ``x: T = Depends(...)`` of the class-based view ``fn`` belongs
        to and of its base classes (the first definition in MRO wins): (names of the class's
        properties, ``(module, dependency, hop, attribute)`` per dependency)."""
        extra: list[tuple[PyModule, ast.expr, Hop, str]] = []
        properties: list[str] = []
        cls = self.index.enclosing_class(module, fn)
        if cls is None:
            return properties, extra
        seen: set[str] = set()
        for ancestor in self.index.mro(cls):
            if not isinstance(ancestor, Symbol) or ancestor.cls is None:
                continue
            for stmt in ancestor.cls.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    name, value, annotation = stmt.target.id, stmt.value, stmt.annotation
                elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    name, value, annotation = stmt.targets[0].id, stmt.value, None
                else:
                    continue
                if name in seen:
                    continue
                seen.add(name)
                if value is None and annotation is None:
                    continue
                target = _depends_target(value) or self._annotated_depends(ancestor.module, annotation)
                if target is None:
                    continue
                inherited = "" if ancestor.key == cls.key else f" (inherited by {cls.name})"
                at = hop(
                    ancestor.module,
                    stmt,
                    f"{ancestor.name}.{name} = Depends({ast.unparse(target)[:50]}){inherited}",
                )
                extra.append((ancestor.module, target, at, name))
            for stmt in ancestor.cls.body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    (dotted(d) or "").endswith("property") for d in stmt.decorator_list
                ):
                    properties.append(stmt.name)
        return properties, extra

    def _endpoint(
        self,
        route: _Route,
        method: str,
        full: str,
        way: _Reach,
        registration: Hop,
        class_deps: tuple[list[str], list[tuple[PyModule, ast.expr, Hop, str]]],
    ) -> Endpoint:
        module, fn = route.module, route.fn
        facts = AuthFacts()
        limits: list[str] = []
        unresolved: str | None = None
        if route.router is None:
            unresolved = f"{route.owner} is not a router readycheck can resolve"
            facts.unknown.append(
                hop(module, route.line, f"the route is registered on {route.owner}, which readycheck cannot resolve")
            )
        elif way.app is None:
            unresolved = f"no app includes the router {route.router[1]} in a way readycheck can follow"
            facts.unknown.append(
                hop(
                    module,
                    route.line,
                    f"router {route.router[1]} is not included by any app readycheck could follow "
                    "(its prefix and dependencies are unknown)",
                )
            )
        # Dependencies on the way, then route, class and parameter dependencies.
        deps: list[tuple[PyModule, ast.expr, Hop]] = list(way.dependencies)
        deps += [(m, d, registration) for m, d in route.dependencies]
        for dep_module, dep, at in deps:
            target = _depends_target(dep)
            if target is None:
                continue
            if _is_rate_limiter(target):
                limits.append(f"Depends({last_name(target)}(...))")
                continue
            self._add_dependency(facts, dep_module, target, at)
        scope = Scope()
        properties, class_targets = class_deps
        for dep_module, target, at, attribute in class_targets:
            if _is_rate_limiter(target):
                limits.append(f"Depends({last_name(target)}(...))")
                continue
            if self._add_dependency(facts, dep_module, target, at):
                scope.callers.add(f"self.{attribute}")
        if any(c.startswith("self.") for c in scope.callers):
            # properties of the view derived from the caller (``self.group_id``) hold the caller
            scope.callers.update(f"self.{p}" for p in properties if p in CALLER_PROPERTIES)
        parameters: list[Parameter] = []
        path_names = {part.strip("{}").split(":")[0] for part in full.split("/") if part.startswith("{")}
        for arg, default in _params_with_defaults(fn):
            annotation = arg.annotation
            annotation_name = last_name(annotation.value if isinstance(annotation, ast.Subscript) else annotation)
            target = _depends_target(default) or self._annotated_depends(module, annotation)
            if target is not None:
                if _is_rate_limiter(target):
                    limits.append(f"Depends({last_name(target)}(...))")
                    continue
                at = hop(module, arg, f"parameter {arg.arg} = Depends({ast.unparse(target)[:50]})")
                if self._add_dependency(facts, module, target, at, label=f"Depends({last_name(target) or arg.arg})"):
                    scope.callers.add(arg.arg)
                continue
            opaque = self.index.lookup(module, dotted(annotation) or "") if annotation is not None else None
            if (
                isinstance(opaque, Opaque)
                and annotation_name
                and (is_guard_name(annotation_name) or annotation_name.endswith(("Dep", "Session")))
            ):
                # an ``Annotated`` alias defined in a file that did not parse: judge it by its name
                if is_guard_name(annotation_name):
                    facts.add(
                        Guard(
                            label=f"{annotation_name} (by name)",
                            chain=(
                                hop(
                                    module,
                                    arg,
                                    f"parameter {arg.arg}: {annotation_name}, defined in {opaque.path}, which could "
                                    "not be parsed; judged by its name",
                                ),
                            ),
                            admin=is_admin_name(annotation_name),
                            by_name=True,
                        )
                    )
                    scope.callers.add(arg.arg)
                continue
            if annotation_name in NON_INPUT_TYPES or arg.arg in {"self", "cls"}:
                if annotation_name in {"Request", "WebSocket", "HTTPConnection"}:
                    scope.request_names.add(arg.arg)
                continue
            if (
                annotation_name
                and annotation_name.endswith(("Dep", "Session"))
                and annotation_name not in (self.project.schema_fields)
            ):
                alias = self.index.lookup(module, dotted(annotation) or annotation_name)
                if alias is None and is_guard_name(annotation_name) and not annotation_name.endswith("Session"):
                    # an ``Annotated`` alias defined in a file that did not parse: judge it by name
                    facts.add(
                        Guard(
                            label=f"{annotation_name} (by name)",
                            chain=(hop(module, arg, f"parameter {arg.arg}: {annotation_name}, judged by its name"),),
                            admin=is_admin_name(annotation_name),
                            by_name=True,
                        )
                    )
                    scope.callers.add(arg.arg)
                continue
            marker = last_name(default) if isinstance(default, ast.Call) else None
            if arg.arg in path_names:
                source = "path"
            elif marker in SOURCE_BY_MARKER:
                source = SOURCE_BY_MARKER[marker]
            elif annotation_name in SOURCE_BY_MARKER:
                source = SOURCE_BY_MARKER[annotation_name]
            elif annotation_name in self.project.schema_fields or annotation_name in self.project.model_fields:
                source = "body"
                scope.body_types[arg.arg] = annotation_name or ""
            else:
                source = "query"
            parameters.append(Parameter(name=arg.arg, source=source))
            scope.inputs.add(arg.arg)
        # App middleware.
        for middleware in self.found.middleware:
            if middleware.app != way.app:
                continue
            if middleware.guard is not None and not any(
                full == e or full.startswith(e.rstrip("/") + "/") for e in middleware.exempt
            ):
                facts.add(middleware.guard)
        if not facts.guards:
            facts.looked.append(registration)
            facts.looked.extend(way.hops[-3:])
            facts.looked.append(hop(module, fn, f"{fn.name}() parameters hold no authentication dependency"))
        evidence = (registration, *reversed(way.hops))
        return python_endpoint(
            self.project,
            module,
            fn,
            method=method,
            route=full,
            line=route.line,
            framework="fastapi",
            scope=scope,
            auth=facts,
            admin=False,
            parameters=parameters,
            rate_limit=", ".join(limits) or None,
            evidence=evidence,
            unresolved=unresolved,
        )

    # -- dependencies -------------------------------------------------------------------

    def _add_dependency(
        self, facts: AuthFacts, module: PyModule, target: ast.expr, at: Hop, label: str | None = None
    ) -> bool:
        """Classify one dependency and add what it gives to ``facts``; True when it is a guard."""
        guard, unknown = self._classify(module, target, at, 0)
        if guard is not None:
            facts.add(
                dataclasses.replace(guard, label=label or f"Depends({last_name(target) or ast.unparse(target)[:40]})")
            )
            return not guard.optional
        if unknown is not None:
            facts.unknown.append(unknown)
        return False

    def _classify(self, module: PyModule, target: ast.expr, at: Hop, depth: int) -> tuple[Guard | None, Hop | None]:
        """(guard, unresolved hop) of one dependency callable: the function, class instance,
        security scheme or library callable ``Depends(target)`` runs."""
        key = ("fastapi-dep", module.source.path, ast.dump(target), depth)
        cached = self.project.memo.get(key)
        if isinstance(cached, tuple):
            return (_prefix_guard(cached[0], at), cached[1])
        guard, unknown = self._classify_uncached(module, target, depth)
        self.project.memo[key] = (guard, unknown)
        return _prefix_guard(guard, at), unknown

    def _classify_uncached(self, module: PyModule, target: ast.expr, depth: int) -> tuple[Guard | None, Hop | None]:
        admin_argument = isinstance(target, ast.Call) and any(
            is_admin_name(string_value(a) or "")
            for a in [*target.args, *(k.value for k in target.keywords)]
            + [e for a in target.args if isinstance(a, ast.List | ast.Tuple | ast.Set) for e in a.elts]
        )
        role_argument = role_arguments(target)
        callee_expr = target.func if isinstance(target, ast.Call) else target
        name = dotted(callee_expr)
        if name is None:
            return None, None
        found = self.index.lookup(module, name)
        if depth > 4:
            return None, None
        if isinstance(found, External):
            if found.last in SECURITY_SCHEMES:
                soft = isinstance(target, ast.Call) and _is_false(keyword(target, "auto_error"))
                note = f"{found.qualname} security scheme" + (" with auto_error=False" if soft else "")
                return Guard(label=found.last, chain=(hop(module, target, note),), optional=soft), None
            guard = self.project.guards.external(found, hop(module, target, name), label=found.last)
            return _with_admin(guard, admin_argument, role_argument), None
        if isinstance(found, Symbol):
            guard = self._symbol_guard(found, target if isinstance(target, ast.Call) else None, depth)
            return _with_admin(guard, admin_argument, role_argument), None
        if isinstance(found, ModuleRef):
            return None, None
        if isinstance(found, Opaque):
            short = name.rsplit(".", 1)[-1]
            if is_guard_name(short):
                return (
                    Guard(
                        label=name,
                        chain=(
                            hop(
                                module,
                                target,
                                f"{name} is defined in {found.path}, which could not be parsed; judged by its name",
                            ),
                        ),
                        admin=is_admin_name(short) or admin_argument,
                        by_name=True,
                    ),
                    None,
                )
            return None, hop(module, target, f"dependency {name} is defined in {found.path}, which could not be parsed")
        # Unresolvable: a module of the repository that did not parse, or a local name.
        if is_guard_name(name.rsplit(".", 1)[-1]):
            return (
                Guard(
                    label=name,
                    chain=(hop(module, target, f"{name} could not be resolved; judged by its name"),),
                    admin=is_admin_name(name) or admin_argument,
                    by_name=True,
                ),
                None,
            )
        head = name.split(".", 1)[0]
        binding = module.bindings.get(head)
        if binding is not None and (
            binding.level or self.index.find_module(binding.module.split(".")[0], module.source.path)
        ):
            return None, hop(
                module, target, f"dependency {name} is imported from the repository but could not be resolved"
            )
        return None, None

    def _symbol_guard(self, symbol: Symbol, call: ast.Call | None, depth: int) -> Guard | None:
        node = symbol.node
        here = f"{symbol.short}"
        # A module-level value: a security scheme, an instance, or a factory's result.
        if symbol.function is None and symbol.cls is None:
            if isinstance(node, ast.Call):
                inner, _ = self._classify_uncached(symbol.module, node, depth + 1)
                if inner is not None:
                    return dataclasses.replace(
                        inner,
                        label=symbol.short,
                        chain=(
                            hop(symbol.module, symbol.line, f"{symbol.short} = {ast.unparse(node.func)[:40]}(...)"),
                            *inner.chain,
                        ),
                        admin=inner.admin or is_admin_name(symbol.short),
                    )
                callee = self.index.lookup(symbol.module, dotted(node.func) or "")
                if isinstance(callee, Symbol) and callee.cls is not None:
                    return self._class_guard(callee, depth, instance=True)
                if is_guard_name(symbol.short):
                    return Guard(
                        label=symbol.short,
                        chain=(
                            hop(
                                symbol.module,
                                symbol.line,
                                f"{symbol.short} = {ast.unparse(node)[:60]}, judged by its name",
                            ),
                        ),
                        admin=is_admin_name(symbol.short),
                        by_name=True,
                    )
            return None
        if symbol.cls is not None:
            return self._class_guard(symbol, depth, instance=call is not None)
        fn = symbol.function
        assert fn is not None
        if call is not None:
            # ``Depends(require_role("admin"))``: the factory returns the dependency
            for returned in _returned_functions(fn):
                nested = Symbol(
                    module=symbol.module, name=f"{symbol.name}.{returned.name}", node=returned, line=returned.lineno
                )
                guard = self._function_guard(nested, depth + 1)
                if guard is not None:
                    return dataclasses.replace(
                        guard,
                        label=symbol.short,
                        chain=(hop(symbol.module, fn, f"{symbol.short}(...) returns {returned.name}()"), *guard.chain),
                        admin=guard.admin or is_admin_name(symbol.short),
                    )
        guard = self._function_guard(symbol, depth)
        if guard is not None:
            return dataclasses.replace(guard, label=here)
        return None

    def _class_guard(self, cls: Symbol, depth: int, *, instance: bool) -> Guard | None:
        for method in ("__call__",) if instance else ("__init__", "__call__"):
            member = self.index.member(cls, method)
            if isinstance(member, Symbol) and member.function is not None:
                guard = self._function_guard(member, depth + 1)
                if guard is not None:
                    return dataclasses.replace(
                        guard,
                        label=cls.short,
                        chain=(hop(cls.module, cls.line, f"class {cls.short}"), *guard.chain),
                        admin=guard.admin or is_admin_name(cls.short),
                        role=guard.role or (cls.short if is_role_name(cls.short) else None),
                    )
        return None

    def _function_guard(self, fn: Symbol, depth: int) -> Guard | None:
        """A dependency function is a guard when one of its own dependencies is, or its body
        (and what it calls) authenticates."""
        node = fn.function
        if node is None:
            return None
        admin_here = is_admin_name(fn.short)
        optional: Guard | None = None
        for arg, default in _params_with_defaults(node):
            inner_target = _depends_target(default) or self._annotated_depends(fn.module, arg.annotation)
            if inner_target is None:
                inner_target = self._scheme_annotation(fn.module, arg.annotation)
            if inner_target is None:
                continue
            at = hop(fn.module, arg, f"{fn.short}() depends on {ast.unparse(inner_target)[:50]}")
            guard, _ = self._classify(fn.module, inner_target, at, depth + 1)
            if guard is not None and guard.optional:
                refused = denies(node)
                if refused is None:
                    optional = guard
                    continue
                guard = dataclasses.replace(
                    guard,
                    chain=(
                        *guard.chain,
                        hop(fn.module, refused[0], f"{fn.short}() refuses the request with {refused[1]}"),
                    ),
                    optional=False,
                )
            if guard is not None:
                role_line = checks_role(node)
                return dataclasses.replace(
                    guard,
                    label=fn.short,
                    admin=guard.admin or admin_here or _refuses_non_admin(node),
                    optional=False,
                    role=guard.role
                    or (f"{fn.short}() checks a role" if role_line is not None or is_role_name(fn.short) else None),
                )
        guard = self.project.guards.function(fn, depth)
        if guard is not None:
            return dataclasses.replace(guard, label=fn.short, admin=guard.admin or admin_here, optional=False)
        if optional is not None:
            return Guard(label=fn.short, chain=optional.chain, admin=False, by_name=optional.by_name, optional=True)
        return None

    def _scheme_annotation(self, module: PyModule, annotation: ast.expr | None) -> ast.expr | None:
        """``credentials: HTTPAuthorizationCredentials = Security(bearer)`` is covered by
        ``_depends_target``; a parameter typed ``HTTPAuthorizationCredentials`` alone is not."""
        return None

    def _annotated_depends(self, module: PyModule, annotation: ast.expr | None) -> ast.expr | None:
        """``Annotated[User, Depends(f)]`` (directly or through a module-level alias,
        followed across files) → ``f``."""
        for _ in range(4):
            if annotation is None:
                return None
            if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
                items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
                for item in items[1:]:
                    target = _depends_target(item)
                    if target is not None:
                        if isinstance(target, ast.Constant) and target.value is None and items:
                            return items[0]  # ``Annotated[Checker, Depends()]``
                        return target
                return None
            name = dotted(annotation)
            if name is None:
                return None
            found = self.index.lookup(module, name)
            if not isinstance(found, Symbol) or found.function is not None or found.cls is not None:
                return None
            module = found.module
            annotation = found.node if isinstance(found.node, ast.expr) else None
        return None


def _prefix_guard(guard: Guard | None, at: Hop) -> Guard | None:
    if guard is None:
        return None
    chain = guard.chain if guard.chain and guard.chain[0] == at else (at, *guard.chain)
    return dataclasses.replace(guard, chain=chain)


def _is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _with_admin(guard: Guard | None, admin: bool, role: str | None = None) -> Guard | None:
    """``guard`` required by a dependency call whose arguments name an admin role (``admin``)
    or any role or permission (``role``, see :func:`readycheck.analysis.authz.role_arguments`)."""
    if guard is None or not (admin or role):
        return guard
    return dataclasses.replace(guard, admin=guard.admin or admin, role=guard.role or role)


def _refuses_non_admin(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    from readycheck.analysis.authz import checks_admin

    return checks_admin(fn) is not None


def _token_middleware(module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> Guard | None:
    """An HTTP middleware that reads the Authorization header or a token and answers 401."""
    refused = denies(fn)
    if refused is None:
        return None
    text = {string_value(n) or "" for n in ast.walk(fn) if isinstance(n, ast.Constant)}
    if any(t.lower() in {"authorization", "x-api-key", "token", "access_token"} for t in text):
        return Guard(label=name, chain=(hop(module, refused[0], f"{name} refuses requests without a valid token"),))
    return None


def _exempt_paths(fn: ast.AST) -> tuple[str, ...]:
    """Route prefixes a middleware lets through without a check: string literals starting with
    ``/`` that the body compares with the request path."""
    found: list[str] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/"):
            found.append(node.value)
    return tuple(dict.fromkeys(found))


def _returned_functions(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    nested = {n.name: n for n in fn.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    found = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name) and node.value.id in nested:
            found.append(nested[node.value.id])
    return found


def _depends_target(node: ast.AST | None) -> ast.expr | None:
    """The dependency callable of ``Depends(x)``/``Security(x)``; for a bare ``Depends()``
    a ``None`` constant (the annotation is the dependency)."""
    if isinstance(node, ast.Call) and last_name(node.func) in {"Depends", "Security"}:
        if node.args:
            return node.args[0]
        return keyword(node, "dependency") or ast.Constant(value=None)
    return None


def _params_with_defaults(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.arg, ast.expr | None]]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    return pairs


def _is_rate_limiter(target: ast.expr) -> bool:
    """fastapi-limiter's ``RateLimiter(times=..., seconds=...)`` or a dependency named like a
    limiter (``rate_limit``, ``throttle``)."""
    name = last_name(target)
    return name is not None and is_limiter_name(name)


def _assignments(tree: ast.Module) -> list[tuple[str | None, ast.Assign | ast.AnnAssign]]:
    """Assignment statements at module level (scope None) and inside module-level functions
    (scope = the function's name), such as an app factory's ``app = FastAPI()``. Only
    statements are visited, not expressions, which keeps this cheap on large trees."""
    found: list[tuple[str | None, ast.Assign | ast.AnnAssign]] = []
    stack: list[tuple[str | None, ast.stmt]] = [(None, s) for s in reversed(tree.body)]
    while stack:
        scope, stmt = stack.pop()
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            found.append((scope, stmt))
            continue
        inner = stmt.name if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and scope is None else scope
        if isinstance(stmt, ast.ClassDef):
            continue
        for attribute in ("body", "orelse", "finalbody"):
            block = getattr(stmt, attribute, None)
            if isinstance(block, list):
                stack.extend((inner, s) for s in reversed(block) if isinstance(s, ast.stmt))
        for handler in getattr(stmt, "handlers", []) or []:
            stack.extend((inner, s) for s in reversed(handler.body))
    return found


def _may_hold_routers(module: PyModule) -> bool:
    """A cheap test before reading a module for router objects: it imports FastAPI, or a name
    that could be a router class of the repository (the text mentions ``Router`` or
    ``FastAPI``)."""
    if any(t == "fastapi" or t.startswith(("fastapi.", "fastapi_")) for t in module.imports.values()):
        return True
    return "Router" in module.source.text or "FastAPI" in module.source.text


def _owner_is_module_level(module: PyModule, expr: ast.expr, scope: str | None) -> bool:
    name = dotted(expr)
    if name is None:
        return False
    head = name.split(".", 1)[0]
    return scope is None and (module.top_level(head) is not None or head in module.bindings)


def _loop_variable(module: PyModule, call: ast.Call, name: str) -> bool:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and node.target.id == name:
            if any(sub is call for sub in ast.walk(node)):
                return True
    return False


def fastapi_endpoints(project: PythonProject) -> list[Endpoint]:
    """Every FastAPI endpoint of the project, one per (method, full route) and way it is
    mounted, each with its authorization decision and the evidence of how it was found."""
    model = _Model(project)
    model.collect()
    if not model.found.routes:
        return []
    return model.endpoints()
