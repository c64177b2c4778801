"""Django and Django REST framework endpoints: ``urlpatterns`` (``path``, ``re_path``, ``url``,
``include`` of modules, lists and router URLs), function views, class-based views
(``View.as_view()``, Django generic views, DRF ``APIView`` and generic API views) and DRF
``ViewSet`` classes registered on routers (``DefaultRouter``/``SimpleRouter``, ``@action`` routes).

Protections read: ``login_required``/``permission_required``/``user_passes_test``/
``staff_member_required`` decorators (also wrapped around views in urls.py and through
``method_decorator``), ``LoginRequiredMixin``/``PermissionRequiredMixin``/
``UserPassesTestMixin``, Django 5.1 ``LoginRequiredMiddleware``, DRF ``permission_classes``
(view attribute, ``@permission_classes`` decorator, or ``REST_FRAMEWORK
["DEFAULT_PERMISSION_CLASSES"]`` in settings). Ownership: ``get_queryset`` filtering by
``self.request.user``, object permissions (a permission class defining
``has_object_permission``), and lookups inside overridden handlers. Mass assignment: writable
serializer or model-form fields (``fields = "__all__"``, listed privileged fields) minus
``read_only_fields``, read-only declared fields and fields set by ``serializer.save(owner=...)``.

Sources: Django documentation, "URL dispatcher", "Class-based views" and "Using the Django
authentication system" (https://docs.djangoproject.com/en/5.1/topics/http/urls/); Django REST
framework API guide, "Routers", "ViewSets", "Generic views", "Permissions" and "Serializers"
(https://www.django-rest-framework.org/api-guide/routers/).
"""

from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass, field

from readycheck.analysis.authz import (
    LIBRARY_ROLE_GUARDS,
    ROLE_ATTRIBUTES,
    ROLE_METHODS,
    AuthFacts,
    Guard,
    denies,
    hop,
    is_guard_name,
    role_arguments,
)
from readycheck.analysis.authz import reads_caller as reads_caller_line
from readycheck.analysis.endpoints.common import angle_params, join_route
from readycheck.analysis.endpoints.python_handlers import HandlerContext, Scope, analyse_handler
from readycheck.analysis.names import is_admin_name, is_auth_name, is_authz_name, is_privileged_field, is_role_name
from readycheck.analysis.python import (
    External,
    Opaque,
    PyModule,
    PythonProject,
    Symbol,
    calls_in,
    dotted,
    keyword,
    last_name,
    names_in,
    string_value,
)
from readycheck.model import BodyWrite, Endpoint, Hop, ObjectLookup, Operation, Parameter

URL_FUNCTIONS = frozenset({"path", "re_path", "url"})
ROUTER_CLASSES = frozenset({"DefaultRouter", "SimpleRouter", "ExtendedDefaultRouter", "ExtendedSimpleRouter"})
METHODS = ("get", "post", "put", "patch", "delete")
# ViewSet action → (HTTP method, detail route, operation). Source: DRF "Routers", SimpleRouter.
ACTIONS: dict[str, tuple[str, bool, Operation | None]] = {
    "list": ("GET", False, None),
    "create": ("POST", False, Operation.CREATE),
    "retrieve": ("GET", True, Operation.READ),
    "update": ("PUT", True, Operation.WRITE),
    "partial_update": ("PATCH", True, Operation.WRITE),
    "destroy": ("DELETE", True, Operation.DELETE),
}
# Library view classes → the actions they provide (HTTP method → action for plain views).
LIBRARY_VIEWS: dict[str, tuple[str, ...]] = {
    "ModelViewSet": ("list", "create", "retrieve", "update", "partial_update", "destroy"),
    "ReadOnlyModelViewSet": ("list", "retrieve"),
    "ListModelMixin": ("list",),
    "CreateModelMixin": ("create",),
    "RetrieveModelMixin": ("retrieve",),
    "UpdateModelMixin": ("update", "partial_update"),
    "DestroyModelMixin": ("destroy",),
    "ListAPIView": ("list",),
    "CreateAPIView": ("create",),
    "ListCreateAPIView": ("list", "create"),
    "RetrieveAPIView": ("retrieve",),
    "UpdateAPIView": ("update", "partial_update"),
    "DestroyAPIView": ("destroy",),
    "RetrieveUpdateAPIView": ("retrieve", "update", "partial_update"),
    "RetrieveDestroyAPIView": ("retrieve", "destroy"),
    "RetrieveUpdateDestroyAPIView": ("retrieve", "update", "partial_update", "destroy"),
    # Django generic views: GET shows, POST submits (DeleteView deletes on POST since 4.0).
    "DetailView": ("retrieve",),
    "ListView": ("list",),
    "CreateView": ("create",),
    "UpdateView": ("retrieve", "update"),
    "DeleteView": ("retrieve", "destroy"),
}
DJANGO_FORM_VIEWS = frozenset({"CreateView", "UpdateView", "DeleteView", "FormView"})
DRF_BASES = frozenset({"APIView", "GenericAPIView", "ViewSet", "GenericViewSet", "ViewSetMixin", "ModelViewSet"})
AUTH_MIXINS = frozenset({"LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin", "AccessMixin"})
ADMIN_PERMISSIONS = frozenset({"IsAdminUser"})
# DRF and django-oauth-toolkit permission classes that refuse anonymous callers.
LIBRARY_PERMISSION_GUARDS = frozenset(
    {
        "IsAuthenticated",
        "IsAdminUser",
        "DjangoModelPermissions",
        "DjangoObjectPermissions",
        "TokenHasScope",
        "TokenHasReadWriteScope",
        "TokenHasResourceScope",
        "IsAuthenticatedOrTokenHasScope",
        "TokenMatchesOASRequirements",
    }
)
# Library permission classes that require a role, a model permission or a token scope beyond
# signing in (function-level authorization, OWASP API5:2023).
ROLE_PERMISSIONS = LIBRARY_PERMISSION_GUARDS - {"IsAuthenticated"}
# Auth mixins that test the caller beyond signing in.
ROLE_MIXINS = frozenset({"PermissionRequiredMixin", "UserPassesTestMixin"})
# What a permission class's has_permission reads when it checks a role or a model permission.
ROLE_READS = ROLE_ATTRIBUTES | ROLE_METHODS
PUBLIC_PERMISSIONS = frozenset({"AllowAny"})
READ_ONLY_PERMISSIONS = frozenset({"IsAuthenticatedOrReadOnly", "DjangoModelPermissionsOrAnonReadOnly"})
AUTH_DECORATORS = frozenset(
    {"login_required", "permission_required", "user_passes_test", "staff_member_required", "superuser_required"}
)
# Decorators that open a view up (Django 5.1 ``login_not_required``) or only change CSRF.
PUBLIC_DECORATORS = frozenset({"login_not_required", "csrf_exempt", "csrf_protect", "ensure_csrf_cookie"})
METHOD_DECORATORS = {
    "require_GET": ("GET",),
    "require_POST": ("POST",),
    "require_safe": ("GET",),
}
READ_ONLY_FIELD_CLASSES = frozenset(
    {"ReadOnlyField", "SerializerMethodField", "HiddenField", "StringRelatedField", "HyperlinkedIdentityField"}
)


@dataclass(kw_only=True)
class _Settings:
    """What the project's settings modules declare about access control: the default DRF
    permission classes (dotted strings, with the settings hop), the authentication guard a
    middleware applies to every view (Django 5.1 ``LoginRequiredMiddleware`` or the
    project's own login-required middleware), and the root URLconfs."""

    default_permissions: list[str] = field(default_factory=list)
    default_permissions_at: Hop | None = None
    login_middleware: bool = False
    middleware_guard: Guard | None = None
    middleware_exempt: tuple[str, ...] = ()
    root_urlconfs: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class _Perms:
    """Where a view's DRF permissions come from: the ``permission_classes`` expression
    (None: the settings' defaults apply), its hop, and ``dynamic`` when ``get_permissions``
    chooses among several lists at run time."""

    module: PyModule
    node: ast.expr | None
    at: Hop
    dynamic: bool = False


@dataclass(kw_only=True)
class _View:
    """A class-based view with its in-repository ancestors (most derived first)."""

    module: PyModule
    node: ast.ClassDef
    chain: list[tuple[PyModule, ast.ClassDef]]
    library_bases: list[str]

    def attribute(self, name: str) -> tuple[PyModule, ast.stmt, ast.expr] | None:
        for module, cls in self.chain:
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
                    return module, stmt, stmt.value
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and stmt.target.id == name
                    and stmt.value is not None
                ):
                    return module, stmt, stmt.value
        return None

    def method(self, name: str) -> tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        for module, cls in self.chain:
            for stmt in cls.body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
                    return module, stmt
        return None

    @property
    def is_drf(self) -> bool:
        """True for DRF views (``APIView``, generic API views, viewsets and their mixins)."""
        return any(b in DRF_BASES or b.endswith(("APIView", "ViewSet", "ModelMixin")) for b in self.library_bases)

    def actions(self) -> list[str]:
        """The viewset/generic actions this view serves, library-provided or defined."""
        found: list[str] = []
        for base in self.library_bases:
            found.extend(LIBRARY_VIEWS.get(base, ()))
        for action in ACTIONS:
            if self.method(action) is not None:
                found.append(action)
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class LibraryView:
    """A view a library ships, routed from the repository's urls.py: the HTTP methods it
    answers and who may call it as the library sets it (``public``, ``authenticated`` or
    ``unknown`` when readycheck has not read that library)."""

    name: str
    methods: tuple[str, ...]
    status: str
    note: str
    admin: bool = False
    qualname: str = ""


# Views of well-known libraries, by class or function name. Sources: djangorestframework-simplejwt
# views.py (TokenViewBase: permission_classes = (), authentication_classes = ()); DRF
# authtoken/views.py (ObtainAuthToken: permission_classes = ()); dj-rest-auth views.py and
# registration/views.py (AllowAny except UserDetailsView and PasswordChangeView: IsAuthenticated);
# django.contrib.auth.views (PasswordChange* views are login_required); drf-spectacular
# (SERVE_PERMISSIONS defaults to AllowAny); django.views.generic and django.views.static.
def _library_views() -> dict[str, LibraryView]:
    table: dict[str, LibraryView] = {}

    def add(names: tuple[str, ...], methods: tuple[str, ...], status: str, note: str) -> None:
        for name in names:
            table[name] = LibraryView(name=name, methods=methods, status=status, note=note)

    add(
        (
            "TokenObtainPairView",
            "TokenRefreshView",
            "TokenVerifyView",
            "TokenBlacklistView",
            "TokenObtainSlidingView",
            "TokenRefreshSlidingView",
        ),
        ("POST",),
        "public",
        "simplejwt token view: permission_classes = () (it hands out or checks tokens)",
    )
    add(("ObtainAuthToken", "obtain_auth_token"), ("POST",), "public", "DRF authtoken login: permission_classes = ()")
    add(
        (
            "LoginView",
            "PasswordResetView",
            "PasswordResetConfirmView",
            "RegisterView",
            "VerifyEmailView",
            "ResendEmailVerificationView",
        ),
        ("POST",),
        "public",
        "a sign-in, sign-up or password-reset view (AllowAny)",
    )
    add(("LogoutView",), ("POST",), "public", "a sign-out view (AllowAny)")
    add(("UserDetailsView",), ("GET", "PUT", "PATCH"), "authenticated", "dj-rest-auth: IsAuthenticated")
    add(("PasswordChangeView",), ("POST",), "authenticated", "password change: IsAuthenticated / login_required")
    add(("PasswordChangeDoneView",), ("GET",), "authenticated", "django.contrib.auth: login_required")
    add(
        ("PasswordResetDoneView", "PasswordResetCompleteView", "TemplateView", "serve", "sitemap", "JavaScriptCatalog"),
        ("GET",),
        "public",
        "a page anyone may read",
    )
    add(("RedirectView",), ("ANY",), "public", "a redirect")
    add(("set_language",), ("POST",), "public", "Django's language switch")
    add(
        (
            "SpectacularAPIView",
            "SpectacularJSONAPIView",
            "SpectacularYAMLAPIView",
            "SpectacularSwaggerView",
            "SpectacularSwaggerSplitView",
            "SpectacularRedocView",
        ),
        ("GET",),
        "public",
        "drf-spectacular schema view: SERVE_PERMISSIONS defaults to AllowAny",
    )
    add(("GraphQLView",), ("GET", "POST"), "unknown", "a GraphQL endpoint: its resolvers decide who may call them")
    return table


KNOWN_LIBRARY_VIEWS = _library_views()


@dataclass(kw_only=True)
class _Target:
    """What a URL pattern routes to: a function view, a class view (with an optional ViewSet
    action map) or a library's view, with decorators wrapped around it in urls.py."""

    module: PyModule
    function: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    view: _View | None = None
    action_map: dict[str, str] | None = None
    wrappers: list[str] = field(default_factory=list)
    library: LibraryView | None = None


def _imports_django(module: PyModule) -> bool:
    return any(t == "django" or t.startswith(("django.", "rest_framework")) for t in module.imports.values())


def django_endpoints(project: PythonProject) -> list[Endpoint]:
    """Every Django/DRF endpoint of the project reachable from a URLconf, one per (method,
    full route). The walk starts at each ``ROOT_URLCONF`` setting and at every ``urls``
    module no other module includes (a repository may hold several Django projects)."""
    modules = [m for m in project.index.by_path.values() if _imports_django(m)]
    if not modules:
        return []
    builder = _Builder(project, _read_settings(project, list(project.index.by_path.values())))
    return builder.build(modules)


def _read_settings(project: PythonProject, modules: list[PyModule]) -> _Settings:
    settings = _Settings()
    for module in modules:
        framework = module.top_level("REST_FRAMEWORK")
        if isinstance(framework, ast.Dict):
            for key, value in zip(framework.keys, framework.values, strict=False):
                if string_value(key) == "DEFAULT_PERMISSION_CLASSES" and isinstance(value, ast.List | ast.Tuple):
                    settings.default_permissions = [string_value(v) or "" for v in value.elts if string_value(v)]
                    settings.default_permissions_at = hop(
                        module,
                        value,
                        f"REST_FRAMEWORK DEFAULT_PERMISSION_CLASSES = {_short_list(settings.default_permissions)}",
                    )
        middleware = module.top_level("MIDDLEWARE")
        if isinstance(middleware, ast.List | ast.Tuple):
            for entry in middleware.elts:
                dotted_path = string_value(entry) or ""
                if dotted_path.endswith("LoginRequiredMiddleware") and dotted_path.startswith("django."):
                    settings.login_middleware = True
                    settings.middleware_guard = Guard(
                        label="LoginRequiredMiddleware",
                        chain=(hop(module, entry, f"MIDDLEWARE has {dotted_path}"),),
                    )
                elif dotted_path and not dotted_path.startswith(("django.", "corsheaders.", "whitenoise.")):
                    guard, exempt = _middleware_guard(project, module, entry, dotted_path)
                    if guard is not None:
                        settings.login_middleware = True
                        settings.middleware_guard = guard
                        settings.middleware_exempt = exempt
        root = string_value(module.top_level("ROOT_URLCONF"))
        if root:
            settings.root_urlconfs.append(root)
    return settings


def _short_list(items: list[str]) -> str:
    return "[" + ", ".join(i.rsplit(".", 1)[-1] for i in items) + "]"


def _middleware_guard(
    project: PythonProject, module: PyModule, entry: ast.expr, dotted_path: str
) -> tuple[Guard | None, tuple[str, ...]]:
    """A project middleware (``MIDDLEWARE`` entry) that refuses or redirects anonymous
    requests, and the path prefixes it lets through."""
    mod_name, _, cls_name = dotted_path.rpartition(".")
    owner = project.index.find_module(mod_name, module.source.path)
    if owner is None:
        return None, ()
    found = project.index.lookup(owner, cls_name)
    if not isinstance(found, Symbol):
        return None, ()
    candidates: list[Symbol] = []
    if found.cls is not None:
        for method in ("__call__", "process_request", "process_view"):
            member = project.index.member(found, method)
            if isinstance(member, Symbol) and member.function is not None:
                candidates.append(member)
    elif found.function is not None:
        candidates.append(found)
    for candidate in candidates:
        fn = candidate.function
        assert fn is not None
        text_names = names_in(fn)
        checks_user = any(n.endswith(("user.is_authenticated", "user.is_anonymous")) for n in text_names)
        refuses = denies(fn) is not None or bool(
            {"redirect_to_login", "redirect"} & {c.rsplit(".", 1)[-1] for c in calls_in(fn)}
        )
        if checks_user and refuses:
            exempt = tuple(
                str(n.value)
                for n in ast.walk(found.node)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.startswith("/")
            )
            return (
                Guard(
                    label=cls_name,
                    chain=(
                        hop(module, entry, f"MIDDLEWARE has {dotted_path}"),
                        hop(candidate.module, fn, f"{candidate.name}() refuses anonymous requests"),
                    ),
                ),
                exempt,
            )
    return None, ()


class _Builder:
    def __init__(self, project: PythonProject, settings: _Settings) -> None:
        self.project = project
        self.settings = settings
        self.endpoints: list[Endpoint] = []
        self.visiting: set[str] = set()

    def build(self, modules: list[PyModule]) -> list[Endpoint]:
        urlconfs = [m for m in modules if m.top_level("urlpatterns") is not None]
        included = {id(child) for m in urlconfs for child in self._included_modules(m)}
        roots = [
            m
            for name in self.settings.root_urlconfs
            if (m := self.project.index.module(name)) is not None and m in urlconfs
        ]
        roots += [m for m in urlconfs if id(m) not in included and m not in roots]
        for module in roots:
            self._walk_urlconf(module, "", [])
        return self.endpoints

    # -- urls ---------------------------------------------------------------------------

    def _included_modules(self, module: PyModule) -> list[PyModule]:
        found = []
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and last_name(node.func) == "include" and node.args:
                target = self._include_module(module, node.args[0])
                if target is not None:
                    found.append(target)
        return found

    def _include_module(self, module: PyModule, arg: ast.expr) -> PyModule | None:
        if isinstance(arg, ast.Tuple) and arg.elts:
            arg = arg.elts[0]
        text = string_value(arg)
        if text is not None:
            return self.project.index.module(text, near=module.source.path)
        name = dotted(arg)
        if name is None:
            return None
        target = module.imports.get(name.split(".")[0])
        if target is not None and "." not in name:
            return self.project.index.module(target, near=module.source.path)
        return None

    def _patterns(self, module: PyModule) -> list[ast.expr]:
        """Every expression added to ``urlpatterns`` at module level (assignments, ``+=``,
        ``+`` concatenations, ``.append``/``.extend``)."""
        items: list[ast.expr] = []
        for stmt in module.tree.body:
            value: ast.expr | None = None
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "urlpatterns" for t in stmt.targets
            ):
                value = stmt.value
            elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
                value = stmt.value if stmt.target.id == "urlpatterns" else None
            elif (
                isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Call)
                and dotted(stmt.value.func) in {"urlpatterns.append", "urlpatterns.extend", "urlpatterns.insert"}
            ):
                items.extend(stmt.value.args[-1:])
                continue
            if value is not None:
                items.extend(self._flatten(module, value, 0))
        return items

    def _flatten(self, module: PyModule, value: ast.expr, depth: int) -> list[ast.expr]:
        if depth > 6:
            return []
        if isinstance(value, ast.List | ast.Tuple):
            out: list[ast.expr] = []
            for elt in value.elts:
                inner = elt.value if isinstance(elt, ast.Starred) else elt
                out.extend(
                    self._flatten(module, inner, depth + 1)
                    if isinstance(elt, ast.Starred) or _is_list(inner)
                    else [inner]
                )
            return out
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            return self._flatten(module, value.left, depth + 1) + self._flatten(module, value.right, depth + 1)
        if isinstance(value, ast.Call) and last_name(value.func) in {"format_suffix_patterns", "i18n_patterns"}:
            # format_suffix_patterns(urlpatterns) takes a list; i18n_patterns(path(...), ...) the
            # patterns themselves
            return [
                x
                for arg in value.args
                for x in (
                    self._flatten(module, arg, depth + 1) if _is_list(arg) or isinstance(arg, ast.Starred) else [arg]
                )
            ]
        if isinstance(value, ast.Attribute) and value.attr == "urls":
            return [value]  # router.urls
        if isinstance(value, ast.Name) and value.id != "urlpatterns":
            found = module.top_level(value.id)
            if isinstance(found, ast.expr):
                return self._flatten(module, found, depth + 1)
        return []

    def _walk_urlconf(self, module: PyModule, prefix: str, wrappers: list[str]) -> None:
        key = f"{module.source.path}|{prefix}"
        if key in self.visiting or len(self.visiting) > 2000:
            return
        self.visiting.add(key)
        for item in self._patterns(module):
            self._pattern(module, item, prefix, wrappers)

    def _pattern(self, module: PyModule, item: ast.expr, prefix: str, wrappers: list[str]) -> None:
        if isinstance(item, ast.Attribute) and item.attr == "urls":
            self._router_routes(module, item.value, prefix, wrappers)
            return
        if not (isinstance(item, ast.Call) and last_name(item.func) in URL_FUNCTIONS and len(item.args) >= 2):
            return
        kind = last_name(item.func)
        route = string_value(_untranslated(item.args[0]))
        if route is None:
            return
        route = _clean_route(route, regex=kind != "path")
        full = join_route(prefix, route) if route else (prefix or "/")
        view = item.args[1]
        if isinstance(view, ast.Call) and last_name(view.func) == "include" and view.args:
            self._include(module, view.args[0], full, wrappers)
            return
        if isinstance(view, ast.List | ast.Tuple):  # path("api/", ([...], "app", "ns"))
            first = view.elts[0] if view.elts else None
            if isinstance(first, ast.List):
                for inner in first.elts:
                    self._pattern(module, inner, full, wrappers)
            return
        target = self._target(module, view)
        if target is not None:
            self._emit(target, module, item.lineno, full, [*wrappers, *target.wrappers])

    def _include(self, module: PyModule, arg: ast.expr, prefix: str, wrappers: list[str]) -> None:
        if isinstance(arg, ast.Tuple) and arg.elts:
            arg = arg.elts[0]
        if isinstance(arg, ast.Attribute) and arg.attr == "urls":
            self._router_routes(module, arg.value, prefix, wrappers)
            return
        if isinstance(arg, ast.List):
            for inner in arg.elts:
                self._pattern(module, inner, prefix, wrappers)
            return
        if isinstance(arg, ast.Name) and isinstance(module.top_level(arg.id), ast.List):
            for inner in self._flatten(module, arg, 0):
                self._pattern(module, inner, prefix, wrappers)
            return
        target = self._include_module(module, arg)
        if target is not None:
            self._walk_urlconf(target, prefix, wrappers)

    def _target(self, module: PyModule, view: ast.expr) -> _Target | None:
        wrappers: list[str] = []
        while isinstance(view, ast.Call) and not (isinstance(view.func, ast.Attribute) and view.func.attr == "as_view"):
            name = last_name(view.func) or ""
            if not view.args:
                return None
            if name in AUTH_DECORATORS or (is_auth_name(name) and name not in PUBLIC_DECORATORS):
                wrappers.append(name)
            view = view.args[0]
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute):
            cls = self._view_class(module, view.func.value)
            if cls is None:
                library = self._library_view(module, view.func.value)
                return _Target(module=module, library=library, wrappers=wrappers) if library else None
            actions = view.args[0] if view.args else keyword(view, "actions")
            action_map = None
            if isinstance(actions, ast.Dict):
                action_map = {
                    (string_value(k) or "").upper(): string_value(v) or ""
                    for k, v in zip(actions.keys, actions.values, strict=False)
                    if string_value(k)
                }
            return _Target(module=cls.module, view=cls, action_map=action_map, wrappers=wrappers)
        resolved = self.project.index.resolve(module, dotted(view) or "")
        if resolved is None:
            library = self._library_view(module, view)
            return _Target(module=module, library=library, wrappers=wrappers) if library else None
        node = resolved[0].top_level(resolved[1])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return _Target(module=resolved[0], function=node, wrappers=wrappers)
        return None

    def _library_view(self, module: PyModule, expr: ast.expr) -> LibraryView | None:
        """The view a urls.py pattern names when it comes from a library (or from a file that
        could not be parsed): a known one from :data:`KNOWN_LIBRARY_VIEWS`, else any method,
        undecided. None when the name does not resolve at all."""
        name = dotted(expr)
        found = self.project.index.lookup(module, name) if name else None
        if (
            name is not None
            and name.endswith(".urls")
            and not (isinstance(found, External) and found.qualname.startswith("django.contrib.admin"))
        ):
            return None  # another model's URL table (NinjaAPI.urls, a router's urls)
        if isinstance(found, External):
            if found.qualname.startswith("django.contrib.admin") and found.qualname.endswith("site.urls"):
                return LibraryView(
                    name="admin.site",
                    methods=("ANY",),
                    status="authenticated",
                    note="the Django admin: every page but its login requires a staff user (AdminSite.admin_view)",
                    admin=True,
                    qualname="django.contrib.admin",
                )
            known = KNOWN_LIBRARY_VIEWS.get(found.last)
            if known is not None:
                return dataclasses.replace(known, qualname=found.qualname)
            return LibraryView(
                name=found.last,
                methods=("ANY",),
                status="unknown",
                note=f"{found.qualname}: a library view not read",
                qualname=found.qualname,
            )
        if isinstance(found, Opaque):
            return LibraryView(
                name=found.name, methods=("ANY",), status="unknown", note=f"{found.path} could not be parsed"
            )
        return None

    def _view_class(self, module: PyModule, expr: ast.expr) -> _View | None:
        resolved = self.project.index.resolve(module, dotted(expr) or "")
        if resolved is None:
            return None
        node = resolved[0].top_level(resolved[1])
        if not isinstance(node, ast.ClassDef):
            return None
        memo_key = ("django-view", resolved[0].source.path, node.name)
        cached = self.project.memo.get(memo_key)
        if isinstance(cached, _View):
            return cached
        chain: list[tuple[PyModule, ast.ClassDef]] = []
        library: list[str] = []
        queue: list[tuple[PyModule, ast.ClassDef]] = [(resolved[0], node)]
        while queue and len(chain) < 20:
            owner, cls = queue.pop(0)
            if any(c is cls for _, c in chain):
                continue
            chain.append((owner, cls))
            for base in cls.bases:
                found = self.project.index.resolve(owner, dotted(base) or "")
                base_node = found[0].top_level(found[1]) if found else None
                if found is not None and isinstance(base_node, ast.ClassDef):
                    queue.append((found[0], base_node))
                else:
                    library.append(last_name(base) or "")
        view = _View(module=resolved[0], node=node, chain=chain, library_bases=library)
        self.project.memo[memo_key] = view
        return view

    # -- routers ------------------------------------------------------------------------

    def _router_routes(self, module: PyModule, router_expr: ast.expr, prefix: str, wrappers: list[str]) -> None:
        name = dotted(router_expr)
        if name is None:
            return
        resolved = self.project.index.resolve(module, name) or (module, name)
        owner, router_name = resolved
        created = owner.top_level(router_name)
        trailing = "/"
        if isinstance(created, ast.Call):
            if last_name(created.func) not in ROUTER_CLASSES and "Router" not in (last_name(created.func) or ""):
                return
            flag = keyword(created, "trailing_slash")
            if isinstance(flag, ast.Constant) and flag.value is False:
                trailing = ""
            root_view = keyword(created, "include_root_view")
            if "Default" in (last_name(created.func) or "") and not (
                isinstance(root_view, ast.Constant) and root_view.value is False
            ):
                # DefaultRouter serves an API root (APIRootView) at its prefix; it keeps the
                # settings' default permissions. Source: DRF "Routers", DefaultRouter.
                self._endpoint(
                    owner,
                    created.lineno,
                    prefix or "/",
                    "GET",
                    owner,
                    None,
                    [],
                    facts=AuthFacts(),
                    drf=_Perms(module=owner, node=None, at=hop(owner, created, f"{router_name} = DefaultRouter()")),
                    view=None,
                    action=None,
                    handler_name="APIRootView",
                    library="rest_framework.routers.APIRootView",
                )
        for node in ast.walk(owner.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "register"
                and dotted(node.func.value) == router_name
                and len(node.args) >= 2
            ):
                register_prefix = string_value(node.args[0])
                view = self._view_class(owner, node.args[1])
                if register_prefix is None or view is None:
                    continue
                self._viewset_routes(
                    owner, node, view, join_route(prefix, _clean_route(register_prefix, regex=True)), trailing, wrappers
                )

    def _viewset_routes(
        self, module: PyModule, register: ast.Call, view: _View, base: str, trailing: str, wrappers: list[str]
    ) -> None:
        lookup = _lookup_kwarg(view)
        actions = view.actions()
        allowed = _allowed_methods(view)
        base = base.rstrip("/")
        for action in actions:
            method, detail, _ = ACTIONS[action]
            if allowed is not None and method not in allowed:
                continue
            route = f"{base}/<{lookup}>{trailing}" if detail else f"{base}{trailing}"
            self._emit(
                _Target(module=view.module, view=view, action_map={method: action}),
                module,
                register.lineno,
                route,
                wrappers,
            )
        for fn_module, fn in _extra_actions(view):
            decorator = next(d for d in fn.decorator_list if isinstance(d, ast.Call) and last_name(d.func) == "action")
            detail_node = keyword(decorator, "detail")
            detail = isinstance(detail_node, ast.Constant) and detail_node.value is True
            url_path = _clean_route(string_value(keyword(decorator, "url_path")) or fn.name, regex=True)
            methods_node = keyword(decorator, "methods")
            methods = [
                (string_value(m) or "").upper()
                for m in (methods_node.elts if isinstance(methods_node, ast.List | ast.Tuple) else [])
            ] or ["GET"]
            route = f"{base}/<{lookup}>/{url_path}{trailing}" if detail else f"{base}/{url_path}{trailing}"
            for method in methods:
                self._emit(
                    _Target(module=fn_module, view=view, action_map={method: fn.name}),
                    module,
                    register.lineno,
                    route,
                    wrappers,
                    detail=detail,
                )

    # -- endpoints ----------------------------------------------------------------------

    def _emit(
        self,
        target: _Target,
        route_module: PyModule,
        line: int,
        route: str,
        wrappers: list[str],
        *,
        detail: bool | None = None,
    ) -> None:
        params = angle_params(route)
        base = AuthFacts()
        for wrapper in wrappers:
            base.add(
                Guard(
                    label=f"{wrapper}()",
                    chain=(hop(route_module, line, f"urls.py wraps the view in {wrapper}()"),),
                    admin=is_admin_name(wrapper) or wrapper in {"staff_member_required", "superuser_required"},
                )
            )
        if target.library is not None:
            library = target.library
            at = hop(route_module, line, f"{library.name}: {library.note}")
            for method in library.methods:
                facts = base.copy()
                if library.status == "public":
                    facts.public.append(at)
                elif library.status == "authenticated":
                    facts.add(Guard(label=library.name, chain=(at,), admin=library.admin))
                else:
                    facts.unknown.append(at)
                self._endpoint(
                    route_module,
                    line,
                    route,
                    method,
                    route_module,
                    None,
                    params,
                    facts=facts,
                    drf=None,
                    view=None,
                    action=None,
                    handler_name=library.name,
                    library=library.qualname or library.name,
                )
            return
        if target.function is not None:
            fn = target.function
            methods = _function_methods(fn)
            facts, drf = self._function_auth(target.module, fn)
            facts.extend(base)
            for method in methods:
                self._endpoint(
                    route_module,
                    line,
                    route,
                    method,
                    target.module,
                    fn,
                    params,
                    facts=facts,
                    drf=drf,
                    view=None,
                    action=None,
                )
            return
        view = target.view
        if view is None:
            return
        if target.action_map:
            pairs = list(target.action_map.items())
        elif view.actions():
            pairs = _generic_pairs(view)
        else:
            pairs = [(m.upper(), m) for m in METHODS if view.method(m) is not None]
            if not pairs and set(view.library_bases) & {"TemplateView", "RedirectView", "View", "FormView"}:
                pairs = [("GET", "get")] + ([("POST", "post")] if "FormView" in view.library_bases else [])
        allowed = _allowed_methods(view)
        for method, action in pairs:
            if allowed is not None and method not in allowed:
                continue
            found = view.method(action)
            if found is None and action == "partial_update":
                found = view.method("update")  # UpdateModelMixin.partial_update calls self.update
            if found is None and action in ACTIONS:
                found = view.method(method.lower())
            facts, drf = self._view_auth(view, found)
            facts.extend(base)
            self._endpoint(
                route_module,
                line,
                route,
                method,
                found[0] if found else view.module,
                found[1] if found else None,
                params,
                facts=facts,
                drf=drf,
                view=view,
                action=action,
                detail=detail,
            )

    def _endpoint(
        self,
        route_module: PyModule,
        line: int,
        route: str,
        method: str,
        module: PyModule,
        fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
        params: list[str],
        *,
        facts: AuthFacts,
        drf: _Perms | None,
        view: _View | None,
        action: str | None,
        detail: bool | None = None,
        handler_name: str = "",
        library: str | None = None,
    ) -> None:
        settings = self.settings
        facts = facts.copy()
        is_drf = drf is not None
        registration = hop(route_module, line, f"URL pattern {route}")
        if drf is not None:
            if drf.node is None and settings.default_permissions:
                guard, public = self._default_permissions(method)
            else:
                guard, public = self._permissions(drf, method)
            facts.add(guard)
            if public is not None:
                facts.public.append(public)
        exempt = any(
            route.startswith(e.lstrip("/")) or ("/" + route.lstrip("/")).startswith(e)
            for e in settings.middleware_exempt
        )
        if (
            settings.middleware_guard is not None
            and not (fn and _has_decorator(fn, "login_not_required"))
            and not exempt
        ):
            facts.add(settings.middleware_guard)
        if not facts.guards:
            facts.looked.append(registration)
            if view is not None:
                facts.looked.append(hop(view.module, view.node, f"view {view.node.name} and its bases hold no guard"))
            elif fn is not None:
                facts.looked.append(hop(module, fn, f"{fn.name}() has no login or permission decorator"))
        scope = Scope(request_names={"request"}, inputs=set(params))
        if fn is not None:
            scope.inputs.update(
                a.arg for a in [*fn.args.args, *fn.args.kwonlyargs] if a.arg not in {"self", "request", "cls"}
            )
        lookups: list[ObjectLookup] = []
        writes: list[BodyWrite] = []
        reads_caller = False
        if fn is not None:
            handled = analyse_handler(
                fn,
                scope,
                schema_fields=self.project.schema_fields,
                model_fields=self.project.model_fields,
                context=HandlerContext(project=self.project, symbol=self.project.calls.function_symbol(module, fn)),
            )
            lookups.extend(handled.lookups)
            if view is not None:  # ``self.queryset.get(...)`` / ``self.get_queryset().get(...)``
                model = self._view_model(view)
                owner = self._view_owner_filter(view)
                lookups = [
                    dataclasses.replace(lk, model=model, owner_filter=lk.owner_filter or owner)
                    if lk.model is None
                    else lk
                    for lk in lookups
                ]
            if method in {"PUT", "PATCH", "POST"} and calls_in(fn) & {"save", "update", "perform_update"}:
                lookups = [
                    dataclasses.replace(lk, operation=Operation.WRITE) if lk.operation == Operation.READ else lk
                    for lk in lookups
                ]  # the loaded object is saved back, usually through a serializer or form
            writes.extend(handled.body_writes)
            reads_caller = handled.reads_caller
            writes.extend(self._serializer_calls(module, fn, scope))
        if view is not None and action is not None:
            synthetic = self._view_lookup(view, method, action, fn, params, detail)
            if synthetic is not None:
                lookups.append(synthetic)
            writes.extend(self._view_body_write(view, method, action, fn))
        if reads_caller and not facts.guards and fn is not None:
            facts.add(
                Guard(
                    label="reads the caller in the handler",
                    chain=(hop(module, reads_caller_line(fn) or fn.lineno, f"{fn.name}() reads the signed-in caller"),),
                )
            )
        decision = facts.decide()
        handler_node = fn or (view.node if view else None)
        handler_module = module if fn is not None else (view.module if view else module)
        handler = (
            f"{view.node.name}.{fn.name if fn else action}" if view is not None else (fn.name if fn else handler_name)
        )
        parameters = tuple(Parameter(name=p, source="path") for p in params)
        self.endpoints.append(
            Endpoint(
                method=method,
                route=route,
                path=route_module.source.path,
                line=line,
                end_line=(getattr(handler_node, "end_lineno", None) or line) if handler_node else line,
                framework="drf" if (is_drf or (view is not None and view.is_drf)) else "django",
                handler=handler,
                handler_path=handler_module.source.path if handler_module is not route_module else "",
                auth=decision["auth"],
                auth_status=decision["auth_status"],
                auth_chain=decision["auth_chain"],
                admin_only=bool(decision["admin_only"]),
                role_check=decision["role_check"],
                evidence=(registration,),
                parameters=parameters,
                lookups=tuple(lookups),
                body_writes=tuple(writes),
                library=library,
            )
        )

    # -- authentication -----------------------------------------------------------------

    def _function_auth(
        self, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[AuthFacts, _Perms | None]:
        """Guards of a function view's decorators, and its DRF permissions (``@api_view``
        views; ``_Perms.node`` None means the settings' defaults apply)."""
        facts = AuthFacts()
        drf: _Perms | None = None
        for decorator in fn.decorator_list:
            name = last_name(decorator) or ""
            if name == "api_view":
                drf = drf or _Perms(module=module, node=None, at=hop(module, decorator, "@api_view"))
            elif name == "permission_classes" and isinstance(decorator, ast.Call) and decorator.args:
                drf = _Perms(
                    module=module, node=decorator.args[0], at=hop(module, decorator, "@permission_classes(...)")
                )
            elif name in AUTH_DECORATORS or (is_auth_name(name) and name not in PUBLIC_DECORATORS):
                facts.add(self._decorator_guard(module, decorator, name))
        return facts, drf

    def _decorator_guard(self, module: PyModule, decorator: ast.expr, name: str) -> Guard:
        admin = is_admin_name(name) or name in {"staff_member_required", "superuser_required"}
        role = name if name in LIBRARY_ROLE_GUARDS or is_role_name(name) else None
        if isinstance(decorator, ast.Call):
            admin |= any(is_admin_name(string_value(a) or "") for a in decorator.args)
            role = role_arguments(decorator) or role
        return Guard(label=f"@{name}", chain=(hop(module, decorator, f"@{name}"),), admin=admin, role=role)

    def _view_auth(
        self, view: _View, handler: tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef] | None
    ) -> tuple[AuthFacts, _Perms | None]:
        """Guards of a class-based view: auth mixins among its bases, ``method_decorator``
        on the class or the handler, and its DRF permissions (``permission_classes`` through
        the class hierarchy, or ``get_permissions``)."""
        facts = AuthFacts()
        for base in view.library_bases:
            if base in AUTH_MIXINS or base.endswith("RequiredMixin"):
                facts.add(
                    Guard(
                        label=base,
                        chain=(hop(view.module, view.node, f"{view.node.name} inherits {base}"),),
                        admin=is_admin_name(base),
                        role=base if base in ROLE_MIXINS or is_role_name(base) else None,
                    )
                )
        decorated: list[tuple[PyModule, ast.expr]] = [(m, d) for m, cls in view.chain for d in cls.decorator_list]
        if handler is not None:
            decorated += [(handler[0], d) for d in handler[1].decorator_list]
        for module, decorator in decorated:
            if isinstance(decorator, ast.Call) and last_name(decorator.func) == "method_decorator" and decorator.args:
                inner = {
                    last_name(n) or "" for n in ast.walk(decorator.args[0]) if isinstance(n, ast.Name | ast.Attribute)
                }
                for hit in sorted(n for n in inner if n in AUTH_DECORATORS or is_auth_name(n)):
                    facts.add(self._decorator_guard(module, decorator, hit))
        drf: _Perms | None = None
        if view.is_drf:
            found = view.attribute("permission_classes")
            getter = view.method("get_permissions")
            if found is not None:
                drf = _Perms(
                    module=found[0],
                    node=found[2],
                    at=hop(found[0], found[1], f"permission_classes = {ast.unparse(found[2])[:60]}"),
                )
            elif getter is not None:
                listed = [n for n in ast.walk(getter[1]) if isinstance(n, ast.List | ast.Tuple)]
                node = listed[0] if len(listed) == 1 else None
                drf = _Perms(
                    module=getter[0],
                    node=node,
                    at=hop(getter[0], getter[1], "get_permissions()"),
                    dynamic=node is None,
                )
            else:
                drf = _Perms(module=view.module, node=None, at=hop(view.module, view.node, f"{view.node.name}"))
        return facts, drf

    def _default_permissions(self, method: str) -> tuple[Guard | None, Hop | None]:
        at = self.settings.default_permissions_at
        assert at is not None
        guards: list[Guard] = []
        for dotted_path in self.settings.default_permissions:
            mod_name, _, cls_name = dotted_path.rpartition(".")
            owner = self.project.index.find_module(mod_name) if mod_name else None
            target = self.project.index.lookup(owner, cls_name) if owner is not None else External(dotted_path)
            guard = self._permission_class(target, cls_name, method, at) if target is not None else None
            if guard is not None:
                guards.append(guard)
        if guards:
            return guards[0], None
        return None, Hop(path=at.path, line=at.line, note=f"{at.note}: anyone may call views that keep the default")

    def _permissions(self, perms: _Perms, method: str) -> tuple[Guard | None, Hop | None]:
        """(guard, explicit public hop) of a DRF ``permission_classes`` value for ``method``."""
        if perms.dynamic:
            return None, None  # get_permissions chooses at run time; its classes are read below
        if perms.node is None:
            return None, Hop(path=perms.at.path, line=perms.at.line, note="DRF's default permission AllowAny applies")
        guard = self._permission_expr(perms.module, perms.node, method, perms.at)
        if guard is not None:
            return guard, None
        return None, Hop(
            path=perms.at.path, line=perms.at.line, note=f"permission_classes lets {method} through without a sign-in"
        )

    def _permission_expr(self, module: PyModule, node: ast.expr, method: str, at: Hop) -> Guard | None:
        if isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:  # every class must allow: one guard is enough
                guard = self._permission_expr(module, item, method, at)
                if guard is not None:
                    return guard
            return None
        if isinstance(node, ast.BinOp):
            left = self._permission_expr(module, node.left, method, at)
            right = self._permission_expr(module, node.right, method, at)
            if isinstance(node.op, ast.BitAnd):
                return left or right
            if isinstance(node.op, ast.BitOr):
                return left if (left and right) else None
            return None
        if isinstance(node, ast.Call):  # HasScope("read")
            node = node.func
        name = dotted(node)
        if name is None:
            return None
        target = self.project.index.lookup(module, name)
        return (
            self._permission_class(target, name.rsplit(".", 1)[-1], method, at)
            if target is not None
            else (self._permission_class(External(name), name.rsplit(".", 1)[-1], method, at))
        )

    def _permission_class(self, target: object, name: str, method: str, at: Hop, depth: int = 0) -> Guard | None:
        """A DRF permission class that refuses anonymous callers of ``method``."""
        unsafe = method not in {"GET", "HEAD", "OPTIONS"}
        if isinstance(target, External) or isinstance(target, Opaque):
            last = name
            if last in PUBLIC_PERMISSIONS:
                return None
            if last in READ_ONLY_PERMISSIONS:
                return Guard(label=f"permission_classes {last}", chain=(at,)) if unsafe else None
            if last in LIBRARY_PERMISSION_GUARDS or is_guard_name(last):
                return Guard(
                    label=f"permission_classes {last}",
                    chain=(at,),
                    admin=last in ADMIN_PERMISSIONS or is_admin_name(last),
                    role=last if last in ROLE_PERMISSIONS or is_role_name(last) else None,
                )
            return None
        if not isinstance(target, Symbol) or target.cls is None or depth > 4:
            return None
        for ancestor in self.project.index.mro(target)[1:]:
            if isinstance(ancestor, External) and ancestor.last not in {"BasePermission", "object"}:
                inherited = self._permission_class(ancestor, ancestor.last, method, at, depth + 1)
                if inherited is not None:
                    return Guard(
                        label=f"permission_classes {target.name}",
                        chain=(at, hop(target.module, target.node, f"{target.name} extends {ancestor.last}")),
                        admin=inherited.admin or is_admin_name(target.name),
                        role=inherited.role or (target.name if is_role_name(target.name) else None),
                    )
        has_permission = self.project.index.member(target, "has_permission")
        if isinstance(has_permission, Symbol) and has_permission.function is not None:
            fn = has_permission.function
            refs = names_in(fn)
            authenticated = any(
                r.endswith(("user.is_authenticated", "user.is_staff", "user.is_superuser", "request.auth"))
                or r in {"request.user.id", "request.user.pk"}
                for r in refs
            )
            read_only = any(r.endswith("SAFE_METHODS") for r in refs)
            if authenticated and (unsafe or not read_only):
                return Guard(
                    label=f"permission_classes {target.name}",
                    chain=(at, hop(has_permission.module, fn, f"{has_permission.name}() requires a signed-in caller")),
                    admin=any(r.endswith(("is_staff", "is_superuser")) for r in refs) or is_admin_name(target.name),
                    role=target.name
                    if is_role_name(target.name) or any(r.rsplit(".", 1)[-1] in ROLE_READS for r in refs)
                    else None,
                )
        return None

    # -- ownership ----------------------------------------------------------------------

    def _view_lookup(
        self,
        view: _View,
        method: str,
        action: str,
        fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
        params: list[str],
        detail: bool | None,
    ) -> ObjectLookup | None:
        """The object a detail view loads through ``get_object()``: inherited handlers always
        do; overridden ones when they call ``self.get_object()``."""
        known = ACTIONS.get(action)
        is_detail = known[1] if known else bool(detail)
        if not params:
            return None  # nothing in the route lets the caller choose the object
        if fn is not None:
            calls = calls_in(fn)
            if "self.get_object" not in calls:
                return None
            node = next(n for n in ast.walk(fn) if isinstance(n, ast.Call) and dotted(n.func) == "self.get_object")
            line, end = node.lineno, node.end_lineno or node.lineno
        else:
            if not is_detail:
                return None
            anchor = view.attribute("queryset") or view.attribute("model")
            getter = view.method("get_queryset")
            stmt: ast.AST = getter[1] if getter else (anchor[1] if anchor else view.node)
            line = getattr(stmt, "lineno", view.node.lineno)
            end = line
        operation = _operation_for(method, action, fn)
        return ObjectLookup(
            line=line,
            end_line=end,
            model=self._view_model(view),
            via="django-orm",
            operation=operation,
            inputs=tuple(params[-1:]) or (_lookup_kwarg(view),),
            owner_filter=self._view_owner_filter(view),
        )

    def _view_model(self, view: _View) -> str | None:
        for name in ("queryset", "model"):
            found = view.attribute(name)
            if found is not None:
                model = _model_in(found[2])
                if model:
                    return model
        for name in ("get_queryset", "get_object"):
            getter = view.method(name)
            model = _model_in(getter[1]) if getter is not None else None
            if model:
                return model
        serializer = self._serializer(view)
        if serializer is not None:
            return serializer[2]
        return None

    def _view_owner_filter(self, view: _View) -> str | None:
        for name in ("get_queryset", "get_object", "filter_queryset"):
            found = view.method(name)
            if found is not None and _mentions_caller(found[1]):
                return f"{name} filters by request.user"
        for name in ("test_func", "has_permission"):
            found = view.method(name)
            if found is not None and _mentions_caller(found[1]):
                return f"{name} checks the caller"
        permissions = view.attribute("permission_classes")
        if permissions is not None:
            for full in _class_names(permissions[2]):
                name = full.rsplit(".", 1)[-1]
                resolved = self.project.index.resolve(permissions[0], full)
                cls = resolved[0].top_level(resolved[1]) if resolved else None
                if isinstance(cls, ast.ClassDef) and any(
                    isinstance(s, ast.FunctionDef) and s.name == "has_object_permission" for s in cls.body
                ):
                    return f"object permission {name}"
                if name in {"DjangoObjectPermissions"} or (cls is None and is_authz_name(name) and "Owner" in name):
                    return f"object permission {name}"
        return None

    # -- mass assignment ----------------------------------------------------------------

    def _serializer(self, view: _View) -> tuple[PyModule, ast.ClassDef, str | None, ast.stmt] | None:
        for attr in ("serializer_class", "form_class"):
            found = view.attribute(attr)
            if found is None:
                continue
            resolved = self.project.index.resolve(found[0], dotted(found[2]) or "")
            cls = resolved[0].top_level(resolved[1]) if resolved else None
            if resolved is not None and isinstance(cls, ast.ClassDef):
                return resolved[0], cls, _meta_model(cls), found[1]
        return None

    def _view_body_write(
        self, view: _View, method: str, action: str, fn: ast.FunctionDef | ast.AsyncFunctionDef | None
    ) -> list[BodyWrite]:
        operation = {"create": Operation.CREATE, "update": Operation.WRITE, "partial_update": Operation.WRITE}.get(
            action
        )
        if operation is None and action == "post" and set(view.library_bases) & {"CreateView", "UpdateView"}:
            operation = Operation.CREATE if "CreateView" in view.library_bases else Operation.WRITE
        if operation is None or (fn is not None and not calls_in(fn) & {"save", "create", "update", "form_valid"}):
            return []
        hook = view.method("perform_create" if operation == Operation.CREATE else "perform_update")
        set_by_server = _saved_fields(hook[1]) if hook else set()
        serializer = self._serializer(view)
        if serializer is not None:
            module, cls, model, stmt = serializer
            fields = self._writable_fields(module, cls, model)
        else:
            fields_attr = view.attribute("fields")
            model = self._view_model(view)
            if fields_attr is None:
                return []
            stmt = fields_attr[1]
            fields = self._field_list(fields_attr[2], model, ())
        privileged = tuple(f for f in fields if is_privileged_field(f) and f not in set_by_server)
        if not privileged:
            return []
        return [BodyWrite(line=stmt.lineno, model=model, via="serializer", operation=operation, fields=privileged)]

    def _serializer_calls(
        self, module: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope
    ) -> list[BodyWrite]:
        """``Serializer(data=request.data).save()`` and ``ModelForm(request.POST).save()`` inside a
        handler, when the serializer or form lets the caller set privileged fields."""
        writes: list[BodyWrite] = []
        saved = _saved_fields(fn)
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name | ast.Attribute):
                continue
            data = keyword(node, "data") or (node.args[0] if node.args else None)
            if data is None or not any(
                n.startswith(("request.data", "request.POST", "self.request.data")) or n in scope.inputs
                for n in names_in(data)
            ):
                continue
            resolved = self.project.index.resolve(module, dotted(node.func) or "")
            cls = resolved[0].top_level(resolved[1]) if resolved else None
            if resolved is None or not isinstance(cls, ast.ClassDef) or _meta(cls) is None:
                continue
            model = _meta_model(cls)
            fields = self._writable_fields(resolved[0], cls, model)
            privileged = tuple(f for f in fields if is_privileged_field(f) and f not in saved)
            if privileged:
                operation = Operation.WRITE if len(node.args) >= 2 or keyword(node, "instance") else Operation.CREATE
                writes.append(
                    BodyWrite(line=node.lineno, model=model, via="serializer", operation=operation, fields=privileged)
                )
        return writes

    def _writable_fields(self, module: PyModule, cls: ast.ClassDef, model: str | None) -> tuple[str, ...]:
        meta = _meta(cls)
        if meta is None:
            return ()
        read_only: set[str] = set()
        declared: list[str] = []
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        value = stmt.value
                        flag = keyword(value, "read_only")
                        if (
                            last_name(value.func) in READ_ONLY_FIELD_CLASSES
                            or (isinstance(flag, ast.Constant) and flag.value is True)
                            or "CurrentUserDefault" in calls_in(value)
                        ):
                            read_only.add(target.id)
                        else:
                            declared.append(target.id)
        fields_node: ast.expr | None = None
        exclude: tuple[str, ...] = ()
        for stmt in meta.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                if name == "fields":
                    fields_node = stmt.value
                elif name == "exclude":
                    exclude = _strings(stmt.value)
                elif name == "read_only_fields":
                    read_only.update(_strings(stmt.value))
        fields = self._field_list(fields_node, model, exclude) if fields_node is not None or exclude else ()
        return tuple(f for f in dict.fromkeys([*fields, *declared]) if f not in read_only)

    def _field_list(self, node: ast.expr | None, model: str | None, exclude: tuple[str, ...]) -> tuple[str, ...]:
        if node is not None and string_value(node) != "__all__":
            return _strings(node)
        all_fields = self.project.model_fields.get(model or "", ())
        return tuple(f for f in all_fields if f not in exclude and f not in {"id", "pk"})


def _class_names(node: ast.AST) -> list[str]:
    """Dotted names of the outermost names in ``node``: ``[permissions.IsAuthenticated & IsOwner]``
    → ``["permissions.IsAuthenticated", "IsOwner"]``."""
    inner = {id(n.value) for n in ast.walk(node) if isinstance(n, ast.Attribute)}
    return [
        name
        for n in ast.walk(node)
        if isinstance(n, ast.Name | ast.Attribute) and id(n) not in inner and (name := dotted(n))
    ]


# Django's translation functions (django.utils.translation): a route written as
# ``path(_("payment/webhook/"), ...)`` is that string.
TRANSLATIONS = frozenset({"_", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "pgettext", "pgettext_lazy"})


def _untranslated(node: ast.expr) -> ast.expr:
    """The string inside ``_("...")``/``gettext_lazy("...")`` (the second argument of the
    ``pgettext`` forms), else ``node`` itself."""
    name = last_name(node.func) if isinstance(node, ast.Call) else None
    if isinstance(node, ast.Call) and name in TRANSLATIONS and node.args:
        return node.args[-1] if name.startswith("pgettext") else node.args[0]
    return node


def _is_list(node: ast.expr) -> bool:
    return isinstance(node, ast.BinOp) or (isinstance(node, ast.Name) and node.id != "urlpatterns")


def _strings(node: ast.expr | None) -> tuple[str, ...]:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return tuple(s for s in (string_value(e) for e in node.elts) if s)
    return ()


def _clean_route(route: str, *, regex: bool) -> str:
    """A Django route as written, without regex anchors; ``re_path`` named groups become
    ``<name>``: ``^notes/(?P<pk>[0-9]+)/$`` → ``notes/<pk>/``."""
    if not regex:
        return route
    text = route.removeprefix("^").removesuffix("$")
    text = text[:-2] + "/" if text.endswith("/?") else text
    try:
        names = list(re.compile(text).groupindex)
    except re.error:
        return text
    for name in names:
        start = text.find(f"(?P<{name}>")
        if start < 0:
            continue
        depth, end = 0, start
        for index in range(start, len(text)):  # the group's closing parenthesis
            char = text[index]
            if char == "\\":
                continue
            if char == "(" and (index == 0 or text[index - 1] != "\\"):
                depth += 1
            elif char == ")" and text[index - 1] != "\\":
                depth -= 1
                if depth == 0:
                    end = index
                    break
        text = text[:start] + f"<{name}>" + text[end + 1 :]
    return text


def _lookup_kwarg(view: _View) -> str:
    for name in ("lookup_url_kwarg", "lookup_field"):
        found = view.attribute(name)
        if found is not None and string_value(found[2]):
            return string_value(found[2]) or "pk"
    return "pk"


def _allowed_methods(view: _View) -> set[str] | None:
    found = view.attribute("http_method_names")
    if found is None:
        return None
    return {m.upper() for m in _strings(found[2])}


def _generic_pairs(view: _View) -> list[tuple[str, str]]:
    """(HTTP method, action) of a generic view (``RetrieveUpdateDestroyAPIView``,
    ``UpdateView``) plus plain handler methods it defines."""
    pairs: list[tuple[str, str]] = []
    django_form = set(view.library_bases) & DJANGO_FORM_VIEWS
    for action in view.actions():
        method = ACTIONS[action][0]
        if django_form and action in {"create", "update", "destroy"}:
            method = "POST"
        pairs.append((method, action))
    for name in METHODS:
        if view.method(name) is not None and name.upper() not in {p[0] for p in pairs}:
            pairs.append((name.upper(), name))
    return list(dict.fromkeys(pairs))


def _extra_actions(view: _View) -> list[tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef]]:
    found = []
    for module, cls in view.chain:
        for stmt in cls.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                isinstance(d, ast.Call) and last_name(d.func) == "action" for d in stmt.decorator_list
            ):
                found.append((module, stmt))
    return found


def _has_decorator(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    return any(last_name(d) == name for d in fn.decorator_list)


def _function_methods(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The HTTP methods a function view answers: from ``@api_view``/``@require_http_methods``/
    ``@require_POST``, else the methods the body compares ``request.method`` with (plus GET),
    else ``ANY``."""
    for decorator in fn.decorator_list:
        name = last_name(decorator) or ""
        if name in METHOD_DECORATORS:
            return list(METHOD_DECORATORS[name])
        if name in {"api_view", "require_http_methods"} and isinstance(decorator, ast.Call):
            methods = [m.upper() for m in (_strings(decorator.args[0]) if decorator.args else ())]
            return methods or ["GET"]
    compared: list[str] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Compare) and "request.method" in names_in(node.left):
            for comparator in node.comparators:
                value = string_value(comparator)
                compared.extend([value.upper()] if value else [s.upper() for s in _strings(comparator)])
    if compared:
        return list(dict.fromkeys(["GET", *compared]))
    return ["ANY"]


def _operation_for(method: str, action: str, fn: ast.FunctionDef | ast.AsyncFunctionDef | None) -> Operation:
    """What a detail action does to the object ``get_object()`` loads: a library action by its
    name; an overridden or extra action by what its body calls (``delete``, ``save``)."""
    known = ACTIONS.get(action)
    if known and known[2] is not None and known[2] != Operation.CREATE:
        return known[2]  # an overridden ``update`` that deletes related rows still updates the object
    if fn is None:
        return Operation.DELETE if method == "DELETE" else Operation.READ
    calls = {c.rsplit(".", 1)[-1] for c in calls_in(fn)}
    if calls & {"delete", "perform_destroy"}:
        return Operation.DELETE
    if calls & {"save", "update", "perform_update", "partial_update"}:
        return Operation.WRITE
    return Operation.READ


def _mentions_caller(node: ast.AST) -> bool:
    return any(n.startswith(("self.request.user", "request.user")) for n in names_in(node))


def _model_in(node: ast.AST) -> str | None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr == "objects" and isinstance(sub.value, ast.Name):
            return sub.value.id
    if isinstance(node, ast.Name) and node.id[:1].isupper():
        return node.id
    return None


def _meta(cls: ast.ClassDef) -> ast.ClassDef | None:
    return next((s for s in cls.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)


def _meta_model(cls: ast.ClassDef) -> str | None:
    meta = _meta(cls)
    if meta is None:
        return None
    for stmt in meta.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "model" for t in stmt.targets):
            return last_name(stmt.value)
    return None


def _saved_fields(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Fields the server sets itself: keywords of ``serializer.save(owner=...)`` /
    ``form.instance.owner = ...`` assignments."""
    saved: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and last_name(node.func) == "save":
            saved.update(k.arg for k in node.keywords if k.arg)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and (dotted(target.value) or "").endswith("instance"):
                    saved.add(target.attr)
    return saved
