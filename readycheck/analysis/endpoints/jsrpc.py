"""RPC-style JavaScript/TypeScript endpoints: tRPC procedures and Apollo/GraphQL resolvers,
listed as ``kind="rpc"`` (one endpoint per procedure or root field).

- **tRPC**: routers built with ``t.router({...})`` (or a re-export such as
  ``createTRPCRouter``), nested routers, procedures ending in ``.query(fn)``/``.mutation(fn)``
  (``trpc:post.byId``); a procedure is guarded when its chain (``protectedProcedure`` =
  ``t.procedure.use(isAuthed)``) passes through middleware that throws
  ``TRPCError({ code: "UNAUTHORIZED" })`` for callers without a session.
- **GraphQL resolvers**: resolver maps ``{ Query: {...}, Mutation: {...} }`` (Apollo Server,
  GraphQL Yoga, Mercurius) with resolvers that check ``context.user`` and throw.

Sources: tRPC docs "Define Routers", "Define Procedures" and "Authorization"; Apollo Server
docs "Resolvers" and "Authentication and authorization".
"""

from __future__ import annotations

from ast_grep_py import SgNode

from readycheck.analysis.authz import AuthFacts, Guard, is_guard_name
from readycheck.analysis.endpoints.javascript import JsContext, js_endpoint
from readycheck.analysis.endpoints.js_handlers import JsScope
from readycheck.analysis.js import (
    JsModule,
    JsProject,
    arguments,
    bound_names,
    callee_name,
    line_of,
    parameters,
    string_value,
)
from readycheck.analysis.jsauthz import JsGuards
from readycheck.analysis.jssymbols import FUNCTION_KINDS, JsSymbols, JsValue, unwrap
from readycheck.model import Endpoint, Hop

ROUTER_CALLS = frozenset({"router", "createTRPCRouter", "createRouter", "mergeRouters"})
PROCEDURE_ENDS = {"query": "GET", "mutation": "POST", "subscription": "GET"}


class _Builder:
    def __init__(self, project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> None:
        self.project = project
        self.context = context
        self.symbols = symbols
        self.guards = guards
        self.endpoints: list[Endpoint] = []
        self._procedure_memo: dict[tuple[str, int], Guard | None] = {}

    # -- tRPC ---------------------------------------------------------------------------------

    def trpc(self) -> None:
        routers: list[tuple[JsModule, SgNode]] = []
        nested: set[tuple[str, int]] = set()
        for module in self.project.modules.values():
            if "trpc" not in module.source.text.lower():
                continue
            for call in module.root.find_all(kind="call_expression"):
                if (
                    callee_name(call) in ROUTER_CALLS
                    and arguments(call)
                    and unwrap(arguments(call)[0]).kind() == "object"
                ):
                    routers.append((module, call))
        for module, call in routers:
            for _, value in _pairs(unwrap(arguments(call)[0])):
                inner = self._router_of(module, value)
                if inner is not None:
                    nested.add((inner[0].source.path, inner[1].range().start.index))
        for module, call in routers:
            if (module.source.path, call.range().start.index) in nested:
                continue
            self._walk(module, call, "", 0)

    def _router_of(self, module: JsModule, node: SgNode) -> tuple[JsModule, SgNode] | None:
        node = unwrap(node)
        if node.kind() == "call_expression" and callee_name(node) in ROUTER_CALLS:
            return module, node
        if node.kind() in {"identifier", "member_expression"}:
            found = self.symbols.expr(module, node)
            if isinstance(found, JsValue):
                value = unwrap(found.node)
                if value.kind() == "call_expression" and callee_name(value) in ROUTER_CALLS:
                    return found.module, value
        return None

    def _walk(self, module: JsModule, call: SgNode, prefix: str, depth: int) -> None:
        if depth > 8 or not arguments(call):
            return
        for key, value in _pairs(unwrap(arguments(call)[0])):
            name = f"{prefix}.{key}" if prefix else key
            inner = self._router_of(module, value)
            if inner is not None:
                self._walk(inner[0], inner[1], name, depth + 1)
                continue
            value = unwrap(value)
            if value.kind() != "call_expression" or callee_name(value) not in PROCEDURE_ENDS:
                continue
            handler_args = arguments(value)
            handler = unwrap(handler_args[0]) if handler_args else None
            if handler is None or handler.kind() not in FUNCTION_KINDS:
                continue
            facts = AuthFacts()
            guard = self._procedure_guard(module, value, 0)
            if guard is not None:
                facts.add(guard)
            registration = Hop(path=module.source.path, line=line_of(value), note=f"tRPC {callee_name(value)} {name}")
            if not facts.guards:
                facts.looked.append(registration)
            scope = JsScope()
            for param in parameters(handler):
                scope.inputs.update(n for n in bound_names(param) if n == "input")
                if param.kind() == "identifier":
                    scope.input_paths.add(f"{param.text()}.input")
            self.endpoints.append(
                js_endpoint(
                    module=module,
                    fn=handler,
                    method=PROCEDURE_ENDS[callee_name(value)],
                    route=f"trpc:{name}",
                    line=line_of(value),
                    framework="trpc",
                    handler=name,
                    scope=scope,
                    context=self.context,
                    facts=facts,
                    evidence=(registration,),
                    kind="rpc",
                )
            )

    def _procedure_guard(self, module: JsModule, node: SgNode, depth: int) -> Guard | None:
        """Follow a procedure chain down to its base, checking every ``.use(middleware)``."""
        key = (module.source.path, node.range().start.index)
        if key in self._procedure_memo:
            return self._procedure_memo[key]
        self._procedure_memo[key] = None
        found: Guard | None = None
        current: SgNode | None = unwrap(node)
        while current is not None and depth < 8:
            if current.kind() == "call_expression":
                if callee_name(current) == "use":
                    for mw in arguments(current):
                        guard = self._middleware(module, mw)
                        if guard is not None:
                            found = guard
                            break
                if found is not None:
                    break
                function = current.field("function")
                holder = function.field("object") if function is not None else None
                current = unwrap(holder) if holder is not None else None
            elif current.kind() == "member_expression":
                obj = current.field("object")
                current = unwrap(obj) if obj is not None else None
            elif current.kind() == "identifier":
                target = self.symbols.expr(module, current)
                if isinstance(target, JsValue) and unwrap(target.node).kind() in {
                    "call_expression",
                    "member_expression",
                }:
                    found = self._procedure_guard(target.module, unwrap(target.node), depth + 1)
                if found is None and is_guard_name(current.text()) and "public" not in current.text().lower():
                    found = Guard(
                        label=current.text(),
                        chain=(
                            Hop(
                                path=module.source.path,
                                line=line_of(current),
                                note=f"{current.text()}, judged by its name",
                            ),
                        ),
                        by_name=True,
                    )
                break
            else:
                break
        self._procedure_memo[key] = found
        return found

    def _middleware(self, module: JsModule, node: SgNode) -> Guard | None:
        node = unwrap(node)
        if node.kind() in FUNCTION_KINDS:
            return self.guards.function(module, node, "tRPC middleware")
        target = self.symbols.expr(module, node) if node.kind() in {"identifier", "member_expression"} else None
        if isinstance(target, JsValue):
            value = unwrap(target.node)
            if value.kind() == "call_expression" and callee_name(value) == "middleware" and arguments(value):
                fn = unwrap(arguments(value)[0])
                if fn.kind() in FUNCTION_KINDS:
                    guard = self.guards.function(target.module, fn, target.name)
                    if guard is not None:
                        return Guard(
                            label=target.name,
                            chain=(
                                Hop(path=module.source.path, line=line_of(node), note=f".use({target.name})"),
                                *guard.chain,
                            ),
                        )
            if value.kind() in FUNCTION_KINDS:
                return self.guards.function(target.module, value, target.name)
        return None

    # -- GraphQL resolver maps ----------------------------------------------------------------------

    def resolvers(self) -> None:
        for module in self.project.modules.values():
            text = module.source.text
            if "Query" not in text and "Mutation" not in text:
                continue
            for obj in module.root.find_all(kind="object"):
                for key, value in _pairs(obj):
                    if key not in {"Query", "Mutation"} or unwrap(value).kind() != "object":
                        continue
                    for field, resolver in _pairs(unwrap(value)):
                        fn = unwrap(resolver)
                        if fn.kind() not in FUNCTION_KINDS:
                            target = (
                                self.symbols.expr(module, fn)
                                if fn.kind() in {"identifier", "member_expression"}
                                else None
                            )
                            if not (isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS):
                                continue
                            fn = unwrap(target.node)
                        registration = Hop(
                            path=module.source.path, line=line_of(resolver), note=f"resolver {key}.{field}"
                        )
                        facts = AuthFacts()
                        facts.looked.append(registration)
                        params = parameters(fn)
                        scope = JsScope()
                        if len(params) > 1:
                            scope.inputs.update(bound_names(params[1]))
                        self.endpoints.append(
                            js_endpoint(
                                module=module,
                                fn=fn,
                                method="POST" if key == "Mutation" else "GET",
                                route=f"graphql:{key}.{field}",
                                line=line_of(resolver),
                                framework="graphql",
                                handler=f"{key}.{field}",
                                scope=scope,
                                context=self.context,
                                facts=facts,
                                evidence=(registration,),
                                kind="rpc",
                            )
                        )


def _pairs(obj: SgNode) -> list[tuple[str, SgNode]]:
    found: list[tuple[str, SgNode]] = []
    for child in obj.named_children():
        if child.kind() == "pair":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None:
                found.append((string_value(key) or key.text(), value))
        elif child.kind() == "method_definition":
            name = child.field("name")
            if name is not None:
                found.append((name.text(), child))
        elif child.kind() == "shorthand_property_identifier":
            found.append((child.text(), child))
    return found


def rpc_endpoints(project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> list[Endpoint]:
    """tRPC procedures and GraphQL resolvers of the project."""
    builder = _Builder(project, context, symbols, guards)
    builder.trpc()
    builder.resolvers()
    return builder.endpoints
