"""RC601 missing-request-logging: requests that leave no log line."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.observability import PYTHON_FRAMEWORKS
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.ownership._common import endpoints, first_endpoint
from readycheck.checks.rate_limits._common import finding_line
from readycheck.model import Category, Confidence, Endpoint, Finding, Severity


class MissingRequestLogging(Check):
    """
    ## What it does

    Reads, for every endpoint of the inventory, whether its requests are logged: by
    middleware or instrumentation that covers every route (a FastAPI/Starlette
    `@app.middleware("http")` that logs, a logging middleware added with `add_middleware`,
    Flask `before_request`/`after_request` hooks that log, a Django `MIDDLEWARE` entry that
    logs or a `LOGGING` configuration of the `django.request`/`django.server` loggers,
    morgan, pino-http or express-winston in Express, a Next.js `middleware.ts` that logs,
    OpenTelemetry or APM instrumentation; Supabase Edge Functions are logged by the
    platform), or by a log call in the handler. The report shows the coverage (endpoints
    logged / endpoints) and `readycheck endpoints` the logging of each endpoint.

    An app (the Python one, the JS/TS one) that logs no request at all is one finding; one
    whose handlers only log here and there is one low-severity finding listing the endpoints
    that are not logged.

    ## Why is this bad?

    When a customer says "I was charged twice" or "my data is gone", the request log is how
    you find out what happened, when, and for whom. Without it you are guessing.

    ## Example

    ```python
    app = FastAPI()
    app.include_router(invoices.router)
    ```

    ## Use instead

    ```python
    @app.middleware("http")
    async def log_requests(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        log.info("%s %s %s %.0fms", request.method, request.url.path, response.status_code,
                 (time.perf_counter() - started) * 1000)
        return response
    ```

    ## References

    - [OWASP Logging Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
    """

    id = "RC601"
    name = "missing-request-logging"
    category = Category.LOGGING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    summary = "Requests to the app (or to some endpoints) are not logged."
    owasp = ("A09:2021", "A09:2025")
    cwe = ("CWE-778",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per app (Python, JS/TS) whose endpoints are not all logged: medium when
        none of them is, low when some handlers log on their own."""
        all_endpoints = endpoints(ctx)
        families: dict[str, list[Endpoint]] = {}
        for endpoint in all_endpoints:
            families.setdefault("python" if endpoint.framework in PYTHON_FRAMEWORKS else "js", []).append(endpoint)
        for group in families.values():
            missing = sorted((e for e in group if not e.logging), key=lambda e: (e.library is not None, e.path, e.line))
            if not missing:
                continue
            path, line = finding_line(ctx, first_endpoint(missing))
            shown = ", ".join(f"{e.method} {e.route}" for e in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            if len(missing) == len(group):
                message = (
                    f"No request to the app is logged: none of its {len(group)} endpoints is covered by logging "
                    "middleware and no handler logs. Add request logging middleware."
                )
            else:
                message = (
                    f"{len(missing)} of {len(group)} endpoints are not logged ({shown}{more}): only some handlers "
                    "log, and no logging middleware covers every route."
                )
            yield ctx.finding(
                path=path,
                line=line,
                message=message,
                severity=Severity.MEDIUM if len(missing) == len(group) else Severity.LOW,
                key=f"request logging {missing[0].framework}",
            )
