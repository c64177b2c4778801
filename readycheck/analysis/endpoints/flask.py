"""Flask endpoints (and Quart, APIFlask, Flask-RESTful, Flask-RESTX and flask-smorest) and who
may call them.

Routes: ``Flask``/``Blueprint`` objects (module level or inside an app factory),
``@x.route``/``@x.get`` decorators on functions and on ``MethodView`` classes (smorest),
``add_url_rule`` (also with ``MethodView.as_view``), ``register_blueprint`` prefixes (nested
blueprints included), Flask-RESTful/RESTX ``Api(app).add_resource(Resource, "/url")``, RESTX
``Namespace`` routes with ``api.add_namespace(ns, path=...)``, across files through the code
index.

Authentication: decorators (library guards such as flask-login ``login_required``,
flask-jwt-extended ``jwt_required``, Flask-HTTPAuth ``auth.login_required``, and the
repository's own decorators, read through their bodies), ``decorators``/``method_decorators``
of resource classes, and ``before_request`` hooks of the app or blueprint that refuse or
redirect anonymous callers. Each decision carries its hops.

Sources: Flask documentation, "Modular Applications with Blueprints" and "Class-based Views"
(https://flask.palletsprojects.com/en/stable/blueprints/); Flask-RESTful "Quickstart"; Flask-RESTX
"Namespaces"; flask-smorest "Quickstart".
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field

from readycheck.analysis.authz import AuthFacts, Guard, denies, hop, is_guard_name, reads_caller, role_arguments
from readycheck.analysis.endpoints.common import angle_params, constant_string, join_route
from readycheck.analysis.endpoints.python_handlers import Scope, python_endpoint
from readycheck.analysis.names import is_admin_name, is_role_name
from readycheck.analysis.pycalls import argument_for, walk_with_scope
from readycheck.analysis.python import (
    External,
    Opaque,
    PyModule,
    PythonProject,
    Symbol,
    dotted,
    keyword,
    last_name,
    names_in,
    qualname_matches,
    string_value,
)
from readycheck.model import Endpoint, Hop, Parameter

VIEW_METHODS = ("get", "post", "put", "patch", "delete")
APP_CLASSES = ("flask.Flask", "quart.Quart", "apiflask.APIFlask", "flask.app.Flask")
BLUEPRINT_CLASSES = (
    "flask.Blueprint",
    "flask.blueprints.Blueprint",
    "quart.Blueprint",
    "apiflask.APIBlueprint",
    "flask_smorest.Blueprint",
)
API_CLASSES = ("flask_restful.Api", "flask_restx.Api", "flask_restplus.Api", "flask_smorest.Api")
NAMESPACE_CLASSES = ("flask_restx.Namespace", "flask_restplus.Namespace")
# Decorators known not to authenticate (by last name): caching, CORS, documentation,
# validation and rate limiting.
NEUTRAL_DECORATORS = frozenset(
    {
        "cross_origin",
        "cached",
        "memoize",
        "limit",
        "exempt",
        "doc",
        "expect",
        "marshal_with",
        "marshal_list_with",
        "response",
        "arguments",
        "input",
        "output",
        "use_kwargs",
        "use_args",
        "validate",
        "swag_from",
        "param",
        "header",
        "paginate",
        "alt_response",
        "etag",
        "wraps",
        "csrf_exempt",
        "retry",
    }
)
Key = tuple[str, str]


@dataclass(kw_only=True)
class _Owner:
    """A Flask app, blueprint, RESTful ``Api`` or RESTX ``Namespace``."""

    key: Key
    kind: str  # app | blueprint | api | namespace
    prefix: str
    created: Hop
    guards: list[Guard] = field(default_factory=list)
    wraps: Key | None = None  # the app or blueprint an Api is bound to


@dataclass(kw_only=True)
class _Route:
    owner: Key | None
    owner_text: str
    module: PyModule
    fn: ast.FunctionDef | ast.AsyncFunctionDef
    methods: tuple[str, ...]
    rule: str
    line: int
    decorators: list[tuple[PyModule, ast.expr]] = field(default_factory=list)
    registration: str = ""


@dataclass(kw_only=True)
class _Mount:
    parent: Key
    child: Key
    prefix: str | None
    at: Hop


@dataclass(frozen=True, kw_only=True)
class _Reach:
    prefix: str
    guards: tuple[Guard, ...]
    hops: tuple[Hop, ...]
    rooted: bool


class _Model:
    def __init__(self, project: PythonProject) -> None:
        self.project = project
        self.index = project.index
        self.owners: dict[Key, _Owner] = {}
        self.routes: list[_Route] = []
        self.mounts: list[_Mount] = []
        self.unresolved: list[Hop] = []

    # -- owners -------------------------------------------------------------------------

    def _kind(self, module: PyModule, call: ast.Call) -> str | None:
        name = dotted(call.func)
        found = self.index.lookup(module, name) if name else None
        qualnames: list[str] = []
        if isinstance(found, External):
            qualnames = [found.qualname]
        elif isinstance(found, Symbol) and found.cls is not None:
            qualnames = [a.qualname for a in self.index.mro(found) if isinstance(a, External)]
        for qualname in qualnames:
            if qualname_matches(qualname, APP_CLASSES):
                return "app"
            if qualname_matches(qualname, BLUEPRINT_CLASSES):
                return "blueprint"
            if qualname_matches(qualname, API_CLASSES):
                return "api"
            if qualname_matches(qualname, NAMESPACE_CLASSES):
                return "namespace"
        return None

    def collect(self) -> None:
        modules = [m for m in self.index.by_path.values() if _imports_flask(m)]
        for module in modules:
            for scope, node in walk_with_scope(module.tree):
                if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
                    self._owner(module, scope, node)
        for module in self.index.by_path.values():
            if not (_imports_flask(module) or self._mentions_owner(module)):
                continue
            for scope, node in walk_with_scope(module.tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    for decorator in node.decorator_list:
                        self._decorated(module, scope, node, decorator)
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    self._call(module, scope, node)

    def _mentions_owner(self, module: PyModule) -> bool:
        for name in module.bindings:
            found = self.index.lookup(module, name)
            if isinstance(found, Symbol) and found.key in self.owners:
                return True
        return False

    def _owner(self, module: PyModule, scope: str | None, node: ast.Assign | ast.AnnAssign) -> None:
        call = node.value
        assert isinstance(call, ast.Call)
        kind = self._kind(module, call)
        if kind is None:
            return
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            name = f"{scope}.<locals>.{target.id}" if scope else target.id
            if kind in {"app", "blueprint"}:
                prefix = constant_string(self.project, module, keyword(call, "url_prefix")) or ""
            elif kind == "namespace":
                prefix = constant_string(self.project, module, keyword(call, "path")) or (
                    "/" + (string_value(call.args[0]) or "") if call.args and string_value(call.args[0]) else ""
                )
            else:
                prefix = constant_string(self.project, module, keyword(call, "prefix")) or ""
            key = (module.source.path, name)
            owner = _Owner(
                key=key,
                kind=kind,
                prefix=prefix,
                created=hop(
                    module, node, f"{target.id} = {dotted(call.func)}(" + (f"{prefix!r}" if prefix else "") + ")"
                ),
            )
            if kind == "api":
                wrapped = call.args[0] if call.args else keyword(call, "app")
                if wrapped is not None:
                    owner.wraps = self.ref(module, wrapped, scope)
            self.owners[key] = owner

    def ref(self, module: PyModule, expr: ast.expr, scope: str | None, depth: int = 0) -> Key | None:
        """The owner an expression names in ``module`` (inside module-level function
        ``scope``). A parameter of that function (``def register_blueprints(app)``) is
        followed to what the function's callers pass for it."""
        name = dotted(expr)
        if name is None:
            return None
        if scope and (module.source.path, f"{scope}.<locals>.{name}") in self.owners:
            return (module.source.path, f"{scope}.<locals>.{name}")
        if (module.source.path, name) in self.owners:
            return (module.source.path, name)
        if scope and isinstance(expr, ast.Name) and depth < 3:
            bound = self._parameter(module, scope, expr.id, depth)
            if bound is not None:
                return bound
        found = self.index.lookup(module, name)
        if isinstance(found, Symbol) and found.key in self.owners:
            return found.key
        return None

    def _parameter(self, module: PyModule, scope: str, name: str, depth: int) -> Key | None:
        """What the callers of function ``scope`` pass for its parameter ``name`` (the first
        caller that passes an app or blueprint)."""
        fn = module.top_level(scope)
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            return None
        if name not in [a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]]:
            return None
        symbol = Symbol(module=module, name=scope, node=fn, line=fn.lineno)
        for caller, caller_scope, call in self.project.calls.call_sites(symbol):
            argument = argument_for(fn, call, name)
            if argument is not None:
                key = self.ref(caller, argument, caller_scope, depth + 1)
                if key is not None:
                    return key
        return None

    # -- routes -------------------------------------------------------------------------

    def _decorated(
        self,
        module: PyModule,
        scope: str | None,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
        decorator: ast.expr,
    ) -> None:
        if isinstance(decorator, ast.Attribute) and decorator.attr == "before_request":
            owner = self.ref(module, decorator.value, scope)
            if owner is not None and not isinstance(node, ast.ClassDef):
                guard = self._hook_guard(module, node, f"@{dotted(decorator.value)}.before_request {node.name}")
                if guard is not None:
                    self.owners[owner].guards.append(guard)
            return
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            return
        attr = decorator.func.attr
        if attr not in {"route", *VIEW_METHODS}:
            return
        rule = constant_string(self.project, module, decorator.args[0]) if decorator.args else None
        rule = rule if rule is not None else string_value(keyword(decorator, "rule"))
        if rule is None:
            return
        owner = self.ref(module, decorator.func.value, scope)
        if owner is None and not _imports_flask(module):
            return
        owner_text = dotted(decorator.func.value) or ""
        others = [(module, d) for d in node.decorator_list if d is not decorator]
        if isinstance(node, ast.ClassDef):  # RESTX ``@ns.route`` / smorest ``@blp.route`` on a resource
            self._resource_routes(module, node, owner, owner_text, [rule], decorator.lineno, others)
            return
        if attr == "route":
            methods_node = keyword(decorator, "methods")
            items = methods_node.elts if isinstance(methods_node, ast.List | ast.Tuple | ast.Set) else []
            methods = tuple((string_value(m) or "").upper() for m in items) or ("GET",)
        else:
            methods = (attr.upper(),)
        self.routes.append(
            _Route(
                owner=owner,
                owner_text=owner_text,
                module=module,
                fn=node,
                methods=methods,
                rule=rule,
                line=node.decorator_list[0].lineno,
                decorators=others,
                registration=f"@{owner_text}.{attr}({rule!r})",
            )
        )

    def _resource_routes(
        self,
        module: PyModule,
        cls: ast.ClassDef,
        owner: Key | None,
        owner_text: str,
        rules: list[str],
        line: int,
        extra: list[tuple[PyModule, ast.expr]],
        defining: PyModule | None = None,
    ) -> None:
        """The HTTP-method handlers of a ``MethodView``/``Resource`` class, with the class's
        ``decorators``/``method_decorators`` (through its bases)."""
        defining = defining or module
        symbol = Symbol(module=defining, name=cls.name, node=cls, line=cls.lineno)
        class_decorators: list[tuple[PyModule, ast.expr]] = []
        for attribute in ("decorators", "method_decorators"):
            member = self.index.member(symbol, attribute)
            if isinstance(member, Symbol) and isinstance(member.node, ast.List | ast.Tuple):
                class_decorators += [(member.module, d) for d in member.node.elts]
        for method in VIEW_METHODS:
            member = self.index.member(symbol, method)
            if not isinstance(member, Symbol) or member.function is None:
                continue
            for rule in rules:
                self.routes.append(
                    _Route(
                        owner=owner,
                        owner_text=owner_text,
                        module=member.module,
                        fn=member.function,
                        methods=(method.upper(),),
                        rule=rule,
                        line=line,
                        decorators=[
                            *extra,
                            *class_decorators,
                            *((member.module, d) for d in member.function.decorator_list),
                        ],
                        registration=f"{owner_text} routes {rule!r} to {cls.name}",
                    )
                )

    def _call(self, module: PyModule, scope: str | None, node: ast.Call) -> None:
        assert isinstance(node.func, ast.Attribute)
        attr = node.func.attr
        if attr not in {"register_blueprint", "add_url_rule", "add_resource", "add_namespace", "init_app"}:
            return
        owner = self.ref(module, node.func.value, scope)
        if owner is None:
            if attr == "register_blueprint" and node.args:
                self.unresolved.append(
                    hop(
                        module,
                        node,
                        f"{dotted(node.func.value)}.register_blueprint(...) on an app readycheck cannot resolve",
                    )
                )
            return
        if attr in {"register_blueprint", "add_namespace"} and node.args:
            child = self.ref(module, node.args[0], scope)
            if child is None:
                self.unresolved.append(
                    hop(
                        module,
                        node,
                        f"{attr}({ast.unparse(node.args[0])[:60]}) names an object readycheck cannot resolve",
                    )
                )
                return
            prefix_node = keyword(node, "url_prefix" if attr == "register_blueprint" else "path")
            prefix = constant_string(self.project, module, prefix_node) if prefix_node is not None else None
            self.mounts.append(
                _Mount(
                    parent=owner,
                    child=child,
                    prefix=prefix,
                    at=hop(
                        module,
                        node,
                        f"{attr}({ast.unparse(node.args[0])[:50]}" + (f", {prefix!r}" if prefix else "") + ")",
                    ),
                )
            )
        elif attr == "init_app" and node.args and self.owners[owner].kind == "api":
            self.owners[owner].wraps = self.ref(module, node.args[0], scope)
        elif attr == "add_url_rule":
            self._url_rule(module, node, owner)
        elif attr == "add_resource" and node.args:
            rules = [r for r in (constant_string(self.project, module, a) for a in node.args[1:]) if r is not None]
            target = self.index.lookup(module, dotted(node.args[0]) or "")
            if isinstance(target, Symbol) and target.cls is not None and rules:
                self._resource_routes(
                    module,
                    target.cls,
                    owner,
                    dotted(node.func.value) or "",
                    rules,
                    node.lineno,
                    [],
                    defining=target.module,
                )

    def _url_rule(self, module: PyModule, call: ast.Call, owner: Key) -> None:
        rule = constant_string(self.project, module, call.args[0]) if call.args else None
        rule = rule if rule is not None else string_value(keyword(call, "rule"))
        view = keyword(call, "view_func") or (call.args[2] if len(call.args) >= 3 else None)
        if rule is None or view is None:
            return
        wrappers: list[tuple[PyModule, ast.expr]] = []
        while isinstance(view, ast.Call) and not (isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"):
            if not view.args:
                return
            wrappers.append((module, view.func))  # ``login_required(view)`` in the registration
            view = view.args[0]
        target = view.func.value if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) else view
        found = self.index.lookup(module, dotted(target) or "")
        if not isinstance(found, Symbol):
            return
        owner_text = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else ""
        if found.function is not None:
            methods_node = keyword(call, "methods")
            items = methods_node.elts if isinstance(methods_node, ast.List | ast.Tuple) else []
            methods = tuple((string_value(m) or "").upper() for m in items) or ("GET",)
            self.routes.append(
                _Route(
                    owner=owner,
                    owner_text=owner_text or "",
                    module=found.module,
                    fn=found.function,
                    methods=methods,
                    rule=rule,
                    line=call.lineno,
                    decorators=[*wrappers, *((found.module, d) for d in found.function.decorator_list)],
                    registration=f"{owner_text}.add_url_rule({rule!r})",
                )
            )
        elif found.cls is not None:
            self._resource_routes(
                module, found.cls, owner, owner_text or "", [rule], call.lineno, wrappers, defining=found.module
            )

    # -- guards -------------------------------------------------------------------------

    def _hook_guard(self, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, note: str) -> Guard | None:
        """A ``before_request`` hook that refuses or redirects anonymous callers."""
        symbol = self.project.calls.function_symbol(module, fn)
        guard = self.project.guards.function(symbol)
        at = hop(module, fn, note)
        if guard is not None:
            return Guard(label=f"before_request {fn.name}", chain=(at, *guard.chain))
        refused = denies(fn)
        if refused is not None and (reads_caller(fn) is not None or _reads_session(fn)):
            return Guard(
                label=f"before_request {fn.name}",
                chain=(at, hop(module, refused[0], f"{fn.name}() refuses anonymous requests")),
            )
        return None

    def decorator_guard(self, module: PyModule, decorator: ast.expr) -> tuple[Guard | None, Hop | None]:
        """(guard, unresolved hop) of one decorator of a view (:func:`python_decorator_guard`)."""
        return python_decorator_guard(self.project, module, decorator)

    # -- reach and endpoints ------------------------------------------------------------

    def reaches(self) -> dict[Key, list[_Reach]]:
        children: dict[Key, list[_Mount]] = {}
        for mount in self.mounts:
            children.setdefault(mount.parent, []).append(mount)
        # An Api bound to an app or blueprint is reached through it.
        for key, owner in self.owners.items():
            if owner.kind == "api" and owner.wraps is not None:
                children.setdefault(owner.wraps, []).append(
                    _Mount(parent=owner.wraps, child=key, prefix=None, at=owner.created)
                )
        result: dict[Key, list[_Reach]] = {}

        def visit(key: Key, reach: _Reach, depth: int, trail: frozenset[Key]) -> None:
            owner = self.owners[key]
            here = _Reach(
                prefix=reach.prefix,
                guards=(*reach.guards, *owner.guards),
                hops=(*reach.hops, owner.created),
                rooted=reach.rooted,
            )
            result.setdefault(key, []).append(here)
            if depth > 10:
                return
            for mount in children.get(key, []):
                if mount.child in trail or mount.child not in self.owners:
                    continue
                child = self.owners[mount.child]
                own = mount.prefix if mount.prefix is not None else child.prefix
                visit(
                    mount.child,
                    _Reach(
                        prefix=join_route(here.prefix, own) if (here.prefix or own) else "",
                        guards=here.guards,
                        hops=(*here.hops, mount.at),
                        rooted=here.rooted,
                    ),
                    depth + 1,
                    trail | {mount.child},
                )

        mounted = {m.child for m in self.mounts} | {k for k, o in self.owners.items() if o.kind == "api" and o.wraps}
        for key, owner in self.owners.items():
            if key not in mounted:
                rooted = owner.kind == "app" or (owner.kind == "api" and owner.wraps is None and not self.unresolved)
                visit(key, _Reach(prefix=owner.prefix, guards=(), hops=(), rooted=rooted), 0, frozenset({key}))
        return result

    def endpoints(self) -> list[Endpoint]:
        reaches = self.reaches()
        endpoints: list[Endpoint] = []
        for route in self.routes:
            ways = reaches.get(route.owner, []) if route.owner else []
            if not ways:
                ways = [_Reach(prefix="", guards=(), hops=(), rooted=False)]
            seen: set[tuple[str, str]] = set()
            for way in ways:
                full = join_route(way.prefix, route.rule)
                for method in route.methods:
                    if (method, full) in seen:
                        continue
                    seen.add((method, full))
                    endpoints.append(self._endpoint(route, method, full, way))
        return endpoints

    def _endpoint(self, route: _Route, method: str, full: str, way: _Reach) -> Endpoint:
        fn = route.fn
        registration = hop(route.module, route.line, route.registration)
        facts = AuthFacts()
        unresolved: str | None = None
        for guard in way.guards:
            facts.add(guard)
        for module, decorator in route.decorators:
            decorated, unknown = self.decorator_guard(module, decorator)
            facts.add(decorated)
            if unknown is not None:
                facts.unknown.append(unknown)
        if route.owner is None:
            unresolved = f"{route.owner_text} is not an app or blueprint readycheck can resolve"
            facts.unknown.append(
                hop(
                    route.module,
                    route.line,
                    f"the route is registered on {route.owner_text}, which readycheck cannot resolve",
                )
            )
        elif not way.rooted:
            unresolved = f"{route.owner[1]} is not registered on an app readycheck can follow"
            facts.unknown.append(
                hop(
                    route.module,
                    route.line,
                    f"{route.owner[1]} is not registered on any app readycheck could follow "
                    "(its prefix and hooks are unknown)",
                )
            )
        if not facts.guards:
            facts.looked.append(registration)
            facts.looked.extend(way.hops[-2:])
            facts.looked.append(hop(route.module, fn, f"{fn.name}() has no login decorator"))
        scope = Scope(
            request_names={"request"}, flask_session=any(t == "flask.session" for t in route.module.imports.values())
        )
        rule_params = angle_params(full)
        parameters = [Parameter(name=p, source="path") for p in rule_params]
        scope.inputs.update(rule_params)
        if any(a.arg == "self" for a in fn.args.args):
            scope.inputs.update(a.arg for a in fn.args.args if a.arg != "self")
        if "flask_login.current_user" in route.module.imports.values() or "current_user" in route.module.imports:
            scope.callers.add("current_user")
        return python_endpoint(
            self.project,
            route.module,
            fn,
            method=method,
            route=full,
            line=route.line,
            framework="flask",
            scope=scope,
            auth=facts,
            admin=False,
            parameters=parameters,
            evidence=(registration, *reversed(way.hops)),
            unresolved=unresolved,
        )


def python_decorator_guard(
    project: PythonProject, module: PyModule, decorator: ast.expr
) -> tuple[Guard | None, Hop | None]:
    """(guard, unresolved hop) of one decorator of a Python view: a library guard by what it is
    (flask-login ``login_required``, ``jwt_required``), the repository's own decorator read
    through its body, or, when its file did not parse, judged by its name; caching, CORS,
    documentation and validation decorators are neutral."""
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = dotted(func)
    if name is None:
        return None, None
    last = name.rsplit(".", 1)[-1]
    if last in NEUTRAL_DECORATORS or last in {"route", *VIEW_METHODS}:
        return None, None
    at = hop(module, decorator, f"@{name}")
    admin_arg = isinstance(decorator, ast.Call) and any(is_admin_name(string_value(a) or "") for a in decorator.args)
    role_arg = role_arguments(decorator)
    found = project.index.lookup(module, name)
    if isinstance(decorator, ast.Call) and any(
        k.arg == "optional" and isinstance(k.value, ast.Constant) and k.value.value is True for k in decorator.keywords
    ):
        return None, None  # ``jwt_required(optional=True)`` lets anonymous callers through
    if isinstance(found, External):
        guard = project.guards.external(found, at, label=f"@{name}")
        if guard is not None and (admin_arg or role_arg):
            guard = dataclasses.replace(
                guard, admin=guard.admin or admin_arg, by_name=True, role=guard.role or role_arg
            )
        return guard, None
    if isinstance(found, Symbol) and found.function is not None:
        guard = project.guards.function(found)
        if guard is None and _reads_session(found.function) and denies(found.function) is not None:
            guard = Guard(
                label=found.short, chain=(hop(found.module, found.function, f"{found.short}() checks the session"),)
            )
        if guard is not None:
            return dataclasses.replace(
                guard,
                label=f"@{name}",
                chain=(at, *guard.chain),
                admin=guard.admin or admin_arg or is_admin_name(last),
                role=guard.role or role_arg,
            ), None
        return None, None
    if isinstance(found, Opaque) or found is None:
        if is_guard_name(last):
            return Guard(
                label=f"@{name}",
                chain=(Hop(path=at.path, line=at.line, note=f"@{name}, judged by its name"),),
                admin=is_admin_name(last) or admin_arg,
                by_name=True,
                role=role_arg or (last if is_role_name(last) else None),
            ), None
        if isinstance(found, Opaque):
            return None, Hop(
                path=at.path, line=at.line, note=f"@{name} is defined in {found.path}, which could not be parsed"
            )
    return None, None


def _imports_flask(module: PyModule) -> bool:
    return any(
        t in {"flask", "quart", "apiflask"} or t.startswith(("flask.", "flask_", "quart.", "apiflask."))
        for t in module.imports.values()
    )


def _reads_session(fn: ast.AST) -> bool:
    return any(n.split(".")[0] in {"session", "g"} for n in names_in(fn)) or any(
        isinstance(n, ast.Subscript) and dotted(n.value) == "session" for n in ast.walk(fn)
    )


def flask_endpoints(project: PythonProject) -> list[Endpoint]:
    """Every Flask (and Flask-RESTful/RESTX/smorest, Quart, APIFlask) endpoint of the project,
    one per (method, full rule) and way it is registered, with its authorization decision."""
    model = _Model(project)
    model.collect()
    if not model.routes:
        return []
    return model.endpoints()


__all__ = ["flask_endpoints", "last_name"]
