"""JavaScript/TypeScript endpoints: Express (``app``/``Router`` routes, ``app.use`` mounts and
middleware), Next.js (app-router ``route.ts`` handlers, ``pages/api`` handlers, server actions)
and Supabase edge functions (``supabase/functions/<name>/index.ts``).

Sources: Express "Routing" guide (https://expressjs.com/en/guide/routing.html); Next.js
"Route Handlers", "API Routes" and "Server Actions" docs (https://nextjs.org/docs); Supabase
"Edge Functions" docs and ``supabase/config.toml`` reference (``[functions.<name>] verify_jwt``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ast_grep_py import SgNode

from readycheck.analysis.authz import AuthFacts, Guard
from readycheck.analysis.endpoints.js_handlers import HelperResolver, JsScope, analyse_js_handler, is_auth_call
from readycheck.analysis.endpoints.python_handlers import HandlerFacts
from readycheck.analysis.js import (
    JsModule,
    JsProject,
    arguments,
    bound_names,
    callee_name,
    imports_of,
    line_of,
    parameters,
    string_value,
)
from readycheck.analysis.jsauthz import JsGuards, issues_credentials
from readycheck.analysis.jssymbols import JsValue, unwrap
from readycheck.analysis.tokens import jwt_role
from readycheck.model import Endpoint, Hop, Parameter

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
EXPRESS_METHODS = ("get", "post", "put", "patch", "delete", "all", "options", "head")
FUNCTION_KINDS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition"})


@dataclass(kw_only=True)
class JsContext:
    """What JS handler analysis needs from the rest of the repository: table columns and
    RLS-owned tables (from SQL), Supabase clients created with the service_role key, the
    guard classifier, and the request fields guards fill with the verified caller's id."""

    table_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rls_owned_tables: frozenset[str] = frozenset()
    admin_clients: frozenset[str] = frozenset()
    guards: JsGuards | None = None
    caller_fields: frozenset[str] = frozenset()

    def analyse(self, fn: SgNode, scope: JsScope, module: JsModule | None = None) -> HandlerFacts:
        """:func:`analyse_js_handler` of ``fn`` with this context's tables and clients; with the
        handler's ``module``, data access in the repository functions it calls is followed.
        Request fields a guard fills with the caller (:attr:`caller_fields`) are the caller."""
        if self.caller_fields:
            roots = {p.split(".", 1)[0] for p in scope.input_paths}
            scope = dataclasses.replace(
                scope, caller_paths=scope.caller_paths | {f"{r}.{f}" for r in roots for f in self.caller_fields}
            )
        return analyse_js_handler(
            fn,
            scope,
            table_columns=self.table_columns,
            admin_clients=self.admin_clients,
            rls_owned_tables=self.rls_owned_tables,
            helpers=self._helpers(module) if module is not None and self.guards is not None else None,
        )

    def _helpers(self, module: JsModule) -> HelperResolver:
        """A resolver of calls made in ``module`` to functions of the repository."""

        def resolve(call: SgNode) -> tuple[str, SgNode, HelperResolver] | None:
            function = call.field("function")
            if function is None or function.kind() not in {"identifier", "member_expression"} or self.guards is None:
                return None
            symbols = self.guards.symbols
            target = symbols.callable(symbols.expr(module, function))
            if isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS:
                return target.module.source.path, unwrap(target.node), self._helpers(target.module)
            return None

        return resolve


def _jwt_role(text: str) -> str | None:
    """The ``role`` claim of a JWT string literal (quotes included), None for other text."""
    token = text.strip("'\"`")
    return jwt_role(token) if token.startswith("eyJ") and token.count(".") == 2 else None


def service_role_clients(project: JsProject) -> dict[str, tuple[str, int]]:
    """Supabase clients created with the ``service_role`` key: variable name → (path, line).

    A client counts when the key argument is an environment variable or identifier named like
    the service-role key (``SUPABASE_SERVICE_ROLE_KEY``, ``serviceRoleKey``), or a literal JWT
    whose ``role`` claim is ``service_role``.
    """
    found: dict[str, tuple[str, int]] = {}
    for module in project.modules.values():
        literals: dict[str, str] = {}
        for declarator in module.root.find_all(kind="variable_declarator"):
            name, value = declarator.field("name"), declarator.field("value")
            if name is not None and value is not None and name.kind() == "identifier" and value.kind() == "string":
                literals[name.text()] = value.text()
        for call in module.root.find_all(kind="call_expression"):
            if callee_name(call) not in {"createClient", "createServerClient"}:
                continue
            args = arguments(call)
            if len(args) < 2:
                continue
            key = args[1]
            text = key.text()
            lowered = text.lower().replace("_", "")
            service = "servicerole" in lowered or "servicekey" in lowered or "secretkey" in lowered
            if not service and key.kind() == "string":
                service = _jwt_role(text) == "service_role"
            if not service and key.kind() == "identifier" and key.text() in literals:
                service = _jwt_role(literals[key.text()]) == "service_role"
            if not service:
                continue
            parent = call.parent()
            while parent is not None and parent.kind() in {
                "await_expression",
                "parenthesized_expression",
                "as_expression",
                "non_null_expression",
            }:
                parent = parent.parent()
            if parent is not None and parent.kind() == "variable_declarator" and parent.field("name") is not None:
                for bound in bound_names(parent.field("name")):  # type: ignore[arg-type]
                    found[bound] = (module.source.path, line_of(call))
            else:
                found.setdefault("<anonymous>", (module.source.path, line_of(call)))
    return found


def find_function(module: JsModule, name: str) -> SgNode | None:
    """The function named ``name`` in ``module``: a declaration, a variable holding a function,
    an ``exports.name =`` assignment, or a method of an exported object."""
    for node in module.root.find_all(kind="function_declaration"):
        ident = node.field("name")
        if ident is not None and ident.text() == name:
            return node
    for declarator in module.root.find_all(kind="variable_declarator"):
        ident, value = declarator.field("name"), declarator.field("value")
        if ident is not None and ident.text() == name and value is not None:
            value = _unwrap_call_wrapper(value)
            if value.kind() in FUNCTION_KINDS:
                return value
    for assignment in module.root.find_all(kind="assignment_expression"):
        left, right = assignment.field("left"), assignment.field("right")
        if (
            left is not None
            and right is not None
            and left.text().split(".")[-1] == name
            and right.kind() in FUNCTION_KINDS
        ):
            return right
    for method in module.root.find_all(kind="method_definition"):
        ident = method.field("name")
        if ident is not None and ident.text() == name:
            return method
    return None


def _unwrap_call_wrapper(node: SgNode) -> SgNode:
    """``asyncHandler(async (req, res) => ...)`` → the inner function."""
    if node.kind() == "call_expression":
        for arg in arguments(node):
            if arg.kind() in FUNCTION_KINDS:
                return arg
    return node


def resolve_handler(project: JsProject, module: JsModule, node: SgNode) -> tuple[JsModule, SgNode] | None:
    """The function a route argument refers to: inline, local, or imported (``ctrl.getTodo``)."""
    node = _unwrap_call_wrapper(node)
    if node.kind() in FUNCTION_KINDS:
        return module, node
    if node.kind() == "call_expression":
        # a handler factory: ``app.get("/x", retrieveBasket())`` where retrieveBasket returns the handler
        callee = node.field("function")
        factory = (
            resolve_handler(project, module, callee)
            if callee is not None and callee.kind() in {"identifier", "member_expression"}
            else None
        )
        if factory is not None:
            for statement in factory[1].find_all(kind="return_statement"):
                for child in statement.named_children():
                    if child.kind() in FUNCTION_KINDS:
                        return factory[0], child
        # a wrapper such as ``asyncHandler(retrieveBasket())``: the handler is its argument
        args = arguments(node)
        return resolve_handler(project, module, args[-1]) if args else None
    text = node.text()
    if node.kind() == "identifier":
        local = find_function(module, text)
        if local is not None:
            return module, local
        imported = imports_of(module).get(text)
        if imported is not None:
            target = project.resolve(module.source.path, imported[0])
            if target is not None:
                fn = find_function(target, imported[1] if imported[1] not in {"default", "*"} else text)
                if fn is None and imported[1] == "default":
                    fn = _default_export(target)
                if fn is not None:
                    return target, fn
    elif node.kind() == "member_expression":
        obj, prop = node.field("object"), node.field("property")
        if obj is not None and prop is not None and obj.kind() == "identifier":
            imported = imports_of(module).get(obj.text())
            if imported is not None:
                target = project.resolve(module.source.path, imported[0])
                if target is not None:
                    fn = find_function(target, prop.text())
                    if fn is not None:
                        return target, fn
    return None


def _default_export(module: JsModule) -> SgNode | None:
    for statement in module.root.find_all(kind="export_statement"):
        if not any(c.text() == "default" for c in statement.children()):
            continue
        for child in statement.named_children():
            if child.kind() in FUNCTION_KINDS:
                return child
            if child.kind() == "identifier":
                return find_function(module, child.text())
            if child.kind() == "call_expression":
                inner = _unwrap_call_wrapper(child)
                if inner.kind() in FUNCTION_KINDS:
                    return inner
    for assignment in module.root.find_all(kind="assignment_expression"):
        left, right = assignment.field("left"), assignment.field("right")
        if left is not None and right is not None and left.text() == "module.exports":
            if right.kind() in FUNCTION_KINDS:
                return right
            if right.kind() == "identifier":
                return find_function(module, right.text())
    return None


def js_endpoint(
    *,
    module: JsModule,
    fn: SgNode,
    method: str,
    route: str,
    line: int,
    framework: str,
    handler: str,
    scope: JsScope,
    context: JsContext,
    facts: AuthFacts,
    parameters_: tuple[Parameter, ...] = (),
    declared_in: str | None = None,
    handler_facts: HandlerFacts | None = None,
    rate_limit: str | None = None,
    evidence: tuple[Hop, ...] = (),
    unresolved: str | None = None,
    kind: str = "http",
) -> Endpoint:
    """Build an endpoint for handler ``fn`` of ``module`` with the authorization facts a JS
    framework model collected (shared by Express, Koa, Hono, Fastify, NestJS and the
    serverless models). ``declared_in`` is the file that registers the route when it is not
    the handler's own; ``handler_facts`` reuses an analysis of the same handler. A handler that
    reads the caller itself counts as authenticated when no guard was seen on the way."""
    if handler_facts is None:
        handler_facts = context.analyse(fn, scope, module)
    facts = facts.copy()
    if not facts.guards and context.guards is not None and fn.kind() in FUNCTION_KINDS:
        # the handler's own check (``if (!request.auth) throw new HttpsError("unauthenticated")``)
        own = context.guards.function(module, fn, f"{handler}()")
        if own is not None:
            facts.add(dataclasses.replace(own, label=f"{own.label} checks in the handler", by_name=False))
    if handler_facts.reads_caller and not facts.guards and not issues_credentials(fn):
        # a sign-in handler reads the user it is about to log in; that is not a check of the caller
        calls = sorted({callee_name(c) for c in fn.find_all(kind="call_expression") if is_auth_call(callee_name(c))})
        if calls:
            label = f"{calls[0]}() in the handler"
            facts.add(
                Guard(label=label, chain=(Hop(path=module.source.path, line=line_of(fn), note=f"{handler} {label}"),))
            )
        else:
            # ``req.user`` read with no guard seen on the way: something may set it, nothing
            # seen refuses the request without it
            facts.unknown.append(
                Hop(
                    path=module.source.path,
                    line=line_of(fn),
                    note=f"{handler} reads the signed-in caller, but no guard that refuses without one was found",
                )
            )
    decision = facts.decide()
    return Endpoint(
        method=method,
        route=route,
        path=declared_in or module.source.path,
        handler_path=module.source.path if declared_in not in {None, module.source.path} else "",
        line=line,
        end_line=fn.range().end.line + 1,
        framework=framework,
        handler=handler,
        auth=decision["auth"],
        auth_status=decision["auth_status"],
        auth_chain=decision["auth_chain"],
        admin_only=bool(decision["admin_only"]),
        role_check=decision["role_check"],
        parameters=parameters_,
        lookups=tuple(handler_facts.lookups),
        body_writes=tuple(handler_facts.body_writes),
        rate_limit=rate_limit,
        evidence=evidence,
        unresolved=unresolved,
        kind=kind,
    )


def request_scope(fn: SgNode, *, express: bool) -> tuple[JsScope, list[str]]:
    """The initial scope of a JS handler: the request object's ``params``/``query``/``body``...
    are inputs; with ``express`` False, the second parameter's ``params`` too (Next.js)."""
    return _request_scope(fn, express=express)


def _request_scope(fn: SgNode, *, express: bool) -> tuple[JsScope, list[str]]:
    params = parameters(fn)
    scope = JsScope()
    names: list[str] = []
    if params:
        first = params[0]
        if first.kind() == "identifier":
            req = first.text()
            names.append(req)
            for member in ("params", "query", "body", "cookies", "headers", "nextUrl.searchParams", "files", "file"):
                scope.input_paths.add(f"{req}.{member}")
    if not express and len(params) > 1:
        second = params[1]
        if second.kind() == "identifier":
            scope.input_paths.add(f"{second.text()}.params")
        else:
            scope.inputs.update(bound_names(second))
    return scope, names


# --- Next.js -----------------------------------------------------------------------------


def _next_route(path: str) -> tuple[str, str] | None:
    """(kind, route) for Next.js route files: ``app/api/x/[id]/route.ts`` → ("app",
    "/api/x/[id]"); ``pages/api/x/[id].ts`` → ("pages", "/api/x/[id]")."""
    parts = PurePosixPath(path).parts
    stem = PurePosixPath(path).stem
    for index, part in enumerate(parts[:-1]):
        if part == "app" and (index == 0 or parts[index - 1] in {"src"} or index <= 2) and stem == "route":
            segments = [
                s
                for s in parts[index + 1 : -1]
                if not (s.startswith("(") and s.endswith(")")) and not s.startswith("@")
            ]
            return "app", "/" + "/".join(segments)
        if part == "pages" and index + 1 < len(parts) - 1 and parts[index + 1] == "api":
            segments = list(parts[index + 1 : -1]) + ([] if stem == "index" else [stem])
            return "pages", "/" + "/".join(segments)
    return None


def _exported_functions(module: JsModule) -> list[tuple[str, SgNode, int]]:
    found: list[tuple[str, SgNode, int]] = []
    for statement in module.root.find_all(kind="export_statement"):
        parent = statement.parent()
        if parent is None or parent.kind() != "program":
            continue
        for child in statement.named_children():
            if child.kind() == "function_declaration" and child.field("name") is not None:
                found.append((child.field("name").text(), child, line_of(statement)))  # type: ignore[union-attr]
            elif child.kind() == "lexical_declaration":
                for declarator in child.find_all(kind="variable_declarator"):
                    name, value = declarator.field("name"), declarator.field("value")
                    if name is not None and value is not None:
                        value = _unwrap_call_wrapper(value)
                        if value.kind() in FUNCTION_KINDS:
                            found.append((name.text(), value, line_of(statement)))
            elif child.kind() == "export_clause":
                for spec in child.find_all(kind="export_specifier"):
                    name, alias = spec.field("name"), spec.field("alias")
                    if name is None:
                        continue
                    fn = find_function(module, name.text())
                    if fn is not None:
                        found.append(((alias or name).text(), fn, line_of(statement)))
    return found


def directive(module: JsModule) -> str | None:
    """The module's directive prologue string (``"use client"``, ``"use server"``), or None."""
    for child in module.root.named_children():
        if child.kind() == "comment":
            continue
        if child.kind() == "expression_statement":
            inner = child.named_children()
            return string_value(inner[0]) if inner else None
        return None
    return None


def _route_params(route: str) -> tuple[Parameter, ...]:
    return tuple(
        Parameter(name=s.strip("[].").lstrip("."), source="path") for s in route.split("/") if s.startswith("[")
    )


def _pages_methods(fn: SgNode, req: str) -> list[str]:
    methods: list[str] = []
    for node in fn.find_all(kind="binary_expression"):
        text_nodes = node.named_children()
        if len(text_nodes) == 2 and text_nodes[0].text() == f"{req}.method":
            value = string_value(text_nodes[1])
            if value and value.upper() in HTTP_METHODS:
                methods.append(value.upper())
    for case in fn.find_all(kind="switch_case"):
        value = string_value(case.field("value"))
        if value and value.upper() in HTTP_METHODS:
            methods.append(value.upper())
    return list(dict.fromkeys(methods)) or ["ANY"]


# --- Supabase edge functions ------------------------------------------------------------------


def edge_function_name(path: str) -> str | None:
    """``supabase/functions/<name>/index.ts`` → ``<name>`` (``_shared`` is not a function)."""
    parts = PurePosixPath(path).parts
    for index in range(len(parts) - 3):
        if parts[index] == "supabase" and parts[index + 1] == "functions" and index + 3 == len(parts) - 1:
            if PurePosixPath(path).stem == "index" and not parts[index + 2].startswith("_"):
                return parts[index + 2]
    return None


def edge_endpoints(project: JsProject, context: JsContext) -> list[Endpoint]:
    """One endpoint per Supabase edge function (``Deno.serve``/``serve`` handler)."""
    endpoints: list[Endpoint] = []
    for module in project.modules.values():
        name = edge_function_name(module.source.path)
        if name is None:
            continue
        handler: SgNode | None = None
        for call in module.root.find_all(kind="call_expression"):
            function = call.field("function")
            if function is not None and function.text() in {"serve", "Deno.serve"}:
                args = arguments(call)
                candidates = [a for a in args if a.kind() in FUNCTION_KINDS or a.kind() == "identifier"]
                if candidates:
                    resolved = resolve_handler(project, module, candidates[-1])
                    if resolved is not None:
                        handler = resolved[1]
                        break
        if handler is None:
            handler = _default_export(module)
        if handler is None:
            continue
        scope, _ = _request_scope(handler, express=False)
        line = line_of(handler)
        registration = Hop(path=module.source.path, line=line, note=f"Supabase edge function {name}")
        facts = AuthFacts(looked=[registration])
        endpoints.append(
            js_endpoint(
                module=module,
                fn=handler,
                method="ANY",
                route=f"/functions/v1/{name}",
                line=line,
                framework="supabase-edge",
                handler=name,
                scope=scope,
                context=context,
                facts=facts,
                evidence=(registration,),
            )
        )
    return endpoints
