"""RC806 llm-quota-not-per-user: a signed-in endpoint that calls a paid model is limited only
per IP address (or by one shared key), with no usage cap per user."""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterable

from ast_grep_py import SgNode

from readycheck.analysis.calls import Effect
from readycheck.analysis.js import arguments, identifiers, line_of
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.names import words
from readycheck.analysis.python import dotted, keyword, last_name, string_value
from readycheck.analysis.ratelimits import EndpointLimit, LimitKind
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.rate_limits._common import costly_effects
from readycheck.model import AuthStatus, Category, Confidence, Endpoint, Finding, Hop, Severity

USER_WORDS = frozenset({"user", "uid", "account", "session", "sub", "member", "tenant", "org", "customer", "owner"})
IP_WORDS = frozenset({"ip", "ipaddr", "remote", "address", "forwarded", "addr", "client"})
# Names in a handler that say it meters use per user (a credit balance, a usage counter).
USAGE_WORDS = frozenset({"credits", "credit", "quota", "usage", "tokens_used", "balance", "allowance", "metering"})
# DRF throttles: UserRateThrottle and ScopedRateThrottle key a signed-in request by its user,
# AnonRateThrottle by IP (DRF docs, "Throttling").
DRF_USER_THROTTLES = frozenset({"UserRateThrottle", "ScopedRateThrottle"})


class Key(enum.StrEnum):
    """What a rate limit counts requests by."""

    USER = "the signed-in user"
    IP = "the caller's IP address"
    SHARED = "one key shared by everyone"
    UNKNOWN = "unknown"


def _words_key(text: str) -> Key:
    said = words(text.replace(".", "_").replace("-", "_"))
    if said & USER_WORDS:
        return Key.USER
    if said & IP_WORDS:
        return Key.IP
    return Key.UNKNOWN


def _python_key(ctx: CheckContext, limit: EndpointLimit) -> Key:
    """The key of a slowapi/Flask-Limiter ``@limiter.limit``, django-ratelimit ``@ratelimit``
    or DRF ``@throttle_classes`` decorator at ``limit.path:limit.line``."""
    module = ctx.models.python.index.by_path.get(limit.path or "")
    if module is None:
        return Key.UNKNOWN
    calls = [n for n in ast.walk(module.tree) if isinstance(n, ast.Call) and n.lineno == limit.line]
    for call in calls:
        name = last_name(call.func)
        if name in {"limit", "shared_limit"}:
            own = keyword(call, "key_func")
            if own is not None:
                return _words_key(dotted(own) or "")
            receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
            made = module.top_level(dotted(receiver) or "") if receiver is not None else None
            value = made.value if isinstance(made, ast.Assign) else made
            if isinstance(value, ast.Call):
                key_func = keyword(value, "key_func") or (value.args[0] if value.args else None)
                return _words_key(dotted(key_func) or "") if key_func is not None else Key.UNKNOWN
            return Key.UNKNOWN
        if name == "ratelimit":
            key = string_value(keyword(call, "key")) or ""
            return Key.USER if key.startswith("user") else Key.IP if key == "ip" else Key.UNKNOWN
        if name == "throttle_classes" and call.args and isinstance(call.args[0], ast.List | ast.Tuple):
            names = {last_name(e) for e in call.args[0].elts}
            return Key.USER if names & DRF_USER_THROTTLES else Key.IP if "AnonRateThrottle" in names else Key.UNKNOWN
    return Key.UNKNOWN


def _js_key(ctx: CheckContext, limit: EndpointLimit) -> Key:
    """The key given to ``ratelimit.limit(key)`` (@upstash/ratelimit) or
    ``limiter.consume(key)`` (rate-limiter-flexible) at ``limit.path:limit.line``."""
    module = ctx.models.js.modules.get(limit.path or "")
    if module is None:
        return Key.UNKNOWN
    for call in module.root.find_all(kind="call_expression"):
        if line_of(call) != limit.line:
            continue
        args = arguments(call)
        if not args:
            continue
        first = args[0]
        if js_string(first) is not None:
            return Key.SHARED
        found = {_words_key(name) for name in identifiers(first)} | {_words_key(first.text())}
        if Key.USER in found:
            return Key.USER
        if Key.IP in found:
            return Key.IP
    return Key.UNKNOWN


def _meters_usage(ctx: CheckContext, endpoint: Endpoint) -> bool:
    """The handler reads a per-user credit, quota or usage counter."""
    handler = ctx.models.handlers.of(endpoint)
    if handler is None:
        return False
    if isinstance(handler.python, ast.FunctionDef | ast.AsyncFunctionDef):
        names = {n.rsplit(".", 1)[-1] for n in (dotted(x) or "" for x in ast.walk(handler.python)) if n}
        return any(words(n) & USAGE_WORDS for n in names)
    if isinstance(handler.js, SgNode):
        return any(words(n.rsplit(".", 1)[-1]) & USAGE_WORDS for n in identifiers(handler.js))
    return False


class LlmQuotaNotPerUser(Check):
    """
    ## What it does

    Finds signed-in endpoints that call a paid LLM and whose rate limit counts requests only
    by IP address (slowapi/Flask-Limiter `key_func=get_remote_address`, django-ratelimit
    `key="ip"`, DRF `AnonRateThrottle`, `ratelimit.limit(ip)`) or by one key for everyone,
    when the handler keeps no per-user credit, quota or usage count. Endpoints with no limit
    at all are RC401's; limits whose key cannot be read are left alone.

    ## Why is this bad?

    Your model bill is per token, and a signed-in user is who spends it. A limit per IP lets
    one account spend from many addresses (a phone network, a VPN, a script on a few cloud
    machines), and a limit shared by everyone lets one user use up everyone's allowance. OWASP
    LLM10:2025 (Unbounded Consumption) asks for quotas per user.

    ## Example

    ```python
    limiter = Limiter(key_func=get_remote_address)

    @router.post("/chat")
    @limiter.limit("20/minute")
    def chat(request: Request, body: Ask, user: User = Depends(current_user)): ...
    ```

    ## Use instead

    ```python
    @limiter.limit("20/minute", key_func=lambda request: str(request.state.user_id))
    ```

    and keep a daily token or credit budget per user.

    ## References

    - [OWASP LLM10:2025 Unbounded Consumption](https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/)
    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-770: Allocation of Resources Without Limits or Throttling](https://cwe.mitre.org/data/definitions/770.html)
    """

    id = "RC806"
    name = "llm-quota-not-per-user"
    category = Category.AI_SAFETY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    summary = "A signed-in endpoint that calls a paid LLM is limited only per IP (or shared key), not per user."
    owasp = ("LLM10:2025", "API4:2023")
    cwe = ("CWE-770",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per signed-in LLM endpoint limited by IP or a shared key only."""
        limits = ctx.models.rate_limits
        seen = False
        for endpoint in endpoints(ctx):
            if Effect.LLM not in costly_effects(ctx, endpoint):
                continue
            seen = True
            limit = limits.of(endpoint)
            if endpoint.auth_status is not AuthStatus.AUTHENTICATED or limit.kind is not LimitKind.LIMITED:
                continue
            if limit.path is None or limit.line is None:
                continue
            key = _js_key(ctx, limit) if limit.path in ctx.models.js.modules else _python_key(ctx, limit)
            if key not in {Key.IP, Key.SHARED} or _meters_usage(ctx, endpoint):
                continue
            yield ctx.finding(
                path=limit.path,
                line=limit.line,
                message=(
                    f"{endpoint.method} {endpoint.route} calls a paid LLM for signed-in users but its rate limit "
                    f"counts {key.value}: one account can spend from many addresses; limit and meter per user"
                ),
                endpoint=endpoint.ref,
                key=f"{endpoint.method} {endpoint.route}",
                evidence=(
                    Hop(
                        path=endpoint.path,
                        line=endpoint.line,
                        note=f"{endpoint.method} {endpoint.route} needs a sign-in",
                    ),
                    Hop(path=limit.path, line=limit.line, note=f"{limit.detail} counts {key.value}"),
                ),
            )
        if not seen:
            raise NotApplicable("no endpoint calls an LLM")
