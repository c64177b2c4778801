"""More Python route sources, and who may call them: Django Ninja, Litestar, Starlette, Sanic,
Tornado, aiohttp, Connexion (OpenAPI-routed), and GraphQL resolvers (Strawberry, Graphene).

- **Django Ninja**: ``NinjaAPI(auth=...)``, ``Router(auth=...)``, ``@api.get/post/...(path,
  auth=...)`` (``auth=None`` opts a route out), ``api.add_router(prefix, router)``, mounted by
  ``path("api/", api.urls)``.
- **Litestar**: ``@get/@post/...`` handlers, ``Controller`` classes (``path``, ``guards``),
  ``Router(path, route_handlers, guards)`` and ``Litestar(route_handlers, guards)``; guards are
  functions that raise ``NotAuthorizedException``.
- **Starlette**: ``Route``/``Mount`` lists, ``HTTPEndpoint`` classes, ``@requires(...)``.
- **Sanic**: ``Sanic`` apps, ``Blueprint(url_prefix=)``, ``app.blueprint(bp)``, decorators.
- **Tornado**: ``Application([(r"/path", Handler)])`` with ``@tornado.web.authenticated``.
- **aiohttp**: ``app.router.add_get/add_route``, ``app.add_routes([web.get(...)])``,
  ``RouteTableDef`` decorators, ``web.View`` classes, ``add_subapp``, middlewares.
- **Connexion**: ``app.add_api("openapi.yaml", base_path=...)``: the specification's paths and
  ``operationId`` handlers, with ``security`` (global, per operation, ``[]`` for public).
- **GraphQL**: Strawberry ``Query``/``Mutation`` types (``permission_classes``), Graphene
  ``resolve_*`` methods and ``Mutation.mutate``; listed as ``kind="rpc"``.

Sources: each framework's routing and authentication documentation; OpenAPI 3.1
"Security Requirement Object"; Connexion "Routing" and "Security".
"""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

import yaml
from yaml.nodes import Node

from readycheck.analysis import yamlnodes
from readycheck.analysis.authz import AuthFacts, Guard, hop, is_guard_name
from readycheck.analysis.data import parse_json
from readycheck.analysis.endpoints.common import constant_string, join_route
from readycheck.analysis.endpoints.flask import python_decorator_guard
from readycheck.analysis.endpoints.python_handlers import Scope, python_endpoint
from readycheck.analysis.names import is_admin_name
from readycheck.analysis.pycalls import walk_with_scope
from readycheck.analysis.python import (
    External,
    PyModule,
    PythonProject,
    Symbol,
    dotted,
    keyword,
    last_name,
    qualname_matches,
    string_value,
)
from readycheck.model import Endpoint, Hop, NotChecked, Parameter
from readycheck.repository import Repository

VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
PyFunction = ast.FunctionDef | ast.AsyncFunctionDef


def _items(node: ast.expr | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.List | ast.Tuple) else []


def _resolve(project: PythonProject, module: PyModule, expr: ast.expr | None) -> object:
    name = dotted(expr) if expr is not None else None
    return project.index.lookup(module, name) if name else None


def _is(found: object, *qualnames: str) -> bool:
    return isinstance(found, External) and qualname_matches(found.qualname, qualnames)


def _creates(project: PythonProject, module: PyModule, value: ast.AST, *qualnames: str) -> bool:
    if not isinstance(value, ast.Call):
        return False
    found = _resolve(project, module, value.func)
    if _is(found, *qualnames):
        return True
    return isinstance(found, Symbol) and found.cls is not None and project.index.is_subclass(found, *qualnames)


class _Base:
    framework = ""

    def run(self) -> None:
        """Collect the framework's endpoints into :attr:`endpoints`."""

    def __init__(self, project: PythonProject) -> None:
        self.project = project
        self.index = project.index
        self.endpoints: list[Endpoint] = []

    def guard_of(self, module: PyModule, expr: ast.expr, at: Hop) -> Guard | None:
        """A guard callable or instance given to a framework (``auth=JWTAuth()``,
        ``guards=[requires_user]``, ``permission_classes=[IsAuthenticated]``)."""
        target = expr.func if isinstance(expr, ast.Call) else expr
        found = _resolve(self.project, module, target)
        name = dotted(target) or ""
        if isinstance(found, Symbol):
            if found.function is not None:
                guard = self.project.guards.function(found)
                if guard is None and is_guard_name(found.short):
                    guard = Guard(
                        label=found.short,
                        chain=(hop(found.module, found.node, f"{found.short}, judged by its name"),),
                        by_name=True,
                    )
                if guard is not None:
                    return dataclasses.replace(
                        guard,
                        label=found.short,
                        chain=(at, *guard.chain),
                        admin=guard.admin or is_admin_name(found.short),
                    )
                return None
            if found.cls is not None:
                for method in ("authenticate", "has_permission", "__call__", "retrieve_user_handler"):
                    member = self.index.member(found, method)
                    if isinstance(member, Symbol) and member.function is not None:
                        inner = self.project.guards.function(member)
                        if inner is not None or method in {"authenticate", "has_permission"}:
                            chain = (
                                inner.chain
                                if inner is not None
                                else (hop(member.module, member.node, f"{member.name}() decides who may call"),)
                            )
                            return Guard(label=found.short, chain=(at, *chain), admin=is_admin_name(found.short))
                for ancestor in self.index.mro(found)[1:]:
                    if isinstance(ancestor, External) and (is_guard_name(ancestor.last) or ancestor.last in AUTH_BASES):
                        return Guard(
                            label=found.short,
                            chain=(at, hop(found.module, found.node, f"{found.short} extends {ancestor.last}")),
                        )
                return None
        if isinstance(found, External):
            if (
                found.last in AUTH_BASES
                or is_guard_name(found.last)
                or found.last in {"django_auth", "django_auth_superuser"}
            ):
                return Guard(
                    label=found.last,
                    chain=(Hop(path=at.path, line=at.line, note=f"{at.note}: {found.qualname}"),),
                    admin="superuser" in found.last,
                    by_name=True,
                )
            return None
        if is_guard_name(name.rsplit(".", 1)[-1]):
            return Guard(
                label=name, chain=(Hop(path=at.path, line=at.line, note=f"{name}, judged by its name"),), by_name=True
            )
        return None

    def emit(
        self,
        module: PyModule,
        fn: PyFunction,
        *,
        method: str,
        route: str,
        line: int,
        facts: AuthFacts,
        registration: Hop,
        kind: str = "http",
        extra_inputs: set[str] | None = None,
    ) -> None:
        for decorator in fn.decorator_list:
            guard, unknown = python_decorator_guard(self.project, module, decorator)
            facts.add(guard)
            if unknown is not None:
                facts.unknown.append(unknown)
        if not facts.guards:
            facts.looked.append(registration)
        scope = Scope(request_names={"request", "req"})
        params = [
            a.arg
            for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
            if a.arg not in {"self", "cls", "request", "req", "info", "root", "parent", "_"}
        ]
        scope.inputs.update(params)
        scope.inputs.update(extra_inputs or set())
        path_names = {s.strip("{}<>").split(":")[-1] for s in route.split("/") if s[:1] in "{<:"}
        parameters = [Parameter(name=p, source="path" if p in path_names else "query") for p in params]
        self.endpoints.append(
            python_endpoint(
                self.project,
                module,
                fn,
                method=method,
                route=route,
                line=line,
                framework=self.framework,
                scope=scope,
                auth=facts,
                admin=False,
                parameters=parameters,
                evidence=(registration,),
                kind=kind,
            )
        )


AUTH_BASES = frozenset(
    {
        "HttpBearer",
        "APIKeyHeader",
        "APIKeyQuery",
        "APIKeyCookie",
        "HttpBasicAuth",
        "JWTAuth",
        "AsyncJWTAuth",
        "SessionAuth",
        "IsAuthenticated",
        "BasePermission",
        "AbstractAuthenticationMiddleware",
    }
)


# -- Django Ninja -------------------------------------------------------------------------------


class Ninja(_Base):
    framework = "django-ninja"

    def run(self) -> None:
        apis: dict[tuple[str, str], tuple[PyModule, ast.Call, str]] = {}
        routers: dict[tuple[str, str], tuple[PyModule, ast.Call]] = {}
        modules = [m for m in self.index.by_path.values() if any(t.startswith("ninja") for t in m.imports.values())]
        for module in modules:
            for name, value in _module_assignments(module):
                if not isinstance(value, ast.Call):
                    continue
                if _creates(self.project, module, value, "ninja.NinjaAPI", "ninja_extra.NinjaExtraAPI"):
                    apis[(module.path, name)] = (module, value, "")
                elif _creates(self.project, module, value, "ninja.Router"):
                    routers[(module.path, name)] = (module, value)
        if not apis and not routers:
            return
        mounts = self._mounts(apis)
        attached: dict[tuple[str, str], list[tuple[str, tuple[str, str]]]] = {}
        for module in modules:
            for node in ast.walk(module.tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "add_router"
                    and len(node.args) >= 2
                ):
                    owner = self._key(module, node.func.value, apis, routers)
                    prefix = constant_string(self.project, module, node.args[0]) or ""
                    target = node.args[1]
                    if isinstance(target, ast.Constant) and isinstance(target.value, str):
                        mod_name, _, attr = target.value.rpartition(".")
                        other = self.index.find_module(mod_name, module.path)
                        child = (other.path, attr) if other is not None else None
                    else:
                        child = self._key(module, target, apis, routers)
                    if owner is not None and child is not None:
                        attached.setdefault(child, []).append((prefix, owner))
        for module in modules:
            for fn in [n for n in ast.walk(module.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
                for decorator in fn.decorator_list:
                    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                        continue
                    verb = decorator.func.attr
                    if verb not in {*VERBS, "api_operation"}:
                        continue
                    owner = self._key(module, decorator.func.value, apis, routers)
                    if owner is None:
                        continue
                    if verb == "api_operation":
                        methods = [string_value(m) or "" for m in _items(decorator.args[0] if decorator.args else None)]
                        path_node = decorator.args[1] if len(decorator.args) > 1 else keyword(decorator, "path")
                    else:
                        methods = [verb.upper()]
                        path_node = decorator.args[0] if decorator.args else keyword(decorator, "path")
                    path = constant_string(self.project, module, path_node) or ""
                    for prefix, facts, _trail in self._ways(owner, apis, routers, attached, mounts):
                        facts = facts.copy()
                        route_auth = keyword(decorator, "auth")
                        if route_auth is not None:
                            facts = AuthFacts()
                            self._auth(
                                module,
                                route_auth,
                                facts,
                                hop(module, decorator, f"auth={ast.unparse(route_auth)[:40]}"),
                            )
                        full = join_route(prefix, path)
                        registration = hop(module, decorator, f"@{ast.unparse(decorator.func)}({path!r})")
                        for method in methods:
                            self.emit(
                                module,
                                fn,
                                method=method.upper(),
                                route=full,
                                line=decorator.lineno,
                                facts=facts.copy(),
                                registration=registration,
                            )

    def _mounts(self, apis: dict[tuple[str, str], tuple[PyModule, ast.Call, str]]) -> dict[tuple[str, str], str]:
        """``path("api/", api.urls)`` prefixes per API (only direct URLconf entries)."""
        found: dict[tuple[str, str], str] = {}
        for module in self.index.by_path.values():
            if module.top_level("urlpatterns") is None:
                continue
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and last_name(node.func) in {"path", "re_path"} and len(node.args) >= 2:
                    target = node.args[1]
                    if isinstance(target, ast.Attribute) and target.attr == "urls":
                        key = self._key(module, target.value, apis, {})
                        if key is not None:
                            found[key] = "/" + (string_value(node.args[0]) or "").strip("^$").lstrip("/")
        return found

    def _key(
        self, module: PyModule, expr: ast.expr, *tables: Mapping[tuple[str, str], object]
    ) -> tuple[str, str] | None:
        name = dotted(expr)
        if name is None:
            return None
        if any((module.path, name) in t for t in tables):
            return (module.path, name)
        found = self.index.lookup(module, name)
        if isinstance(found, Symbol) and any(found.key in t for t in tables):
            return found.key
        return None

    def _auth(self, module: PyModule, value: ast.expr, facts: AuthFacts, at: Hop) -> None:
        if isinstance(value, ast.Constant) and value.value is None:
            facts.public.append(Hop(path=at.path, line=at.line, note="auth=None: the route is public"))
            return
        for item in _items(value) or [value]:
            facts.add(self.guard_of(module, item, at))

    def _ways(
        self,
        owner: tuple[str, str],
        apis: dict[tuple[str, str], tuple[PyModule, ast.Call, str]],
        routers: dict[tuple[str, str], tuple[PyModule, ast.Call]],
        attached: dict[tuple[str, str], list[tuple[str, tuple[str, str]]]],
        mounts: dict[tuple[str, str], str],
        depth: int = 0,
    ) -> Iterator[tuple[str, AuthFacts, tuple[Hop, ...]]]:
        """(prefix, auth facts, hops) of every way a router or API is reached."""
        if owner in apis:
            module, call, _ = apis[owner]
            facts = AuthFacts()
            auth = keyword(call, "auth")
            if auth is not None:
                self._auth(module, auth, facts, hop(module, call, f"NinjaAPI(auth={ast.unparse(auth)[:40]})"))
            if owner not in mounts:
                facts.unknown.append(hop(module, call, "this NinjaAPI is not in any URLconf readycheck could follow"))
            yield mounts.get(owner, ""), facts, ()
            return
        if depth > 6:
            return
        module_r, call_r = routers[owner]
        own = AuthFacts()
        auth = keyword(call_r, "auth")
        if auth is not None:
            self._auth(module_r, auth, own, hop(module_r, call_r, f"Router(auth={ast.unparse(auth)[:40]})"))
        parents = attached.get(owner, [])
        if not parents:
            facts = own.copy()
            facts.unknown.append(
                hop(module_r, call_r, "this Router is not added to any NinjaAPI readycheck could follow")
            )
            yield "", facts, ()
        for prefix, parent in parents:
            for parent_prefix, facts, trail in self._ways(parent, apis, routers, attached, mounts, depth + 1):
                merged = own.copy() if own.guards or own.public else facts.copy()
                yield join_route(parent_prefix, prefix), merged, trail


def _module_assignments(module: PyModule) -> list[tuple[str, ast.expr]]:
    found: list[tuple[str, ast.expr]] = []
    for scope, node in walk_with_scope(module.tree):
        if isinstance(node, ast.Assign) and node.value is not None and scope is None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.append((target.id, node.value))
    return found


# -- Litestar -----------------------------------------------------------------------------------


class Litestar(_Base):
    framework = "litestar"
    HANDLERS = (
        "litestar.get",
        "litestar.post",
        "litestar.put",
        "litestar.patch",
        "litestar.delete",
        "litestar.route",
        "litestar.handlers.get",
        "litestar.handlers.post",
        "litestar.handlers.put",
        "litestar.handlers.patch",
        "litestar.handlers.delete",
    )

    def run(self) -> None:
        modules = [m for m in self.index.by_path.values() if any(t.startswith("litestar") for t in m.imports.values())]
        apps: list[tuple[PyModule, ast.Call]] = []
        for module in modules:
            for _name, value in _module_assignments(module):
                if isinstance(value, ast.Call) and _creates(self.project, module, value, "litestar.Litestar"):
                    apps.append((module, value))
            for node in ast.walk(module.tree):
                if (
                    isinstance(node, ast.Call)
                    and _is(_resolve(self.project, module, node.func), "litestar.Litestar")
                    and (module, node) not in apps
                ):
                    apps.append((module, node))
        seen: set[int] = set()
        for module, app in apps:
            if id(app) in seen:
                continue
            seen.add(id(app))
            facts = AuthFacts()
            for item in _items(keyword(app, "guards")):
                facts.add(
                    self.guard_of(module, item, hop(module, item, f"Litestar(guards=[{ast.unparse(item)[:30]}])"))
                )
            self._handlers(module, _items(keyword(app, "route_handlers")), "", facts, 0)

    def _handlers(self, module: PyModule, items: list[ast.expr], prefix: str, facts: AuthFacts, depth: int) -> None:
        if depth > 6:
            return
        for item in items:
            if isinstance(item, ast.Call) and _is(_resolve(self.project, module, item.func), "litestar.Router"):
                inner = facts.copy()
                for guard in _items(keyword(item, "guards")):
                    inner.add(self.guard_of(module, guard, hop(module, guard, "Router guards")))
                path = (
                    constant_string(
                        self.project, module, keyword(item, "path") or (item.args[0] if item.args else None)
                    )
                    or ""
                )
                self._handlers(
                    module, _items(keyword(item, "route_handlers")), join_route(prefix, path), inner, depth + 1
                )
                continue
            found = _resolve(self.project, module, item)
            if (
                isinstance(found, Symbol)
                and isinstance(found.node, ast.Call)
                and _is(_resolve(self.project, found.module, found.node.func), "litestar.Router")
            ):
                self._handlers(found.module, [found.node], prefix, facts, depth + 1)
            elif isinstance(found, Symbol) and found.function is not None:
                self._function(found.module, found.function, prefix, facts)
            elif isinstance(found, Symbol) and found.cls is not None:
                inner = facts.copy()
                path_value = self.index.member(found, "path")
                path = (
                    string_value(path_value.node) or ""
                    if isinstance(path_value, Symbol) and isinstance(path_value.node, ast.expr)
                    else ""
                )
                guards = self.index.member(found, "guards")
                if isinstance(guards, Symbol) and isinstance(guards.node, ast.expr):
                    for guard in _items(guards.node):
                        inner.add(
                            self.guard_of(guards.module, guard, hop(guards.module, guard, f"{found.name}.guards"))
                        )
                for stmt in found.cls.body:
                    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                        self._function(found.module, stmt, join_route(prefix, path or ""), inner)

    def _function(self, module: PyModule, fn: PyFunction, prefix: str, facts: AuthFacts) -> None:
        for decorator in fn.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not _is(_resolve(self.project, module, func), *self.HANDLERS):
                continue
            verb = (dotted(func) or "").rsplit(".", 1)[-1]
            path = ""
            if isinstance(decorator, ast.Call):
                path = (
                    constant_string(
                        self.project, module, decorator.args[0] if decorator.args else keyword(decorator, "path")
                    )
                    or ""
                )
            methods = (
                [verb.upper()]
                if verb != "route"
                else [
                    (string_value(m) or "").upper()
                    for m in (_items(keyword(decorator, "http_method")) if isinstance(decorator, ast.Call) else [])
                ]
            )
            inner = facts.copy()
            if isinstance(decorator, ast.Call):
                for guard in _items(keyword(decorator, "guards")):
                    inner.add(self.guard_of(module, guard, hop(module, guard, "handler guards")))
            registration = hop(module, decorator, f"@{verb}({path!r})")
            for method in methods or ["GET"]:
                self.emit(
                    module,
                    fn,
                    method=method,
                    route=join_route(prefix, path),
                    line=decorator.lineno,
                    facts=inner.copy(),
                    registration=registration,
                )


# -- Starlette, Sanic, Tornado, aiohttp --------------------------------------------------------


class Starlette(_Base):
    framework = "starlette"

    def run(self) -> None:
        for module in self.index.by_path.values():
            if not any(t.startswith("starlette") for t in module.imports.values()):
                continue
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and _is(
                    _resolve(self.project, module, node.func), "starlette.applications.Starlette", "starlette.Starlette"
                ):
                    routes = keyword(node, "routes")
                    self._routes(module, self._list(module, routes), "", 0)

    def _list(self, module: PyModule, node: ast.expr | None) -> list[ast.expr]:
        if isinstance(node, ast.Name):
            value = module.top_level(node.id)
            return _items(value) if isinstance(value, ast.expr) else []
        return _items(node)

    def _routes(self, module: PyModule, items: list[ast.expr], prefix: str, depth: int) -> None:
        for item in items:
            if not isinstance(item, ast.Call) or depth > 6:
                continue
            kind = last_name(item.func)
            path = constant_string(self.project, module, item.args[0] if item.args else keyword(item, "path")) or ""
            if kind == "Mount":
                self._routes(module, self._list(module, keyword(item, "routes")), join_route(prefix, path), depth + 1)
            elif kind in {"Route", "WebSocketRoute"}:
                endpoint = item.args[1] if len(item.args) > 1 else keyword(item, "endpoint")
                found = _resolve(self.project, module, endpoint)
                registration = hop(module, item, f"{kind}({path!r})")
                methods = [(string_value(m) or "").upper() for m in _items(keyword(item, "methods"))] or ["GET"]
                if isinstance(found, Symbol) and found.function is not None:
                    for method in methods:
                        self.emit(
                            found.module,
                            found.function,
                            method=method,
                            route=join_route(prefix, path),
                            line=item.lineno,
                            facts=AuthFacts(),
                            registration=registration,
                        )
                elif isinstance(found, Symbol) and found.cls is not None:
                    for stmt in found.cls.body:
                        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in VERBS:
                            self.emit(
                                found.module,
                                stmt,
                                method=stmt.name.upper(),
                                route=join_route(prefix, path),
                                line=item.lineno,
                                facts=AuthFacts(),
                                registration=registration,
                            )


class Sanic(_Base):
    framework = "sanic"

    def run(self) -> None:
        owners: dict[tuple[str, str], str] = {}
        modules = [m for m in self.index.by_path.values() if any(t.startswith("sanic") for t in m.imports.values())]
        for module in modules:
            for name, value in _module_assignments(module):
                if _creates(self.project, module, value, "sanic.Sanic"):
                    owners[(module.path, name)] = ""
                elif _creates(self.project, module, value, "sanic.Blueprint") and isinstance(value, ast.Call):
                    owners[(module.path, name)] = (
                        constant_string(self.project, module, keyword(value, "url_prefix")) or ""
                    )
        for module in modules:
            for fn in [n for n in ast.walk(module.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
                for decorator in fn.decorator_list:
                    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                        continue
                    verb = decorator.func.attr
                    if verb not in {*VERBS, "route"}:
                        continue
                    name = dotted(decorator.func.value) or ""
                    found = self.index.lookup(module, name)
                    key = (
                        (module.path, name)
                        if (module.path, name) in owners
                        else (found.key if isinstance(found, Symbol) else None)
                    )
                    if key not in owners:
                        continue
                    path = (
                        constant_string(
                            self.project, module, decorator.args[0] if decorator.args else keyword(decorator, "uri")
                        )
                        or ""
                    )
                    methods = (
                        [(string_value(m) or "").upper() for m in _items(keyword(decorator, "methods"))]
                        if verb == "route"
                        else [verb.upper()]
                    )
                    registration = hop(module, decorator, f"@{name}.{verb}({path!r})")
                    for method in methods or ["GET"]:
                        self.emit(
                            module,
                            fn,
                            method=method,
                            route=join_route(owners[key], path),
                            line=decorator.lineno,
                            facts=AuthFacts(),
                            registration=registration,
                        )


class Tornado(_Base):
    framework = "tornado"

    def run(self) -> None:
        for module in self.index.by_path.values():
            if not any(t.startswith("tornado") for t in module.imports.values()):
                continue
            for node in ast.walk(module.tree):
                if not (isinstance(node, ast.Call) and _creates(self.project, module, node, "tornado.web.Application")):
                    continue
                handlers = node.args[0] if node.args else keyword(node, "handlers")
                items = _items(handlers)
                if isinstance(handlers, ast.Name):
                    value = module.top_level(handlers.id)
                    items = _items(value) if isinstance(value, ast.expr) else []
                for item in items:
                    parts = (
                        list(item.elts)
                        if isinstance(item, ast.Tuple)
                        else (list(item.args) if isinstance(item, ast.Call) else [])
                    )
                    if len(parts) < 2:
                        continue
                    path = (string_value(parts[0]) or "").removeprefix("^").removesuffix("$")
                    found = _resolve(self.project, module, parts[1])
                    if not (isinstance(found, Symbol) and found.cls is not None):
                        continue
                    registration = hop(module, item, f"({path!r}, {found.name})")
                    for method in VERBS:
                        member = self.index.member(found, method)
                        if isinstance(member, Symbol) and member.function is not None:
                            self.emit(
                                member.module,
                                member.function,
                                method=method.upper(),
                                route=path,
                                line=item.lineno,
                                facts=AuthFacts(),
                                registration=registration,
                            )


class Aiohttp(_Base):
    framework = "aiohttp"

    def run(self) -> None:
        for module in self.index.by_path.values():
            if not any(t.startswith("aiohttp") for t in module.imports.values()):
                continue
            tables = {
                name
                for name, value in _module_assignments(module)
                if _creates(self.project, module, value, "aiohttp.web.RouteTableDef")
            }
            middleware = AuthFacts()
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and _creates(self.project, module, node, "aiohttp.web.Application"):
                    for item in _items(keyword(node, "middlewares")):
                        middleware.add(
                            self.guard_of(module, item, hop(module, item, f"middleware {ast.unparse(item)[:40]}"))
                        )
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    attr = node.func.attr
                    if attr.startswith("add_") and attr[4:] in VERBS and len(node.args) >= 2:
                        self._one(module, attr[4:].upper(), node.args[0], node.args[1], node, middleware)
                    elif attr == "add_route" and len(node.args) >= 3:
                        self._one(
                            module,
                            (string_value(node.args[0]) or "ANY").upper(),
                            node.args[1],
                            node.args[2],
                            node,
                            middleware,
                        )
                    elif attr == "add_routes" and node.args:
                        for item in _items(node.args[0]):
                            if (
                                isinstance(item, ast.Call)
                                and last_name(item.func) in {*VERBS, "view", "route"}
                                and len(item.args) >= 2
                            ):
                                verb = last_name(item.func) or "get"
                                self._one(
                                    module,
                                    "ANY" if verb in {"view", "route"} else verb.upper(),
                                    item.args[0],
                                    item.args[1],
                                    item,
                                    middleware,
                                )
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    for decorator in node.decorator_list:
                        if (
                            isinstance(decorator, ast.Call)
                            and isinstance(decorator.func, ast.Attribute)
                            and dotted(decorator.func.value) in tables
                        ):
                            verb = decorator.func.attr
                            path = string_value(decorator.args[0]) if decorator.args else None
                            if path is None:
                                continue
                            registration = hop(module, decorator, f"@{ast.unparse(decorator.func)}({path!r})")
                            if isinstance(node, ast.ClassDef):
                                for stmt in node.body:
                                    if isinstance(stmt, ast.AsyncFunctionDef | ast.FunctionDef) and stmt.name in VERBS:
                                        self.emit(
                                            module,
                                            stmt,
                                            method=stmt.name.upper(),
                                            route=path,
                                            line=decorator.lineno,
                                            facts=middleware.copy(),
                                            registration=registration,
                                        )
                            else:
                                self.emit(
                                    module,
                                    node,
                                    method=verb.upper() if verb in VERBS else "ANY",
                                    route=path,
                                    line=decorator.lineno,
                                    facts=middleware.copy(),
                                    registration=registration,
                                )

    def _one(
        self, module: PyModule, method: str, path_node: ast.expr, handler: ast.expr, call: ast.Call, facts: AuthFacts
    ) -> None:
        path = string_value(path_node)
        found = _resolve(self.project, module, handler)
        if path is None or not isinstance(found, Symbol):
            return
        registration = hop(module, call, f"{ast.unparse(call.func)[:40]}({path!r})")
        if found.function is not None:
            self.emit(
                found.module,
                found.function,
                method=method,
                route=path,
                line=call.lineno,
                facts=facts.copy(),
                registration=registration,
            )
        elif found.cls is not None:
            for stmt in found.cls.body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in VERBS:
                    self.emit(
                        found.module,
                        stmt,
                        method=stmt.name.upper(),
                        route=path,
                        line=call.lineno,
                        facts=facts.copy(),
                        registration=registration,
                    )


# -- Connexion -----------------------------------------------------------------------------------


class Connexion(_Base):
    framework = "connexion"

    def run_specs(self, repo: Repository, not_checked: list[NotChecked]) -> None:
        """Read every specification added with ``add_api`` (missing ones noted)."""
        for module in self.index.by_path.values():
            if not any(t.startswith("connexion") for t in module.imports.values()):
                continue
            for node in ast.walk(module.tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "add_api"
                    and node.args
                ):
                    continue
                spec_name = string_value(node.args[0])
                folder = self._spec_dir(module)
                joined = node.args[0]
                if spec_name is None and isinstance(joined, ast.Call) and dotted(joined.func) == "os.path.join":
                    # os.path.join(os.path.dirname(__file__), "api.yml"): beside the module
                    parts = [string_value(a) for a in joined.args[1:]]
                    if joined.args and "__file__" in ast.unparse(joined.args[0]) and all(parts):
                        spec_name = "/".join(p for p in parts if p)
                        folder = str(PurePosixPath(module.path).parent)
                if spec_name is None:
                    continue
                candidates = [str(PurePosixPath(folder) / spec_name) if folder else spec_name, spec_name]
                source = next((repo.get(c) for c in candidates if repo.get(c) is not None), None)
                if source is None:
                    source = next((s for s in repo.files if s.path.endswith("/" + spec_name)), None)
                if source is None:
                    not_checked.append(
                        NotChecked(path=module.path, reason=f"add_api({spec_name!r}): the specification was not found")
                    )
                    continue
                base = string_value(keyword(node, "base_path"))
                self._spec(module, source.path, source.text, base, not_checked)

    def _spec_dir(self, module: PyModule) -> str:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and last_name(node.func) in {"App", "FlaskApp", "AsyncApp"}:
                value = keyword(node, "specification_dir")
                text = string_value(value)
                if text:
                    folder = PurePosixPath(module.path).parent / text
                    return str(folder).rstrip("/")
        return str(PurePosixPath(module.path).parent) if "/" in module.path else ""

    def _spec(self, module: PyModule, path: str, text: str, base: str | None, not_checked: list[NotChecked]) -> None:
        try:
            root = yamlnodes.compose(text)
        except yaml.YAMLError:
            try:
                root = yamlnodes.compose(json.dumps(parse_json(text)))
            except (ValueError, yaml.YAMLError):
                not_checked.append(NotChecked(path=path, reason="OpenAPI specification could not be read"))
                return
        if base is None:
            base = yamlnodes.scalar(yamlnodes.get(root, "basePath")) or ""
            servers = yamlnodes.sequence(yamlnodes.get(root, "servers"))
            if servers:
                url = yamlnodes.scalar(yamlnodes.get(servers[0], "url")) or ""
                base = (
                    "/" + url.split("://", 1)[-1].split("/", 1)[1]
                    if "://" in url and "/" in url.split("://", 1)[-1]
                    else (url if url.startswith("/") else "")
                )
        global_security = yamlnodes.get(root, "security")
        for route, _, item in yamlnodes.items(yamlnodes.get(root, "paths")):
            controller = yamlnodes.scalar(yamlnodes.get(item, "x-openapi-router-controller"))
            for method, method_key, operation in yamlnodes.items(item):
                if method not in VERBS:
                    continue
                operation_id = yamlnodes.scalar(yamlnodes.get(operation, "operationId"))
                if operation_id is None:
                    continue
                own_controller = yamlnodes.scalar(yamlnodes.get(operation, "x-openapi-router-controller")) or controller
                dotted_name = f"{own_controller}.{operation_id}" if own_controller else operation_id
                facts = self._security(
                    path, yamlnodes.get(operation, "security"), global_security, yamlnodes.line(operation)
                )
                registration = Hop(
                    path=path, line=yamlnodes.line(method_key), note=f"{method.upper()} {route} → {dotted_name}"
                )
                mod_name, _, func = dotted_name.rpartition(".")
                target = self.index.find_module(mod_name, module.path) if mod_name else None
                found = self.index.lookup(target, func) if target is not None else None
                full = join_route(base or "", route)
                if isinstance(found, Symbol) and found.function is not None:
                    self.emit(
                        found.module,
                        found.function,
                        method=method.upper(),
                        route=full,
                        line=yamlnodes.line(method_key),
                        facts=facts,
                        registration=registration,
                    )
                    # the finding belongs to the specification's line, the handler to its file
                    last = self.endpoints[-1]
                    self.endpoints[-1] = _with_place(last, path)
                else:
                    facts.unknown.append(
                        Hop(
                            path=path,
                            line=yamlnodes.line(method_key),
                            note=f"operationId {dotted_name} was not found in the repository",
                        )
                    )
                    self.endpoints.append(
                        Endpoint(
                            method=method.upper(),
                            route=full,
                            path=path,
                            line=yamlnodes.line(method_key),
                            framework=self.framework,
                            handler=dotted_name,
                            evidence=(registration,),
                            unresolved=f"handler {dotted_name} not found",
                            **facts.decide(),
                        )
                    )

    def _security(self, path: str, own: Node | None, global_security: Node | None, line: int) -> AuthFacts:
        facts = AuthFacts()
        chosen = own if own is not None else global_security
        if chosen is None:
            return facts
        requirements = yamlnodes.sequence(chosen)
        if not requirements or all(not list(yamlnodes.items(r)) for r in requirements):
            facts.public.append(
                Hop(path=path, line=yamlnodes.line(chosen), note="security: [] makes the operation public")
            )
            return facts
        names = [name for r in requirements for name, _, _ in yamlnodes.items(r)]
        where = "operation" if own is not None else "global"
        facts.add(
            Guard(
                label=f"OpenAPI security {', '.join(names)}",
                chain=(
                    Hop(path=path, line=yamlnodes.line(chosen), note=f"{where} security requires {', '.join(names)}"),
                ),
            )
        )
        return facts


def _with_place(endpoint: Endpoint, spec_path: str) -> Endpoint:
    from dataclasses import replace

    return replace(endpoint, handler_path=endpoint.path, path=spec_path)


# -- GraphQL ------------------------------------------------------------------------------------


class GraphQL(_Base):
    framework = "graphql"

    def run(self) -> None:
        for module in self.index.by_path.values():
            imports = list(module.imports.values())
            if any(t.startswith("strawberry") for t in imports):
                self._strawberry(module)
            if any(t.startswith("graphene") for t in imports):
                self._graphene(module)

    def _strawberry(self, module: PyModule) -> None:
        for cls in [n for n in module.tree.body if isinstance(n, ast.ClassDef)]:
            if not any(
                "strawberry.type" in (dotted(d.func if isinstance(d, ast.Call) else d) or "") or last_name(d) == "type"
                for d in cls.decorator_list
            ):
                continue
            root = cls.name if cls.name in {"Query", "Mutation", "Subscription"} else None
            if root is None:
                continue
            for stmt in cls.body:
                if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                decorator = next(
                    (d for d in stmt.decorator_list if last_name(d) in {"field", "mutation", "subscription"}), None
                )
                if decorator is None:
                    continue
                facts = AuthFacts()
                if isinstance(decorator, ast.Call):
                    for item in _items(keyword(decorator, "permission_classes")):
                        facts.add(
                            self.guard_of(
                                module, item, hop(module, item, f"permission_classes=[{ast.unparse(item)[:30]}]")
                            )
                        )
                registration = hop(module, decorator, f"{root}.{stmt.name}")
                self.emit(
                    module,
                    stmt,
                    method="POST" if root == "Mutation" else "GET",
                    route=f"graphql:{root}.{stmt.name}",
                    line=stmt.lineno,
                    facts=facts,
                    registration=registration,
                    kind="rpc",
                )

    def _graphene(self, module: PyModule) -> None:
        for cls in [n for n in module.tree.body if isinstance(n, ast.ClassDef)]:
            bases = {last_name(b) for b in cls.bases}
            if "ObjectType" in bases and cls.name.endswith("Query"):
                for stmt in cls.body:
                    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name.startswith("resolve_"):
                        field = stmt.name.removeprefix("resolve_")
                        self.emit(
                            module,
                            stmt,
                            method="GET",
                            route=f"graphql:Query.{field}",
                            line=stmt.lineno,
                            facts=AuthFacts(),
                            registration=hop(module, stmt, f"{cls.name}.{stmt.name}"),
                            kind="rpc",
                        )
            elif "Mutation" in bases or "ClientIDMutation" in bases:
                for stmt in cls.body:
                    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in {
                        "mutate",
                        "mutate_and_get_payload",
                    }:
                        self.emit(
                            module,
                            stmt,
                            method="POST",
                            route=f"graphql:Mutation.{cls.name}",
                            line=stmt.lineno,
                            facts=AuthFacts(),
                            registration=hop(module, stmt, f"{cls.name}.{stmt.name}"),
                            kind="rpc",
                        )


def more_python_endpoints(project: PythonProject, repo: Repository, not_checked: list[NotChecked]) -> list[Endpoint]:
    """Django Ninja, Litestar, Starlette, Sanic, Tornado, aiohttp, Connexion and GraphQL
    (Strawberry, Graphene) endpoints of the project."""
    found: list[Endpoint] = []
    for model_class in (Ninja, Litestar, Starlette, Sanic, Tornado, Aiohttp, GraphQL):
        model = model_class(project)
        model.run()
        found.extend(model.endpoints)
    connexion = Connexion(project)
    connexion.run_specs(repo, not_checked)
    found.extend(connexion.endpoints)
    return found
