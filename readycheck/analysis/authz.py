"""The authorization analysis (DESIGN.md section 1): who may call an endpoint, decided once and
shown with its evidence.

Framework models collect what they see on the way from the app to the handler into an
:class:`AuthFacts`: guards (a dependency, decorator, middleware, permission class or a check in
the handler that identifies the caller), each with the chain of :class:`~readycheck.model.Hop`
that leads to it; places read that hold no guard; and hops the analysis could not resolve.
:meth:`AuthFacts.decide` turns them into the endpoint's ``auth_status``: ``authenticated``
when a guard applies, else ``unknown`` when a hop was unresolved, else ``public``.

:class:`PyGuards` answers, for Python, whether calling a function of the repository
authenticates the caller, following its body and the functions it calls through the code
index (:mod:`readycheck.analysis.pycalls`): a token decoded and a 401 raised, a security scheme
such as ``OAuth2PasswordBearer`` depended on, another guard called.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypedDict

from readycheck.analysis.names import is_admin_name, is_role_name, word_list, words
from readycheck.analysis.pycalls import CallGraph
from readycheck.analysis.python import (
    External,
    ModuleIndex,
    PyModule,
    Symbol,
    dotted,
    last_name,
    names_in,
    string_value,
)
from readycheck.model import AuthStatus, Hop

# Words that make an identifier a strong authentication name (a guard, not a service that
# happens to handle users: ``get_user_service`` is not a guard, ``get_current_user`` is).
STRONG_AUTH_WORDS = frozenset(
    {
        "auth",
        "authenticate",
        "authenticated",
        "authentication",
        "login",
        "logged",
        "jwt",
        "token",
        "principal",
        "protect",
        "protected",
        "guard",
        "bearer",
        "apikey",
        "clerk",
        "passport",
        "credentials",
        "signed",
        "verified",
        "oauth",
        "oauth2",
        "oidc",
    }
)
NOT_GUARD_SUFFIXES = frozenset(
    {
        "service",
        "services",
        "repository",
        "repo",
        "repos",
        "client",
        "db",
        "session",
        "factory",
        "manager",
        "url",
        "settings",
        "config",
        "form",
        "schema",
        "model",
        "optional",
        "hash",
        "router",
    }
)
NOT_GUARD_WORDS = frozenset({"optional", "public", "anonymous", "maybe", "create", "issue", "refresh", "generate"})
ADMIN_ATTRIBUTES = frozenset({"is_superuser", "is_admin", "is_staff", "admin", "superuser", "isAdmin"})
# Library decorators that require a permission or a test of the caller beyond signing in
# (Django ``permission_required``/``user_passes_test``, Flask-Security ``roles_required``).
LIBRARY_ROLE_GUARDS = frozenset(
    {"permission_required", "user_passes_test", "roles_required", "roles_accepted", "permissions_required"}
)
# Attributes and methods of the caller that hold a role or a permission.
ROLE_ATTRIBUTES = ADMIN_ATTRIBUTES | {"role", "roles", "permissions", "scopes", "groups", "user_type", "account_type"}
ROLE_METHODS = frozenset({"has_perm", "has_perms", "has_permission", "has_role", "has_scope", "has_any_role"})
# Calls that check a credential (last name of the callee). Sources: PyJWT/python-jose
# ``jwt.decode``, firebase_admin ``auth.verify_id_token``, flask-jwt-extended, supabase-py
# ``auth.get_user``, Django ``authenticate``, Authlib ``validate_token``.
CREDENTIAL_CALLS = frozenset(
    {
        "decode",
        "decode_token",
        "decode_jwt",
        "decode_access_token",
        "verify_token",
        "verify_jwt",
        "verify_id_token",
        "verify_jwt_in_request",
        "get_jwt_identity",
        "get_jwt",
        "validate_token",
        "verify_access_token",
        "verify_session",
        "get_user_from_token",
        "authenticate_credentials",
        "compare_digest",
        "check_token",
    }
)
UNAUTHORIZED_EXCEPTIONS = frozenset(
    {
        "NotAuthenticated",
        "AuthenticationFailed",
        "Unauthorized",
        "UnauthorizedError",
        "UnauthenticatedError",
        "AuthenticationError",
        "InvalidTokenError",
        "CredentialsException",
        "PermissionDenied",
        "Forbidden",
        "NotAuthorized",
        "HTTPUnauthorized",
        "HTTPForbidden",
        "NotAuthorizedException",
        "PermissionDeniedException",
        "PermissionError",
    }
)
CALLER_EXPRESSIONS = frozenset(
    {
        "request.user",
        "self.request.user",
        "request.state.user",
        "request.auth",
        "g.user",
        "g.current_user",
        "current_user",
        "request.session",
        "info.context.user",
        "info.context.request.user",
        "connection.user",
    }
)


def is_guard_name(identifier: str) -> bool:
    """True when ``identifier`` names an authentication guard on its own: ``get_current_user``,
    ``login_required``, ``require_auth``, ``verify_token``, ``get_admin_user``, ``jwt_required``
    (not ``get_user_service``, ``get_optional_user``, ``create_access_token``)."""
    found = words(identifier)
    ordered = word_list(identifier)
    if found & NOT_GUARD_WORDS or (ordered and ordered[-1] in NOT_GUARD_SUFFIXES):
        return False
    if found & STRONG_AUTH_WORDS:
        return True
    if "current" in found and found & {"user", "member", "account", "admin", "superuser", "staff"}:
        return True
    if found & {"admin", "superuser", "staff"} and found & {"get", "require", "required", "only", "current", "is"}:
        return True
    return bool(found & {"user", "member"} and found & {"require", "required", "ensure", "must", "verify"})


def hop(module: PyModule | str, node: ast.AST | int, note: str) -> Hop:
    """A :class:`Hop` at ``node`` (or a line number) of ``module`` (or a path)."""
    path = module if isinstance(module, str) else module.source.path
    line = node if isinstance(node, int) else getattr(node, "lineno", 0)
    return Hop(path=path, line=line, note=note)


@dataclass(frozen=True, kw_only=True)
class Guard:
    """One protection that identifies the caller: a short ``label`` for the report
    (``Depends(get_current_user)``), the ``chain`` of hops from the endpoint to where the check
    is made, whether it restricts the endpoint to administrators, and whether it was judged by
    its name only (``by_name``: its body could not be read). ``role`` says which role or
    permission the guard requires beyond being signed in (function-level authorization,
    OWASP API5:2023): ``"administrators"`` for an admin guard, ``"'manageUsers'"`` for
    ``auth('manageUsers')``, ``"permission_classes IsProjectMember"``; None for a guard that
    only identifies the caller. Rebuild a guard with :func:`dataclasses.replace` so its role
    is kept."""

    label: str
    chain: tuple[Hop, ...]
    admin: bool = False
    by_name: bool = False
    optional: bool = False
    role: str | None = None

    def __post_init__(self) -> None:
        if self.admin and self.role is None:
            object.__setattr__(self, "role", "administrators")


class Decision(TypedDict):
    """The endpoint fields of an authorization decision (:meth:`AuthFacts.decide`)."""

    auth: str | None
    auth_status: AuthStatus
    auth_chain: tuple[Hop, ...]
    admin_only: bool
    role_check: str | None


@dataclass(kw_only=True)
class AuthFacts:
    """What a framework model saw between the app and a handler. Mutable while it is built.
    ``roles`` are role steps that are not guards themselves (a middleware that refuses unless
    an already identified caller has a role); they count only with a guard."""

    guards: list[Guard] = field(default_factory=list)
    looked: list[Hop] = field(default_factory=list)
    unknown: list[Hop] = field(default_factory=list)
    public: list[Hop] = field(default_factory=list)
    admin: bool = False
    roles: list[str] = field(default_factory=list)

    def add(self, guard: Guard | None) -> None:
        """Add a guard (None is ignored; an optional guard, which identifies the caller when
        a credential is sent but lets anonymous requests through, is only noted)."""
        if guard is not None and guard.optional:
            self.looked.extend(guard.chain[:1])
            self.looked.append(
                Hop(
                    path=guard.chain[-1].path if guard.chain else "",
                    line=guard.chain[-1].line if guard.chain else 0,
                    note=(
                        f"{guard.label} identifies the caller when a credential is sent but lets anonymous "
                        "requests through"
                    ),
                )
            )
            return
        if guard is not None and not any(g.label == guard.label and g.chain == guard.chain for g in self.guards):
            self.guards.append(guard)
            self.admin |= guard.admin

    def extend(self, other: AuthFacts) -> None:
        """Add everything ``other`` found."""
        for guard in other.guards:
            self.add(guard)
        self.looked.extend(other.looked)
        self.unknown.extend(other.unknown)
        self.public.extend(other.public)
        self.admin |= other.admin
        self.roles.extend(r for r in other.roles if r not in self.roles)

    def copy(self) -> AuthFacts:
        """An independent copy."""
        return AuthFacts(
            guards=list(self.guards),
            looked=list(self.looked),
            unknown=list(self.unknown),
            public=list(self.public),
            admin=self.admin,
            roles=list(self.roles),
        )

    @property
    def status(self) -> AuthStatus:
        """``authenticated`` with a guard, else ``unknown`` with an unresolved hop, else ``public``."""
        if self.guards:
            return AuthStatus.AUTHENTICATED
        if self.unknown:
            return AuthStatus.UNKNOWN
        return AuthStatus.PUBLIC

    def decide(self) -> Decision:
        """The endpoint fields of the decision: ``auth`` (labels of the guards, None unless
        authenticated), ``auth_status``, ``auth_chain``, ``admin_only`` and ``role_check`` (the
        first guard that requires a role, as ``"label: role"``, None when none does)."""
        status = self.status
        if status is AuthStatus.AUTHENTICATED:
            labels = list(dict.fromkeys(g.label for g in self.guards))
            chain: list[Hop] = []
            for guard in self.guards:
                chain.extend(h for h in guard.chain if h not in chain)
            return {
                "auth": ", ".join(labels),
                "auth_status": status,
                "auth_chain": tuple(chain[:12]),
                "admin_only": self.admin,
                "role_check": next((f"{g.label}: {g.role}" for g in self.guards if g.role), None)
                or (self.roles[0] if self.roles else None),
            }
        hops = self.unknown if status is AuthStatus.UNKNOWN else [*self.public, *self.looked]
        return {
            "auth": None,
            "auth_status": status,
            "auth_chain": tuple(dict.fromkeys(hops))[:12],
            "admin_only": False,
            "role_check": None,
        }


def status_code_of(node: ast.AST) -> int | None:
    """The HTTP status an expression names: ``401``, ``status.HTTP_401_UNAUTHORIZED``,
    ``HTTPStatus.FORBIDDEN``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    name = dotted(node) or ""
    last = name.rsplit(".", 1)[-1]
    if last.startswith("HTTP_") and last[5:8].isdigit():
        return int(last[5:8])
    return {"UNAUTHORIZED": 401, "FORBIDDEN": 403}.get(last)


def denies(fn: ast.AST) -> tuple[int, int] | None:
    """(line, status) of the first place ``fn`` refuses a request as unauthenticated or
    forbidden: ``raise HTTPException(401)``, ``abort(403)``, ``raise AuthenticationFailed``,
    a 401/403 response returned. None when it never does."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
            code = status_code_of(node.value.elts[1])  # Flask: ``return jsonify(...), 401``
            if code in {401, 403}:
                return node.lineno, code
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc
            name = last_name(exc.func if isinstance(exc, ast.Call) else exc) or ""
            if name in UNAUTHORIZED_EXCEPTIONS:
                return node.lineno, 403 if name in {"PermissionDenied", "Forbidden", "NotAuthorized"} else 401
            if isinstance(exc, ast.Call):
                for arg in [*exc.args, *(k.value for k in exc.keywords if k.arg in {"status_code", "code", "status"})]:
                    code = status_code_of(arg)
                    if code in {401, 403}:
                        return node.lineno, code
            elif isinstance(exc, ast.Name):
                # ``raise credentials_exception`` where it was built as HTTPException(401)
                for sub in ast.walk(fn):
                    if (
                        isinstance(sub, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == exc.id for t in sub.targets)
                        and isinstance(sub.value, ast.Call)
                    ):
                        for arg in [*sub.value.args, *(k.value for k in sub.value.keywords)]:
                            if status_code_of(arg) in {401, 403}:
                                return node.lineno, status_code_of(arg) or 401
        elif isinstance(node, ast.Call):
            name = last_name(node.func) or ""
            if name in {"redirect", "redirect_to_login", "RedirectResponse", "HttpResponseRedirect"}:
                target = " ".join(ast.unparse(a) for a in node.args).lower()
                if name == "redirect_to_login" or any(w in target for w in ("login", "signin", "sign_in", "auth")):
                    return node.lineno, 302
            if name in {
                "abort",
                "HTTPException",
                "JSONResponse",
                "Response",
                "PlainTextResponse",
                "make_response",
                "jsonify",
            }:
                for arg in [
                    *node.args,
                    *(k.value for k in node.keywords if k.arg in {"status_code", "status", "code"}),
                ]:
                    code = status_code_of(arg)
                    if code in {401, 403}:
                        return node.lineno, code
    return None


def reads_credentials(fn: ast.AST) -> int | None:
    """The line where ``fn`` checks a credential (decodes or verifies a token, compares a
    secret), or None."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = last_name(node.func) or ""
            full = dotted(node.func) or ""
            if name in CREDENTIAL_CALLS and (name != "decode" or "jwt" in full.lower() or "token" in full.lower()):
                return node.lineno
    found = compares_shared_secret(fn)
    return found[0] if found is not None else None


def compares_shared_secret(fn: ast.AST) -> tuple[int, str] | None:
    """(line, secret name) where ``fn`` compares a value with a configured shared secret and
    refuses the request when they differ (``if x_admin_key != ADMIN_API_KEY: raise
    HTTPException(403)``, ``hmac.compare_digest(token, settings.API_TOKEN)``): an API-key
    check. None when it makes none. The secret is a name (``ADMIN_API_KEY``,
    ``settings.api_key``, ``os.environ["API_KEY"]``), never a literal."""
    if denies(fn) is None:
        return None
    params = (
        {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        else set()
    )
    for node in ast.walk(fn):
        sides: list[ast.expr] = []
        if isinstance(node, ast.Compare) and all(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
            sides = [node.left, *node.comparators]
        elif isinstance(node, ast.Call) and last_name(node.func) in {"compare_digest", "safe_str_cmp"}:
            sides = list(node.args)
        if len(sides) != 2 or any(isinstance(side, ast.Constant) for side in sides):
            continue
        for side in sides:
            name = None if isinstance(side, ast.Name) and side.id in params else _secret_name(side)
            if name is not None:
                return getattr(node, "lineno", 0), name
    return None


def _secret_name(node: ast.expr) -> str | None:
    """The name of a configured shared secret ``node`` reads, or None."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        name = str(node.slice.value)
    elif isinstance(node, ast.Call) and last_name(node.func) in {"getenv", "get"} and node.args:
        name = string_value(node.args[0]) or ""
    else:
        name = last_name(node) or ""
    found = words(name)
    if found & {"secret", "token", "password", "apikey"} and not found & {"csrf", "reset", "refresh"}:
        return name
    if "key" in found and found & {"api", "admin", "access", "service", "internal", "master", "shared"}:
        return name
    return None


def reads_caller(fn: ast.AST) -> int | None:
    """The line where ``fn`` reads the signed-in caller (``request.user``, flask-login
    ``current_user``, ``request.state.user``), or None."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Attribute | ast.Name):
            name = dotted(node) or ""
            if name in CALLER_EXPRESSIONS or any(name.startswith(e + ".") for e in CALLER_EXPRESSIONS):
                return getattr(node, "lineno", 0)
    return None


def checks_admin(fn: ast.AST) -> int | None:
    """The line where ``fn`` compares the caller's role or admin flag and refuses (403)."""
    refused = denies(fn)
    if refused is None:
        return None
    for node in ast.walk(fn):
        if isinstance(node, ast.Attribute) and node.attr in ADMIN_ATTRIBUTES:
            return node.lineno
        if isinstance(node, ast.Compare):
            for value in [node.left, *node.comparators]:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and is_admin_name(value.value):
                    return node.lineno
    return None


def checks_role(fn: ast.AST) -> int | None:
    """The line where ``fn`` reads a role or permission of the caller (``user.role``,
    ``user.has_perm(...)``, ``current_user.is_superuser``) and refuses the request (403); None
    when it does not (function-level authorization, OWASP API5:2023)."""
    if denies(fn) is None:
        return None
    for node in ast.walk(fn):
        if isinstance(node, ast.Attribute) and (node.attr in ROLE_ATTRIBUTES or node.attr in ROLE_METHODS):
            return node.lineno
    return checks_admin(fn)


def role_arguments(call: ast.expr) -> str | None:
    """The roles or permissions a guard factory call names, as source text: its string
    arguments, lists of strings, upper-case constants (``Role.ADMIN``) and ``scopes=``
    (``require_role("editor")``, ``RoleChecker(["admin"])``, ``Security(user, scopes=["items"])``);
    None for anything else."""
    if not isinstance(call, ast.Call):
        return None
    named: list[str] = []
    values = [
        *call.args,
        *(k.value for k in call.keywords if k.arg in {None, "roles", "role", "scopes", "permissions"}),
    ]
    for value in values:
        for item in value.elts if isinstance(value, ast.List | ast.Tuple | ast.Set) else [value]:
            if string_value(item) or (isinstance(item, ast.Attribute) and (dotted(item) or "")[:1].isupper()):
                named.append(ast.unparse(item))
    return ", ".join(named) if named else None


class PyGuards:
    """Whether a Python function of the repository authenticates the caller, memoised per
    function. ``extra`` lets a framework model add its own evidence (FastAPI reads a
    dependency's own ``Depends`` parameters)."""

    def __init__(self, index: ModuleIndex, calls: CallGraph) -> None:
        self.index = index
        self.calls = calls
        self._memo: dict[tuple[str, str, int], Guard | None] = {}

    def function(self, fn: Symbol, depth: int = 0, label: str | None = None) -> Guard | None:
        """A :class:`Guard` when running ``fn`` authenticates the caller: its body checks a
        credential, reads the caller and refuses with 401/403, or it calls (within three
        calls) a function that does. A function with a guard's name whose body shows none of
        that counts by name only when its body is trivial (it delegates to a library). None
        otherwise."""
        key = (fn.path, fn.name, fn.line)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None  # recursion guard
        guard = self._function(fn, depth, label or fn.short)
        self._memo[key] = guard
        return guard

    def _function(self, fn: Symbol, depth: int, label: str) -> Guard | None:
        node = fn.function
        if node is None:
            return None
        shared = compares_shared_secret(node)
        admin = is_admin_name(fn.short) or checks_admin(node) is not None
        role_line = checks_role(node)
        role = f"{fn.short}() checks a role" if role_line is not None or is_role_name(fn.short) else None
        if role is None and shared is not None:
            role = f"holders of {shared[1]}"
        credential = reads_credentials(node)
        refused = denies(node)
        caller = reads_caller(node)
        here = hop(fn.module, node, f"{fn.short}() is defined here")
        if credential is not None:
            return Guard(
                label=label,
                chain=(hop(fn.module, credential, f"{fn.short}() checks a credential"),),
                admin=admin,
                role=role,
            )
        if refused is not None and (caller is not None or is_guard_name(fn.short)):
            return Guard(
                label=label,
                chain=(hop(fn.module, refused[0], f"{fn.short}() refuses the request with {refused[1]}"),),
                admin=admin,
                role=role,
            )
        if depth < 3:
            for edge in self.calls.edges(fn):
                inner = self.function(edge.callee, depth + 1)
                if inner is not None:
                    return Guard(
                        label=label,
                        chain=(hop(fn.module, edge.line, f"{fn.short}() calls {edge.callee.short}()"), *inner.chain),
                        admin=admin or inner.admin,
                        by_name=inner.by_name,
                        role=role or inner.role,
                    )
        if caller is not None and is_guard_name(fn.short):
            return Guard(
                label=label, chain=(hop(fn.module, caller, f"{fn.short}() reads the caller"),), admin=admin, role=role
            )
        if is_guard_name(fn.short) and _delegates(node):
            return Guard(label=label, chain=(here,), admin=admin, by_name=True, role=role)
        return None

    def external(self, value: External, where: Hop, label: str | None = None) -> Guard | None:
        """A library name that authenticates (``flask_login.login_required``, fastapi-users
        ``current_active_user``, DRF ``IsAuthenticated``), judged by its name; ``where`` is the
        place the repository uses it."""
        if not (is_guard_name(value.last) or value.last in KNOWN_LIBRARY_GUARDS or value.qualname in QUALIFIED_GUARDS):
            return None
        return Guard(
            label=label or value.last,
            chain=(Hop(path=where.path, line=where.line, note=f"{where.note}: {value.qualname} (a library guard)"),),
            admin=is_admin_name(value.last) or value.last in {"staff_member_required", "superuser_required"},
            by_name=True,
            role=value.last if is_role_name(value.last) or value.last in LIBRARY_ROLE_GUARDS else None,
        )


# Guards from libraries, by last name. Sources: Django auth decorators and mixins, DRF
# permissions, Flask-Login, Flask-JWT-Extended, Flask-HTTPAuth, django-allauth, fastapi-users.
KNOWN_LIBRARY_GUARDS = frozenset(
    {
        "login_required",
        "permission_required",
        "user_passes_test",
        "staff_member_required",
        "superuser_required",
        "jwt_required",
        "fresh_jwt_required",
        "LoginRequiredMixin",
        "PermissionRequiredMixin",
        "UserPassesTestMixin",
        "IsAuthenticated",
        "IsAdminUser",
        "DjangoModelPermissions",
        "DjangoObjectPermissions",
        "verify_password",
        "roles_required",
        "roles_accepted",
        "auth_required",
        "requires_auth",
        "current_user",
        "current_active_user",
    }
)


# Library guards whose last name alone says too little (source: Starlette "Authentication",
# ``requires``; Sanic-JWT ``protected``).
QUALIFIED_GUARDS = frozenset(
    {"starlette.authentication.requires", "sanic_jwt.protected", "sanic_jwt.decorators.protected"}
)


def _delegates(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """True when ``fn``'s body only hands over to something else (one return or expression,
    or a docstring): its name is all there is to judge it by."""
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    return len(body) <= 2


def name_words(names: Iterable[str]) -> set[str]:
    """The words of every identifier in ``names``."""
    found: set[str] = set()
    for name in names:
        for part in name.split("."):
            found |= words(part)
    return found


__all__ = [
    "AuthFacts",
    "Guard",
    "PyGuards",
    "checks_admin",
    "denies",
    "hop",
    "is_guard_name",
    "names_in",
    "reads_caller",
    "reads_credentials",
]
