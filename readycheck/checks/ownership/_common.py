"""What the ownership checks share: which models hold per-user data, and the endpoint
inventory with its not-checked notes copied into the run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from readycheck.analysis.names import USER_MODELS, is_owner_field, route_words, sign_in_words
from readycheck.checks.base import CheckContext, NotApplicable
from readycheck.model import Endpoint

# Route words of authentication flows, public by nature.
AUTH_FLOW_WORDS = frozenset(
    {
        "login",
        "signin",
        "sign-in",
        "signup",
        "sign-up",
        "register",
        "token",
        "password",
        "reset",
        "forgot",
        "verify",
        "verification",
        "callback",
        "oauth",
        "auth",
        "logout",
        "refresh",
        "health",
        "healthz",
        "ping",
        "magic-link",
        "magic",
        "resend",
        "otp",
        "confirm",
        "invite",
        "accept-invite",
        "recover",
        "recovery",
        "status",
        "webhook",
        "webhooks",
    }
)


def endpoints(ctx: CheckContext) -> tuple[Endpoint, ...]:
    """The inventory's endpoints a caller can reach (platform-event entry points such as
    database triggers are left out), its not-checked notes copied into the run.

    When the repository depends on a web framework the inventory does not model, the run is
    marked incomplete (recorded as errored, findings kept): its endpoints were not checked.

    Raises:
        NotApplicable: the repository has no HTTP endpoints readycheck recognises and no
            unmodelled web framework.
    """
    inventory = ctx.models.inventory
    ctx.note_unchecked(inventory.not_checked)
    if inventory.unmodelled:
        ctx.mark_incomplete(
            f"uses {', '.join(inventory.unmodelled)}, whose routes readycheck does not model yet; "
            "those endpoints were not checked"
        )
    reachable = tuple(e for e in inventory.endpoints if e.kind != "event")
    if not inventory.unmodelled and not reachable:
        raise NotApplicable("no HTTP endpoints found")
    return reachable


def first_endpoint(found: Iterable[Endpoint]) -> Endpoint:
    """The endpoint an app-wide finding is shown at: the first in file order, preferring
    routes whose handler is in the repository over library views (a router's API root).

    Raises:
        ValueError: ``found`` is empty.
    """
    return min(found, key=lambda e: (e.library is not None, e.path, e.line))


SIGN_UP_COLLECTIONS = frozenset({"users", "accounts", "members", "customers", "user", "account"})


# Public-by-design routes that are not part of signing in.
NOT_SIGN_IN_WORDS = frozenset({"health", "healthz", "ping", "status", "webhook", "webhooks"})


def is_sign_in_flow(endpoint: Endpoint) -> bool:
    """:func:`is_auth_flow` without health checks and webhooks: the routes that look the
    user up by what the caller typed (an e-mail, a user name, a reset token)."""
    return is_auth_flow(endpoint) and not (route_words(endpoint.route) & NOT_SIGN_IN_WORDS)


def is_auth_flow(endpoint: Endpoint) -> bool:
    """True for login, signup, password-reset, token and similar routes, health checks and
    webhooks, and for ``POST`` to a users collection (``POST /api/users`` is the sign-up of the
    RealWorld API spec and of most REST APIs)."""
    if sign_in_words(endpoint.route) & AUTH_FLOW_WORDS:
        return True
    segments = [s for s in endpoint.route.strip("/").split("/") if s]
    return (
        endpoint.method == "POST"
        and bool(segments)
        and segments[-1].lower() in SIGN_UP_COLLECTIONS
        and len(segments) <= 3  # /users, /api/users, /api/v1/users; not /teams/{id}/members
    )


@dataclass(frozen=True, kw_only=True)
class DataModels:
    """Per-user data as far as the repository tells: ``owned`` models and tables with an owner
    column, ``unowned`` ones known to have none, ``caller_filtered`` ones some handler filters
    by the caller (the repository's own idiom)."""

    owned: frozenset[str]
    unowned: frozenset[str]
    caller_filtered: frozenset[str]

    def ownership(self, model: str | None) -> str:
        """``owned``, ``user`` (rows are the users), ``unowned`` or ``unknown``."""
        if model is None:
            return "unknown"
        key = model.split(".")[-1]
        if key in self.owned or key.lower() in self.owned:
            return "owned"
        if key.lower() in USER_MODELS or key.lower().removesuffix("model") in USER_MODELS:
            return "user"
        if key in self.caller_filtered:
            return "owned"
        if key.lower() in USER_MODELS or key.lower().removesuffix("model") in USER_MODELS:
            return "user"
        if key in self.unowned or key.lower() in self.unowned:
            return "unowned"
        return "unknown"


def data_models(ctx: CheckContext, all_endpoints: tuple[Endpoint, ...]) -> DataModels:
    """Classify the repository's models and tables (Python ORM classes, SQL tables)."""
    owned: set[str] = set()
    unowned: set[str] = set()
    for name, fields in ctx.models.python.model_fields.items():
        (owned if any(is_owner_field(f) for f in fields) else unowned).add(name)
    for table in ctx.models.database.tables.values():
        target = owned if any(is_owner_field(c) for c in table.columns) else unowned
        target.update({table.short_name, table.short_name.lower()})
    filtered = {
        lookup.model
        for endpoint in all_endpoints
        for lookup in endpoint.lookups
        if lookup.model
        and lookup.owner_filter
        and lookup.owner_filter.startswith(("filtered by", "compared with", "get_queryset", "get_object"))
    }
    return DataModels(owned=frozenset(owned), unowned=frozenset(unowned - owned), caller_filtered=frozenset(filtered))


def is_supabase_project(ctx: CheckContext) -> bool:
    """True when the repository uses Supabase: a ``supabase/`` folder, SQL that uses
    ``auth.uid()``/``auth.users``, or a supabase client dependency."""
    if ctx.models.database.uses_supabase_auth:
        return True
    for source in ctx.repo.files:
        if source.path.startswith("supabase/") or "/supabase/" in source.path:
            return True
        name = source.path.rsplit("/", 1)[-1]
        if name in {"package.json", "requirements.txt", "pyproject.toml"} and (
            "@supabase/supabase-js" in source.text or "supabase" in source.text.lower().split()
        ):
            return True
    return False
