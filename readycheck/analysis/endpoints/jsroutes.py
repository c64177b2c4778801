"""Shared machinery of the JavaScript/TypeScript route models: which object an expression
names (a router declared in a module, a function's local, a parameter bound by the function's
callers, a class field), constant strings (template literals and ``+`` with resolvable parts),
and a router graph that resolves mount prefixes and the middleware that applies to each route
in registration order.

Framework models (Express, Koa, Hono, Fastify) fill a :class:`RouterGraph` and read endpoints
back; none of them resolves imports on its own (they ask :mod:`readycheck.analysis.jssymbols`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.authz import AuthFacts, Guard
from readycheck.analysis.js import JsModule, JsProject, arguments, line_of, parameters, string_value
from readycheck.analysis.jssymbols import (
    FUNCTION_KINDS,
    JsExternal,
    JsNamespace,
    JsSymbols,
    JsValue,
    enclosing_function,
    object_property,
    unwrap,
)
from readycheck.model import Hop

Key = tuple[str, str]


def enclosing_class(node: SgNode) -> SgNode | None:
    """The class declaration that contains ``node``."""
    parent = node.parent()
    while parent is not None:
        if parent.kind() in {"class_declaration", "class", "abstract_class_declaration"}:
            return parent
        parent = parent.parent()
    return None


def function_id(fn: SgNode) -> str:
    """A stable id of a function node inside its file (its start offset)."""
    return f"fn@{fn.range().start.index}"


def param_names(fn: SgNode) -> list[str]:
    """Names of a function's simple parameters, in order (a destructured one gives "")."""
    names = []
    for pattern in parameters(fn):
        names.append(pattern.text() if pattern.kind() == "identifier" else "")
    return names


def local_value(scope: SgNode, name: str, before: SgNode | None = None) -> SgNode | None:
    """The value a ``const/let/var name = ...`` inside function ``scope`` (not in nested
    functions) assigns, or None."""
    for declarator in scope.find_all(kind="variable_declarator"):
        target = declarator.field("name")
        if target is None or target.kind() != "identifier" or target.text() != name:
            continue
        if enclosing_function(declarator) != scope:
            continue
        return declarator.field("value")
    return None


@dataclass(frozen=True, kw_only=True)
class ObjectRef:
    """A router or app an expression names: its key, and for a parameter the function and
    parameter index (resolved later through the function's callers)."""

    key: Key
    param: tuple[str, int, int] | None = None  # (path, function start offset, index)


class Resolver:
    """Name resolution for route models over a project's symbols; ``is_router_value`` says
    whether a value node constructs a router/app (and which kind)."""

    def __init__(
        self,
        project: JsProject,
        symbols: JsSymbols,
        creator: Callable[[JsModule, SgNode], str | None],
    ) -> None:
        self.project = project
        self.symbols = symbols
        self.creator = creator
        self._call_index: dict[str, list[tuple[JsModule, SgNode]]] | None = None

    # -- objects --------------------------------------------------------------------------

    def object_of(self, module: JsModule, expr: SgNode, depth: int = 0) -> ObjectRef | None:
        """The router/app ``expr`` names where it is written, or None."""
        if depth > 8:
            return None
        expr = unwrap(expr)
        kind = expr.kind()
        path = module.source.path
        if kind in {"call_expression", "new_expression"} and self.creator(module, expr):
            return ObjectRef(key=(path, f"new@{expr.range().start.index}"))
        if kind == "identifier":
            name = expr.text()
            fn = enclosing_function(expr)
            while fn is not None:
                value = local_value(fn, name)
                if value is not None:
                    value = unwrap(value)
                    if value.kind() in {"call_expression", "new_expression"} and self.creator(module, value):
                        return ObjectRef(key=(path, f"{function_id(fn)}.{name}"))
                    if value.kind() in {"identifier", "member_expression", "call_expression"}:
                        return self.object_of(module, value, depth + 1)
                    return None
                names = param_names(fn)
                if name in names:
                    return ObjectRef(
                        key=(path, f"{function_id(fn)}.param.{name}"),
                        param=(path, fn.range().start.index, names.index(name)),
                    )
                fn = enclosing_function(fn)
            found = self.symbols.name(module, name)
            return self._from_value(found, depth)
        if kind == "member_expression":
            obj, prop = expr.field("object"), expr.field("property")
            if obj is not None and prop is not None and obj.kind() == "this":
                cls = enclosing_class(expr)
                if cls is not None:
                    return ObjectRef(key=(path, f"{_class_name(cls)}.{prop.text()}"))
            if obj is not None and prop is not None and unwrap(obj).kind() == "new_expression":
                constructor = unwrap(obj).field("constructor")
                target = self.symbols.expr(module, constructor) if constructor is not None else None
                if isinstance(target, JsValue) and target.kind in {"class_declaration", "class"}:
                    return ObjectRef(key=(target.path, f"{_class_name(target.node)}.{prop.text()}"))
            found = self.symbols.expr(module, expr)
            return self._from_value(found, depth)
        if kind == "call_expression":
            # a factory: ``app.use("/x", makeRouter())`` or ``require("./routes")``
            function = expr.field("function")
            if function is not None and function.text() == "require":
                found = self.symbols.expr(module, expr)
                if isinstance(found, JsNamespace):
                    return self._from_value(self.symbols.export(found.module, "default"), depth)
                return None
            target = self.symbols.callable(self.symbols.expr(module, function)) if function is not None else None
            if isinstance(target, JsValue) and unwrap(target.node).kind() in FUNCTION_KINDS:
                body = unwrap(target.node)
                for ret in body.find_all(kind="return_statement"):
                    if enclosing_function(ret) != body:
                        continue
                    values = ret.named_children()
                    if values:
                        found_ref = self.object_of(target.module, values[0], depth + 1)
                        if found_ref is not None:
                            return found_ref
                arrow_body = body.field("body")
                if arrow_body is not None and arrow_body.kind() != "statement_block":
                    return self.object_of(target.module, arrow_body, depth + 1)
            return None
        return None

    def _importers(self, module: JsModule) -> list[JsModule]:
        """Modules of the repository that import ``module``."""
        if self._call_index is None:
            index: dict[str, list[tuple[JsModule, SgNode]]] = {}
            for other in self.project.modules.values():
                table = self.symbols.table(other)
                for specifier, _ in table.imports.values():
                    target = self.project.resolve(other.source.path, specifier)
                    if target is not None:
                        index.setdefault(target.source.path, []).append((other, other.root))
                for call in find_requires(other):
                    spec = string_value(arguments(call)[0])
                    target = self.project.resolve(other.source.path, spec or "")
                    if target is not None:
                        index.setdefault(target.source.path, []).append((other, other.root))
            self._call_index = index
        found: dict[str, JsModule] = {}
        for other, _ in self._call_index.get(module.source.path, []):
            found[other.source.path] = other
        found.pop(module.source.path, None)
        return list(found.values())

    def _from_value(self, found: object, depth: int) -> ObjectRef | None:
        if isinstance(found, JsValue):
            node = unwrap(found.node)
            if node.kind() in {"call_expression", "new_expression"} and self.creator(found.module, node):
                return ObjectRef(
                    key=(found.path, found.name if found.name not in {"default"} else f"new@{node.range().start.index}")
                )
            if node.kind() in {"identifier", "member_expression", "call_expression"} and node.text() != found.name:
                return self.object_of(found.module, node, depth + 1)
        if isinstance(found, JsNamespace):
            return self._from_value(self.symbols.export(found.module, "default"), depth + 1)
        return None

    def key_of_declaration(self, module: JsModule, declarator: SgNode) -> Key | None:
        """The key of ``const X = <creator>()`` (module level, in a function, or a class field)."""
        target = declarator.field("name") or declarator.field("property")
        if target is None:
            return None
        path = module.source.path
        if declarator.kind() in {"public_field_definition", "field_definition"}:
            cls = enclosing_class(declarator)
            return (path, f"{_class_name(cls)}.{target.text()}") if cls is not None else None
        fn = enclosing_function(declarator)
        if fn is None:
            return (path, target.text())
        return (path, f"{function_id(fn)}.{target.text()}")

    # -- callers --------------------------------------------------------------------------

    def call_sites(self, module: JsModule, fn: SgNode) -> Iterator[tuple[JsModule, SgNode]]:
        """Calls in the repository whose callee resolves to function ``fn``: calls in its own
        module and in the modules that import it (by ``import`` or ``require``)."""
        candidates = [module, *self._importers(module)]
        start = fn.range().start.index
        seen: set[tuple[str, int]] = set()
        for other in candidates:
            for call in other.root.find_all(kind="call_expression"):
                marker = (other.source.path, call.range().start.index)
                if marker in seen:
                    continue
                seen.add(marker)
                function = call.field("function")
                if function is None:
                    continue
                target = (
                    self.symbols.callable(self.symbols.expr(other, function))
                    if function.kind() != "call_expression"
                    else None
                )
                if function.kind() == "call_expression":
                    inner = self.symbols.expr(other, function)  # require("./routes")(app)
                    target = self.symbols.export(inner.module, "default") if isinstance(inner, JsNamespace) else None
                if isinstance(target, JsValue) and target.path == module.source.path:
                    node = unwrap(target.node)
                    if node.range().start.index == start:
                        yield other, call


def find_requires(module: JsModule) -> list[SgNode]:
    """``require("...")`` calls of a module (with a literal specifier)."""
    found = []
    for call in module.root.find_all(kind="call_expression"):
        function = call.field("function")
        args = arguments(call)
        if function is not None and function.text() == "require" and args and string_value(args[0]) is not None:
            found.append(call)
    return found


def _names_of_function(fn: SgNode) -> list[str]:
    names: list[str] = []
    name = fn.field("name")
    if name is not None:
        names.append(name.text())
    parent = fn.parent()
    if parent is not None and parent.kind() == "variable_declarator":
        target = parent.field("name")
        if target is not None:
            names.append(target.text())
    return names


def _class_name(cls: SgNode | None) -> str:
    if cls is None:
        return "<class>"
    name = cls.field("name")
    return name.text() if name is not None else f"class@{cls.range().start.index}"


# -- constant strings ----------------------------------------------------------------------


def js_constant(symbols: JsSymbols, module: JsModule, node: SgNode | None, depth: int = 0) -> str | None:
    """The string an expression stands for: a literal, a template whose substitutions are
    constants (``${this.path}`` read from the class field), ``+`` of such parts, a constant
    declared at module level or imported. A part that cannot be known is written ``{name}``."""
    if node is None or depth > 6:
        return None
    node = unwrap(node)
    text = string_value(node)
    if text is not None:
        return text
    kind = node.kind()
    if kind == "template_string":
        parts: list[str] = []
        for child in node.named_children():
            if child.kind() == "string_fragment":
                parts.append(child.text())
            elif child.kind() == "template_substitution":
                inner = child.named_children()
                part = js_constant(symbols, module, inner[0], depth + 1) if inner else None
                parts.append(part if part is not None else "{" + (inner[0].text() if inner else "") + "}")
            elif child.kind() == "escape_sequence":
                parts.append(child.text())
        return "".join(parts)
    if kind == "binary_expression":
        operator = node.field("operator")
        if operator is not None and operator.text() == "+":
            left = js_constant(symbols, module, node.field("left"), depth + 1)
            right = js_constant(symbols, module, node.field("right"), depth + 1)
            if left is not None and right is not None:
                return left + right
        return None
    if kind == "member_expression":
        obj, prop = node.field("object"), node.field("property")
        if obj is not None and prop is not None and obj.kind() == "this":
            cls = enclosing_class(node)
            body = cls.field("body") if cls is not None else None
            for member in body.named_children() if body is not None else []:
                key = member.field("name") or member.field("property")
                if key is not None and key.text() == prop.text() and member.field("value") is not None:
                    return js_constant(symbols, module, member.field("value"), depth + 1)
            if cls is not None:
                for assignment in cls.find_all(kind="assignment_expression"):
                    target = assignment.field("left")
                    if target is not None and target.text() == f"this.{prop.text()}":
                        return js_constant(symbols, module, assignment.field("right"), depth + 1)
            return None
    if kind in {"identifier", "member_expression"}:
        fn = enclosing_function(node) if kind == "identifier" else None
        if fn is not None:
            local = local_value(fn, node.text())
            if local is not None:
                return js_constant(symbols, module, local, depth + 1)
        found = symbols.expr(module, node)
        if isinstance(found, JsValue):
            defined = unwrap(found.node)
            if defined.kind() in {"string", "template_string", "binary_expression"}:
                return js_constant(symbols, found.module, defined, depth + 1)
        return None
    return None


# -- the router graph ----------------------------------------------------------------------


@dataclass(kw_only=True)
class RouteEvent:
    """A route registered on a router: method(s), path, middleware nodes and the handler node,
    where it is (module, line) and its registration order."""

    owner: Key
    module: JsModule
    methods: tuple[str, ...]
    path: str
    middleware: list[SgNode]
    handler: SgNode | None
    line: int
    order: tuple[int, ...]
    note: str


@dataclass(kw_only=True)
class UseEvent:
    """Middleware applied to every later route of ``owner`` whose path starts with ``prefix``."""

    owner: Key
    prefix: str | None
    guard: Guard | None
    unknown: Hop | None
    order: tuple[int, ...]
    at: Hop
    limit: str | None = None


@dataclass(kw_only=True)
class MountEvent:
    """A router mounted on another under ``prefix``, with middleware of the mount call."""

    parent: Key
    child: Key
    prefix: str
    guards: list[Guard]
    unknown: list[Hop]
    order: tuple[int, ...]
    at: Hop
    limits: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class RouterObject:
    key: Key
    kind: str  # app | router
    created: Hop
    prefix: str = ""


@dataclass(frozen=True, kw_only=True)
class Reach:
    """One way a router is reached from an app: its prefix, the guards and unresolved hops
    collected on the way, the hops of the way, and the mounts passed (for ordered middleware)."""

    prefix: str
    guards: tuple[Guard, ...]
    unknown: tuple[Hop, ...]
    hops: tuple[Hop, ...]
    rooted: bool
    ancestors: tuple[tuple[Key, tuple[int, ...], str], ...]  # (router, order of the mount on it, prefix there)
    limits: tuple[str, ...] = ()


@dataclass(kw_only=True)
class RouterGraph:
    """Routers, their routes, middleware and mounts; :meth:`reaches` resolves the ways each
    router is reached from an app and :meth:`auth_for` the guards of one route."""

    objects: dict[Key, RouterObject] = field(default_factory=dict)
    routes: list[RouteEvent] = field(default_factory=list)
    uses: list[UseEvent] = field(default_factory=list)
    mounts: list[MountEvent] = field(default_factory=list)
    aliases: dict[Key, list[Key]] = field(default_factory=dict)

    def canonical(self, key: Key) -> list[Key]:
        """The objects a key stands for (a parameter bound by several callers is several)."""
        return self.aliases.get(key, [key])

    def reaches(self) -> dict[Key, list[Reach]]:
        children: dict[Key, list[MountEvent]] = {}
        for mount in self.mounts:
            for parent in self.canonical(mount.parent):
                children.setdefault(parent, []).append(mount)
        result: dict[Key, list[Reach]] = {}

        def visit(key: Key, reach: Reach, depth: int, trail: frozenset[Key]) -> None:
            obj = self.objects.get(key)
            own = obj.prefix if obj else ""
            prefix = join(reach.prefix, own) if own else reach.prefix
            here = Reach(
                prefix=prefix,
                guards=reach.guards,
                unknown=reach.unknown,
                hops=(*reach.hops, obj.created) if obj else reach.hops,
                rooted=reach.rooted,
                ancestors=(*reach.ancestors, (key, (1 << 60,), prefix)),
                limits=reach.limits,
            )
            result.setdefault(key, []).append(here)
            if depth > 10:
                return
            for mount in children.get(key, []):
                guards = [
                    *here.guards,
                    *self._uses_before(key, mount.order, join(prefix, mount.prefix), prefix),
                    *mount.guards,
                ]
                unknown = [
                    *here.unknown,
                    *self._unknown_before(key, mount.order, join(prefix, mount.prefix), prefix),
                    *mount.unknown,
                ]
                limits = [
                    *here.limits,
                    *self.limits_before(key, mount.order, join(prefix, mount.prefix), prefix),
                    *mount.limits,
                ]
                for child in self.canonical(mount.child):
                    if child in trail:
                        continue
                    visit(
                        child,
                        Reach(
                            prefix=join(prefix, mount.prefix),
                            guards=tuple(guards),
                            unknown=tuple(unknown),
                            hops=(*here.hops, mount.at),
                            rooted=here.rooted,
                            ancestors=(*here.ancestors[:-1], (key, mount.order, prefix)),
                            limits=tuple(limits),
                        ),
                        depth + 1,
                        trail | {child},
                    )

        mounted = {c for m in self.mounts for c in self.canonical(m.child)}
        for key, obj in self.objects.items():
            if obj.kind == "app" and key not in mounted:
                visit(
                    key,
                    Reach(prefix="", guards=(), unknown=(), hops=(), rooted=True, ancestors=()),
                    0,
                    frozenset({key}),
                )
        for key in self.objects:
            if key not in result:
                visit(
                    key,
                    Reach(prefix="", guards=(), unknown=(), hops=(), rooted=False, ancestors=()),
                    0,
                    frozenset({key}),
                )
        return result

    def _uses_before(self, owner: Key, order: tuple[int, ...], path: str, base: str = "") -> list[Guard]:
        found = []
        for use in self.uses:
            if owner in self.canonical(use.owner) and use.order < order and use.guard is not None:
                if use.prefix is None or matches(path, join(base, use.prefix) if base else use.prefix):
                    found.append(use.guard)
        return found

    def limits_before(self, owner: Key, order: tuple[int, ...], path: str, base: str = "") -> list[str]:
        """Rate limiters ``owner`` applies (``app.use(limiter)``) before ``order`` to ``path``."""
        found = []
        for use in self.uses:
            if owner in self.canonical(use.owner) and use.order < order and use.limit is not None:
                if use.prefix is None or matches(path, join(base, use.prefix) if base else use.prefix):
                    found.append(use.limit)
        return found

    def _unknown_before(self, owner: Key, order: tuple[int, ...], path: str, base: str = "") -> list[Hop]:
        found = []
        for use in self.uses:
            if owner in self.canonical(use.owner) and use.order < order and use.unknown is not None:
                if use.prefix is None or matches(path, join(base, use.prefix) if base else use.prefix):
                    found.append(use.unknown)
        return found

    def auth_for(self, route: RouteEvent, owner: Key, reach: Reach, full: str) -> AuthFacts:
        """Guards and unresolved hops of one route reached one way: the way's mounts and the
        middleware their parents used before them, then the owner's middleware used before
        the route."""
        facts = AuthFacts()
        for guard in reach.guards:
            facts.add(guard)
        facts.unknown.extend(reach.unknown)
        local_prefix = reach.prefix
        for guard in self._uses_before(
            owner, route.order, join(local_prefix, route.path) if local_prefix else route.path, local_prefix
        ):
            facts.add(guard)
        facts.unknown.extend(
            self._unknown_before(
                owner, route.order, join(local_prefix, route.path) if local_prefix else route.path, local_prefix
            )
        )
        return facts


def join(prefix: str, path: str) -> str:
    """``join("/api", "/users")`` → ``/api/users``; an empty path keeps the prefix."""
    if not prefix:
        return path or "/"
    if not path or path == "/":
        return prefix.rstrip("/") or "/"
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def matches(path: str, prefix: str) -> bool:
    """Whether middleware mounted at ``prefix`` (Express ``app.use(prefix, ...)``, Hono
    ``app.use("/api/*", ...)``) runs for ``path``."""
    prefix = prefix.rstrip("*").rstrip("/")
    if not prefix:
        return True
    return path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + ":")


def literal_array(symbols: JsSymbols, module: JsModule, node: SgNode) -> tuple[JsModule, list[SgNode]] | None:
    """The elements of an array literal ``node`` names (inline, a local, or a module-level
    constant, imported or not)."""
    node = unwrap(node)
    if node.kind() == "array":
        return module, [c for c in node.named_children() if c.kind() != "comment"]
    if node.kind() == "identifier":
        fn = enclosing_function(node)
        if fn is not None:
            local = local_value(fn, node.text())
            if local is not None:
                return literal_array(symbols, module, local)
        found = symbols.name(module, node.text())
        if isinstance(found, JsValue) and unwrap(found.node).kind() == "array":
            return found.module, [c for c in unwrap(found.node).named_children() if c.kind() != "comment"]
    return None


def element_member(element: SgNode, prop: str) -> SgNode | None:
    """``element.prop`` for an object-literal element of a route table."""
    element = unwrap(element)
    if element.kind() == "object":
        return object_property(element, prop)
    return None


__all__ = [
    "JsExternal",
    "Key",
    "ObjectRef",
    "Reach",
    "Resolver",
    "RouteEvent",
    "RouterGraph",
    "arguments",
    "element_member",
    "enclosing_function",
    "join",
    "js_constant",
    "line_of",
    "literal_array",
]
