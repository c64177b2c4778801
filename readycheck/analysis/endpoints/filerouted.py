"""Endpoints of frameworks that route by file name, and who may call them.

- **Next.js**: app-router ``route.ts`` handlers (exported ``GET``/``POST``/...), ``pages/api``
  handlers, ``"use server"`` server actions; ``middleware.ts`` and Next.js 16's ``proxy.ts``
  (with their ``config.matcher``) as a guard for the routes they select.
- **Nuxt / Nitro**: ``server/api/**`` (under ``/api``) and ``server/routes/**`` with the method
  from the file suffix (``users.get.ts``), ``[id]`` and ``[...slug]`` segments;
  ``server/middleware/*`` as a guard for every route.
- **SvelteKit**: ``src/routes/**/+server.ts`` handlers, ``+page.server.ts`` ``load`` (GET) and
  form ``actions`` (POST); ``hooks.server.ts`` ``handle`` as a guard.
- **Remix / React Router (file routes)**: ``app/routes`` modules exporting ``loader`` (GET)
  and ``action`` (POST), flat (``users.$id.tsx``) and folder routes.
- **Astro**: ``src/pages/**/*.ts`` endpoints exporting ``GET``/``POST``/``ALL``.
- **Vercel functions**: ``api/**`` of a project that is not Next.js (default-exported handler).

A middleware guards a route when the route matches its matcher (path-to-regexp syntax,
converted to a regular expression with path-to-regexp's own semantics) and the middleware
refuses or redirects unauthenticated callers (read through the code index; NextAuth's
``withAuth``/``auth`` wrappers, Clerk's ``auth.protect()`` with ``createRouteMatcher``, a Supabase
``updateSession`` helper that redirects without a user). Paths it lets through
(``!pathname.startsWith("/login")``) are left out.

Sources: Next.js docs "Route Handlers", "Middleware"/"Proxy" (matcher), "Server Actions";
Nuxt "server directory"; SvelteKit "Routing" and "Hooks"; Remix "Route File Naming"; Astro
"Endpoints"; Vercel "Functions"; path-to-regexp README.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ast_grep_py import SgNode

from readycheck.analysis.authz import AuthFacts, Guard
from readycheck.analysis.endpoints.javascript import (
    HTTP_METHODS,
    JsContext,
    _default_export,
    _exported_functions,
    _next_route,
    _pages_methods,
    _route_params,
    directive,
    js_endpoint,
    request_scope,
)
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
from readycheck.analysis.jssymbols import FUNCTION_KINDS, JsExternal, JsSymbols, JsValue, object_property, unwrap
from readycheck.model import Endpoint, Hop, Parameter

# -- middleware matchers ---------------------------------------------------------------------


def matcher_regex(pattern: str) -> re.Pattern[str] | None:
    """A Next.js/Clerk matcher in path-to-regexp syntax as a compiled regular expression:
    ``/dashboard/:path*`` → ``/dashboard(?:/[^/]+)*``; ``(...)`` groups are regular
    expressions (``/((?!api|_next).*)``). None when the pattern is invalid."""
    out: list[str] = []
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == ":":
            match = re.match(r"[A-Za-z0-9_]+", pattern[index + 1 :])
            if match is None:
                out.append(re.escape(char))
                index += 1
                continue
            index += 1 + match.end()
            prefix = ""
            if out and out[-1] == "/":
                out.pop()
                prefix = "/"
            segment = "[^/]+"
            if index < length and pattern[index] == "(":
                group, index = _group(pattern, index)
                segment = group
            modifier = pattern[index] if index < length and pattern[index] in "*+?" else ""
            index += 1 if modifier else 0
            unit = f"(?:{re.escape(prefix)}{segment})" if prefix else f"(?:{segment})"
            out.append(unit + modifier if modifier else unit)
        elif char == "(":
            group, index = _group(pattern, index)
            out.append(f"({group})")
        elif char == "{":
            close = pattern.find("}", index)
            if close < 0:
                return None
            inner = matcher_regex(pattern[index + 1 : close])
            index = close + 1
            modifier = pattern[index] if index < length and pattern[index] in "*+?" else ""
            index += 1 if modifier else 0
            out.append(f"(?:{inner.pattern if inner else ''}){modifier}")
        elif char == "\\" and index + 1 < length:
            out.append(re.escape(pattern[index + 1]))
            index += 2
        else:
            out.append("/" if char == "/" else re.escape(char))
            index += 1
    try:
        return re.compile("".join(out) + "/?")
    except re.error:
        return None


def _group(pattern: str, start: int) -> tuple[str, int]:
    depth = 0
    for index in range(start, len(pattern)):
        if pattern[index] == "\\":
            continue
        if pattern[index] == "(" and (index == 0 or pattern[index - 1] != "\\"):
            depth += 1
        elif pattern[index] == ")" and pattern[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return pattern[start + 1 : index], index + 1
    return pattern[start + 1 :], len(pattern)


def sample_path(route: str) -> str:
    """A concrete request path for a route with dynamic segments (``[id]``, ``:id``,
    ``[...slug]``), used to test matchers."""
    parts = []
    for segment in route.split("/"):
        if segment.startswith("[[...") or segment.startswith("[..."):
            parts.append("x/y")
        elif (segment.startswith("[") and segment.endswith("]")) or segment.startswith((":", "{", "$")):
            parts.append("x")
        else:
            parts.append(segment)
    return "/".join(parts) or "/"


def matcher_covers(matcher: str, route: str) -> bool:
    """Whether a matcher selects ``route`` (tested on a concrete path of the route)."""
    regex = matcher_regex(matcher)
    if regex is None:
        return True  # an unreadable matcher: assume it covers (the guard's chain says where)
    return regex.fullmatch(sample_path(route)) is not None


def config_matchers(module: JsModule) -> list[str] | None:
    """The literal ``config.matcher`` patterns of a middleware/proxy module (strings, arrays
    of strings, ``{ source }`` objects), or None when there is no matcher (every route)."""
    for declarator in module.root.find_all(kind="variable_declarator"):
        name, value = declarator.field("name"), declarator.field("value")
        if name is None or value is None or name.text() != "config" or unwrap(value).kind() != "object":
            continue
        matcher = object_property(unwrap(value), "matcher")
        if matcher is None:
            return None
        matcher = unwrap(matcher)
        items = [matcher] if matcher.kind() in {"string", "template_string"} else matcher.named_children()
        patterns: list[str] = []
        for item in items:
            text = string_value(item)
            if text:
                patterns.append(text)
            elif item.kind() == "object":
                source = object_property(item, "source")
                if source is not None and string_value(source):
                    patterns.append(string_value(source) or "")
        return patterns
    return None


@dataclass(frozen=True, kw_only=True)
class Gate:
    """A middleware that guards the routes it selects: the guard, the matchers (None: every
    route), the routes it protects when it only protects some (``createRouteMatcher``, a
    ``pathname.startsWith`` test), and the prefixes it lets through."""

    guard: Guard
    matchers: tuple[str, ...] | None
    protected: tuple[str, ...] | None
    exempt: tuple[str, ...]

    def covers(self, route: str) -> bool:
        """Whether the gate guards ``route``."""
        path = sample_path(route)
        if self.matchers is not None and not any(matcher_covers(m, route) for m in self.matchers):
            return False
        if any(
            path == e.rstrip("/") or path.startswith(e.rstrip("/") + "/") or path.startswith(e)
            for e in self.exempt
            if e
        ):
            return False
        if self.protected is not None:
            return any(
                matcher_covers(p, route) or path.startswith(p.rstrip("*").rstrip("(.*)")) for p in self.protected
            )
        return True


WRAPPER_GUARDS = frozenset({"withAuth", "authMiddleware", "withMiddlewareAuthRequired", "withClerkMiddleware"})


# Packages whose apps route ``server/api/**`` and ``server/routes/**`` by file (Nuxt 3 builds on
# Nitro, Nitro on h3; Analog and SolidStart use Nitro too).
NITRO_PACKAGES = frozenset({"nuxt", "nuxt3", "nuxt-nightly", "nitropack", "nitro", "h3", "@analogjs/platform"})
NITRO_PACKAGES |= {"@solidjs/start", "vinxi", "@nuxt/kit", "nuxt-edge"}


class Gates:
    """Middleware gates of file-routed apps (Next.js ``middleware``/``proxy``, Nuxt
    ``server/middleware``, SvelteKit ``hooks.server``)."""

    def __init__(self, symbols: JsSymbols, guards: JsGuards) -> None:
        self.symbols = symbols
        self.guards = guards

    def gate(self, module: JsModule, fn_node: SgNode | None, label: str, matchers: list[str] | None) -> Gate | None:
        """The gate a middleware module forms, or None when it guards nothing."""
        if fn_node is None:
            return None
        node = unwrap(fn_node)
        at = Hop(path=module.source.path, line=line_of(node), note=f"{label} runs before the matched routes")
        matched = tuple(matchers) if matchers is not None else None
        if node.kind() == "call_expression":
            function = node.field("function")
            name = callee_name(node)
            target = self.symbols.expr(module, function) if function is not None else None
            args = arguments(node)
            callback = unwrap(args[0]) if args else None
            if name in WRAPPER_GUARDS or (
                isinstance(target, JsExternal) and "next-auth" in target.specifier and name == "withAuth"
            ):
                return Gate(
                    guard=Guard(
                        label=name,
                        chain=(
                            at,
                            Hop(path=at.path, line=at.line, note=f"{name}(): every matched route requires a session"),
                        ),
                        by_name=True,
                    ),
                    matchers=matched,
                    protected=None,
                    exempt=(),
                )
            if name == "clerkMiddleware":
                if callback is None or callback.kind() not in FUNCTION_KINDS:
                    return None  # clerkMiddleware() alone protects nothing
                if not any(callee_name(c) == "protect" for c in callback.find_all(kind="call_expression")):
                    return None
                protected = self._route_matcher_patterns(module, callback)
                clerk = Guard(
                    label="clerkMiddleware auth.protect()",
                    chain=(
                        at,
                        Hop(path=at.path, line=line_of(callback), note="auth.protect() refuses signed-out callers"),
                    ),
                )
                return Gate(guard=clerk, matchers=matched, protected=protected, exempt=())
            if callback is not None and callback.kind() in FUNCTION_KINDS:
                wrapped = self.guards.function(module, callback, name or label)
                if wrapped is not None:
                    return Gate(guard=_prefix(wrapped, at), matchers=matched, protected=None, exempt=_exempt(callback))
            inner, _ = self.guards.middleware(module, node)
            if inner is not None:
                return Gate(guard=_prefix(inner, at), matchers=matched, protected=None, exempt=())
            return None
        if node.kind() in FUNCTION_KINDS:
            found_guard = self.guards.function(module, node, label)
            if found_guard is None:
                return None
            bodies = self._bodies(module, node)
            protected = tuple(p for body in bodies for p in _protected(body))
            exempt = tuple(e for body in bodies for e in _exempt(body))
            return Gate(guard=_prefix(found_guard, at), matchers=matched, protected=protected or None, exempt=exempt)
        if node.kind() == "identifier":
            found = self.symbols.expr(module, node)
            if isinstance(found, JsValue):
                return self.gate(found.module, found.node, label, matchers)
            if isinstance(found, JsExternal) and found.name in {"auth", "default"} and "auth" in found.specifier:
                return Gate(
                    guard=Guard(label=f"{found.qualname} middleware", chain=(at,), by_name=True),
                    matchers=matched,
                    protected=None,
                    exempt=(),
                )
        return None

    def _bodies(self, module: JsModule, fn: SgNode, depth: int = 0) -> list[SgNode]:
        """``fn`` and the repository functions it calls (two calls deep), where path tests of a
        middleware live (a Supabase ``updateSession`` helper)."""
        found = [fn]
        if depth >= 2:
            return found
        for call in fn.find_all(kind="call_expression"):
            function = call.field("function")
            if function is None or function.kind() != "identifier":
                continue
            target = self.symbols.callable(self.symbols.expr(module, function))
            if isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS:
                found.extend(self._bodies(target.module, unwrap(target.node), depth + 1))
        return found

    def _route_matcher_patterns(self, module: JsModule, callback: SgNode) -> tuple[str, ...] | None:
        """Patterns of ``createRouteMatcher([...])`` used in the callback's condition."""
        for call in callback.find_all(kind="call_expression"):
            function = call.field("function")
            if function is None or function.kind() != "identifier":
                continue
            found = self.symbols.expr(module, function)
            if (
                isinstance(found, JsValue)
                and unwrap(found.node).kind() == "call_expression"
                and callee_name(unwrap(found.node)) == "createRouteMatcher"
            ):
                patterns = arguments(unwrap(found.node))
                if patterns and unwrap(patterns[0]).kind() == "array":
                    values = tuple(s for s in (string_value(p) for p in unwrap(patterns[0]).named_children()) if s)
                    text = callback.text()
                    negated = f"!{function.text()}(" in text.replace(" ", "")
                    return None if negated else values
        return None


def _layout_guard(module: JsModule, fn: SgNode) -> Guard | None:
    """A SvelteKit layout ``load`` that redirects or errors when there is no signed-in caller
    (``if (!locals.user) throw redirect(302, "/login")``, ``error(401)``), as a guard; None
    otherwise. Source: SvelteKit docs, "Loading data" (``parent``) and "Auth"."""
    for statement in fn.find_all(kind="if_statement"):
        condition = statement.field("condition")
        consequence = statement.field("consequence")
        if condition is None or consequence is None:
            continue
        tested = unwrap(condition)
        while tested.kind() == "parenthesized_expression" and tested.named_children():
            tested = unwrap(tested.named_children()[0])
        if tested.kind() != "unary_expression" or not tested.text().startswith("!"):
            continue
        operand = tested.named_children()[-1] if tested.named_children() else None
        last = operand.text().replace("?.", ".").split(".")[-1] if operand is not None else ""
        if last not in {"user", "session", "auth", "userId", "currentUser"}:
            continue
        calls = [callee_name(c) for c in consequence.find_all(kind="call_expression")]
        if "redirect" in calls or "error" in calls:
            return Guard(
                label="+layout.server load",
                chain=(
                    Hop(
                        path=module.source.path,
                        line=line_of(statement),
                        note=f"the layout load refuses callers without {operand.text() if operand else last}",
                    ),
                ),
            )
    return None


def _awaits_parent(fn: SgNode) -> bool:
    """Whether a SvelteKit load calls ``await parent()``."""
    return any(callee_name(call) == "parent" and not arguments(call) for call in fn.find_all(kind="call_expression"))


def _inside(path: str, folder: str) -> bool:
    """Whether the file ``path`` is in ``folder`` or below it."""
    return folder in {"", "."} or path.startswith(folder.rstrip("/") + "/")


def _protected(fn: SgNode) -> tuple[str, ...]:
    """Prefixes a middleware checks ``pathname.startsWith("/x")`` for, outside a negation."""
    return _path_prefixes(fn, negated=False)


def _exempt(fn: SgNode) -> tuple[str, ...]:
    """Prefixes a middleware lets through: ``!pathname.startsWith("/x")``."""
    return _path_prefixes(fn, negated=True)


def _path_prefixes(fn: SgNode, *, negated: bool) -> tuple[str, ...]:
    """The literal prefixes of ``pathname.startsWith(...)`` calls in ``fn``, negated (``!``)
    or not."""
    found = []
    for call in fn.find_all(kind="call_expression"):
        if callee_name(call) != "startsWith":
            continue
        function = call.field("function")
        if function is None or "pathname" not in function.text():
            continue
        parent = call.parent()
        is_negated = parent is not None and parent.kind() == "unary_expression" and parent.text().startswith("!")
        value = string_value(arguments(call)[0]) if arguments(call) else None
        if value and is_negated == negated:
            found.append(value)
    return tuple(found)


def _prefix(guard: Guard, at: Hop) -> Guard:
    return dataclasses.replace(guard, chain=(at, *guard.chain))


# -- the models ----------------------------------------------------------------------------------


class _Builder:
    def __init__(self, project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards) -> None:
        self.project = project
        self.context = context
        self.symbols = symbols
        self.gates_of = Gates(symbols, guards)
        self.endpoints: list[Endpoint] = []

    def emit(
        self,
        module: JsModule,
        fn: SgNode,
        *,
        method: str,
        route: str,
        line: int,
        framework: str,
        handler: str,
        gates: list[Gate],
        kind: str = "http",
        express: bool = False,
        scope: JsScope | None = None,
        note: str = "",
    ) -> None:
        if scope is None:
            scope, _ = request_scope(fn, express=express)
            scope = _event_scope(fn, scope)
        facts = AuthFacts()
        for gate in gates:
            if gate.covers(route):
                facts.add(gate.guard)
        registration = Hop(path=module.source.path, line=line, note=note or f"{module.source.path} exports {handler}")
        if not facts.guards:
            facts.looked.append(registration)
            for gate in gates:
                facts.looked.append(
                    Hop(
                        path=gate.guard.chain[0].path,
                        line=gate.guard.chain[0].line,
                        note=f"{gate.guard.label} does not select {route}",
                    )
                )
        self.endpoints.append(
            js_endpoint(
                module=module,
                fn=fn,
                method=method,
                route=route,
                line=line,
                framework=framework,
                handler=handler,
                scope=scope,
                context=self.context,
                facts=facts,
                parameters_=_params(route),
                evidence=(registration,),
                kind=kind,
            )
        )

    # -- Next.js ---------------------------------------------------------------------------

    def next_gates(self) -> dict[str, list[Gate]]:
        """Gates per app root folder (the folder holding ``middleware.ts``/``proxy.ts``, or its
        parent when it is ``src``)."""
        gates: dict[str, list[Gate]] = {}
        for path, module in self.project.modules.items():
            posix = PurePosixPath(path)
            if posix.stem not in {"middleware", "proxy"} or posix.suffix not in {".ts", ".js", ".tsx", ".mjs"}:
                continue
            folder = str(posix.parent)
            folder = "" if folder == "." else folder
            if folder.endswith("src"):
                folder = folder[: -len("src")].rstrip("/")
            if "/" in folder and not (self.project.packages.get(folder) or self._has_next(folder)):
                continue
            node = _default_export(module) or _named_export(module, posix.stem)
            if node is None:
                node = _default_value(self.symbols, module)
            gate = self.gates_of.gate(module, node, f"{posix.name}", config_matchers(module))
            if gate is not None:
                gates.setdefault(folder, []).append(gate)
        return gates

    def _has_next(self, folder: str) -> bool:
        return any(p.startswith(folder + "/app/") or p.startswith(folder + "/pages/") for p in self.project.modules)

    def nextjs(self) -> None:
        gates = self.next_gates()
        for module in self.project.modules.values():
            located = _next_route(module.source.path)
            root = _next_root(module.source.path)
            app_gates = gates.get(root, []) if root is not None else []
            if located is not None and located[0] == "app":
                for name, fn, line in _exported_functions(module):
                    if name in HTTP_METHODS:
                        self.emit(
                            module,
                            fn,
                            method=name,
                            route=located[1],
                            line=line,
                            framework="nextjs",
                            handler=name,
                            gates=app_gates,
                        )
            elif located is not None and located[0] == "pages":
                default = _default_export(module)
                if default is None:
                    # ``export default NextAuth(authOptions)``: a library builds the handler
                    built = _default_value(self.symbols, module)
                    if built is not None and unwrap(built).kind() == "call_expression":
                        call = unwrap(built)
                        callee = call.field("function")
                        self.emit(
                            module,
                            call,
                            method="ANY",
                            route=located[1],
                            line=line_of(call),
                            framework="nextjs",
                            handler=callee.text() if callee is not None else "default",
                            gates=app_gates,
                            express=True,
                        )
                    continue
                scope, names = request_scope(default, express=True)
                for method in _pages_methods(default, names[0] if names else "req"):
                    self.emit(
                        module,
                        default,
                        method=method,
                        route=located[1],
                        line=line_of(default),
                        framework="nextjs",
                        handler="default",
                        gates=app_gates,
                        express=True,
                    )
            elif directive(module) == "use server":
                everywhere = [g for g in app_gates if g.matchers is None and g.protected is None and not g.exempt]
                for name, fn, line in _exported_functions(module):
                    scope = JsScope(inputs={n for p in parameters(fn) for n in bound_names(p)})
                    self.emit(
                        module,
                        fn,
                        method="POST",
                        route=f"server-action:{name}",
                        line=line,
                        framework="nextjs-server-action",
                        handler=name,
                        gates=everywhere,
                        kind="rpc",
                        scope=scope,
                        note=f'"use server" export {name}',
                    )

    # -- Nuxt / Nitro ------------------------------------------------------------------------
    # ``server/api`` and ``server/routes`` are file routes only in an app built with Nuxt or
    # Nitro: under a package.json that declares none of NITRO_PACKAGES they are ordinary
    # modules (an Express app's ``server/routes/users.js``).

    def nuxt(self) -> None:
        roots: dict[str, list[Gate]] = {}
        files: list[tuple[JsModule, str, str]] = []
        for path, module in self.project.modules.items():
            parts = PurePosixPath(path).parts
            dependencies = self.project.package_dependencies(path)
            if dependencies is not None and not dependencies & NITRO_PACKAGES:
                continue  # ``server/routes/`` of an Express app whose package.json has no Nuxt or Nitro
            for index in range(len(parts) - 2):
                if parts[index] == "server" and parts[index + 1] in {"api", "routes", "middleware"}:
                    root = "/".join(parts[:index])
                    kind = parts[index + 1]
                    rest = "/".join(parts[index + 2 :])
                    if kind == "middleware":
                        node = _default_value(self.symbols, module)
                        handler = _event_handler(node)
                        if handler is not None:
                            gate = self.gates_of.gate(module, handler, f"server/middleware/{rest}", None)
                            if gate is not None:
                                roots.setdefault(root, []).append(gate)
                    else:
                        files.append((module, kind, rest))
                    break
        for module, kind, rest in files:
            node = _default_value(self.symbols, module)
            handler = _event_handler(node)
            if handler is None and node is not None and unwrap(node).kind() == "call_expression":
                # the file is the route whatever builds its handler: ``oauth.githubEventHandler({...})``
                # or an app's own wrapper; the wrapper's body is read for guards like any handler
                handler = unwrap(node)
            if handler is None:
                continue
            route, method = _nuxt_route(kind, rest)
            root = module.source.path.split("/server/")[0] if "/server/" in module.source.path else ""
            self.emit(
                module,
                handler,
                method=method,
                route=route,
                line=line_of(node or handler),
                framework="nuxt",
                handler="default",
                gates=roots.get(root, []) + (roots.get("", []) if root else []),
                note=f"server/{kind}/{rest}",
            )

    # -- SvelteKit ---------------------------------------------------------------------------

    def sveltekit(self) -> None:
        hooks: dict[str, list[Gate]] = {}
        for path, module in self.project.modules.items():
            if PurePosixPath(path).name in {"hooks.server.ts", "hooks.server.js"}:
                root = path.split("/src/")[0] if "/src/" in path else ""
                handle = _named_export(module, "handle")
                if handle is not None:
                    node = unwrap(handle)
                    if node.kind() == "call_expression" and callee_name(node) == "sequence":
                        for arg in arguments(node):
                            found = self.symbols.local(module, arg) or self.symbols.expr(module, arg)
                            if isinstance(found, JsValue):
                                gate = self.gates_of.gate(found.module, found.node, "hooks.server handle", None)
                                if gate is not None:
                                    hooks.setdefault(root, []).append(gate)
                    else:
                        gate = self.gates_of.gate(module, node, "hooks.server handle", None)
                        if gate is not None:
                            hooks.setdefault(root, []).append(gate)
        layouts: dict[str, Gate] = {}  # folder of a +layout.server file -> the gate its load forms
        for path, module in self.project.modules.items():
            if PurePosixPath(path).name.startswith("+layout.server.") and "/routes" in "/" + path:
                for export, fn, _ in _exported_functions(module):
                    guard = _layout_guard(module, fn) if export == "load" else None
                    if guard is not None:
                        layouts[str(PurePosixPath(path).parent)] = Gate(
                            guard=guard, matchers=None, protected=None, exempt=()
                        )
        for path, module in self.project.modules.items():
            name = PurePosixPath(path).name
            if not name.startswith(("+server.", "+page.server.", "+layout.server.")) or "/routes" not in "/" + path:
                continue
            root = path.split("/src/")[0] if "/src/" in path else ""
            route = _svelte_route(path)
            if route is None:
                continue
            gates = hooks.get(root, [])
            if name.startswith("+server."):
                for export, fn, line in _exported_functions(module):
                    if export in HTTP_METHODS or export == "fallback":
                        self.emit(
                            module,
                            fn,
                            method=export if export != "fallback" else "ANY",
                            route=route,
                            line=line,
                            framework="sveltekit",
                            handler=export,
                            gates=gates,
                        )
            else:
                for export, fn, line in _exported_functions(module):
                    if export == "load":
                        # ``await parent()`` runs the parent layouts' server loads first: one that
                        # redirects anonymous callers guards this load (form actions and
                        # +server endpoints never run layout loads); a layout's own check
                        # guards its own load
                        own = str(PurePosixPath(path).parent)
                        waits = _awaits_parent(fn)
                        inherited = [
                            g for folder, g in layouts.items() if _inside(path, folder) and (waits or folder == own)
                        ]
                        self.emit(
                            module,
                            fn,
                            method="GET",
                            route=route,
                            line=line,
                            framework="sveltekit",
                            handler="load",
                            gates=[*gates, *inherited],
                        )
                actions = _named_export(module, "actions")
                if actions is not None and unwrap(actions).kind() == "object":
                    for child in unwrap(actions).named_children():
                        key = child.field("key") or child.field("name")
                        value = child.field("value") if child.kind() == "pair" else child
                        if key is None or value is None:
                            continue
                        action = key.text()
                        target = route if action == "default" else f"{route}?/{action}"
                        self.emit(
                            module,
                            unwrap(value),
                            method="POST",
                            route=target,
                            line=line_of(child),
                            framework="sveltekit",
                            handler=f"actions.{action}",
                            gates=gates,
                            note=f"form action {action}",
                        )

    # -- Remix / React Router ------------------------------------------------------------------

    def remix(self) -> None:
        if not self._imports_any(("@remix-run/", "react-router", "@react-router/")):
            return
        for path, module in self.project.modules.items():
            route = _remix_route(path)
            if route is None:
                continue
            for export, fn, line in _exported_functions(module):
                if export in {"loader", "action"}:
                    self.emit(
                        module,
                        fn,
                        method="GET" if export == "loader" else "POST",
                        route=route,
                        line=line,
                        framework="remix",
                        handler=export,
                        gates=[],
                        express=False,
                    )

    def _imports_any(self, prefixes: tuple[str, ...]) -> bool:
        """Whether some module of the repository imports a package starting with one of
        ``prefixes``."""
        for module in self.project.modules.values():
            for specifier, _ in self.symbols.table(module).imports.values():
                if specifier.startswith(prefixes):
                    return True
        return False

    # -- Astro ------------------------------------------------------------------------------

    def astro(self) -> None:
        for path, module in self.project.modules.items():
            parts = PurePosixPath(path).parts
            if "pages" not in parts or PurePosixPath(path).suffix not in {".ts", ".js", ".mjs"}:
                continue
            index = parts.index("pages")
            if index == 0 or parts[index - 1] != "src":
                continue
            if PurePosixPath(path).name.startswith("_") or not self._astro:
                continue
            segments = [*parts[index + 1 : -1], PurePosixPath(path).stem]
            if segments and segments[-1] == "index":
                segments = segments[:-1]
            route = "/" + "/".join(segments)
            for export, fn, line in _exported_functions(module):
                if export in {*HTTP_METHODS, "ALL"}:
                    self.emit(
                        module,
                        fn,
                        method=export if export != "ALL" else "ANY",
                        route=route,
                        line=line,
                        framework="astro",
                        handler=export,
                        gates=[],
                    )

    @property
    def _astro(self) -> bool:
        """An Astro project: its ``astro.config.*`` is among the parsed modules."""
        return any(PurePosixPath(p).name.startswith("astro.config.") for p in self.project.modules)

    # -- Vercel functions ----------------------------------------------------------------------

    def vercel(self) -> None:
        is_next = any(_next_route(p) is not None for p in self.project.modules)
        if is_next:
            return
        for path, module in self.project.modules.items():
            parts = PurePosixPath(path).parts
            if not parts or parts[0] != "api" or PurePosixPath(path).name.startswith("_"):
                continue
            default = _default_export(module)
            if default is None:
                continue
            segments = [*parts[1:-1], PurePosixPath(path).stem]
            if segments[-1] == "index":
                segments = segments[:-1]
            route = "/api" + ("/" + "/".join(segments) if segments else "")
            _scope, names = request_scope(default, express=True)
            for method in _pages_methods(default, names[0] if names else "req"):
                self.emit(
                    module,
                    default,
                    method=method,
                    route=route,
                    line=line_of(default),
                    framework="vercel",
                    handler="default",
                    gates=[],
                    express=True,
                )


def _named_export(module: JsModule, name: str) -> SgNode | None:
    for statement in module.root.find_all(kind="export_statement"):
        declaration = statement.field("declaration")
        if declaration is None:
            continue
        if declaration.kind() in {"function_declaration"}:
            ident = declaration.field("name")
            if ident is not None and ident.text() == name:
                return declaration
        for declarator in declaration.find_all(kind="variable_declarator"):
            ident, value = declarator.field("name"), declarator.field("value")
            if ident is not None and ident.text() == name and value is not None:
                return value
    return None


def _default_value(symbols: JsSymbols, module: JsModule) -> SgNode | None:
    found = symbols.export(module, "default")
    if isinstance(found, JsValue):
        return found.node
    for statement in module.root.find_all(kind="export_statement"):
        if any(c.text() == "default" for c in statement.children()):
            named = [c for c in statement.named_children() if c.kind() != "comment"]
            return named[-1] if named else None
    return None


EVENT_WRAPPERS = frozenset(
    {
        "defineEventHandler",
        "eventHandler",
        "defineCachedEventHandler",
        "cachedEventHandler",
        "defineNitroPlugin",
        "fromNodeMiddleware",
        "defineWebSocketHandler",
    }
)


def _event_handler(node: SgNode | None) -> SgNode | None:
    """The handler function of ``defineEventHandler(async (event) => ...)`` (or an object form
    ``{ handler }``), or a bare exported function."""
    if node is None:
        return None
    node = unwrap(node)
    if node.kind() in FUNCTION_KINDS:
        return node
    if node.kind() == "call_expression" and callee_name(node) in EVENT_WRAPPERS:
        args = arguments(node)
        if args:
            first = unwrap(args[0])
            if first.kind() in FUNCTION_KINDS:
                return first
            if first.kind() == "object":
                handler = object_property(first, "handler")
                return unwrap(handler) if handler is not None else None
    return None


def _event_scope(fn: SgNode, scope: JsScope) -> JsScope:
    """Nitro/h3 handlers read input through ``event`` helpers: ``getRouterParam(event, "id")``,
    ``readBody(event)``, ``getQuery(event)``; SvelteKit and Astro through ``params``/``request``."""
    params = parameters(fn)
    if params and params[0].kind() == "identifier":
        name = params[0].text()
        scope.input_paths.update(
            {f"{name}.context.params", f"{name}.params", f"{name}.url.searchParams", f"{name}.request"}
        )
    if params and params[0].kind() == "object_pattern":
        scope.inputs.update(n for n in bound_names(params[0]) if n in {"params", "request", "url"})
    return scope


def _nuxt_route(kind: str, rest: str) -> tuple[str, str]:
    """``server/api/users/[id].get.ts`` → (``/api/users/[id]``, ``GET``)."""
    parts = rest.split("/")
    name = parts[-1]
    for ext in (".ts", ".js", ".mjs", ".mts"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    method = "ANY"
    pieces = name.split(".")
    if len(pieces) > 1 and pieces[-1].upper() in {*HTTP_METHODS, "HEAD"}:
        method = pieces[-1].upper()
        name = ".".join(pieces[:-1])
    segments = [*parts[:-1], name]
    if segments and segments[-1] == "index":
        segments = segments[:-1]
    base = "/api" if kind == "api" else ""
    route = base + ("/" + "/".join(segments) if segments else "")
    return route or "/", method


def _svelte_route(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    if "routes" not in parts:
        return None
    index = parts.index("routes")
    segments = [s for s in parts[index + 1 : -1] if not (s.startswith("(") and s.endswith(")"))]
    return "/" + "/".join(segments)


def _remix_route(path: str) -> str | None:
    """Remix v2 / React Router file routes: ``app/routes/users.$id.tsx`` → ``/users/:id``;
    ``_index`` → the parent; ``_auth.login.tsx`` → ``/login`` (pathless layout);
    ``($lang)`` optional segment; ``$.tsx`` splat. Folder routes use ``route.tsx``."""
    parts = PurePosixPath(path).parts
    if "routes" not in parts:
        return None
    index = parts.index("routes")
    if index == 0 or parts[index - 1] != "app":
        return None
    rest = list(parts[index + 1 :])
    if not rest:
        return None
    stem = PurePosixPath(rest[-1]).stem
    if PurePosixPath(rest[-1]).suffix not in {".tsx", ".ts", ".jsx", ".js"}:
        return None
    if len(rest) > 1 and stem in {"route", "index"}:
        name = ".".join(rest[:-1])
    else:
        name = ".".join([*rest[:-1], stem])
    segments: list[str] = []
    for piece in re.split(r"(?<!\[)\.(?![^\[]*\])", name):
        if piece in {"_index", "index"} or (piece.startswith("_") and not piece.startswith("__")):
            continue
        if piece.endswith("_"):
            piece = piece[:-1]
        piece = piece.strip("()")
        if piece == "$":
            segments.append("*")
        elif piece.startswith("$"):
            segments.append(":" + piece[1:])
        else:
            segments.append(piece.replace("[", "").replace("]", ""))
    return "/" + "/".join(s for s in segments if s)


def _next_root(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    for index, part in enumerate(parts):
        if part in {"app", "pages"}:
            root = parts[:index]
            if root and root[-1] == "src":
                root = root[:-1]
            return "/".join(root)
    return None


def _params(route: str) -> tuple[Parameter, ...]:
    found = []
    for segment in route.split("/"):
        if segment.startswith("[") and segment.endswith("]"):
            found.append(Parameter(name=segment.strip("[].").lstrip("."), source="path"))
        elif segment.startswith(":"):
            found.append(Parameter(name=segment[1:], source="path"))
    return tuple(found)


def file_routed_endpoints(
    project: JsProject, context: JsContext, symbols: JsSymbols, guards: JsGuards
) -> list[Endpoint]:
    """Endpoints of Next.js, Nuxt/Nitro, SvelteKit, Remix/React Router, Astro and Vercel
    functions, with the middleware that guards them."""
    builder = _Builder(project, context, symbols, guards)
    builder.nextjs()
    builder.nuxt()
    builder.sveltekit()
    builder.remix()
    builder.astro()
    builder.vercel()
    return builder.endpoints


__all__ = ["Gate", "_route_params", "file_routed_endpoints", "matcher_covers", "matcher_regex"]
