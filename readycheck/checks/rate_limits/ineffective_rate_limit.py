"""RC403 ineffective-rate-limit: a limiter that is called but does not stop the request, or that
skips the requests an attacker sends."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.calls import js_calls
from readycheck.analysis.names import is_limiter_name
from readycheck.analysis.ratelimits import LimitKind
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.rate_limits._common import auth_flow
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import is_test_path


class IneffectiveRateLimit(Check):
    """
    ## What it does

    Finds rate limiters that do not limit:

    - a limiter whose verdict is thrown away: `await ratelimit.limit(ip)` (@upstash/ratelimit)
      or `aj.protect(req)` (Arcjet) whose result is never read, `limiter.hit(...)` or
      `is_ratelimited(...)` called as a statement;
    - django-ratelimit `@ratelimit(..., block=False)` in a view that never reads
      `request.limited`;
    - express-rate-limit configured with `skipFailedRequests: true` on an authentication
      route: failed logins, the ones a password-guessing attacker makes, are never counted.

    ## Why is this bad?

    The code looks protected, so nobody adds a real limit, yet every request goes through.

    ## Example

    ```typescript
    export async function POST(req: Request) {
      await ratelimit.limit(ip); // the answer says "blocked", nobody reads it
      return sendMagicLink(await req.json());
    }
    ```

    ## Use instead

    ```typescript
    const { success } = await ratelimit.limit(ip);
    if (!success) return new Response("Too many requests", { status: 429 });
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-307: Improper Restriction of Excessive Authentication Attempts](https://cwe.mitre.org/data/definitions/307.html)
    - [CWE-799: Improper Control of Interaction Frequency](https://cwe.mitre.org/data/definitions/799.html)
    """

    id = "RC403"
    name = "ineffective-rate-limit"
    category = Category.RATE_LIMITS
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A rate limiter is called but never stops the request, or skips failed logins."
    owasp = ("API4:2023", "A07:2021")
    cwe = ("CWE-307", "CWE-799")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per ignored limiter call (at the call) and per limiter that skips failed
        requests on an authentication route."""
        limits = ctx.models.rate_limits
        all_endpoints = endpoints(ctx)
        kinds = {limits.of(e).kind for e in all_endpoints}
        if (
            ctx.incomplete is None  # an unmodelled framework's routes may hold a limiter
            and not kinds & {LimitKind.LIMITED, LimitKind.INEFFECTIVE}
            and not any("skipFailedRequests" in m.source.text for m in ctx.models.js.modules.values())
        ):
            raise NotApplicable("no rate limiter found to check")
        seen: set[tuple[str, int]] = set()
        for endpoint in all_endpoints:
            status = limits.of(endpoint)
            if status.kind != LimitKind.INEFFECTIVE or status.path is None or status.line is None:
                continue
            if (status.path, status.line) in seen:
                continue
            seen.add((status.path, status.line))
            yield ctx.finding(
                path=status.path,
                line=status.line,
                message=f"{endpoint.method} {endpoint.route}: {status.detail}, so the request is never stopped.",
                endpoint=endpoint.ref,
                severity=Severity.HIGH if auth_flow(endpoint) else Severity.MEDIUM,
            )
        auth_limiters = {
            part.strip()
            for endpoint in all_endpoints
            if auth_flow(endpoint) and endpoint.rate_limit
            for part in endpoint.rate_limit.split(",")
        }
        for path, module in sorted(ctx.models.js.modules.items()):
            if is_test_path(path) or "skipFailedRequests" not in module.source.text:
                continue
            for call in js_calls(module.root):
                if not is_limiter_name(call.name) or "skipFailedRequests" not in call.options:
                    continue
                value = call.options["skipFailedRequests"]
                if getattr(value, "text", lambda: "")() != "true":
                    continue
                declarator = getattr(call.node, "parent", lambda: None)()
                bound = (
                    declarator.field("name").text()
                    if declarator is not None
                    and declarator.kind() == "variable_declarator"
                    and declarator.field("name")
                    else None
                )
                if auth_limiters and bound not in auth_limiters and not any(call.callee in a for a in auth_limiters):
                    continue
                yield ctx.finding(
                    path=path,
                    line=call.line,
                    message=(
                        f"{bound or call.callee} skips failed requests (skipFailedRequests: true): failed login "
                        "attempts are never counted."
                    ),
                )
