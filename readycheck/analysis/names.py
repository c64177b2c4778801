"""Vocabulary shared by the program models: the identifier names that mean "the caller",
"an authorization decision", "an owner column" or "a privileged field" in the frameworks and
libraries readycheck models. Matching is on whole identifier words taken from the syntax tree
(``get_current_active_user`` → ``get``, ``current``, ``active``, ``user``), never on source text.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def word_list(identifier: str) -> list[str]:
    """The lower-case words of a snake_case or camelCase identifier, in order:
    ``requireAuthUser`` → ``["require", "auth", "user"]``."""
    return [w.lower() for w in _WORD.findall(identifier)]


def words(identifier: str) -> set[str]:
    """The lower-case words of a snake_case or camelCase identifier:
    ``requireAuthUser`` → ``{"require", "auth", "user"}``."""
    return set(word_list(identifier))


# Words naming an authentication dependency, decorator, middleware or guard.
AUTH_WORDS = frozenset(
    {
        "auth",
        "authenticate",
        "authenticated",
        "authorize",
        "authorized",
        "login",
        "logged",
        "jwt",
        "token",
        "user",
        "principal",
        "identity",
        "protect",
        "protected",
        "guard",
        "verify",
        "bearer",
        "apikey",
        "clerk",
        "passport",
        "superuser",
        "admin",
        "staff",
        "member",
        "signed",
        "credentials",
        "permission",
        "permissions",
        "roles",
        "role",
        "requires",
    }
)
# Identifiers that are not authentication even though they contain an auth word.
NOT_AUTH = frozenset(
    {
        "get_db",
        "get_session",
        "session",
        "get_settings",
        "user_agent",
        "useState",
        "tokenize",
        "create_access_token",
        "issue_token",
        "refresh_token",
        "sessionmaker",
        "token_urlsafe",
        "verify_password",
        "get_password_hash",
        "hash_password",
    }
)
# First words of identifiers that act on users rather than authenticate them.
ACTION_WORDS = frozenset(
    {
        "update",
        "set",
        "track",
        "log",
        "record",
        "create",
        "delete",
        "remove",
        "add",
        "send",
        "list",
        "count",
        "sign",
        "issue",
        "generate",
        "hash",
        "encode",
        "append",
        "invite",
        "register",
        "save",
        "store",
        "reset",
        "change",
    }
)
# Words of a guard that restricts an endpoint to administrators.
ADMIN_WORDS = frozenset({"admin", "superuser", "staff", "superadmin", "administrator"})
# Columns and fields that tie a row to a user or tenant.
OWNER_FIELDS = frozenset(
    {
        "owner",
        "owner_id",
        "user",
        "user_id",
        "author",
        "author_id",
        "created_by",
        "created_by_id",
        "creator_id",
        "account_id",
        "tenant",
        "tenant_id",
        "org",
        "org_id",
        "organization",
        "organization_id",
        "team_id",
        "workspace_id",
        "profile_id",
        "customer_id",
        "member_id",
        "uid",
        "ownerid",
        "userid",
        "authorid",
        "tenantid",
        "orgid",
        "organizationid",
        "teamid",
        "workspaceid",
        "createdby",
        "accountid",
        "profileid",
    }
)
# Fields a caller must never set through a request body.
PRIVILEGED_FIELDS = frozenset(
    {
        "owner",
        "owner_id",
        "user",
        "user_id",
        "author",
        "author_id",
        "created_by",
        "tenant",
        "tenant_id",
        "org_id",
        "organization_id",
        "team_id",
        "account_id",
        "workspace_id",
        "role",
        "roles",
        "is_admin",
        "admin",
        "is_superuser",
        "superuser",
        "is_staff",
        "permissions",
        "plan",
        "tier",
        "subscription",
        "subscription_status",
        "price",
        "credits",
        "balance",
        "is_verified",
        "email_verified",
        "verified",
        "stripe_customer_id",
        "ownerid",
        "userid",
        "authorid",
        "tenantid",
        "orgid",
        "isadmin",
        "issuperuser",
        "isstaff",
        "emailverified",
        "isverified",
        "stripecustomerid",
        "teamid",
        "workspaceid",
        "accountid",
        "organizationid",
        "createdby",
    }
)
# Model and table names whose rows are the users themselves (owned through their own id).
USER_MODELS = frozenset(
    {"user", "users", "profile", "profiles", "account", "accounts", "customer", "customers", "member", "members"}
)


def normalise_field(name: str) -> str:
    """``ownerId`` and ``owner_id`` both → ``owner_id``-comparable form (lower, no separators)."""
    return name.replace("_", "").lower()


def is_owner_field(name: str) -> bool:
    """True for columns such as ``owner_id``, ``userId``, ``tenant_id``."""
    return name.lower() in OWNER_FIELDS or normalise_field(name) in OWNER_FIELDS


def is_privileged_field(name: str) -> bool:
    """True for fields such as ``owner_id``, ``role``, ``isAdmin``, ``plan``, ``price``."""
    return name.lower() in PRIVILEGED_FIELDS or normalise_field(name) in PRIVILEGED_FIELDS


def is_auth_name(identifier: str) -> bool:
    """True when ``identifier`` names an authentication step: ``get_current_user``,
    ``requireAuth``, ``login_required``, ``verifyToken``, ``IsAuthenticated``."""
    if identifier in NOT_AUTH:
        return False
    found = words(identifier)
    if found & {"public", "optional", "anonymous", "csrf", "cors", "rate", "limit", "limiter"}:
        return False
    first = _WORD.findall(identifier)[:1]
    if first and first[0].lower() in ACTION_WORDS:
        return False  # ``updateAuthenticatedUsers``, ``create_user``: an action, not a guard
    if "by" in found and not found & {"token", "jwt", "session", "bearer", "apikey"}:
        return False  # ``getUserByUserName``, ``find_user_by_email``: a lookup by a key, not the caller
    if (
        first
        and first[0].lower() in {"login", "signin", "signup", "logout", "register"}
        and not (found & {"required", "require", "needed", "guard", "check", "verify"})
    ):
        return False  # ``loginForAdmins``, ``login_user``: the sign-in step itself (``login_required`` is a guard)
    return bool(found & AUTH_WORDS)


def is_admin_name(identifier: str) -> bool:
    """True when ``identifier`` names an administrators-only guard (``get_current_active_superuser``,
    ``admin_required``, ``IsAdminUser``, ``requireAdmin``)."""
    return bool(words(identifier) & ADMIN_WORDS)


# Words of a guard that requires a role or permission (function-level authorization).
ROLE_WORDS = frozenset(
    {"role", "roles", "permission", "permissions", "perm", "perms", "scope", "scopes", "rbac", "acl", "privilege"}
    | {"privileges", "capability", "capabilities", "entitlement", "entitlements", "moderator", "moderators"}
)


def is_role_name(identifier: str) -> bool:
    """True when ``identifier`` names a guard that requires a role or permission
    (``require_role``, ``has_permission``, ``RolesGuard``, ``check_scopes``) or an admin guard
    (:func:`is_admin_name`)."""
    return bool(words(identifier) & ROLE_WORDS) or is_admin_name(identifier)


def is_authz_name(identifier: str) -> bool:
    """True when ``identifier`` names an authorization decision (``authorize``, ``check_owner``,
    ``can_edit``, ``has_object_permission``, ``ensureOwnership``)."""
    found = words(identifier)
    return bool(
        found
        & {
            "authorize",
            "authorise",
            "permission",
            "permissions",
            "permitted",
            "owner",
            "owns",
            "owned",
            "ownership",
            "access",
            "policy",
            "ability",
            "abilities",
            "enforce",
        }
    ) or (
        bool(found & {"can", "ensure", "assert", "check", "require", "verify"})
        and bool(
            found
            & {
                "owner",
                "access",
                "permission",
                "member",
                "membership",
                "edit",
                "view",
                "delete",
                "update",
                "manage",
                "own",
                "tenant",
                "belongs",
            }
        )
    )


def most_specific(names: set[str]) -> tuple[str, ...]:
    """Sorted names without those another name extends: ``{"params", "params.id"}`` →
    ``("params.id",)``."""
    return tuple(sorted(n for n in names if not any(o != n and o.startswith(n + ".") for o in names)))


def is_caller_name(identifier: str) -> bool:
    """True for variable names that hold the signed-in caller: ``currentUser``,
    ``loggedInUser``, ``authUser``, ``sessionUser``."""
    found = words(identifier)
    return "user" in found and bool(found & {"current", "logged", "auth", "authenticated", "session", "signed"})


# Identifier words that name a rate limiter or a throttle (``slowDown`` is express-slow-down).
LIMIT_WORDS = frozenset({"ratelimit", "ratelimiter", "limiter", "throttle", "throttler", "throttling", "slowdown"})
_LIMIT_PAIRS = ({"rate", "limit"}, {"rate", "limiter"}, {"slow", "down"}, {"rate", "limits"})


def is_limiter_name(identifier: str) -> bool:
    """True when an identifier names a rate limiter: ``loginLimiter``, ``rate_limit``,
    ``checkRateLimit``, ``throttle``, ``apiRateLimiter``."""
    found = words(identifier)
    return bool(found & LIMIT_WORDS) or any(pair <= found for pair in _LIMIT_PAIRS)


def is_limiter_callee(callee: str) -> bool:
    """True when a dotted callee names a limiter by its last name or its receiver:
    ``checkRateLimit``, ``limiter.hit``, ``rateLimiter.consume``, ``loginLimiter``."""
    parts = callee.split(".")
    return is_limiter_name(parts[-1]) or (len(parts) > 1 and is_limiter_name(parts[-2]))


# Words that make a ``reset`` in a route a credential reset (``/password/reset``, ``/reset-pin``).
_RESET_PARTNERS = frozenset(
    {"password", "passwords", "pass", "pwd", "auth", "account", "login", "forgot", "credentials", "pin", "otp"}
    | {"token", "email", "mfa", "2fa", "user", "users", "me"}
)


def sign_in_words(route: str, *, parameter_names: bool = False) -> set[str]:
    """:func:`route_words` without a ``reset`` that resets data rather than a credential
    (``/reset_db``, ``/admin/reset-demo``): ``reset`` stays when a segment is just ``reset``
    or the route names what is reset (password, PIN, account, token, ...)."""
    found = route_words(route, parameter_names=parameter_names)
    if "reset" in found:
        segments = {s.lower() for s in route.replace("_", "-").split("/") if s}
        if "reset" not in segments and not found & _RESET_PARTNERS:
            found.discard("reset")
    return found


def route_words(route: str, *, parameter_names: bool = False) -> set[str]:
    """The lower-case segments of a route and their dash-separated words (underscores read as
    dashes): ``/api/password_reset/{uid}`` → ``api``, ``password-reset``, ``password``, ``reset``,
    ``{uid}``. With ``parameter_names`` a parameter segment (``{uid}``, ``[id]``, ``<pk>``,
    ``:id``) counts by its bare name (``uid``)."""
    segments = {s.lower() for s in route.replace("_", "-").split("/") if s}
    if parameter_names:
        segments = {s.strip("{}[]<>:") for s in segments}
    return {p for s in segments for p in s.split("-")} | segments
