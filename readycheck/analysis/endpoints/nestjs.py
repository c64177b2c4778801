"""NestJS endpoints and who may call them.

Routes: ``@Controller("path")`` classes (also ``@Controller({ path })``) and their
``@Get/@Post/@Put/@Patch/@Delete/@All/@Options/@Head(path)`` methods, under the global prefix
of ``app.setGlobalPrefix("api")``.

Authentication: ``@UseGuards(...)`` on the method or the class (``AuthGuard("jwt")`` of
``@nestjs/passport``, or the project's guards: a class whose ``canActivate`` checks the caller,
or that extends ``AuthGuard``), global guards (``app.useGlobalGuards(new X())``, an
``APP_GUARD`` provider) with ``@Public()``-style opt-outs (a decorator made with
``SetMetadata`` whose key names public/anonymous access), and middleware applied with
``consumer.apply(Mw).forRoutes(...)`` (paths, controllers or ``"*"``, minus ``exclude``).
``@Roles(...)`` names the roles a route requires (``@Roles("admin")``: administrators only).

Sources: NestJS docs "Controllers", "Guards", "Middleware", "Authentication" (public routes
with ``SetMetadata``), "Global prefix".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.authz import AuthFacts, Guard, is_guard_name
from readycheck.analysis.endpoints.filerouted import matcher_covers
from readycheck.analysis.endpoints.javascript import JsContext, js_endpoint
from readycheck.analysis.endpoints.js_handlers import JsScope
from readycheck.analysis.endpoints.jsroutes import join
from readycheck.analysis.js import JsModule, JsProject, arguments, callee_name, line_of, string_value
from readycheck.analysis.jsauthz import JsGuards
from readycheck.analysis.jssymbols import JsExternal, JsSymbols, JsValue, class_method, object_property, unwrap
from readycheck.analysis.names import is_admin_name, words
from readycheck.model import Endpoint, Hop, Parameter

VERBS = {
    "Get": "GET",
    "Post": "POST",
    "Put": "PUT",
    "Patch": "PATCH",
    "Delete": "DELETE",
    "All": "ANY",
    "Options": "OPTIONS",
    "Head": "HEAD",
}
INPUT_DECORATORS = frozenset({"Param", "Body", "Query", "Headers", "UploadedFile", "UploadedFiles"})
PUBLIC_WORDS = frozenset({"public", "anonymous", "skip", "allow", "unprotected", "noauth"})


def decorators_of(node: SgNode) -> list[SgNode]:
    """The decorators written on a class (also above ``export``) or a class member."""
    found: list[SgNode] = [c for c in node.children() if c.kind() == "decorator"]
    parent = node.parent()
    if (
        node.kind() in {"class_declaration", "abstract_class_declaration"}
        and parent is not None
        and parent.kind() == "export_statement"
    ):
        found = [c for c in parent.children() if c.kind() == "decorator"] + found
    if node.kind() in {"method_definition", "public_field_definition"} and parent is not None:
        siblings = parent.children()
        index = next((i for i, c in enumerate(siblings) if c == node), None)
        if index is not None:
            back = index - 1
            while back >= 0 and siblings[back].kind() == "decorator":
                found.insert(0, siblings[back])
                back -= 1
    return found


def _call_of(decorator: SgNode) -> tuple[str, list[SgNode]]:
    inner = [c for c in decorator.named_children()]
    expr = inner[0] if inner else decorator
    if expr.kind() == "call_expression":
        function = expr.field("function")
        return (function.text().split(".")[-1] if function is not None else ""), arguments(expr)
    return expr.text().split(".")[-1], []


@dataclass(kw_only=True)
class _Middleware:
    guard: Guard
    routes: list[tuple[str | None, str]] = field(default_factory=list)  # (method or None, path)
    controllers: set[str] = field(default_factory=set)
    everything: bool = False
    exclude: list[str] = field(default_factory=list)


class _Model:
    def __init__(self, project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> None:
        self.project = project
        self.context = context
        self.symbols = symbols
        self.guards = guards
        self.prefix = ""
        self.global_guards: list[Guard] = []
        self.middleware: list[_Middleware] = []

    def _nest_modules(self) -> list[JsModule]:
        return [m for m in self.project.modules.values() if "@nestjs/" in m.source.text]

    def collect_globals(self, modules: list[JsModule]) -> None:
        for module in modules:
            for call in module.root.find_all(kind="call_expression"):
                name = callee_name(call)
                args = arguments(call)
                if name == "setGlobalPrefix" and args:
                    self.prefix = "/" + (string_value(args[0]) or "").strip("/")
                elif name == "useGlobalGuards":
                    for arg in args:
                        guard = self.guard_expr(module, arg)
                        if guard is not None:
                            self.global_guards.append(guard)
                elif name == "apply" and "forRoutes" in module.source.text:
                    self._consumer(module, call)
            for obj in module.root.find_all(kind="object"):
                provide = object_property(obj, "provide")
                use = object_property(obj, "useClass") or object_property(obj, "useExisting")
                if provide is not None and use is not None and provide.text().endswith("APP_GUARD"):
                    guard = self.guard_expr(module, use)
                    if guard is not None:
                        self.global_guards.append(guard)

    def _consumer(self, module: JsModule, apply: SgNode) -> None:
        """``consumer.apply(AuthMiddleware).exclude(...).forRoutes(...)``."""
        guards = [g for g in (self._middleware_class(module, a) for a in arguments(apply)) if g is not None]
        if not guards:
            return
        entry = _Middleware(guard=guards[0])
        node: SgNode | None = apply
        while node is not None:
            parent = node.parent()
            holder = parent.parent() if parent is not None and parent.kind() == "member_expression" else None
            if holder is None or holder.kind() != "call_expression":
                break
            name = callee_name(holder)
            for arg in arguments(holder):
                arg = unwrap(arg)
                if name == "forRoutes":
                    text = string_value(arg)
                    if text is not None:
                        entry.everything |= text in {"*", "/*", "(.*)"}
                        entry.routes.append((None, text))
                    elif arg.kind() == "object":
                        path = string_value(object_property(arg, "path"))
                        method = object_property(arg, "method")
                        verb = method.text().split(".")[-1] if method is not None else "ALL"
                        if path is not None:
                            entry.routes.append((None if verb == "ALL" else verb, path))
                    elif arg.kind() == "identifier":
                        entry.controllers.add(arg.text())
                elif name == "exclude":
                    text = string_value(arg) or (
                        string_value(object_property(arg, "path")) if arg.kind() == "object" else None
                    )
                    if text:
                        entry.exclude.append(text)
            node = holder
        self.middleware.append(entry)

    def _middleware_class(self, module: JsModule, node: SgNode) -> Guard | None:
        found = self.symbols.expr(module, unwrap(node))
        if isinstance(found, JsValue) and found.kind in {"class_declaration", "class"}:
            use = class_method(unwrap(found.node), "use")
            if use is not None:
                guard = self.guards.function(found.module, use, found.name)
                if guard is not None:
                    return Guard(
                        label=found.name,
                        chain=(Hop(path=found.path, line=found.line, note=f"middleware {found.name}"), *guard.chain),
                    )
        if isinstance(found, JsValue) and found.kind in {
            "arrow_function",
            "function_declaration",
            "function_expression",
        }:
            return self.guards.function(found.module, unwrap(found.node), found.name)
        return None

    def guard_expr(self, module: JsModule, node: SgNode, depth: int = 0) -> Guard | None:
        """A guard class, instance (``new JwtGuard()``) or ``AuthGuard("jwt")`` call."""
        node = unwrap(node)
        at = Hop(path=module.source.path, line=line_of(node), note=" ".join(node.text().split())[:60])
        if node.kind() == "new_expression":
            constructor = node.field("constructor")
            return self.guard_expr(module, constructor, depth + 1) if constructor is not None else None
        if node.kind() == "call_expression" and callee_name(node) == "AuthGuard":
            args = arguments(node)
            strategy = string_value(args[0]) if args else "default"
            if strategy == "local":
                return None  # the login step, not a guard
            return Guard(
                label=f"AuthGuard({strategy!r})",
                chain=(Hop(path=at.path, line=at.line, note=f"{at.note}: @nestjs/passport strategy {strategy}"),),
            )
        found = self.symbols.expr(module, node) if node.kind() in {"identifier", "member_expression"} else None
        if isinstance(found, JsValue) and found.kind in {"class_declaration", "class"} and depth < 4:
            cls = unwrap(found.node)
            heritage = " ".join(c.text() for c in cls.children() if c.kind() == "class_heritage")
            if "AuthGuard(" in heritage and "'local'" not in heritage and '"local"' not in heritage:
                return Guard(
                    label=found.name,
                    chain=(at, Hop(path=found.path, line=found.line, note=f"{found.name} {heritage.strip()}")),
                )
            method = class_method(cls, "canActivate")
            if method is not None:
                inner = self.guards.function(found.module, method, f"{found.name}.canActivate")
                if inner is not None:
                    return dataclasses.replace(
                        inner,
                        label=found.name,
                        chain=(at, *inner.chain),
                        admin=inner.admin or is_admin_name(found.name),
                    )
            if is_guard_name(found.name):
                return Guard(
                    label=found.name,
                    chain=(at, Hop(path=found.path, line=found.line, note=f"{found.name}, judged by its name")),
                    by_name=True,
                    admin=is_admin_name(found.name),
                )
            return None
        if isinstance(found, JsExternal) and (is_guard_name(found.name) or found.name in {"ThrottlerGuard"}):
            if found.name == "ThrottlerGuard":
                return None
            return Guard(
                label=found.name,
                chain=(Hop(path=at.path, line=at.line, note=f"{at.note}: {found.qualname}"),),
                by_name=True,
            )
        if node.kind() == "identifier" and is_guard_name(node.text()):
            return Guard(
                label=node.text(),
                chain=(Hop(path=at.path, line=at.line, note=f"{node.text()}, judged by its name"),),
                by_name=True,
            )
        return None

    def _is_public(self, module: JsModule, decorators: list[SgNode]) -> Hop | None:
        for decorator in decorators:
            name, _ = _call_of(decorator)
            if words(name) & PUBLIC_WORDS:
                return Hop(
                    path=module.source.path, line=line_of(decorator), note=f"@{name}() opts out of the global guard"
                )
            found = (
                self.symbols.expr(
                    module, decorator.named_children()[0].field("function") or decorator.named_children()[0]
                )
                if decorator.named_children()
                else None
            )
            if isinstance(found, JsValue):
                value = unwrap(found.node)
                text = value.text()
                if "SetMetadata" in text and any(w in text.lower() for w in ("public", "anonymous", "skipauth")):
                    return Hop(path=found.path, line=found.line, note=f"@{name}() sets public metadata")
        return None

    def endpoints(self) -> list[Endpoint]:
        modules = self._nest_modules()
        if not modules:
            return []
        self.collect_globals(modules)
        found: list[Endpoint] = []
        for module in modules:
            for cls in [*module.root.find_all(kind="class_declaration")]:
                decorators = decorators_of(cls)
                controller = next((d for d in decorators if _call_of(d)[0] == "Controller"), None)
                if controller is None:
                    continue
                _, args = _call_of(controller)
                base = ""
                if args:
                    first = unwrap(args[0])
                    base = (
                        string_value(first)
                        or (string_value(object_property(first, "path")) if first.kind() == "object" else None)
                        or ""
                    )
                name_node = cls.field("name")
                class_name = name_node.text() if name_node is not None else "<controller>"
                body = cls.field("body")
                if body is None:
                    continue
                for member in body.named_children():
                    if member.kind() != "method_definition":
                        continue
                    member_decorators = decorators_of(member)
                    for decorator in member_decorators:
                        verb_name, verb_args = _call_of(decorator)
                        if verb_name not in VERBS:
                            continue
                        sub = (string_value(verb_args[0]) or "") if verb_args else ""
                        route = join(join(self.prefix, base), sub) if (self.prefix or base or sub) else "/"
                        route = "/" + route.lstrip("/")
                        found.append(
                            self._endpoint(
                                module,
                                class_name,
                                decorators,
                                member,
                                member_decorators,
                                decorator,
                                VERBS[verb_name],
                                route,
                                base,
                                sub,
                            )
                        )
        return found

    def _endpoint(
        self,
        module: JsModule,
        class_name: str,
        class_decorators: list[SgNode],
        method: SgNode,
        member_decorators: list[SgNode],
        verb: SgNode,
        http: str,
        route: str,
        base: str,
        sub: str,
    ) -> Endpoint:
        facts = AuthFacts()
        admin = False
        roles: str | None = None
        for decorator in [*class_decorators, *member_decorators]:
            name, args = _call_of(decorator)
            if name == "UseGuards":
                for arg in args:
                    facts.add(self.guard_expr(module, arg))
            if name == "Roles" and args:
                roles = "@Roles(" + ", ".join(a.text() for a in args) + ")"
                admin |= any(is_admin_name(string_value(a) or a.text()) for a in args)
        public = self._is_public(module, [*class_decorators, *member_decorators])
        if public is None:
            for guard in self.global_guards:
                facts.add(guard)
        else:
            facts.public.append(public)
        local = "/" + join(base, sub).lstrip("/")
        for entry in self.middleware:
            if any(matcher_covers(e if e.startswith("/") else "/" + e, local) for e in entry.exclude):
                continue
            applies = (
                entry.everything
                or class_name in entry.controllers
                or any(
                    (m is None or m == http) and matcher_covers(p if p.startswith("/") else "/" + p, local)
                    for m, p in entry.routes
                )
            )
            if applies:
                facts.add(entry.guard)
        if roles and facts.guards:
            first = facts.guards[0]
            facts.guards[0] = dataclasses.replace(first, admin=first.admin or admin, role=first.role or roles)
            facts.admin |= admin
        name_node = method.field("name")
        handler = f"{class_name}.{name_node.text() if name_node is not None else '?'}"
        registration = Hop(
            path=module.source.path,
            line=line_of(verb),
            note=f"@{_call_of(verb)[0]}({sub!r}) in @Controller({base!r}) {class_name}",
        )
        if not facts.guards:
            facts.looked.append(registration)
        scope = JsScope()
        for parameter in method.find_all(kind="required_parameter") + method.find_all(kind="optional_parameter"):
            pattern = parameter.field("pattern")
            if pattern is None:
                continue
            for decorator in [c for c in parameter.children() if c.kind() == "decorator"]:
                name, _ = _call_of(decorator)
                if name in INPUT_DECORATORS:
                    scope.inputs.add(pattern.text())
                elif name in {"Req", "Request"}:
                    scope.input_paths.update({f"{pattern.text()}.{m}" for m in ("params", "query", "body")})
                elif words(name) & {"user", "caller", "principal", "account", "session"}:
                    scope.callers.add(pattern.text())
        params = tuple(Parameter(name=s[1:], source="path") for s in route.split("/") if s.startswith(":"))
        handled = self.context.analyse(method, scope)
        if scope.callers:
            # ``@User("id") userId`` reads what a guard or middleware put on the request; it does
            # not authenticate anybody by itself
            handled.reads_caller = self.context.analyse(
                method, JsScope(inputs=scope.inputs, input_paths=scope.input_paths)
            ).reads_caller
        return js_endpoint(
            module=module,
            fn=method,
            method=http,
            route=route,
            line=line_of(verb),
            framework="nestjs",
            handler=handler,
            scope=scope,
            context=self.context,
            facts=facts,
            parameters_=params,
            evidence=(registration,),
            handler_facts=handled,
        )


def nestjs_endpoints(project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> list[Endpoint]:
    """Every NestJS controller route, with its guards, global guards and middleware."""
    return _Model(project, context, symbols, guards).endpoints()
