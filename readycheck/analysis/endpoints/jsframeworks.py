"""Koa, Hono and Fastify endpoints, on the Express model's router graph
(:class:`~readycheck.analysis.endpoints.express.RouterModel`).

- **Koa** (``@koa/router``, ``koa-router``): ``new Router({ prefix })``, ``router.get/post/
  put/patch/del/delete/all(path, ...middleware, handler)`` (also named routes
  ``router.get("name", "/path", ...)``), ``router.use([prefix], child.routes())`` and
  ``app.use(router.routes())``; koa-jwt ``jwt({ secret })`` and the project's own middleware
  as guards.
- **Hono**: ``new Hono()`` (and ``OpenAPIHono``), ``.basePath("/api")``, ``app.get/post/...``,
  ``app.on(method, path, ...)``, chained ``app.get(...).post(...)``, ``app.route(prefix, sub)``
  and ``app.use("/api/*", jwt({...}))``; ``hono/jwt``, ``bearerAuth``, ``basicAuth`` guards.
- **Fastify**: ``Fastify()``, ``app.get(path, [options], handler)`` with ``onRequest``/
  ``preHandler``/``preValidation`` options, ``app.route({ method, url, handler, ... })``,
  plugins ``app.register(plugin, { prefix })`` (the plugin's ``fastify`` parameter is a child
  context; ``fastify-plugin`` wrappers share their parent's), ``@fastify/autoload``
  folders, ``addHook("onRequest" | "preHandler" | ..., fn)`` for every route of the
  context, and ``decorate("authenticate", fn)`` referred to as ``fastify.authenticate``.

Sources: @koa/router README; Hono docs "Routing", "Middleware" and "JWT Auth Middleware";
Fastify docs "Routes", "Plugins", "Hooks" and "Decorators", @fastify/autoload README.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from ast_grep_py import SgNode

from readycheck.analysis.authz import Guard
from readycheck.analysis.endpoints.express import RouterModel, _Binding, call_position
from readycheck.analysis.endpoints.javascript import JsContext
from readycheck.analysis.endpoints.jsroutes import (
    MountEvent,
    ObjectRef,
    RouterObject,
    UseEvent,
    function_id,
    param_names,
)
from readycheck.analysis.js import JsModule, JsProject, arguments, callee_name, chain_top, line_of, string_value
from readycheck.analysis.jsauthz import JsGuards
from readycheck.analysis.jssymbols import (
    FUNCTION_KINDS,
    JsExternal,
    JsNamespace,
    JsSymbols,
    JsValue,
    object_property,
    unwrap,
)
from readycheck.model import Endpoint, Hop

HTTP = ("get", "post", "put", "patch", "delete", "options", "head", "all")


def _constructor(model: RouterModel, module: JsModule, node: SgNode) -> JsExternal | None:
    """The library class or function a ``new X()``/``X()`` creates, when it is a package's."""
    callee = node.field("constructor") if node.kind() == "new_expression" else node.field("function")
    if callee is not None and callee.kind() == "call_expression":  # require("fastify")({ logger: true })
        inner = callee.field("function")
        args = arguments(callee)
        if inner is not None and inner.text() == "require" and args and string_value(args[0]):
            return JsExternal(specifier=string_value(args[0]) or "", name="*")
    if callee is None or callee.kind() not in {"identifier", "member_expression"}:
        return None
    found = model.symbols.expr(module, callee)
    return found if isinstance(found, JsExternal) else None


class KoaModel(RouterModel):
    framework = "koa"
    route_methods = (*HTTP, "del")
    keywords = ("koa",)

    def _creator(self, module: JsModule, call: SgNode) -> str | None:
        made = _constructor(self, module, call)
        if made is None:
            return None
        if made.specifier in {"@koa/router", "koa-router", "koa-tree-router"}:
            return "router"
        if made.specifier == "koa":
            return "app"
        return None

    def _creator_prefix(self, module: JsModule, node: SgNode) -> str:
        args = arguments(node)
        options = unwrap(args[0]) if args else None
        if options is not None and options.kind() == "object":
            prefix = object_property(options, "prefix")
            return string_value(prefix) or "" if prefix is not None else ""
        return ""

    def _child(self, module: JsModule, node: SgNode) -> ObjectRef | None:
        node = unwrap(node)
        if node.kind() == "call_expression" and callee_name(node) in {"routes", "middleware"}:
            function = node.field("function")
            owner = function.field("object") if function is not None else None
            return self._object(module, owner) if owner is not None else None
        return self._object(module, node)


# Calls of a Hono chain (each returns the app): routes, mounts, middleware, the base path.
CHAIN_CALLS = frozenset({*HTTP, "on", "route", "use", "basePath", "onError", "notFound", "mount", "all"})


def _chain_links(node: SgNode) -> tuple[list[SgNode], SgNode]:
    """The :data:`CHAIN_CALLS` calls of a chain, outermost first, and the expression the chain
    starts from (``new Hono()`` of ``new Hono().basePath("/api").use(logger())``)."""
    links: list[SgNode] = []
    current = unwrap(node)
    while current.kind() == "call_expression" and callee_name(current) in CHAIN_CALLS:
        function = current.field("function")
        holder = function.field("object") if function is not None else None
        if holder is None:
            break
        links.append(current)
        current = unwrap(holder)
    return links, current


def _chain_root(node: SgNode) -> SgNode:
    """The expression a chain of :data:`CHAIN_CALLS` starts from (see :func:`_chain_links`)."""
    return _chain_links(node)[1]


class HonoModel(RouterModel):
    framework = "hono"
    route_methods = HTTP
    extra_methods = frozenset({"route", "on"})
    keywords = ("hono",)

    def _creator(self, module: JsModule, call: SgNode) -> str | None:
        root = _chain_root(call)
        made = _constructor(self, module, root) if root.kind() in {"new_expression", "call_expression"} else None
        if made is not None and made.specifier in {"hono", "@hono/zod-openapi", "hono/tiny", "hono/quick"}:
            return "app"
        return None

    def _creator_prefix(self, module: JsModule, node: SgNode) -> str:
        """The ``basePath("/api")`` anywhere in the chain that creates the app."""
        for link in _chain_links(node)[0]:
            if callee_name(link) == "basePath":
                args = arguments(link)
                return string_value(args[0]) or "" if args else ""
        return ""

    def _object(self, module: JsModule, expr: SgNode) -> ObjectRef | None:
        """A link of a chain that creates an app (``new Hono().basePath("/api").use(...)``) is
        the app the chain is assigned to (``const app = ...``); anything else as Express."""
        node = unwrap(expr)
        if node.kind() in {"call_expression", "new_expression"} and self._creator(module, node):
            holder = chain_top(node, CHAIN_CALLS).parent()
            if holder is not None and holder.kind() == "variable_declarator":
                key = self.resolver.key_of_declaration(module, holder)
                if key is not None and key in self.graph.objects:
                    return ObjectRef(key=key)
        return super()._object(module, expr)

    def _extra_call(
        self, module: JsModule, call: SgNode, obj: SgNode, method: str, args: list[SgNode], binding: _Binding | None
    ) -> None:
        owner = self._root_object(module, obj)
        if owner is None:
            return
        if method == "route" and len(args) >= 2:
            prefix = self._constant(module, args[0], binding) or ""
            child = self._object(module, args[1])
            if child is not None:
                at = Hop(path=module.source.path, line=line_of(call), note=f"route({prefix!r}, {args[1].text()[:40]})")
                self.graph.mounts.append(
                    MountEvent(
                        parent=owner.key,
                        child=child.key,
                        prefix=prefix,
                        guards=[],
                        unknown=[],
                        order=call_position(call),
                        at=at,
                    )
                )
        elif method == "on" and len(args) >= 3:
            methods_node = unwrap(args[0])
            names = [
                string_value(m)
                for m in (methods_node.named_children() if methods_node.kind() == "array" else [methods_node])
            ]
            path = self._constant(module, args[1], binding)
            if path is None:
                return
            for name in names:
                if name:
                    self._route(module, call, owner.key, name.lower(), path, args[2:])

    def _root_object(self, module: JsModule, obj: SgNode) -> ObjectRef | None:
        """The app at the bottom of a chain ``app.get(...).post(...)`` (or the app a creating
        chain is assigned to, see :meth:`_object`)."""
        node = unwrap(obj)
        if node.kind() in {"call_expression", "new_expression"} and self._creator(module, node):
            return self._object(module, node)
        while node.kind() == "call_expression" and callee_name(node) in {*HTTP, "on", "route", "use"}:
            function = node.field("function")
            inner = function.field("object") if function is not None else None
            if inner is None:
                break
            node = unwrap(inner)
        return self._object(module, node)

    def _route_chain(self, module: JsModule, call: SgNode, method: str, args: list[SgNode]) -> None:
        """Hono chains each carry their own path: ``app.get("/a", h).post("/b", h)``."""
        function = call.field("function")
        obj = function.field("object") if function is not None else None
        owner = self._root_object(module, obj) if obj is not None else None
        path = self._constant(module, args[0], None) if args else None
        if owner is not None and path is not None:
            self._route(module, call, owner.key, method, path, args[1:])


HOOKS = frozenset({"onRequest", "preHandler", "preValidation", "preParsing"})


class FastifyModel(RouterModel):
    framework = "fastify"
    route_methods = HTTP
    extra_methods = frozenset({"route", "register", "addHook", "decorate"})
    keywords = ("fastify",)

    def __init__(self, project: JsProject, symbols: JsSymbols, guards: JsGuards, context: JsContext) -> None:
        super().__init__(project, symbols, guards, context)
        self.decorators: dict[str, tuple[JsModule, SgNode]] = {}

    def _creator(self, module: JsModule, call: SgNode) -> str | None:
        made = _constructor(self, module, call)
        if made is not None and made.specifier == "fastify" and made.name in {"default", "*", "fastify", "Fastify"}:
            return "app"
        return None

    def collect(self) -> None:
        # decorators first: routes refer to them by name (``fastify.authenticate``)
        for module in self.project.modules.values():
            if "decorate" not in module.source.text:
                continue
            for call in module.root.find_all(kind="call_expression"):
                if callee_name(call) == "decorate":
                    args = arguments(call)
                    name = string_value(args[0]) if args else None
                    if name and len(args) > 1:
                        handler = self._function(module, args[1])
                        if handler is not None:
                            self.decorators[name] = handler
        super().collect()

    def _function(self, module: JsModule, node: SgNode) -> tuple[JsModule, SgNode] | None:
        node = unwrap(node)
        if node.kind() in FUNCTION_KINDS:
            return module, node
        if node.kind() == "call_expression" and callee_name(node) in {"fp", "fastifyPlugin", "plugin"}:
            args = arguments(node)
            return self._function(module, args[0]) if args else None
        found = (
            self.symbols.callable(self.symbols.expr(module, node))
            if node.kind() in {"identifier", "member_expression", "call_expression"}
            else None
        )
        if isinstance(found, JsValue):
            value = unwrap(found.node)
            if value.kind() in FUNCTION_KINDS:
                return found.module, value
            if value.kind() == "call_expression":
                return self._function(found.module, value)
        return None

    def middleware_guard(self, module: JsModule, node: SgNode) -> tuple[Guard | None, Hop | None]:
        node = unwrap(node)
        if node.kind() == "array":
            for item in node.named_children():
                guard, _ = self.middleware_guard(module, item)
                if guard is not None:
                    return guard, None
            return None, None
        if node.kind() == "member_expression":
            prop = node.field("property")
            if prop is not None and prop.text() in self.decorators:
                target_module, fn = self.decorators[prop.text()]
                guard = self.guards.function(target_module, fn, prop.text())
                if guard is not None:
                    at = Hop(
                        path=module.source.path,
                        line=line_of(node),
                        note=f"{node.text()} (decorated with fastify.decorate)",
                    )
                    return dataclasses.replace(guard, label=prop.text(), chain=(at, *guard.chain)), None
        return super().middleware_guard(module, node)

    def _route(
        self, module: JsModule, call: SgNode, owner: tuple[str, str], method: str, path: str, handlers: list[SgNode]
    ) -> None:
        """``app.get(path, [options], handler)``: hooks in the options run before the handler."""
        middleware: list[SgNode] = []
        rest = list(handlers)
        if len(rest) >= 2 and unwrap(rest[0]).kind() == "object":
            options = unwrap(rest[0])
            for hook in HOOKS:
                value = object_property(options, hook)
                if value is not None:
                    middleware.append(value)
            rest = rest[1:]
        elif len(rest) == 1 and unwrap(rest[0]).kind() == "object":
            options = unwrap(rest[0])
            handler = object_property(options, "handler")
            if handler is None:
                return
            for hook in HOOKS:
                value = object_property(options, hook)
                if value is not None:
                    middleware.append(value)
            rest = [handler]
        super()._route(module, call, owner, method, path, [*middleware, *rest])

    def _extra_call(
        self, module: JsModule, call: SgNode, obj: SgNode, method: str, args: list[SgNode], binding: _Binding | None
    ) -> None:
        owner = self._object(module, obj)
        if owner is None or not args:
            return
        at = Hop(path=module.source.path, line=line_of(call), note=" ".join(call.text().split())[:60])
        if method == "route" and unwrap(args[0]).kind() == "object":
            options = unwrap(args[0])
            url = object_property(options, "url") or object_property(options, "path")
            methods = object_property(options, "method")
            path = self._constant(module, url, binding) if url is not None else None
            if path is None or methods is None:
                return
            names = [
                string_value(m)
                for m in (unwrap(methods).named_children() if unwrap(methods).kind() == "array" else [methods])
            ]
            for name in names:
                if name:
                    self._route(module, call, owner.key, name.lower(), path, [options])
        elif method == "addHook":
            hook = string_value(args[0])
            if hook in HOOKS and len(args) > 1:
                guard, unknown = self.middleware_guard(module, args[1])
                self.graph.uses.append(
                    UseEvent(owner=owner.key, prefix=None, guard=guard, unknown=unknown, order=(0,), at=at)
                )
        elif method == "register":
            self._register(module, call, owner, args, at)

    def _register(self, module: JsModule, call: SgNode, owner: ObjectRef, args: list[SgNode], at: Hop) -> None:
        options = unwrap(args[1]) if len(args) > 1 else None
        prefix = ""
        if options is not None and options.kind() == "object":
            value = object_property(options, "prefix")
            prefix = (self._constant(module, value, None) or "") if value is not None else ""
        target = unwrap(args[0])
        found = self.symbols.expr(module, target) if target.kind() in {"identifier", "member_expression"} else None
        if (
            isinstance(found, JsExternal)
            and "autoload" in found.specifier
            and options is not None
            and options.kind() == "object"
        ):
            self._autoload(module, owner, options, prefix, at)
            return
        shared = target.kind() == "call_expression" and callee_name(target) in {"fp", "fastifyPlugin"}
        plugin = self._function(module, target)
        if plugin is None:
            return
        plugin_module, fn = plugin
        declared = self.symbols.expr(module, target) if target.kind() == "identifier" else None
        if (
            isinstance(declared, JsValue)
            and unwrap(declared.node).kind() == "call_expression"
            and callee_name(unwrap(declared.node)) in {"fp", "fastifyPlugin"}
        ):
            shared = True
        names = param_names(fn)
        if not names or not names[0]:
            return
        child = (plugin_module.source.path, f"{function_id(fn)}.param.{names[0]}")
        if shared:
            self._rekey(child, [(owner.key, line_of(call))])
            self.graph.aliases.setdefault(child, []).append(owner.key)
            return
        self.graph.objects.setdefault(
            child,
            RouterObject(
                key=child,
                kind="router",
                created=Hop(path=plugin_module.source.path, line=line_of(fn), note=f"plugin {names[0]}"),
            ),
        )
        self.graph.mounts.append(
            MountEvent(
                parent=owner.key, child=child, prefix=prefix, guards=[], unknown=[], order=call_position(call), at=at
            )
        )

    def _autoload(self, module: JsModule, owner: ObjectRef, options: SgNode, prefix: str, at: Hop) -> None:
        """``register(AutoLoad, { dir: path.join(__dirname, "routes") })``: every plugin file
        of the folder, with sub-folder names as prefixes (@fastify/autoload's default)."""
        folder = object_property(options, "dir")
        if folder is None:
            return
        parts = (
            [string_value(a) for a in arguments(unwrap(folder))[1:]]
            if unwrap(folder).kind() == "call_expression"
            else []
        )
        if not parts or any(p is None for p in parts):
            return
        base = PurePosixPath(module.source.path).parent.joinpath(*[p for p in parts if p])
        base_text = str(base)
        for path, plugin_module in self.project.modules.items():
            if not path.startswith(base_text + "/"):
                continue
            relative = PurePosixPath(path).relative_to(base)
            exported = self.symbols.export(plugin_module, "default")
            if isinstance(exported, JsNamespace):
                exported = self.symbols.callable(exported)
            if not isinstance(exported, JsValue):
                continue
            plugin = self._function(plugin_module, exported.node)
            if plugin is None:
                continue
            fn_module, fn = plugin
            names = param_names(fn)
            if not names or not names[0]:
                continue
            child = (fn_module.source.path, f"{function_id(fn)}.param.{names[0]}")
            folder_prefix = "/" + "/".join(relative.parts[:-1]) if len(relative.parts) > 1 else ""
            self.graph.objects.setdefault(
                child,
                RouterObject(
                    key=child,
                    kind="router",
                    created=Hop(path=path, line=line_of(fn), note=f"autoloaded plugin {relative}"),
                ),
            )
            self.graph.mounts.append(
                MountEvent(
                    parent=owner.key,
                    child=child,
                    prefix=prefix + folder_prefix,
                    guards=[],
                    unknown=[],
                    order=(at.line,),
                    at=at,
                )
            )


def js_framework_endpoints(
    project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards
) -> list[Endpoint]:
    """Koa, Hono and Fastify endpoints of the project."""
    endpoints: list[Endpoint] = []
    for model_class in (KoaModel, HonoModel, FastifyModel):
        model = model_class(project, symbols, guards, context)
        model.collect()
        if model.graph.routes:
            endpoints.extend(model.endpoints())
    return endpoints
