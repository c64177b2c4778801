"""RC401 missing-rate-limit: a login, signup, reset or costly endpoint that anyone can call as
often as they like."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.ratelimits import LimitKind
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints
from readycheck.checks.rate_limits._common import auth_flow, costly_effects, finding_line
from readycheck.model import Category, Confidence, Finding, Severity


class MissingRateLimit(Check):
    """
    ## What it does

    Finds endpoints that attackers repeat on purpose and that have no rate limit and no
    declaration: authentication flows (login, signup, password reset, tokens, one-time codes,
    magic links) and costly work (LLM calls, email or SMS sends, payments, file uploads).

    A limit counts when readycheck sees one that applies to the endpoint: slowapi,
    Flask-Limiter, fastapi-limiter, django-ratelimit, DRF throttles (per view or in
    `DEFAULT_THROTTLE_CLASSES`), express-rate-limit or any middleware named like a limiter
    (on the route, a router or `app.use`), @upstash/ratelimit, rate-limiter-flexible, Arcjet
    or `@vercel/firewall` calls in the handler or in Next.js `middleware.ts`, nginx
    `limit_req` and Traefik `rateLimit` kept in the repository. A limit enforced elsewhere (a
    CDN, an API gateway) is declared in `.readycheck.yml`:

    ```yaml
    rate-limits:
      "POST /api/auth/*": "10/minute per IP at Cloudflare"
      "POST /api/webhooks/stripe": {limit: none, reason: "signed by Stripe, retried by Stripe"}
    ```

    or next to the route: `# readycheck: rate-limit=none reason="..."`.

    ## Why is this bad?

    A login form without a limit accepts a million password guesses a day (credential
    stuffing). A signup or reset form without one lets a bot create accounts or send thousands
    of emails in your name, and your email provider suspends you. An LLM endpoint without one
    turns a single script into a four-figure bill overnight.

    ## Example

    ```python
    @router.post("/login")
    def login(form: OAuth2PasswordRequestForm = Depends()):
        ...
    ```

    ## Use instead

    ```python
    limiter = Limiter(key_func=get_remote_address)

    @router.post("/login")
    @limiter.limit("5/minute")
    def login(request: Request, form: OAuth2PasswordRequestForm = Depends()):
        ...
    ```

    ## References

    - [OWASP API4:2023 Unrestricted Resource Consumption](https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/)
    - [OWASP A07:2021 Identification and Authentication Failures](https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/)
    - [OWASP LLM10:2025 Unbounded Consumption](https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/)
    - [CWE-307: Improper Restriction of Excessive Authentication Attempts](https://cwe.mitre.org/data/definitions/307.html)
    - [CWE-799: Improper Control of Interaction Frequency](https://cwe.mitre.org/data/definitions/799.html)
    """

    id = "RC401"
    name = "missing-rate-limit"
    category = Category.RATE_LIMITS
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A login, signup, reset or costly (LLM, email, payment, upload) endpoint has no rate limit."
    owasp = ("API4:2023", "A07:2021", "LLM10:2025")
    cwe = ("CWE-307", "CWE-770", "CWE-799")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per sensitive endpoint whose limit is missing (at its route, or its view
        for Django)."""
        limits = ctx.models.rate_limits
        for endpoint in endpoints(ctx):
            status = limits.of(endpoint)
            if status.kind != LimitKind.MISSING or endpoint.admin_only:
                continue
            is_auth = auth_flow(endpoint)
            effects = [] if is_auth else costly_effects(ctx, endpoint)
            if not is_auth and not effects:
                continue
            why = "an authentication flow attackers repeat to guess passwords" if is_auth else f"it {effects[0].value}"
            path, line = finding_line(ctx, endpoint)
            yield ctx.finding(
                path=path,
                line=line,
                message=f"{endpoint.method} {endpoint.route} has no rate limit, and {why}.",
                endpoint=endpoint.ref,
                key=f"{endpoint.method} {endpoint.route}",
                cwe=("CWE-307",) if is_auth else ("CWE-770", "CWE-799"),
                owasp=("API4:2023", "A07:2021") if is_auth else ("API4:2023", "LLM10:2025"),
            )
