"""Express endpoints and who may call them.

Routes: ``express()`` apps and ``express.Router()`` routers declared anywhere (module level,
inside functions, as class fields such as ``router = Router()`` with ``this.router.get(...)``),
routes ``router.get/post/...(path, ...middleware, handler)`` and ``router.route(path).get().post()``
chains, ``app.use([prefix], ...middleware, router)`` mounts (a router from another file,
an inline ``express.Router()``, a factory that returns one, ``require("./routes")``), and routers
passed as parameters (``module.exports = (app, db) => { app.post(...) }`` called as
``routes(app, db)``; ``export default function routes(app)``): the function's callers say which
app the parameter is. Mount tables in loops (``defaultRoutes.forEach((r) => router.use(r.path,
r.route))``, ``for (const r of routes)``) are expanded when the array is a literal of the
repository. Paths may be template literals (``${this.path}/:id``) whose parts are constants.

Authentication: middleware on the route, on the mount, and ``app.use``/``router.use`` calls
registered before the route or mount (order matters, as in Express), classified through the
code index (:mod:`readycheck.analysis.jsauthz`).

Source: Express "Routing" and "Using middleware" guides (https://expressjs.com/en/guide/routing.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.authz import AuthFacts, Guard
from readycheck.analysis.endpoints.javascript import JsContext, js_endpoint, request_scope
from readycheck.analysis.endpoints.jsroutes import (
    Key,
    MountEvent,
    ObjectRef,
    Resolver,
    RouteEvent,
    RouterGraph,
    RouterObject,
    UseEvent,
    element_member,
    enclosing_function,
    join,
    js_constant,
    literal_array,
)
from readycheck.analysis.js import (
    JsModule,
    JsProject,
    arguments,
    callee_name,
    find_kind,
    line_of,
    parameters,
    string_value,
)
from readycheck.analysis.jsauthz import JsGuards
from readycheck.analysis.jssymbols import FUNCTION_KINDS, JsExternal, JsNamespace, JsSymbols, JsValue, unwrap
from readycheck.analysis.names import is_limiter_callee
from readycheck.model import Endpoint, Hop, Parameter

EXPRESS_METHODS = ("get", "post", "put", "patch", "delete", "all", "options", "head")
# A module that registers a route on a parameter (``app.get("/x", ...)``) mentions neither
# express nor Router; this text test only decides which files are worth parsing for routes.
_ROUTE_CALL = re.compile(r"\.(?:get|post|put|patch|delete|all|use|route)\(\s*[\"'`]/")


def _short(node: SgNode) -> str:
    text = " ".join(node.text().split())
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(kw_only=True)
class _Binding:
    """A loop variable bound to the elements of a literal array (``routes.forEach((r) => ...)``)."""

    name: str
    module: JsModule
    elements: list[SgNode]


class RouterModel:
    """A router-graph model of one JS framework (Express here; Koa, Hono and Fastify subclass
    it): which calls create apps and routers, which register routes, mounts and middleware."""

    framework = "express"
    route_methods: tuple[str, ...] = EXPRESS_METHODS
    extra_methods: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ("express", "Router")

    def __init__(self, project: JsProject, symbols: JsSymbols, guards: JsGuards, context: JsContext) -> None:
        self.project = project
        self.symbols = symbols
        self.guards = guards
        self.context = context
        self.resolver = Resolver(project, symbols, self._creator)
        self.graph = RouterGraph()
        self.params: dict[Key, tuple[str, int, int]] = {}
        self.modules: list[JsModule] = []

    # -- recognising express objects ------------------------------------------------------

    def _creator(self, module: JsModule, call: SgNode) -> str | None:
        function = call.field("function")
        if function is None:
            return None
        function = unwrap(function)
        if function.kind() == "call_expression" and function.field("function") is not None:
            inner = function.field("function")
            if (
                inner is not None
                and inner.text() == "require"
                and string_value(arguments(function)[0] if arguments(function) else None) == "express"
            ):
                return "app"  # require("express")()
        target = self.symbols.expr(module, function) if function.kind() in {"identifier", "member_expression"} else None
        if isinstance(target, JsExternal) and target.specifier == "express":
            if target.name in {"default", "*"}:
                return "app"
            if target.name.endswith("Router"):
                return "router"
        if function.kind() == "member_expression":
            obj = function.field("object")
            prop = function.field("property")
            if obj is not None and prop is not None and prop.text() == "Router" and obj.kind() == "call_expression":
                inner = obj.field("function")
                if inner is not None and inner.text() == "require":
                    return "router"  # require("express").Router()
        return None

    def _creator_prefix(self, module: JsModule, node: SgNode) -> str:
        """A prefix the constructor call sets (Koa ``new Router({ prefix })``, Hono
        ``new Hono().basePath("/api")``); Express routers have none."""
        return ""

    def _extra_call(
        self, module: JsModule, call: SgNode, obj: SgNode, method: str, args: list[SgNode], binding: _Binding | None
    ) -> None:
        """Framework-specific registration calls named in :attr:`extra_methods`."""

    def _child(self, module: JsModule, node: SgNode) -> ObjectRef | None:
        """The router a mount argument names (Koa mounts ``router.routes()``)."""
        return self._object(module, node)

    def middleware_guard(self, module: JsModule, node: SgNode) -> tuple[Guard | None, Hop | None]:
        """(guard, unresolved hop) of one middleware argument."""
        return self.guards.middleware(module, node)

    def collect(self) -> None:
        for module in self.project.modules.values():
            text = module.source.text
            if not any(k in text for k in self.keywords) and not _ROUTE_CALL.search(text):
                continue  # a cheap text test first; the syntax tree decides
            self.modules.append(module)
            self._declarations(module)
        for module in self.modules:
            for call in module.root.find_all(kind="call_expression"):
                self._call(module, call)
        self._bind_parameters()
        self._cloud_function_prefixes()

    def _declarations(self, module: JsModule) -> None:
        for kind in ("variable_declarator", "public_field_definition", "field_definition"):
            for declarator in find_kind(module.root, kind):
                value = declarator.field("value")
                if value is None:
                    continue
                value = unwrap(value)
                if value.kind() not in {"call_expression", "new_expression"}:
                    continue
                created = self._creator(module, value)
                if created is None:
                    continue
                key = self.resolver.key_of_declaration(module, declarator)
                if key is None:
                    continue
                self.graph.objects[key] = RouterObject(
                    key=key,
                    kind=created,
                    created=Hop(path=module.source.path, line=line_of(declarator), note=_short(declarator)),
                    prefix=self._creator_prefix(module, value),
                )
        for assignment in module.root.find_all(kind="assignment_expression"):
            left, right = assignment.field("left"), assignment.field("right")
            if left is None or right is None or not left.text().startswith("this."):
                continue
            right = unwrap(right)
            if right.kind() in {"call_expression", "new_expression"} and (created := self._creator(module, right)):
                ref = self.resolver.object_of(module, left)
                if ref is not None:
                    self.graph.objects[ref.key] = RouterObject(
                        key=ref.key,
                        kind=created,
                        created=Hop(path=module.source.path, line=line_of(assignment), note=_short(assignment)),
                    )

    def _object(self, module: JsModule, expr: SgNode) -> ObjectRef | None:
        ref = self.resolver.object_of(module, expr)
        if ref is None:
            return None
        if ref.param is not None:
            self.params[ref.key] = ref.param
            return ref
        if ref.key not in self.graph.objects:
            if ref.key[1].startswith("new@"):
                node = unwrap(expr)
                created = self._creator(module, node) if node.kind() in {"call_expression", "new_expression"} else None
                if created:
                    self.graph.objects[ref.key] = RouterObject(
                        key=ref.key,
                        kind=created,
                        created=Hop(path=module.source.path, line=line_of(node), note=_short(node)),
                        prefix=self._creator_prefix(module, node),
                    )
                    return ref
            return None
        return ref

    # -- calls --------------------------------------------------------------------------

    def _call(self, module: JsModule, call: SgNode, binding: _Binding | None = None) -> None:
        function = call.field("function")
        if function is None or function.kind() != "member_expression":
            return
        obj, prop = function.field("object"), function.field("property")
        if obj is None or prop is None:
            return
        method = prop.text()
        if method not in {*self.route_methods, "use", *self.extra_methods}:
            return
        loop = binding or self._loop_binding(module, call)
        if loop is not None and binding is None:
            for element in loop.elements:
                self._call(module, call, _Binding(name=loop.name, module=loop.module, elements=[element]))
            return
        args = arguments(call)
        if method in self.extra_methods:
            self._extra_call(module, call, obj, method, args, binding)
            return
        if method in self.route_methods:
            chain_root = unwrap(obj)
            if chain_root.kind() == "call_expression" and callee_name(chain_root) in {*self.route_methods, "route"}:
                self._route_chain(module, call, method, args)
                return
            if not args:
                return
            path = self._constant(module, args[0], binding)
            handlers = args[1:]
            if path is not None and not path.startswith("/") and len(args) > 2:
                # a named route (Koa ``router.get("user", "/users/:id", ...)``)
                named = self._constant(module, args[1], binding)
                if named is not None and named.startswith("/"):
                    path, handlers = named, args[2:]
            if path is None:
                return
            owner = self._object(module, obj)
            if owner is None:
                return
            self._route(module, call, owner.key, method, path, handlers)
            return
        owner = self._object(module, obj)
        if owner is None:
            return
        self._use(module, call, owner.key, args, binding)

    def _loop_binding(self, module: JsModule, call: SgNode) -> _Binding | None:
        """When ``call`` is inside ``array.forEach((r) => ...)`` or ``for (const r of array)``
        over a literal array, the loop variable and the array's elements."""
        fn = enclosing_function(call)
        if fn is not None:
            parent = fn.parent()
            holder = parent.parent() if parent is not None and parent.kind() == "arguments" else None
            if holder is not None and holder.kind() == "call_expression" and callee_name(holder) in {"forEach", "map"}:
                callee = holder.field("function")
                source = callee.field("object") if callee is not None else None
                params = fn.field("parameters")
                names = [p.text() for p in (params.named_children() if params is not None else [])]
                single = fn.field("parameter")
                if single is not None:
                    names = [single.text()]
                if source is not None and names:
                    found = literal_array(self.symbols, module, source)
                    if found is not None:
                        return _Binding(name=names[0].split(":")[0].strip(), module=found[0], elements=found[1])
        parent = call.parent()
        while parent is not None and parent.kind() not in FUNCTION_KINDS:
            if parent.kind() == "for_in_statement":
                left, right = parent.field("left"), parent.field("right")
                if left is not None and right is not None:
                    found = literal_array(self.symbols, module, right)
                    if found is not None:
                        return _Binding(name=left.text(), module=found[0], elements=found[1])
            parent = parent.parent()
        return None

    def _substitute(self, node: SgNode, binding: _Binding | None) -> tuple[JsModule, SgNode] | None:
        """``r.path`` with ``r`` bound to an element of a route table → the element's value."""
        if binding is None:
            return None
        node = unwrap(node)
        if node.kind() == "member_expression":
            obj, prop = node.field("object"), node.field("property")
            if obj is not None and prop is not None and obj.text() == binding.name:
                value = element_member(binding.elements[0], prop.text())
                if value is not None:
                    return binding.module, value
        if node.kind() == "identifier" and node.text() == binding.name:
            return binding.module, binding.elements[0]
        return None

    def _constant(self, module: JsModule, node: SgNode, binding: _Binding | None) -> str | None:
        substituted = self._substitute(node, binding)
        if substituted is not None:
            return js_constant(self.symbols, substituted[0], substituted[1])
        node = unwrap(node)
        if binding is not None and node.kind() == "template_string":
            # `/${page}` inside ``for (const page of pages)``: the element's value
            parts: list[str] = []
            for child in node.named_children():
                if child.kind() == "template_substitution":
                    inner = child.named_children()
                    value = self._constant(module, inner[0], binding) if inner else None
                    parts.append(value if value is not None else "{" + (inner[0].text() if inner else "") + "}")
                else:
                    parts.append(child.text())
            return "".join(parts)
        return js_constant(self.symbols, module, node)

    def _route(
        self, module: JsModule, call: SgNode, owner: Key, method: str, path: str, handlers: list[SgNode]
    ) -> None:
        if not handlers:
            return
        position = call_position(call)
        self.graph.routes.append(
            RouteEvent(
                owner=owner,
                module=module,
                methods=(_http_method(method),),
                path=path,
                middleware=handlers[:-1],
                handler=handlers[-1],
                # the method's own line: a chained ``new Hono()\n  .get(...)\n  .delete(...)``
                # starts every link's call at the chain's first line
                line=position[0],
                order=position,
                note=f"{_short(call.field('function') or call)}({path!r})",
            )
        )

    def _route_chain(self, module: JsModule, call: SgNode, method: str, args: list[SgNode]) -> None:
        """``router.route("/x").get(h).post(h)``: each link is a route on the ``route`` call's
        owner and path."""
        node: SgNode | None = call
        links: list[tuple[str, list[SgNode], SgNode]] = []
        while node is not None and node.kind() == "call_expression":
            name = callee_name(node)
            function = node.field("function")
            if name == "route":
                route_args = arguments(node)
                owner_expr = function.field("object") if function is not None else None
                if owner_expr is None or not route_args:
                    return
                path = js_constant(self.symbols, module, route_args[0])
                owner = self._object(module, owner_expr)
                if owner is None or path is None:
                    return
                # only the outermost call records the whole chain once
                parent = call.parent()
                if parent is not None and parent.kind() == "member_expression":
                    return
                for link_method, link_args, link_call in links:
                    self._route(module, link_call, owner.key, link_method, path, link_args)
                return
            if name not in EXPRESS_METHODS or function is None:
                return
            links.append((name, arguments(node), node))
            holder = function.field("object")
            node = unwrap(holder) if holder is not None else None

    def _use(self, module: JsModule, call: SgNode, owner: Key, args: list[SgNode], binding: _Binding | None) -> None:
        prefix: str | None = None
        rest = list(args)
        if rest:
            first = self._constant(module, rest[0], binding)
            if first is not None:
                prefix = first
                rest = rest[1:]
        at = Hop(path=module.source.path, line=line_of(call), note=_short(call))
        order = call_position(call)
        guards: list[Guard] = []
        unknown: list[Hop] = []
        limits: list[str] = []
        for arg in rest:
            substituted = self._substitute(arg, binding)
            arg_module, arg_node = substituted if substituted is not None else (module, arg)
            child = self._child(arg_module, arg_node)
            if child is not None:
                self.graph.mounts.append(
                    MountEvent(
                        parent=owner,
                        child=child.key,
                        prefix=prefix or "",
                        guards=list(guards),
                        unknown=list(unknown),
                        order=order,
                        at=at,
                        limits=list(limits),
                    )
                )
                continue
            if _is_router_like(arg_node):
                unknown_hop = Hop(
                    path=module.source.path,
                    line=line_of(call),
                    note=f"mounts {_short(arg_node)}, which readycheck cannot resolve",
                )
                self.graph.uses.append(
                    UseEvent(owner=owner, prefix=prefix, guard=None, unknown=None, order=order, at=unknown_hop)
                )
                continue
            if self._is_limiter(arg_node):
                limits.append(_limiter_text(arg_node))
                self.graph.uses.append(
                    UseEvent(
                        owner=owner,
                        prefix=prefix,
                        guard=None,
                        unknown=None,
                        order=order,
                        at=at,
                        limit=_limiter_text(arg_node),
                    )
                )
                continue
            guard, unresolved = self.middleware_guard(arg_module, arg_node)
            if guard is not None:
                guards.append(guard)
                self.graph.uses.append(
                    UseEvent(owner=owner, prefix=prefix, guard=guard, unknown=None, order=order, at=at)
                )
            elif unresolved is not None and _may_authenticate(arg_node):
                unknown.append(unresolved)
                self.graph.uses.append(
                    UseEvent(owner=owner, prefix=prefix, guard=None, unknown=unresolved, order=order, at=at)
                )

    def _is_limiter(self, node: SgNode) -> bool:
        node = unwrap(node)
        function = node.field("function") if node.kind() == "call_expression" else None
        name = function.text() if function is not None else node.text()
        return is_limiter_callee(name or "")

    def _cloud_function_prefixes(self) -> None:
        """``exports.api = functions.https.onRequest(app)``: the app is served under ``/api``
        (the function's name), as Firebase Cloud Functions route it."""
        for module in self.project.modules.values():
            if "onRequest" not in module.source.text:
                continue
            for name, value in self.symbols.table(module).exports.items():
                node = value[1] if value[0] == "node" else self.symbols.table(module).top.get(str(value[1]))
                if not isinstance(node, SgNode):
                    continue
                node = unwrap(node)
                if node.kind() != "call_expression" or callee_name(node) != "onRequest":
                    continue
                args = arguments(node)
                ref = self._object(module, args[-1]) if args else None
                if ref is not None and ref.key in self.graph.objects:
                    self.graph.objects[ref.key].prefix = f"/{name}"

    # -- parameters ---------------------------------------------------------------------

    def _bind_parameters(self) -> None:
        """Replace events on a parameter (``(app) => { app.get(...) }``) by events on what the
        function's callers pass for it, ordered at the call."""
        for _ in range(3):
            pending = {key: param for key, param in self.params.items() if self._uses_key(key)}
            if not pending:
                return
            for key, (path, start, index) in pending.items():
                module = self.project.modules.get(path)
                fn = _function_at(module, start) if module is not None else None
                bound: list[tuple[Key, int]] = []
                if fn is not None:
                    for caller, call in self.resolver.call_sites(module, fn):  # type: ignore[arg-type]
                        call_args = arguments(call)
                        if index < len(call_args):
                            ref = self._object(caller, call_args[index])
                            if ref is not None:
                                bound.append((ref.key, line_of(call)))
                if not bound:
                    continue
                self._rekey(key, bound)
                del self.params[key]

    def _uses_key(self, key: Key) -> bool:
        return (
            any(r.owner == key for r in self.graph.routes)
            or any(m.parent == key or m.child == key for m in self.graph.mounts)
            or any(u.owner == key for u in self.graph.uses)
        )

    def _rekey(self, key: Key, bound: list[tuple[Key, int]]) -> None:
        routes, uses, mounts = [], [], []
        for target, line in bound:
            for route in self.graph.routes:
                if route.owner == key:
                    routes.append(RouteEvent(**{**route.__dict__, "owner": target, "order": (line, *route.order)}))
            for use in self.graph.uses:
                if use.owner == key:
                    uses.append(UseEvent(**{**use.__dict__, "owner": target, "order": (line, *use.order)}))
            for mount in self.graph.mounts:
                if mount.parent == key:
                    mounts.append(MountEvent(**{**mount.__dict__, "parent": target, "order": (line, *mount.order)}))
                if mount.child == key:
                    mounts.append(MountEvent(**{**mount.__dict__, "child": target}))
        self.graph.routes = [r for r in self.graph.routes if r.owner != key] + routes
        self.graph.uses = [u for u in self.graph.uses if u.owner != key] + uses
        self.graph.mounts = [m for m in self.graph.mounts if m.parent != key and m.child != key] + mounts

    # -- endpoints ----------------------------------------------------------------------

    def endpoints(self) -> list[Endpoint]:
        reaches = self.graph.reaches()
        endpoints: list[Endpoint] = []
        analysed: dict[tuple[str, int], tuple[JsModule, SgNode, object]] = {}
        for route in self.graph.routes:
            ways = reaches.get(route.owner)
            unresolved: str | None = None
            if ways is None:
                ways = []
            if not ways:
                from readycheck.analysis.endpoints.jsroutes import Reach

                ways = [Reach(prefix="", guards=(), unknown=(), hops=(), rooted=False, ancestors=())]
            handler = self._handler(route.module, route.handler) if route.handler is not None else None
            if handler is None:
                handler = (route.module, route.handler or route.module.root)
            handler_module, fn = handler
            scope, _ = request_scope(fn, express=True)
            marker = (handler_module.source.path, fn.range().start.index)
            if marker not in analysed:
                analysed[marker] = (handler_module, fn, self.context.analyse(fn, scope, handler_module))
            handled = analysed[marker][2]
            route_guards: list[Guard] = []
            route_unknown: list[Hop] = []
            route_roles: list[str] = []
            limits: list[str] = []
            for middleware in route.middleware:
                if self._is_limiter(middleware):
                    limits.append(_limiter_text(middleware))
                    continue
                guard, unknown = self.middleware_guard(route.module, middleware)
                if guard is not None:
                    route_guards.append(guard)
                elif (step := self.guards.role_step(route.module, middleware)) is not None:
                    route_roles.append(step)
                elif unknown is not None and _may_authenticate(middleware):
                    route_unknown.append(unknown)
            seen: set[tuple[str, str]] = set()
            registration = Hop(path=route.module.source.path, line=route.line, note=route.note)
            for way in ways:
                full = join(way.prefix, route.path)
                if (route.methods[0], full) in seen:
                    continue
                seen.add((route.methods[0], full))
                facts = self.graph.auth_for(route, route.owner, way, full)
                route_limits = [
                    *way.limits,
                    *self.graph.limits_before(route.owner, route.order, join(way.prefix, route.path), way.prefix),
                    *limits,
                ]
                for guard in route_guards:
                    facts.add(guard)
                facts.roles.extend(route_roles)
                facts.unknown.extend(route_unknown)
                unresolved = None
                if not way.rooted:
                    obj = self.graph.objects.get(route.owner)
                    unresolved = f"{route.owner[1]} is not mounted on an app readycheck can follow"
                    if not facts.guards:
                        facts.unknown.append(
                            Hop(
                                path=route.module.source.path,
                                line=route.line,
                                note=(
                                    f"the router ({obj.created.note if obj else route.owner[1]}) is not mounted on "
                                    "any app readycheck could follow (its prefix and middleware are unknown)"
                                ),
                            )
                        )
                if not facts.guards:
                    facts.looked.append(registration)
                    facts.looked.extend(way.hops[-3:])
                params = tuple(
                    Parameter(name=s[1:].rstrip("?"), source="path") for s in full.split("/") if s.startswith(":")
                )
                endpoints.append(
                    js_endpoint(
                        module=handler_module,
                        fn=fn,
                        method=route.methods[0],
                        route=full,
                        line=route.line,
                        framework=self.framework,
                        handler=_handler_name(route.handler),
                        scope=scope,
                        context=self.context,
                        facts=facts,
                        parameters_=params,
                        declared_in=route.module.source.path,
                        handler_facts=handled,  # type: ignore[arg-type]
                        rate_limit=", ".join(dict.fromkeys(route_limits)) or None,
                        evidence=(registration, *reversed(way.hops)),
                        unresolved=unresolved,
                    )
                )
        return endpoints

    def _delegate(self, module: JsModule, fn: SgNode) -> tuple[JsModule, SgNode] | None:
        """The function a thin route callback hands its request to, or None: the callback's
        whole body is one call (awaited or returned) that passes its request parameter first
        (``async (req, res) => CategoryFunctions.Create(req, res)``), to a function of the
        repository that takes the request as its own first parameter. That function is the
        real handler: its body is what the checks read."""
        params = parameters(fn)
        if not params or params[0].kind() != "identifier":
            return None
        request = params[0].text()
        body = fn.field("body")
        if body is None:
            return None
        if body.kind() == "statement_block":
            statements = [c for c in body.named_children() if c.kind() != "comment"]
            if len(statements) != 1 or statements[0].kind() not in {"expression_statement", "return_statement"}:
                return None
            inner = statements[0].named_children()
            if not inner:
                return None
            body = inner[0]
        call = unwrap(body.named_children()[0]) if body.kind() == "await_expression" and body.named_children() else body
        if call.kind() != "call_expression":
            return None
        args = arguments(call)
        if not args or args[0].kind() != "identifier" or args[0].text() != request:
            return None
        function = call.field("function")
        if function is None or function.kind() not in {"identifier", "member_expression"}:
            return None
        target = self.symbols.callable(self.symbols.expr(module, function))
        if not isinstance(target, JsValue) or unwrap(target.node).kind() not in FUNCTION_KINDS:
            return None
        delegate = unwrap(target.node)
        own = parameters(delegate)
        if not own or own[0].kind() != "identifier" or delegate == fn:
            return None
        return target.module, delegate

    def _handler(self, module: JsModule, node: SgNode, depth: int = 0) -> tuple[JsModule, SgNode] | None:
        """The function a route's last argument runs: inline, local, imported, a controller
        member, or the argument of a wrapper such as ``asyncHandler(fn)``/``catchAsync(fn)``."""
        if depth > 5:
            return None
        node = unwrap(node)
        kind = node.kind()
        if kind in FUNCTION_KINDS:
            delegate = self._delegate(module, node)
            return self._handler(delegate[0], delegate[1], depth + 1) if delegate is not None else (module, node)
        if kind == "call_expression":
            function = node.field("function")
            target = self.symbols.callable(self.symbols.expr(module, function)) if function is not None else None
            if isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS:
                body = unwrap(target.node)
                returned = [r for r in body.find_all(kind="return_statement") if enclosing_function(r) == body]
                for ret in returned:
                    values = ret.named_children()
                    if values and unwrap(values[0]).kind() in FUNCTION_KINDS:
                        # a handler factory; when it wraps its argument, the argument is the handler
                        params = body.field("parameters")
                        if params is not None and params.named_children() and arguments(node):
                            inner = self._handler(module, arguments(node)[-1], depth + 1)
                            if inner is not None:
                                return inner
                        return target.module, unwrap(values[0])
            args = arguments(node)
            return self._handler(module, args[-1], depth + 1) if args else None
        if kind in {"identifier", "member_expression"}:
            if kind == "member_expression" and node.text().endswith(".bind"):
                return None
            if kind == "member_expression" and callee_name_of(node) == "bind":
                return None
            target = self.symbols.callable(self.symbols.expr(module, node))
            if target is None:
                target = self.symbols.local(module, node)
            if isinstance(target, JsValue):
                value = unwrap(target.node)
                if value.kind() in FUNCTION_KINDS:
                    return target.module, value
                if value.kind() == "call_expression":
                    return self._handler(target.module, value, depth + 1)
            if kind == "identifier":
                fn = enclosing_function(node)
                if fn is not None:
                    from readycheck.analysis.endpoints.jsroutes import local_value

                    local = local_value(fn, node.text())
                    if local is not None:
                        return self._handler(module, local, depth + 1)
        return None


def _http_method(method: str) -> str:
    """``get`` → ``GET``; ``all`` → ``ANY``; Koa's ``del`` → ``DELETE``."""
    return {"all": "ANY", "del": "DELETE"}.get(method, method.upper())


def callee_name_of(member: SgNode) -> str:
    prop = member.field("property")
    return prop.text() if prop is not None else ""


def _function_at(module: JsModule, start: int) -> SgNode | None:
    for kind in FUNCTION_KINDS:
        for node in find_kind(module.root, kind):
            if node.range().start.index == start:
                return node
    return None


def _is_router_like(node: SgNode) -> bool:
    node = unwrap(node)
    text = node.text().split("(")[0].split(".")[-1].lower()
    return node.kind() in {"identifier", "member_expression", "call_expression"} and (
        "router" in text or "routes" in text or text.endswith("route")
    )


def _may_authenticate(node: SgNode) -> bool:
    """An unresolved middleware is only an unknown for authentication when it could be one
    (not ``cors()``, ``helmet()``, ``express.json()``, a logger)."""
    text = unwrap(node).text().split("(")[0].split(".")[-1]
    harmless = {
        "json",
        "urlencoded",
        "static",
        "cors",
        "helmet",
        "compression",
        "morgan",
        "cookieParser",
        "raw",
        "text",
        "bodyParser",
        "logger",
        "hpp",
        "xss",
        "mongoSanitize",
        "responseTime",
        "serve",
        "setup",
        "errorHandler",
        "notFound",
        "favicon",
        "methodOverride",
        "csrf",
        "session",
        "initialize",
    }
    return text not in harmless and not text.lower().endswith(("logger", "parser", "handler", "error", "errors"))


def _limiter_text(node: SgNode) -> str:
    node = unwrap(node)
    if node.kind() == "call_expression":
        function = node.field("function")
        return f"{function.text() if function else 'limiter'}(...)"
    return node.text()


def call_position(call: SgNode) -> tuple[int, int]:
    """Where a registration call sits, for ordering ``use`` before routes: the (line, column)
    of its method name, so the links of one chain (``new Hono().use(mw).get("/x", h)``, which
    all start where the chain starts) keep their written order."""
    function = call.field("function")
    name = function.field("property") if function is not None and function.kind() == "member_expression" else None
    start = (name or call).range().start
    return (start.line + 1, start.column)


def _handler_name(node: SgNode | None) -> str:
    if node is None:
        return "<anonymous>"
    node = unwrap(node)
    if node.kind() in {"identifier", "member_expression"}:
        return node.text()
    if node.kind() == "call_expression":
        args = arguments(node)
        return _handler_name(args[-1]) if args else "<anonymous>"
    return "<anonymous>"


def express_endpoints(project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> list[Endpoint]:
    """Every Express endpoint of the project, one per (method, full route) and way it is
    mounted, with its authorization decision and the evidence of how it was found."""
    model = RouterModel(project, symbols, guards, context)
    model.collect()
    if not model.graph.routes:
        return []
    return model.endpoints()


__all__ = ["AuthFacts", "JsNamespace", "express_endpoints"]
