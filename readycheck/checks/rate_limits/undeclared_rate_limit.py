"""RC402 undeclared-rate-limit: an endpoint with no rate limit and no declaration that none is
needed."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.ratelimits import LimitKind
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.rate_limits._common import auth_flow, costly_effects, finding_line
from readycheck.model import Category, Confidence, EndpointRef, Finding, Severity


class UndeclaredRateLimit(Check):
    """
    ## What it does

    Finds endpoints that have no rate limit and no declaration of their rate-limit policy, and
    declarations of `none` that give no reason. Authentication and costly endpoints are left
    to RC401, which ranks them higher; endpoints restricted to administrators and library views
    whose handler is not in the repository (a DRF router's API root) are left out.
    One finding is reported per handler (a DRF viewset's actions share one).

    A declaration says what protects the endpoint when it is not in this repository, or that
    no limit is intended and why, in `.readycheck.yml` (`rate-limits:` route pattern → limit,
    or `{limit: none, reason: "..."}`) or as a comment next to the route:
    `# readycheck: rate-limit=none reason="health check, served from cache"`.

    ## Why is this bad?

    Every public endpoint can be called in a loop. A list endpoint hit a thousand times a
    second keeps your database busy for everyone else; a write endpoint fills it with junk.
    When nobody decided what the limit should be, nobody notices it is missing until the
    outage. A declared `none` with its reason shows the decision was made.

    ## Example

    ```python
    @router.get("/invoices")
    def list_invoices(...): ...
    ```

    ## Use instead

    ```python
    @router.get("/invoices")
    @limiter.limit("60/minute")
    def list_invoices(request: Request, ...): ...
    ```

    or a default for the whole app (slowapi `default_limits` with `SlowAPIMiddleware`, DRF
    `DEFAULT_THROTTLE_CLASSES`, `app.use(rateLimit(...))`).

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [CWE-770: Allocation of Resources Without Limits or Throttling](https://cwe.mitre.org/data/definitions/770.html)
    - [CWE-799: Improper Control of Interaction Frequency](https://cwe.mitre.org/data/definitions/799.html)
    """

    id = "RC402"
    name = "undeclared-rate-limit"
    category = Category.RATE_LIMITS
    severity = Severity.LOW
    confidence = Confidence.HIGH
    summary = "An endpoint has no rate limit and no declared rate-limit policy (or declares none without a reason)."
    owasp = ("API4:2023",)
    cwe = ("CWE-770", "CWE-799")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per handler location whose endpoints lack a limit or a reasoned declaration."""
        limits = ctx.models.rate_limits
        grouped: dict[tuple[str, int], list[tuple[EndpointRef, bool]]] = {}
        for endpoint in endpoints(ctx):
            status = limits.of(endpoint)
            if endpoint.admin_only or (endpoint.library is not None and not auth_flow(endpoint)):
                continue  # a library view (a router's API root): an app-wide default limit covers it
            unreasoned = status.kind == LimitKind.DECLARED_NONE and not status.reason
            if status.kind != LimitKind.MISSING and not unreasoned:
                continue
            if not unreasoned and (auth_flow(endpoint) or costly_effects(ctx, endpoint)):
                continue  # RC401
            place = finding_line(ctx, endpoint)
            grouped.setdefault(place, []).append((endpoint.ref, unreasoned))
        for (path, line), refs in sorted(grouped.items()):
            routes = ", ".join(f"{r.method} {r.route}" for r, _ in refs[:4]) + (
                f" and {len(refs) - 4} more" if len(refs) > 4 else ""
            )
            if all(unreasoned for _, unreasoned in refs):
                message = f"{routes}: rate limit declared none without a reason; say why no limit is needed."
            else:
                message = f"{routes}: no rate limit and no declared rate-limit policy."
            yield ctx.finding(
                path=path,
                line=line,
                message=message,
                endpoint=refs[0][0] if len(refs) == 1 else None,
                key=" ".join(sorted(f"{r.method} {r.route}" for r, _ in refs)),
            )
